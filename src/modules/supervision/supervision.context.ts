import type { AppContext } from '../../kernel/module';
import type { CaseReads } from '../cases';
import type { OrgService } from '../org';
import type { CaseKpiService } from './case-kpis.service';
import type { SupervisionService } from './supervision.service';

/** The services supervision calls: the departments cards go to; cases when installed (the case rules and the case KPIs). */
export interface SupervisionNeeds {
  org: OrgService;
  caseReads?: CaseReads;
}

export interface SupervisionServices {
  supervision: SupervisionService;
  /** The case and card KPIs: only with the cases module. */
  caseKpis?: CaseKpiService;
}

export type SupervisionNeedsContext = AppContext<SupervisionNeeds>;
