import type { AppContext } from '../../kernel/module';
import type { CasesService } from '../cases';
import type { OrgService } from '../org';

/**
 * The services 好差评 calls: the departments; cases when installed (ratings are about cases: without the
 * cases module there is nothing to rate).
 */
export interface EvaluationsNeeds {
  org: OrgService;
  cases?: CasesService;
}

export type EvaluationsNeedsContext = AppContext<EvaluationsNeeds>;
