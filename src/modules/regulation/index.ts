import { defineModule } from '../../kernel/module';
import type { RegulationNeedsContext } from './regulation.context';
import { regulationMigrations } from './regulation.migrations';
import { regulationRoutes } from './regulation.routes';
import { buildRegulation, type RegulationParts } from './regulation.service';
import { regulationCardSource } from './regulation.cards';
import { seedRegulation } from './regulation.seed';
import { licenseStepOf } from './regulation.events';

export type { LicenseEvent } from './regulation.events';
export type { RegulationParts } from './regulation.service';
export { TasksService } from './regulation.tasks';
export type { TaskView } from './regulation.tasks';
export { picksOf } from './regulation.draws';
export { REGULATION_KPIS } from './regulation.kpis';
export { bulkInsertRegulationTasks, claimDueOf } from './regulation.bulk';
export type { PlannedTask, BulkTasksContext } from './regulation.bulk';

/**
 * 互联网+监管 and 审管联动 (issue 14 items 8–13): 监管事项目录, 执法人员, 监管任务 pushed from approvals (and
 * license steps) to the supervising department and claimed within configured working days, 双随机一公开
 * draws with a public result, inspections and 风险核查. `regulation` is its parts (tasks, registry, draws, kpis).
 */
export const regulationModule = defineModule({
  name: 'regulation',
  needs: ['org', 'catalog', 'cases'],
  migrations: regulationMigrations,
  roles: ['regulator', 'admin', 'leader', 'supervisor'],
  init(ctx: RegulationNeedsContext) {
    const regulation: RegulationParts = buildRegulation(ctx);
    // 审管联动: an approval becomes a 监管任务 inside the approval's transaction.
    ctx.services.cases.hooks.events.on('regulation', (tx, e) => regulation.tasks.onCaseEvent(tx, e));
    // License issue/change/renew/revoke, when the 电子证照 module is installed before this one.
    ctx.services.licenseEvents?.on('regulation', (tx, e) => regulation.tasks.onLicenseEvent(tx, licenseStepOf(e)));
    return { regulation };
  },
  routes(app, ctx) {
    regulationRoutes(app, ctx.services.regulation);
  },
  jobs: [
    {
      // Closed days of the claim counts; today and changed days are always read live.
      name: 'regulation.tasks_daily',
      everyMs: 5 * 60_000,
      run: (ctx) => ctx.services.regulation.kpis.rollupDaily(),
    },
  ],
  seed: (ctx) => seedRegulation(ctx, ctx.services.regulation),
  kpiSources: (ctx) => [ctx.services.regulation.kpis],
  cardSources: (ctx) => [regulationCardSource(ctx.services.regulation.tasks, ctx.services.regulation.draws, ctx.services.regulation.expired)],
});
