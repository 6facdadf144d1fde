import { defineModule } from '../../kernel/module';
import type { WalksNeedsContext } from './walks.context';
import { walksMigrations } from './walks.migrations';
import { walksRoutes } from './walks.routes';
import { WalksService } from './walks.service';
import { seedWalks } from './walks.seed';

export { WalksService } from './walks.service';
export type { WalkInput, ProblemInput, MeasureInput, MeasureView } from './walks.service';
export { CHANNELS as WALK_CHANNELS, CHANNEL_LABELS as WALK_CHANNEL_LABELS } from './walks.rules';

/**
 * 走流程 (issue 16 item 6): leaders and department heads walk items as applicants, record the 堵点 they
 * find and the rectification measures; overdue measures become supervision cards.
 */
export const walksModule = defineModule({
  name: 'walks',
  needs: ['org'],
  migrations: walksMigrations,
  roles: ['admin', 'leader', 'supervisor', 'reviewer', 'unit'],
  init: (ctx: WalksNeedsContext) => ({ walks: new WalksService(ctx) }),
  routes: (app, ctx) => walksRoutes(app, ctx, ctx.services.walks),
  kpiSources: (ctx) => [ctx.services.walks],
  cardSources: (ctx) => [ctx.services.walks.cardSource()],
  seed: (ctx) => seedWalks(ctx),
});
