import { defineModule } from '../../kernel/module';
import type { IntermediariesNeedsContext } from './intermediaries.context';
import { intermediariesMigrations } from './intermediaries.migrations';
import { intermediariesRoutes } from './intermediaries.routes';
import { IntermediariesService } from './intermediaries.service';
import { seedIntermediaries } from './intermediaries.seed';

export { IntermediariesService } from './intermediaries.service';
export type { AgencyView } from './intermediaries.registry';
export type { ProjectView } from './intermediaries.views';
export { INTERMEDIARIES_KPI_NAMES, OUTSIDE_MARKET_RULE } from './intermediaries.checks';
export { DELIVERY_LATE_RULE } from './intermediaries.desk';
export { DEMO_ENTERPRISE_CODE } from './intermediaries.seed';
export { draw, sha256, MODE_LABELS, STATUS_LABELS } from './intermediaries.rules';

/**
 * 中介服务超市 (issue 17): intermediaries chosen in the open (直接选取, 随机抽取 with a committed seed, 竞价, 择优),
 * 公示, contract, delivery on the working-day calendar, rating; the 体外循环 check at case intake.
 */
export const intermediariesModule = defineModule({
  name: 'intermediaries',
  needs: ['org', 'catalog'],
  migrations: intermediariesMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'unit', 'citizen'],
  init: (ctx: IntermediariesNeedsContext) => ({ intermediaries: new IntermediariesService(ctx) }),
  routes(app, ctx) {
    intermediariesRoutes(app, ctx.services.intermediaries, ctx.services.cases);
  },
  kpiSources: (ctx) => [ctx.services.intermediaries.checks.kpiSource],
  cardSources: (ctx) => [ctx.services.intermediaries.checks.cardSource(), ctx.services.intermediaries.desk.cardSource()],
  jobs: [
    {
      // Intermediaries whose every 资质 has expired leave the registry.
      name: 'intermediaries.unlist_expired',
      everyMs: 60 * 60_000,
      run: (ctx) => ctx.services.intermediaries.registry.unlistExpired(),
    },
  ],
  seed: (ctx) => seedIntermediaries(ctx, ctx.services.intermediaries),
});
