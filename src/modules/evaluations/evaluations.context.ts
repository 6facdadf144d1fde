import type { AppContext } from '../../kernel/module';
import type { CaseReads } from '../cases';
import type { OrgService } from '../org';

/**
 * The services 好差评 calls: the departments; cases when installed (ratings are about cases: without the
 * cases module there is nothing to rate).
 */
export interface EvaluationsNeeds {
  org: OrgService;
  caseReads?: CaseReads;
}

export type EvaluationsNeedsContext = AppContext<EvaluationsNeeds>;
