import type { AppContext } from '../../kernel/module';
import type { StatsService } from '../stats';

/**
 * What 绩效目标与自评 asks of other modules: the statistics summary (every module's KPIs with numerator and
 * denominator, through the stats module's public service), for the actuals of indicators bound to a KPI.
 */
export interface PerformanceNeeds {
  stats: StatsService;
}

export type PerformanceNeedsContext = AppContext<PerformanceNeeds>;
