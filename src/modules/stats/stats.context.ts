import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';
import type { CaseKpiService } from '../supervision';
import type { StatsService } from './stats.service';

/**
 * The services statistics calls: the departments (the department filter, the ranking table's names) and,
 * when cases and supervision are installed, their case KPIs (monthly series, department table, open
 * overdue cases). The KPIs of the summary come from every module's declared `kpiSources`.
 */
export interface StatsNeeds {
  org: OrgService;
  caseKpis?: CaseKpiService;
}

export interface StatsServices {
  stats: StatsService;
}

export type StatsNeedsContext = AppContext<StatsNeeds>;
export type StatsContext = AppContext<StatsNeeds & StatsServices>;
