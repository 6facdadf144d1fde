import { sql, type NotNull } from 'kysely';
import type { WorkOrderDeps } from './hotline.context';
import { hasRole, readsAllDepartments, type Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { mayViewPersonalData, recordPersonalDataView } from '../../kernel/audit/personal-data';
import { parseJson } from '../../kernel/db/db';
import { maskName, maskPhone, redactText } from '../../kernel/validators';
import { CATEGORY_LABELS, CHANNELS, CHANNEL_LABELS, normalizeCategory, type Category } from './hotline.config';
import { CALLBACK_RESULT_LABELS, STATUSES, STATUS_LABELS, UNIT_HOLDS, lateKinds, type LateKind, type OrderStatus } from './hotline.rules';
import type { HotlineDbOrTx, OrderRow } from './hotline.tables';

export interface LateOrder {
  id: number;
  orderNo: string;
  kind: LateKind;
  unitId: number | null;
  dueAt: string;
  status: OrderStatus;
  category: Category;
  urgency: string;
  deputy: string | null;
}

export interface OrderListQuery {
  status?: string;
  category?: string;
  channel?: string;
  unitId?: number;
  deputy?: boolean;
  caseNo?: string;
  late?: boolean;
  extensionPending?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Work orders as the actor may see them: lists, the detail with its timeline, ledgers, late orders. */
export class OrderReads {
  constructor(private readonly deps: WorkOrderDeps) {}

  private get org() {
    return this.deps.ctx.services.org;
  }

  /** Orders the actor may see: all for the centre and bureau readers, its own unit's for `unit`, own for citizens. */
  private scoped(db: HotlineDbOrTx, actor: Actor) {
    const q = db.selectFrom('hotline_orders');
    if (readsAllDepartments(actor) || hasRole(actor, 'operator')) return q;
    if (hasRole(actor, 'unit')) return q.where('unit_id', '=', actor.departmentId ?? -1);
    if (hasRole(actor, 'citizen')) return q.where('citizen_user_id', '=', actor.id ?? -1);
    return q.where(sql<boolean>`1 = 0`);
  }

  async loadVisible(actor: Actor, id: number): Promise<OrderRow> {
    const row = await this.scoped(this.deps.db, actor).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('ORDER_NOT_FOUND', 404, `工单 ${id} 不存在`);
    return row;
  }

  async toOrder(r: OrderRow, opts: { mask: boolean }) {
    const unit = r.unit_id === null ? null : await this.org.byId(Number(r.unit_id));
    const name = r.citizen_name ?? null;
    const phone = r.citizen_phone ?? null;
    const now = this.deps.ctx.clock.now();
    const status = r.status;
    return {
      id: Number(r.id),
      orderNo: r.order_no,
      channel: r.channel,
      channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
      line: r.line,
      category: r.category,
      categoryLabel: CATEGORY_LABELS[r.category] ?? r.category,
      urgency: r.urgency,
      title: opts.mask ? redactText(r.title) : r.title,
      content: opts.mask ? redactText(r.content) : r.content,
      address: r.address ?? null,
      lat: r.lat === null || r.lat === undefined ? null : Number(r.lat),
      long: r.lng === null || r.lng === undefined ? null : Number(r.lng),
      citizen: {
        name: name && opts.mask ? maskName(name) : name,
        phone: phone && opts.mask ? maskPhone(phone) : phone,
      },
      deputy: r.deputy ? { kind: r.deputy, name: r.deputy_name ?? null } : null,
      caseNo: r.case_no ?? null,
      status,
      statusLabel: STATUS_LABELS[status],
      unitId: r.unit_id === null ? null : Number(r.unit_id),
      unitName: unit?.name ?? null,
      dispatchCount: Number(r.dispatch_count),
      returnCount: Number(r.return_count),
      dispatchedAt: r.dispatched_at ?? null,
      signedAt: r.signed_at ?? null,
      repliedAt: r.replied_at ?? null,
      replyContent: r.reply_content ?? null,
      answerContent: r.answer_content ?? null,
      kbEntryId: r.kb_entry_id === null ? null : Number(r.kb_entry_id),
      signDueAt: r.sign_due_at ?? null,
      finishDueAt: r.finish_due_at ?? null,
      extensionPending: Number(r.extension_pending) === 1,
      supervised: Number(r.supervised) === 1,
      callbackAttempts: Number(r.callback_attempts),
      satisfaction: r.satisfaction ?? null,
      finishedAt: r.finished_at ?? null,
      onTime: r.on_time === null || r.on_time === undefined ? null : Number(r.on_time) === 1,
      late: lateKinds({ status, signDueAt: r.sign_due_at, finishDueAt: r.finish_due_at }, now),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async list(actor: Actor, q: OrderListQuery) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    let base = this.scoped(this.deps.db, actor);
    if (q.status) {
      // A status that does not exist matches no order (it is a filter, not a command).
      const wanted = q.status.split(',');
      const statuses = STATUSES.filter((s) => wanted.includes(s));
      base = statuses.length > 0 ? base.where('status', 'in', statuses) : base.where(sql<boolean>`1 = 0`);
    }
    if (q.category) {
      const category = normalizeCategory(q.category);
      base = category ? base.where('category', '=', category) : base.where(sql<boolean>`1 = 0`);
    }
    if (q.channel) {
      const channel = CHANNELS.find((c) => c === q.channel);
      base = channel ? base.where('channel', '=', channel) : base.where(sql<boolean>`1 = 0`);
    }
    if (q.unitId !== undefined) base = base.where('unit_id', '=', q.unitId);
    if (q.deputy !== undefined) base = q.deputy ? base.where('deputy', 'is not', null) : base.where('deputy', 'is', null);
    if (q.caseNo) base = base.where('case_no', '=', q.caseNo);
    if (q.extensionPending !== undefined) base = base.where('extension_pending', '=', q.extensionPending ? 1 : 0);
    const text = q.q;
    if (text) base = base.where((eb) => eb.or([eb('order_no', '=', text), eb('title', 'like', `%${text}%`), eb('content', 'like', `%${text}%`)]));
    if (q.late) {
      const t = this.deps.ctx.clock.now().toISOString();
      base = base.where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'dispatched'), eb('sign_due_at', '<', t)]),
          eb.and([eb('status', 'in', [...UNIT_HOLDS]), eb('finish_due_at', '<', t)]),
        ]),
      );
    }
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const items = [];
    for (const r of rows) items.push(await this.toOrder(r, { mask: true }));
    return { items, total: Number(total.n) };
  }

  /**
   * The detail with the citizen's contact unmasked (operators call back, units contact the citizen);
   * `recordView` writes that view to the audit trail. Action answers keep the contact masked.
   */
  async get(actor: Actor, id: number, opts: { recordView?: boolean; maskContact?: boolean } = {}) {
    const { db, ctx } = this.deps;
    const r = await this.loadVisible(actor, id);
    const order = await this.toOrder(r, { mask: false });
    if (opts.maskContact) {
      order.citizen = { name: order.citizen.name && maskName(order.citizen.name), phone: order.citizen.phone && maskPhone(order.citizen.phone) };
    } else if (opts.recordView && mayViewPersonalData(actor, ['operator', 'unit', 'admin', 'leader', 'supervisor', 'citizen']) && (r.citizen_name || r.citizen_phone)) {
      await recordPersonalDataView(db, ctx.clock, actor, {
        subjectType: 'workorder',
        subjectId: id,
        fields: [...(r.citizen_name ? ['citizen.name'] : []), ...(r.citizen_phone ? ['citizen.phone'] : [])],
      });
    }
    const events = await db.selectFrom('hotline_events').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const extensions = await db.selectFrom('hotline_extensions').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const supervisions = await db.selectFrom('hotline_supervisions').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const callbacks = await db.selectFrom('hotline_callbacks').selectAll().where('order_id', '=', id).orderBy('id').execute();
    return {
      ...order,
      timeline: events.map((e) => ({
        at: e.at,
        type: e.type,
        actorName: e.actor_name,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        unitId: e.unit_id === null ? null : Number(e.unit_id),
        data: parseJson<Record<string, unknown>>(e.data_json, {}),
      })),
      extensions: extensions.map((x) => ({
        id: Number(x.id),
        days: Number(x.days),
        reason: x.reason,
        status: x.status,
        requestedAt: x.requested_at,
        decidedAt: x.decided_at,
        decisionNote: x.decision_note,
        oldDueAt: x.old_due_at,
        newDueAt: x.new_due_at,
      })),
      supervisions: supervisions.map((s) => ({
        id: Number(s.id),
        auto: Number(s.auto) === 1,
        content: s.content,
        issuedAt: s.issued_at,
        issuedByName: s.issued_by_name,
        dueAt: s.due_at,
        answeredAt: s.answered_at,
      })),
      callbacks: callbacks.map((c) => ({
        at: c.at,
        reached: Number(c.reached) === 1,
        result: c.result,
        resultLabel: c.result ? CALLBACK_RESULT_LABELS[c.result] : null,
        note: c.note,
      })),
    };
  }

  /** Orders linked to a case number (a complaint about a stalled case shows on the case). */
  async ordersForCase(caseNo: string) {
    const rows = await this.deps.db.selectFrom('hotline_orders').selectAll().where('case_no', '=', caseNo).orderBy('id').execute();
    return Promise.all(
      rows.map(async (r) => {
        const o = await this.toOrder(r, { mask: true });
        return { id: o.id, orderNo: o.orderNo, category: o.category, categoryLabel: o.categoryLabel, status: o.status, statusLabel: o.statusLabel, title: o.title, unitId: o.unitId, createdAt: o.createdAt, finishedAt: o.finishedAt };
      }),
    );
  }

  /** Open orders not signed for / not finished in time at `now`, for the supervision sweep (uses the due indexes). */
  async lateOrders(now: Date): Promise<LateOrder[]> {
    const t = now.toISOString();
    const cols = ['id', 'order_no', 'status', 'unit_id', 'sign_due_at', 'finish_due_at', 'category', 'urgency', 'deputy'] as const;
    const base = this.deps.db.selectFrom('hotline_orders').select(cols);
    const unsigned = await base.where('status', '=', 'dispatched').where('sign_due_at', '<', t).$narrowType<{ sign_due_at: NotNull }>().execute();
    const unfinished = await base.where('status', 'in', [...UNIT_HOLDS]).where('finish_due_at', '<', t).$narrowType<{ finish_due_at: NotNull }>().execute();
    const map = (r: (typeof unsigned)[number] | (typeof unfinished)[number], kind: LateKind, dueAt: string): LateOrder => ({
      id: Number(r.id),
      orderNo: r.order_no,
      kind,
      unitId: r.unit_id === null ? null : Number(r.unit_id),
      dueAt,
      status: r.status,
      category: r.category,
      urgency: r.urgency,
      deputy: r.deputy ?? null,
    });
    return [...unsigned.map((r) => map(r, 'sign_late', r.sign_due_at)), ...unfinished.map((r) => map(r, 'finish_late', r.finish_due_at))];
  }

  /** 人大代表/政协委员 台账. */
  async deputiesLedger(q: { kind?: 'npc' | 'cppcc'; page?: number; pageSize?: number }) {
    const { db } = this.deps;
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    let base = db.selectFrom('hotline_orders').where('deputy', 'is not', null);
    if (q.kind) base = base.where('deputy', '=', q.kind);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const items = [];
    for (const r of rows) items.push(await this.toOrder(r, { mask: true }));
    const summary = await db
      .selectFrom('hotline_orders')
      .where('deputy', 'is not', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        sql<number>`cast(sum(case when status in ('closed','answered') then 1 else 0 end) as integer)`.as('finished'),
        sql<number>`cast(sum(case when on_time = 1 and status = 'closed' then 1 else 0 end) as integer)`.as('onTime'),
      ])
      .executeTakeFirstOrThrow();
    return { items, total: Number(total.n), summary: { total: Number(summary.total), finished: Number(summary.finished ?? 0), onTime: Number(summary.onTime ?? 0) } };
  }

  /** 督办 letters, open ones first, for the leader's view. */
  async supervisions(q: { open?: boolean }) {
    let base = this.deps.db
      .selectFrom('hotline_supervisions as s')
      .innerJoin('hotline_orders as o', 'o.id', 's.order_id')
      .select(['s.id', 's.order_id', 's.auto', 's.content', 's.issued_at', 's.issued_by_name', 's.due_at', 's.answered_at', 'o.order_no', 'o.title', 'o.status', 'o.unit_id']);
    if (q.open) base = base.where('s.answered_at', 'is', null);
    const rows = await base.orderBy('s.id', 'desc').limit(200).execute();
    const now = this.deps.ctx.clock.now().toISOString();
    return Promise.all(
      rows.map(async (s) => ({
        id: Number(s.id),
        orderId: Number(s.order_id),
        orderNo: s.order_no,
        title: redactText(s.title),
        orderStatus: s.status,
        unitId: s.unit_id === null ? null : Number(s.unit_id),
        unitName: s.unit_id === null ? null : ((await this.org.byId(Number(s.unit_id)))?.name ?? null),
        auto: Number(s.auto) === 1,
        content: s.content,
        issuedAt: s.issued_at,
        issuedByName: s.issued_by_name,
        dueAt: s.due_at,
        answeredAt: s.answered_at,
        overdue: !s.answered_at && s.due_at < now,
      })),
    );
  }
}

/** An order's detail as `get` answers it (also the answer of every action). */
export type OrderDetail = Awaited<ReturnType<OrderReads['get']>>;
