import { defineModule } from '../../kernel/module';
import type { StatsNeedsContext, StatsServices } from './stats.context';
import { caseStatsRoutes, summaryRoutes } from './stats.routes';
import { reportRoutes } from './stats.report.routes';
import { StatsService } from './stats.service';

export { StatsService } from './stats.service';
export { REPORT_SWEEP_KEY } from './report.model';
export { reportText } from './report.text';

/**
 * Statistics (SPEC §3): the KPI summary of every module's `kpiSources`; with the case KPIs (cases and
 * supervision installed) also the drill-down, series, department table, Excel export and yearly report.
 */
export const statsModule = defineModule({
  name: 'stats',
  needs: ['org'],
  init: (ctx: StatsNeedsContext): StatsServices => ({ stats: new StatsService(ctx) }),
  routes(app, ctx) {
    summaryRoutes(app, ctx);
    reportRoutes(app, ctx);
    const caseKpis = ctx.services.caseKpis;
    if (caseKpis) caseStatsRoutes(app, ctx, caseKpis);
  },
});
