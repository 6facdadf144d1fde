import type { WorkOrderDeps } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { extendDue, supervisionDueAt } from './hotline.rules';
import { shanghaiDayOf } from './orders.events';
import type { ActionEffect, ActionStep, ExtensionDecisionInput, OrderLifecycle, SuperviseInput } from './orders.commands';
import type { OrderDetail } from './orders.reads';

/** What the bureau's leaders do with an order: decide extension requests and issue 督办 letters. */
export class OversightCommands {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  /** 批准延期: the finish deadline moves the requested working days later. */
  approveExtension(actor: Actor, id: number, input: ExtensionDecisionInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'approve_extension' }, (step) => this.decideExtension(step, input, true));
  }

  /** 驳回延期: the deadline stays. */
  rejectExtension(actor: Actor, id: number, input: ExtensionDecisionInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'reject_extension' }, (step) => this.decideExtension(step, input, false));
  }

  private async decideExtension({ actor, id, order, now, nowIso, index, unitId }: ActionStep, input: ExtensionDecisionInput, approved: boolean): Promise<ActionEffect> {
    const request = await this.deps.db.selectFrom('hotline_extensions').select(['id', 'days']).where('order_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    const newDueAt = approved && request ? extendDue(index, order.finish_due_at ? new Date(order.finish_due_at) : now, Number(request.days)).toISOString() : undefined;
    return {
      set: newDueAt === undefined ? {} : { finish_due_at: newDueAt },
      data: { ...(newDueAt === undefined ? {} : { newDueAt }), days: request ? Number(request.days) : null, ...(input.note ? { note: input.note } : {}) },
      write: async (tx) => {
        if (!request) return;
        await tx
          .updateTable('hotline_extensions')
          .set({
            status: approved ? 'approved' : 'rejected',
            decided_at: nowIso,
            decided_by: actor.id,
            decision_note: input.note ?? input.reason ?? null,
            new_due_at: newDueAt ?? null,
          })
          .where('id', '=', request.id)
          .execute();
        if (unitId !== null) {
          await enqueueNotification(tx, this.deps.ctx.clock, {
            channel: 'department',
            recipient: `department:${unitId}`,
            template: 'hotline.extension',
            payload: { orderNo: order.order_no, approved, due: newDueAt ? shanghaiDayOf(newDueAt) : null },
            dedupeKey: `hotline.extension:${request.id}`,
          });
        }
      },
    };
  }

  /** 督办: a letter to the unit with its own deadline (the configured working days unless the leader names some). */
  supervise(actor: Actor, id: number, input: SuperviseInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'supervise' }, ({ cfg, now, nowIso, index, unitId, order }) => {
      const content = (input.content ?? '').trim();
      const dueAt = supervisionDueAt(index, now, input.days ?? cfg.supervisionWorkdays).toISOString();
      return {
        set: { supervised: 1 },
        data: { content, dueAt },
        write: async (tx) => {
          await tx
            .insertInto('hotline_supervisions')
            .values({ order_id: id, order_created_on: order.created_on, unit_id: unitId, auto: 0, content, issued_at: nowIso, issued_by: actor.id, issued_by_name: actor.name, due_at: dueAt })
            .execute();
          if (unitId !== null) {
            await enqueueNotification(tx, this.deps.ctx.clock, {
              channel: 'department',
              recipient: `department:${unitId}`,
              template: 'hotline.supervised',
              payload: { orderNo: order.order_no, due: shanghaiDayOf(dueAt) },
              dedupeKey: `hotline.supervised:${id}:${nowIso}`,
            });
          }
        },
      };
    });
  }
}
