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
import { checkDateRange, checkDepartment, checkExportSize, tableWorkbook, type ExportColumn } from '../../kernel/list-export';
import { endOfShanghaiDay } from '../../shared/period';
import { shanghaiDayStart, shanghaiIso } from '../../kernel/clock';
import { installationRegion } from '../../kernel/region';
import { checkRegion } from './hotline.regions';
import { REPLY_RESULT_LABELS, type ReplyContact, type ReplyFileView, type ReplyResult } from '../../shared/hotline-reply';

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
  /** The county (行政区划代码) the order was numbered in; the installation's also matches orders from before 0540. */
  region?: string;
  late?: boolean;
  extensionPending?: boolean;
  q?: string;
  /** Received on or after / on or before (Shanghai dates). */
  from?: string;
  to?: string;
  /**
   * inbox: overdue first, urgent before normal, then the next deadline (sign-for while dispatched, else
   * finish) soonest — a member unit's worklist. Default: newest first.
   */
  sort?: 'inbox' | 'newest';
  page?: number;
  pageSize?: number;
}

type OrderQuery = ReturnType<OrderReads['scopedQuery']>;

const ORDER_EXPORT_STATUS: Record<string, string> = STATUS_LABELS;

/** Work orders as the actor may see them: lists, the detail with its timeline, ledgers, late orders. */
export class OrderReads {
  constructor(private readonly deps: WorkOrderDeps) {}

  private get org() {
    return this.deps.ctx.services.org;
  }

  /** Orders the actor may see: all for the centre and bureau readers, its own unit's for `unit`, own for citizens. */
  scopedQuery(actor: Actor) {
    return this.scoped(this.deps.db, actor);
  }

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
      region: r.region ?? installationRegion(),
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
      replyResult: r.reply_result ?? null,
      replyResultLabel: r.reply_result ? (REPLY_RESULT_LABELS[r.reply_result as ReplyResult] ?? r.reply_result) : null,
      replyContact: r.reply_contact_json ? parseJson<ReplyContact | null>(r.reply_contact_json, null) : null,
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

  /** 422 for a filter that cannot mean anything (unknown member unit, inverted or unreal dates). */
  async check(q: OrderListQuery): Promise<void> {
    checkDateRange(q.from, q.to);
    await checkDepartment(q.unitId, async (id) => (await this.org.byId(id)) !== null, 'unitId');
    if (q.region !== undefined) await checkRegion(this.deps, q.region);
  }

  /** The orders `actor` may see that match `q`, without order or paging. */
  filtered(actor: Actor, q: OrderListQuery): OrderQuery {
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
    if (q.region) {
      const region = q.region;
      base = region === installationRegion() ? base.where((eb) => eb.or([eb('region', '=', region), eb('region', 'is', null)])) : base.where('region', '=', region);
    }
    if (q.extensionPending !== undefined) base = base.where('extension_pending', '=', q.extensionPending ? 1 : 0);
    if (q.from) base = base.where('created_at', '>=', shanghaiDayStart(q.from).toISOString());
    if (q.to) base = base.where('created_at', '<=', endOfShanghaiDay(q.to));
    const text = q.q?.trim();
    if (text) base = base.where((eb) => eb.or([eb('order_no', '=', text), eb('title', 'like', `%${text}%`), eb('content', 'like', `%${text}%`), eb('citizen_name', '=', text)]));
    if (q.late !== undefined) {
      const t = this.deps.ctx.clock.now().toISOString();
      base = base.where((eb) => {
        const late = eb.or([
          eb.and([eb('status', '=', 'dispatched'), eb('sign_due_at', '<', t)]),
          eb.and([eb('status', 'in', [...UNIT_HOLDS]), eb('finish_due_at', '<', t)]),
        ]);
        return q.late ? late : eb.not(late);
      });
    }
    return base;
  }

  /** The list's order: `inbox` puts late, then urgent orders first and the soonest deadline next. */
  ordered(base: OrderQuery, sort: OrderListQuery['sort']): OrderQuery {
    if (sort !== 'inbox') return base.orderBy('id', 'desc');
    const t = this.deps.ctx.clock.now().toISOString();
    const due = sql`case when status = 'dispatched' then sign_due_at else finish_due_at end`;
    const late = sql<number>`case when ${due} is not null and ${due} < ${t} and status in ('dispatched', ${sql.join([...UNIT_HOLDS])}) then 0 else 1 end`;
    return base
      .orderBy(late)
      .orderBy(sql`case when urgency = 'urgent' then 0 else 1 end`)
      .orderBy(sql`case when ${due} is null then 1 else 0 end`)
      .orderBy(due)
      .orderBy('id', 'asc');
  }

