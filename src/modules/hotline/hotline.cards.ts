import type { CardSource } from '../../kernel/module';
import type { HotlineService } from './hotline.service';

/**
 * 电子监察 over work orders (SPEC §2.4): an order not signed for by its sign-for deadline gets a yellow
 * card, one not finished by its deadline a red card. The supervision sweep raises and dedups the cards.
 */
export function hotlineCardSource(hotline: HotlineService): CardSource {
  return {
    name: 'hotline',
    candidates: async (now) =>
      (await hotline.lateOrders(now)).map((o) => ({
        subjectType: 'workorder',
        subjectId: String(o.id),
        subjectLabel: o.orderNo,
        rule: o.kind === 'sign_late' ? 'workorder_sign_late' : 'workorder_finish_late',
        color: o.kind === 'sign_late' ? 'yellow' : 'red',
        departmentId: o.unitId,
        dueAt: o.dueAt,
        detail: { orderNo: o.orderNo, category: o.category, urgency: o.urgency, status: o.status, dueAt: o.dueAt },
      })),
  };
}
