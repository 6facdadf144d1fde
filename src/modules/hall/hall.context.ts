import type { AppContext } from '../../kernel/module';
import type { CaseReads } from '../cases';
import type { OrgService } from '../org';

/**
 * The services the hall calls: the departments; cases when installed (a ticket and a 上门办 visit link to
 * the case taken at intake; without the cases module nothing can be linked).
 */
export interface HallNeeds {
  org: OrgService;
  caseReads?: CaseReads;
}

export type HallNeedsContext = AppContext<HallNeeds>;
