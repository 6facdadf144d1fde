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
  /** The budget lines of （五）预算执行与资产管理 (the performance module's finance books). */
  performanceFinance?: BudgetLinesSource;
  /** The supervision sweep the report runs first, so it never prints stale red and yellow cards. */
  supervision?: SupervisionSweep;
}

export interface BudgetLinesSource {
  budgetLines(year: number): Promise<{
    items: Array<{ categoryLabel: string; name: string; budget: number; adjustment: number; adjusted: number; executed: number }>;
    totals: { budget: number; adjustment: number; adjusted: number; executed: number };
  }>;
}

export interface SupervisionSweep {
  sweep(): Promise<{ issued: number }>;
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
