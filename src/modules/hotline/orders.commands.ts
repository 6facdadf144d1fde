import type { Updateable } from 'kysely';
import type { WorkOrderDeps } from './hotline.context';
import { hasRole, readsAllDepartments, type Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { registerTemplates } from '../../kernel/outbox/outbox';
import { markDaysChanged } from '../../kernel/rollup/daily-rollup';
import type { WorkdayIndex } from '../../kernel/calendar';
import type { HotlineConfig } from './hotline.config';
import { RuleError, mayTake, transition, type ActionInput, type TransitionResult } from './hotline.rules';
import { ordersDaily } from './hotline.daily';
import { recordOrderEvent, shanghaiDayOf } from './orders.events';
import type { OrderDetail, OrderReads } from './orders.reads';
import type { HotlineOrdersTable, HotlineTx, OrderRow } from './hotline.tables';

registerTemplates({
  'hotline.dispatched': (p) => `【12345】贵单位有新工单 ${p.orderNo}（${p.category}），请于 ${p.signDue} 前签收。`,
  'hotline.supervised': (p) => `【12345督办】工单 ${p.orderNo} 已被督办，请于 ${p.due} 前办结并回复。`,
  'hotline.replied': (p) => `【12345】您反映的问题（工单号 ${p.orderNo}）已有答复，请留意回访电话。`,
  'hotline.extension': (p) => `【12345】工单 ${p.orderNo} 延期申请${p.approved ? '已批准，新期限 ' + p.due : '未获批准'}。`,
});

/** An action on an order as the route takes it: the verb and every field any verb reads. */
export interface OrderActionInput extends ActionInput {
  kbEntryId?: number;
  seatId?: number;
  note?: string;
}

/** The fields of one verb (the rules check the ones it needs, with a 422 naming the field). */
type Fields<K extends keyof OrderActionInput> = Pick<OrderActionInput, K>;
export type AnswerInput = Fields<'content' | 'kbEntryId'>;
/** 派单: the unit, and the centre's 派单意见 (what to look into, by when, whom to contact) in `note`. */
export type DispatchInput = Fields<'unitId' | 'note'>;
export type ReturnInput = Fields<'reason'>;
export type ReplyInput = Fields<'content' | 'replyResult' | 'contact' | 'attachments'>;
export type ExtensionRequestInput = Fields<'days' | 'reason'>;
export type ExtensionDecisionInput = Fields<'note' | 'reason'>;
export type SuperviseInput = Fields<'content' | 'days'>;
export type TransferInput = Fields<'seatId' | 'note'>;
export type CallbackInput = Fields<'reached' | 'result' | 'note'>;
export type CloseInput = Fields<'reason'>;
export type ReopenInput = Fields<'reason'>;

/** The order as an action found it, and where the rules send it. */
export interface ActionStep {
  actor: Actor;
  id: number;
  order: OrderRow;
  next: TransitionResult;
  cfg: HotlineConfig;
  now: Date;
  nowIso: string;
  index: WorkdayIndex;
  /** The unit holding the order before the action. */
  unitId: number | null;
}

/** What one verb writes besides the new state: columns of the order, the event's data, rows of its own. */
export interface ActionEffect {
  set?: Updateable<HotlineOrdersTable>;
  /** The timeline event's data, also the audit row's `after`. */
  data?: Record<string, unknown>;
  /** The verb's own writes (letters, notifications …), in the transaction, after the order and its event. */
  write?(tx: HotlineTx): Promise<void>;
}

export type Decide = (step: ActionStep) => ActionEffect | Promise<ActionEffect>;

/**
 * The one way an action changes an order: the state machine (hotline.rules.ts) decides whether and where
 * it goes, the verb (`decide`) checks what needs the database and says what it writes, and this writes
 * the order, the roll-up marks, the timeline event, the verb's rows and the audit row in one transaction.
 */
export class OrderLifecycle {
  constructor(
    private readonly deps: WorkOrderDeps,
    private readonly reads: OrderReads,
  ) {}

  async run(actor: Actor, id: number, input: OrderActionInput, decide: Decide): Promise<OrderDetail> {
    const { ctx, db } = this.deps;
    const cfg = await this.deps.config();
    const r = await this.reads.loadVisible(actor, id);
    if (!mayTake(actor.roles, input.action)) throw new AppError('FORBIDDEN', 403, '无权执行此操作');
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const status = r.status;

    let next: TransitionResult;
    try {
      next = transition(
        { status, returnCount: Number(r.return_count), extensionPending: Number(r.extension_pending) === 1, finishDueAt: r.finish_due_at ?? null },
        input,
        now,
        cfg,
      );
    } catch (e) {
      if (e instanceof RuleError) {
        const v = e.violation;
        throw new AppError(v.code, v.status, v.message, { ...(v.field ? { field: v.field } : {}), status });
      }
      throw e;
    }

    const unitId = r.unit_id === null ? null : Number(r.unit_id);
    // Inputs that need the database are checked here, before anything is written.
    const effect = await decide({ actor, id, order: r, next, cfg, now, nowIso, index: ctx.calendar.current, unitId });
    const set: Updateable<HotlineOrdersTable> = { status: next.status, return_count: next.returnCount, extension_pending: next.extensionPending ? 1 : 0, updated_at: nowIso, ...effect.set };
    const data = effect.data ?? {};

    await db.transaction().execute(async (tx) => {
      // The status guard makes two racing actions on one order serialize: the loser gets a 409.
      const res = await tx.updateTable('hotline_orders').set(set).where('id', '=', id).where('status', '=', status).where('updated_at', '=', r.updated_at).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('ORDER_STATE_CONFLICT', 409, '工单已被他人更新，请刷新后重试', { status });
      // The order counts under the day it was received and the day it was finished (before and after this
      // action; unit, status, on-time and callback flags all move with it); a callback counts today.
      await markDaysChanged(tx, ordersDaily, [shanghaiDayOf(r.created_at), shanghaiDayOf(r.finished_at), shanghaiDayOf(set.finished_at), shanghaiDayOf(nowIso)]);
      await recordOrderEvent(tx, ctx.clock, actor, { orderId: id, orderCreatedOn: r.created_on, type: input.action, from: status, to: next.status, unitId: set.unit_id ?? unitId, data });
      await effect.write?.(tx);
      await recordAudit(tx, ctx.clock, actor, {
        action: `hotline.order.${input.action}`,
        subjectType: 'workorder',
        subjectId: id,
        // The order's county chain (null before 0540: the installation's).
        region: r.region ?? null,
        before: { status, unitId, finishDueAt: r.finish_due_at ?? null, returnCount: Number(r.return_count) },
        after: { status: next.status, unitId: set.unit_id === undefined ? unitId : set.unit_id, finishDueAt: set.finish_due_at === undefined ? (r.finish_due_at ?? null) : set.finish_due_at, ...data },
      });
    });
    // After a return the unit no longer holds the order; answer with what the centre sees.
    const viewer = hasRole(actor, 'unit') && !readsAllDepartments(actor) && !hasRole(actor, 'operator') && next.status === 'returned' ? { ...actor, roles: ['operator' as const] } : actor;
    return this.reads.get(viewer, id, { maskContact: true });
  }
}
