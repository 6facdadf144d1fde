import type { Actor } from '../../kernel/auth/actor';
import { shanghaiDate, type Clock } from '../../kernel/clock';
import type { OrderStatus } from './hotline.rules';
import type { HotlineTx } from './hotline.tables';

/** The Shanghai day of an instant: the day an order counts under in the daily roll-up. */
export const shanghaiDayOf = (iso: string | null | undefined): string | null => (iso ? shanghaiDate(new Date(iso)) : null);

/**
 * One line of the order's timeline (`type` = the action, or `created` / `auto_supervise`), in the write's
 * transaction; `orderCreatedOn` is the order's created_on (its partition key, carried by the event).
 */
export async function recordOrderEvent(
  tx: HotlineTx,
  clock: Clock,
  actor: Actor,
  e: { orderId: number; orderCreatedOn: string; type: string; from: OrderStatus | null; to: OrderStatus | null; unitId: number | null; data: Record<string, unknown> },
): Promise<void> {
  await tx
    .insertInto('hotline_events')
    .values({
      order_id: e.orderId,
      order_created_on: e.orderCreatedOn,
      at: clock.now().toISOString(),
      type: e.type,
      actor_id: actor.id,
      actor_name: actor.name,
      from_status: e.from,
      to_status: e.to,
      unit_id: e.unitId,
      data_json: JSON.stringify(e.data),
    })
    .execute();
}
