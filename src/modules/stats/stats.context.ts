import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';
import type { CaseKpiService } from '../supervision';
import type { PerformanceTableView } from '../../shared/performance.types';
import type { StatsService } from './stats.service';

/**
 * The services statistics calls: the departments (the department filter, the ranking table's names) and,
 * when cases and supervision are installed, their case KPIs (monthly series, department table, open
 * overdue cases). The KPIs of the summary come from every module's declared `kpiSources`.
 */
export interface StatsNeeds {
  org: OrgService;
  caseKpis?: CaseKpiService;
  /** The year's 绩效目标自评表 (the performance module, listed after stats: asked only when the report is built). */
  performance?: IndicatorTableSource;
}

/** What the yearly report asks of the indicator table: the year's indicators with actuals, scores and grade. */
export interface IndicatorTableSource {
  table(year: number): Promise<PerformanceTableView>;
}

export interface StatsServices {
  stats: StatsService;
}

export type StatsNeedsContext = AppContext<StatsNeeds>;
export type StatsContext = AppContext<StatsNeeds & StatsServices>;
