import type { ModuleManifest } from '../../kernel/module';
import { hotlineMigrations } from './hotline.migrations';
import { HotlineService } from './hotline.service';
import { CallsService } from './calls.service';
import { KbService } from './kb.service';
import { MailboxService } from './mailbox.service';
import { hotlineRoutes, type HotlineServices } from './hotline.routes';
import { open311Routes } from './open311';
import { seedHotline } from './hotline.seed';

export { HotlineService } from './hotline.service';
export type { LateOrder } from './hotline.service';
export { hotlineKpis, countRows, KPI_NAMES } from './hotline.kpis';
export type { HotlineCounts, Kpi } from './hotline.kpis';

/**
 * 12345 hotline and 市长信箱 (SPEC §2.6): work orders, calls, knowledge base, letters and Open311.
 * `ctx.services.hotline` is the HotlineService (ordersForCase, lateOrders, kpis, kpisByUnit …);
 * `ctx.services.hotlineParts` holds the calls, knowledge-base and mailbox services.
 */
export const hotlineModule: ModuleManifest = {
  name: 'hotline',
  migrations: hotlineMigrations,
  roles: ['operator', 'unit', 'leader', 'admin', 'supervisor', 'citizen'],
  init(ctx) {
    const hotline = new HotlineService(ctx);
    const parts: HotlineServices = {
      hotline,
      calls: new CallsService(ctx, hotline),
      kb: new KbService(ctx),
      mailbox: new MailboxService(ctx, hotline),
    };
    ctx.services.hotline = hotline;
    ctx.services.hotlineParts = parts;
  },
  routes(app, ctx) {
    hotlineRoutes(app, ctx, ctx.services.hotlineParts as HotlineServices);
  },
  async rootRoutes(app, ctx) {
    await open311Routes(app, ctx, ctx.services.hotlineParts as HotlineServices);
  },
  async seed(ctx) {
    await seedHotline(ctx, ctx.services.hotlineParts as HotlineServices);
  },
  jobs: [
    // Closed days of the call, order and callback KPIs; recent and changed days are always read live, so a
    // late run only costs speed, not truth.
    { name: 'hotline.daily', everyMs: 5 * 60_000, run: (ctx) => (ctx.services.hotline as HotlineService).rollupDaily() },
  ],
};
