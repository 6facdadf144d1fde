import { defineModule } from '../../kernel/module';
import type { PerformanceNeedsContext } from './performance.context';
import { PerformanceFinanceService } from './performance.finance';
import { performanceMigrations } from './performance.migrations';
import { financeRoutes, performanceRoutes } from './performance.routes';
import { seedPerformance } from './performance.seed';
import { PerformanceService } from './performance.targets';

export { PerformanceService } from './performance.targets';
export { PerformanceFinanceService, PERFORMANCE_KPIS } from './performance.finance';
export type { IndicatorInput, ManualActualInput } from './performance.targets';

/**
 * 绩效目标与自评 (issue 18 items 1–3): the year's indicator table in the provincial shape with actuals from
 * the statistics summary or entered with evidence, scores, grade, 偏差原因, the leader's sign-off and
 * revisions; the finance officer's budget execution, 政府采购 and 固定资产 盘点, served as KPIs.
 */
export const performanceModule = defineModule({
  name: 'performance',
  needs: ['stats'],
  migrations: performanceMigrations,
  roles: ['admin', 'leader', 'supervisor', 'finance'],
  init: (ctx: PerformanceNeedsContext) => ({ performance: new PerformanceService(ctx), performanceFinance: new PerformanceFinanceService(ctx) }),
  routes(app, ctx) {
    performanceRoutes(app, ctx.services.performance);
    financeRoutes(app, ctx.services.performanceFinance);
  },
  kpiSources: (ctx) => [ctx.services.performanceFinance],
  seed: (ctx) => seedPerformance(ctx, ctx.services.performance, ctx.services.performanceFinance),
});