  async list(actor: Actor, q: OrderListQuery) {
    await this.check(q);
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    const base = this.filtered(actor, q);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await this.ordered(base, q.sort)
      .selectAll()
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const items = [];
    for (const r of rows) items.push(await this.toOrder(r, { mask: true }));
    return { items, total: Number(total.n) };
  }

  /** GET /workorders/export.xlsx: the filtered orders (contacts masked) up to the configured row limit. */
  async export(actor: Actor, q: OrderListQuery): Promise<{ buffer: Buffer; rows: number }> {
    await this.check(q);
    const base = this.filtered(actor, q);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    checkExportSize(total, (await this.deps.config()).exportMaxRows, '工单');
    const rows = await this.ordered(base, q.sort).selectAll().execute();
    const units = new Map((await this.org.all()).map((d) => [d.id, d.name]));
    const when = (iso: string | null | undefined) => (iso ? shanghaiIso(new Date(iso)).slice(0, 16).replace('T', ' ') : '');
    const now = this.deps.ctx.clock.now();
    const columns: ExportColumn<OrderRow>[] = [
      { header: '工单号', width: 20, value: (r) => r.order_no },
      { header: '标题', width: 36, value: (r) => redactText(r.title) },
      { header: '类别', width: 8, value: (r) => CATEGORY_LABELS[r.category] ?? r.category },
      { header: '渠道', width: 12, value: (r) => CHANNEL_LABELS[r.channel] ?? r.channel },
      { header: '紧急', width: 6, value: (r) => (r.urgency === 'urgent' ? '紧急' : '') },
      { header: '状态', width: 10, value: (r) => ORDER_EXPORT_STATUS[r.status] ?? r.status },
      { header: '承办单位', width: 28, value: (r) => (r.unit_id === null ? '' : (units.get(Number(r.unit_id)) ?? '')) },
      { header: '来电人', width: 10, value: (r) => (r.citizen_name ? maskName(r.citizen_name) : '') },
      { header: '受理时间', width: 17, value: (r) => when(r.created_at) },
      { header: '签收期限', width: 17, value: (r) => when(r.sign_due_at) },
      { header: '办结期限', width: 17, value: (r) => when(r.finish_due_at) },
      { header: '办结时间', width: 17, value: (r) => when(r.finished_at) },
      { header: '超时', width: 12, value: (r) => lateKinds({ status: r.status, signDueAt: r.sign_due_at, finishDueAt: r.finish_due_at }, now).map((k) => (k === 'sign_late' ? '超时未签收' : '超时未办结')).join('、') },
    ];
    const caption = `12345 工单（导出于 ${when(now.toISOString())}${q.from || q.to ? `，受理日期 ${q.from ?? '…'} 至 ${q.to ?? '…'}` : ''}），共 ${rows.length} 件`;
    return { buffer: await tableWorkbook('工单', caption, columns, rows), rows: rows.length };
  }

  /**
   * The detail with the citizen's contact unmasked (operators call back, units contact the citizen);
   * `recordView` writes that view to the audit trail. Action answers keep the contact masked.
   */
  /** A reply file, behind the same visibility as its order (404 for anyone who may not see the order). */
  async replyFile(actor: Actor, orderId: number, fileId: number): Promise<{ fileName: string; mime: string; body: Buffer }> {
    await this.loadVisible(actor, orderId);
    const f = await this.deps.db.selectFrom('hotline_reply_files').select(['file_name', 'mime', 'content']).where('id', '=', fileId).where('order_id', '=', orderId).executeTakeFirst();
    if (!f) throw new AppError('REPLY_FILE_NOT_FOUND', 404, '回复附件不存在');
    return { fileName: f.file_name, mime: f.mime, body: Buffer.from(f.content) };
  }

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
    const replyFiles = await db
      .selectFrom('hotline_reply_files')
      .select(['id', 'file_name', 'mime', 'size_bytes', 'sha256', 'replied_at'])
      .where('order_id', '=', id)
      .orderBy('id')
      .execute();
    const lastDispatch = [...events].reverse().find((e) => e.type === 'dispatch');
    const opinion = lastDispatch ? parseJson<{ opinion?: unknown }>(lastDispatch.data_json, {}).opinion : undefined;
    return {
      ...order,
      /** The centre's 派单意见 with the dispatch the unit holds the order by. */
      dispatchOpinion: typeof opinion === 'string' ? opinion : null,
      /** Files the unit attached to its replies (each reply's event names its own by sha256). */
      replyFiles: replyFiles.map((f): ReplyFileView => ({ id: Number(f.id), fileName: f.file_name, mime: f.mime, sizeBytes: Number(f.size_bytes), sha256: f.sha256, repliedAt: f.replied_at })),
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
