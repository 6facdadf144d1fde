import type { WorkOrderDeps } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { deputyFinishDueAt, supervisionDueAt } from './hotline.rules';
import { recordOrderEvent } from './orders.events';
import type { ExtensionRequestInput, OrderLifecycle, ReplyInput, ReturnInput } from './orders.commands';
import type { OrderDetail } from './orders.reads';

/** What the member unit holding an order does with it: sign for it, return it, ask for more time, reply. */
export class UnitCommands {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  /** 签收. Deputies' orders get their finish deadline now: N working days after signing (urgent ones keep theirs). */
  sign(actor: Actor, id: number): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { action: 'sign' }, ({ order, cfg, now, nowIso, index }) => {
      if (order.deputy === null || order.urgency === 'urgent') return { set: { signed_at: nowIso } };
      const due = deputyFinishDueAt(index, now, cfg).toISOString();
      return { set: { signed_at: nowIso, finish_due_at: due }, data: { finishDueAt: due } };
    });
  }

  /**
   * 退单: back to the centre without a unit. The N-th return (configuration) raises a 督办 letter
   * automatically, so an order nobody accepts does not circle unseen.
   */
  returnOrder(actor: Actor, id: number, input: ReturnInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'return' }, ({ next, cfg, now, nowIso, index, unitId }) => {
      const autoLetterDue = next.autoSupervise ? supervisionDueAt(index, now, cfg.supervisionWorkdays).toISOString() : null;
      return {
        set: { unit_id: null, sign_due_at: null, finish_due_at: null, signed_at: null, ...(autoLetterDue ? { supervised: 1 } : {}) },
        data: { reason: (input.reason ?? '').trim(), returnCount: next.returnCount },
        write: async (tx) => {
          if (!autoLetterDue) return;
          await tx
            .insertInto('hotline_supervisions')
            .values({
              order_id: id,
              unit_id: unitId,
              auto: 1,
              content: `工单已被退回 ${next.returnCount} 次，系统自动督办，请尽快确定承办单位。`,
              issued_at: nowIso,
              issued_by: null,
              issued_by_name: '系统',
              due_at: autoLetterDue,
            })
            .execute();
          await recordOrderEvent(tx, this.deps.ctx.clock, actor, { orderId: id, type: 'auto_supervise', from: next.status, to: next.status, unitId: null, data: { returnCount: next.returnCount, dueAt: autoLetterDue } });
          await recordAudit(tx, this.deps.ctx.clock, actor, { action: 'hotline.order.auto_supervised', subjectType: 'workorder', subjectId: id, after: { returnCount: next.returnCount } });
        },
      };
    });
  }

  /** 回复 (办结 by the unit): on time when by the finish deadline in force; answers open 督办 letters; tells the citizen. */
  reply(actor: Actor, id: number, input: ReplyInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'reply' }, ({ order, nowIso }) => {
      const onTime = !order.finish_due_at || nowIso <= order.finish_due_at ? 1 : 0;
      const phone = order.citizen_phone;
      const contact = input.contact ? { method: input.contact.method, ...(input.contact.on ? { on: input.contact.on } : {}), ...(input.contact.note?.trim() ? { note: input.contact.note.trim() } : {}) } : null;
      return {
        set: { replied_at: nowIso, reply_content: (input.content ?? '').trim(), on_time: onTime, reply_result: input.replyResult ?? null, reply_contact_json: contact ? JSON.stringify(contact) : null },
        data: { onTime: onTime === 1, replyResult: input.replyResult, ...(contact ? { contact } : {}) },
        write: async (tx) => {
          await tx.updateTable('hotline_supervisions').set({ answered_at: nowIso }).where('order_id', '=', id).where('answered_at', 'is', null).execute();
          if (phone) {
            await enqueueNotification(tx, this.deps.ctx.clock, {
              channel: 'sms',
              recipient: phone,
              template: 'hotline.replied',
              payload: { orderNo: order.order_no },
              dedupeKey: `hotline.replied:${id}:${nowIso}`,
            });
          }
        },
      };
    });
  }

  /** 延期申请: before the finish deadline, one pending at a time; a leader decides. */
  requestExtension(actor: Actor, id: number, input: ExtensionRequestInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'request_extension' }, ({ order, nowIso, unitId }) => {
      const reason = (input.reason ?? '').trim();
      const days = input.days ?? 0;
      return {
        data: { days: input.days, reason },
        write: async (tx) => {
          await tx
            .insertInto('hotline_extensions')
            .values({ order_id: id, unit_id: unitId, days, reason, status: 'pending', requested_at: nowIso, requested_by: actor.id, old_due_at: order.finish_due_at ?? null })
            .execute();
        },
      };
    });
  }
}
