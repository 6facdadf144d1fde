import { sql } from 'kysely';
import type { WorkOrderDeps } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { enqueueNotification } from '../../kernel/outbox/outbox';
import { CATEGORY_LABELS } from './hotline.config';
import { finishDueAt, signDueAt } from './hotline.rules';
import type { AnswerInput, CallbackInput, CloseInput, DispatchInput, OrderLifecycle, ReopenInput, TransferInput } from './orders.commands';
import type { OrderDetail } from './orders.reads';

/** What the 12345 centre (operators) does with an order: answer, dispatch, transfer, call back, close, reopen. */
export class CentreCommands {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  /** 直接答复: the centre answers at once (from the knowledge base, when an entry is named). */
  answer(actor: Actor, id: number, input: AnswerInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'answer' }, async ({ nowIso }) => {
      let kbId: number | null = null;
      if (input.kbEntryId !== undefined) {
        const kb = await this.deps.db.selectFrom('hotline_kb').select('id').where('id', '=', input.kbEntryId).where('status', '=', 'published').executeTakeFirst();
        if (!kb) throw new AppError('KB_ENTRY_UNKNOWN', 422, `知识库条目 ${input.kbEntryId} 不存在或未发布`, { field: 'kbEntryId' });
        kbId = Number(kb.id);
      }
      return {
        set: { answer_content: (input.content ?? '').trim(), kb_entry_id: kbId, finished_at: nowIso, on_time: 1 },
        data: { kbEntryId: kbId },
        write: async (tx) => {
          if (kbId !== null) await tx.updateTable('hotline_kb').set({ usage_count: sql`usage_count + 1` }).where('id', '=', kbId).execute();
        },
      };
    });
  }

  /** 派单: to a member unit, whose sign-for and finish clocks start now (each dispatch gives the full time). */
  dispatch(actor: Actor, id: number, input: DispatchInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'dispatch' }, async ({ order, cfg, now, nowIso, index }) => {
      const unit = await this.deps.ctx.services.org.byId(input.unitId ?? 0);
      if (!unit || !unit.hotlineUnit || !unit.active) throw new AppError('UNIT_UNKNOWN', 422, `承办单位 ${input.unitId} 不是热线成员单位`, { field: 'unitId' });
      const urgent = order.urgency === 'urgent';
      const sDue = signDueAt(index, now, urgent, cfg).toISOString();
      const fDue = finishDueAt(index, now, order.category, urgent, order.deputy !== null, cfg)?.toISOString() ?? null;
      const dispatchCount = Number(order.dispatch_count) + 1;
      const opinion = input.note?.trim() || null;
      return {
        set: { unit_id: unit.id, dispatch_count: dispatchCount, dispatched_at: nowIso, signed_at: null, sign_due_at: sDue, finish_due_at: fDue, finished_at: null, on_time: null },
        data: { unitId: unit.id, unitName: unit.name, signDueAt: sDue, finishDueAt: fDue, ...(opinion ? { opinion } : {}) },
        write: (tx) =>
          enqueueNotification(tx, this.deps.ctx.clock, {
            channel: 'department',
            recipient: `department:${unit.id}`,
            template: 'hotline.dispatched',
            payload: { orderNo: order.order_no, category: CATEGORY_LABELS[order.category], signDue: sDue },
            dedupeKey: `hotline.dispatched:${id}:${dispatchCount}`,
          }),
      };
    });
  }

  /** 转专家坐席: a three-way call with a department's expert seat; the order stays where it is. */
  transferToExpert(actor: Actor, id: number, input: TransferInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'transfer_expert' }, async () => {
      if (input.seatId === undefined) throw new AppError('SEAT_REQUIRED', 422, '请选择专家坐席', { field: 'seatId' });
      const seat = await this.deps.db.selectFrom('hotline_expert_seats').select(['id', 'name', 'department_id']).where('id', '=', input.seatId).where('active', '=', 1).executeTakeFirst();
      if (!seat) throw new AppError('SEAT_UNKNOWN', 422, `专家坐席 ${input.seatId} 不存在`, { field: 'seatId' });
      return { data: { seatId: Number(seat.id), seatName: seat.name, departmentId: Number(seat.department_id), note: input.note ?? null } };
    });
  }

  /**
   * 回访: not reached keeps the order in callback; a satisfied rating closes it, an unsatisfied one sends
   * it back to the unit with a fresh finish deadline.
   */
  callback(actor: Actor, id: number, input: CallbackInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'callback' }, ({ order, next, cfg, now, nowIso, index, unitId }) => ({
      set: {
        callback_attempts: Number(order.callback_attempts) + 1,
        ...(input.reached ? { satisfaction: input.result } : {}),
        ...(next.status === 'closed' ? { finished_at: nowIso } : {}),
        ...(next.status === 'reopened' ? { finish_due_at: finishDueAt(index, now, order.category, order.urgency === 'urgent', false, cfg)?.toISOString() } : {}),
      },
      data: { reached: input.reached, result: input.result ?? null, ...(input.note ? { note: input.note } : {}) },
      write: async (tx) => {
        await tx
          .insertInto('hotline_callbacks')
          .values({ order_id: id, order_created_on: order.created_on, unit_id: unitId, at: nowIso, operator_id: actor.id, reached: input.reached ? 1 : 0, result: input.reached ? (input.result ?? null) : null, note: input.note ?? null })
          .execute();
      },
    }));
  }

  /** 办结 without a rating (e.g. the citizen could not be reached after repeated callbacks). */
  close(actor: Actor, id: number, input: CloseInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'close' }, ({ nowIso }) => ({
      set: { finished_at: nowIso },
      data: input.reason ? { reason: input.reason } : {},
    }));
  }

  /** 重办: back to the unit with a fresh finish deadline. */
  reopen(actor: Actor, id: number, input: ReopenInput): Promise<OrderDetail> {
    return this.lifecycle.run(actor, id, { ...input, action: 'reopen' }, ({ order, cfg, now, index }) => ({
      set: { finished_at: null, on_time: null, finish_due_at: finishDueAt(index, now, order.category, order.urgency === 'urgent', false, cfg)?.toISOString() },
      data: { reason: (input.reason ?? '').trim() },
    }));
  }
}
