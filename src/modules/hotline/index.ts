import { defineModule } from '../../kernel/module';
import type { HotlineNeedsContext } from './hotline.context';
import { hotlineMigrations } from './hotline.migrations';
import { HotlineService } from './hotline.service';
import { CallsService } from './calls.service';
import { KbService } from './kb.service';
import { MailboxService } from './mailbox.service';
import { hotlineRoutes, type HotlineServices } from './hotline.routes';
import { open311Routes } from './open311';
import { hotlineCardSource } from './hotline.cards';
import { seedHotline } from './hotline.seed';

export { HotlineService } from './hotline.service';
export type { LateOrder } from './hotline.service';
export { hotlineKpis, countRows, KPI_NAMES } from './hotline.kpis';
export type { HotlineCounts, Kpi } from './hotline.kpis';
export { bulkInsertHotline, deferHotlineIndexes } from './hotline.bulk';
export { formatOrderNo, orderSequenceName, regionOfOrderNo } from './hotline.rules';
export type { BulkHotlineContext, PlannedCall, PlannedOrder, PlannedOrderStep } from './hotline.bulk';

/**
 * 12345 hotline and 市长信箱 (SPEC §2.6): work orders, calls, knowledge base, letters and Open311.
 * `hotline` is the HotlineService (ordersForCase, lateOrders, kpis, kpisByUnit, one command per verb:
 * dispatch, sign, returnOrder, reply …); `hotlineCalls`,
 * `hotlineKb` and `mailbox` are the call records, the knowledge base and the mailbox.
 */
export const hotlineModule = defineModule({
  name: 'hotline',
  needs: ['org', 'cases'],
  migrations: hotlineMigrations,
  roles: ['operator', 'unit', 'leader', 'admin', 'supervisor', 'citizen'],
  init(ctx: HotlineNeedsContext) {
    const hotline = new HotlineService(ctx);
    return { hotline, hotlineCalls: new CallsService(ctx, hotline), hotlineKb: new KbService(ctx), mailbox: new MailboxService(ctx, hotline) };
  },
  routes(app, ctx) {
    hotlineRoutes(app, ctx, partsOf(ctx.services));
  },
  async rootRoutes(app, ctx) {
    await open311Routes(app, ctx, partsOf(ctx.services));
  },
  async seed(ctx) {
    await seedHotline(ctx, partsOf(ctx.services));
  },
  kpiSources: (ctx) => [ctx.services.hotline],
  cardSources: (ctx) => [hotlineCardSource(ctx.services.hotline)],
  jobs: [
    // Closed days of the call, order and callback KPIs; recent and changed days are always read live, so a
    // late run only costs speed, not truth.
    { name: 'hotline.daily', everyMs: 5 * 60_000, run: (ctx) => ctx.services.hotline.rollupDaily() },
  ],
});

function partsOf(s: { hotline: HotlineService; hotlineCalls: CallsService; hotlineKb: KbService; mailbox: MailboxService }): HotlineServices {
  return { hotline: s.hotline, calls: s.hotlineCalls, kb: s.hotlineKb, mailbox: s.mailbox };
}
