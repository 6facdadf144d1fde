import { defineModule } from '../../kernel/module';
import type { HonoursNeedsContext } from './honours.context';
import { honoursMigrations } from './honours.migrations';
import { honoursRoutes } from './honours.routes';
import { HonoursService } from './honours.service';
import { seedHonours } from './honours.seed';

export { HonoursService } from './honours.service';
export type { AwardView, DecisionInput } from './honours.service';
export type { HallFiguresReader, HallWindowFigures } from './honours.context';
export { HONOUR_KINDS, HONOUR_LABELS } from './honours.rules';

/**
 * Quarterly honours and the 讲评会 (issue 16 items 4, 5): 红旗窗口, 服务明星 and 共产党员先锋岗 from the
 * quarter's records, decided with committee and reasons, in 公示 on a public page; the quarterly hall report.
 */
export const honoursModule = defineModule({
  name: 'honours',
  needs: ['org', 'evaluations'],
  migrations: honoursMigrations,
  roles: ['admin', 'leader', 'supervisor'],
  init: (ctx: HonoursNeedsContext) => ({ honours: new HonoursService(ctx) }),
  routes: (app, ctx) => honoursRoutes(app, ctx, ctx.services.honours),
  kpiSources: (ctx) => [ctx.services.honours],
  seed: (ctx) => seedHonours(ctx, ctx.services.honours),
});
