import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { HotlineNeedsContext } from './hotline.context';
import { hasRole, readsAllDepartments, type Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { mayViewPersonalData, recordPersonalDataView } from '../../kernel/audit/personal-data';
import { enqueueNotification, registerTemplates } from '../../kernel/outbox/outbox';
import { nextSequence, parseJson, type DbOrTx, type Tx } from '../../kernel/db/db';
import { shanghaiDate } from '../../kernel/clock';
import { maskName, maskPhone, redactText, validateContactPhone } from '../../kernel/validators';
import type { OrgService } from '../org';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  HOTLINE_SETTING,
  mergeHotlineConfig,
  normalizeCategory,
  type Category,
  type Channel,
  type HotlineConfig,
} from './hotline.config';
import {
  ACTIONS,
  CALLBACK_RESULT_LABELS,
  FINAL_STATUSES,
  RuleError,
  STATUS_LABELS,
  UNIT_HOLDS,
  deputyFinishDueAt,
  extendDue,
  finishDueAt,
  lateKinds,
  mayTake,
  signDueAt,
  supervisionDueAt,
  transition,
  type ActionInput,
  type CallbackResult,
  type LateKind,
  type OrderStatus,
} from './hotline.rules';
import { countRows, hotlineKpis, periodInstants, type HotlineCounts, type Kpi, type HotlineKpiName } from './hotline.kpis';
import { callCounts, callsDaily, orderCounts, orderCountsByUnit, ordersDaily } from './hotline.daily';
import { markDaysChanged, runDailyRollup } from '../../kernel/rollup/daily-rollup';
import { SettingStore } from '../../kernel/settings';

registerTemplates({
  'hotline.dispatched': (p) => `【12345】贵单位有新工单 ${p.orderNo}（${p.category}），请于 ${p.signDue} 前签收。`,
  'hotline.supervised': (p) => `【12345督办】工单 ${p.orderNo} 已被督办，请于 ${p.due} 前办结并回复。`,
  'hotline.replied': (p) => `【12345】您反映的问题（工单号 ${p.orderNo}）已有答复，请留意回访电话。`,
  'hotline.extension': (p) => `【12345】工单 ${p.orderNo} 延期申请${p.approved ? '已批准，新期限 ' + p.due : '未获批准'}。`,
});

export type Deputy = { kind: 'npc' | 'cppcc'; name: string | null };

export interface CreateOrderInput {
  channel: Channel;
  category: string;
  content: string;
  title?: string;
  urgency?: 'normal' | 'urgent';
  line?: string;
  address?: string;
  lat?: number;
  long?: number;
  citizen?: { name?: string; phone?: string; email?: string };
  deputy?: Deputy | null;
  caseNo?: string;
  mediaUrl?: string;
  externalAccountId?: string;
}

export interface OrderActionInput extends ActionInput {
  kbEntryId?: number;
  seatId?: number;
  note?: string;
}

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

const SH = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = any;

/** Work orders (工单): intake, lifecycle, deadlines, scoping, ledger and KPIs. */
export class HotlineService {
  private readonly settings: SettingStore<HotlineConfig>;

  constructor(private readonly ctx: HotlineNeedsContext) {
    this.settings = new SettingStore(ctx, HOTLINE_SETTING);
  }

  private get org() {
    return this.ctx.services.org;
  }

  // --- configuration (kernel_settings `hotline.config`) --------------------------------------------

  /** `db` lets a caller inside a transaction read through it (SQLite has one connection: reading outside would wait forever). */
  config(db?: DbOrTx): Promise<HotlineConfig> {
    return this.settings.get(db);
  }

  /** Stores `override` merged over the defaults (not over the previous value), with an audit row. */
  setConfig(actor: Actor, override: Record<string, unknown>): Promise<HotlineConfig> {
    return this.settings.save(actor, mergeHotlineConfig(override));
  }

  // --- reading -------------------------------------------------------------------------------------

  /** Orders the actor may see: all for the centre and bureau readers, its own unit's for `unit`, own for citizens. */
  private scoped(db: DbOrTx, actor: Actor) {
    let q = db.selectFrom('hotline_orders');
    if (readsAllDepartments(actor) || hasRole(actor, 'operator')) return q;
    if (hasRole(actor, 'unit')) return q.where('unit_id', '=', actor.departmentId ?? -1);
    if (hasRole(actor, 'citizen')) return q.where('citizen_user_id', '=', actor.id ?? -1);
    q = q.where(sql<boolean>`1 = 0`);
    return q;
  }

  private async loadVisible(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
    const row = await this.scoped(db, actor).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('ORDER_NOT_FOUND', 404, `工单 ${id} 不存在`);
    return row;
  }

  async toOrder(r: Row, opts: { mask: boolean }) {
    const unit = r.unit_id === null ? null : await this.org.byId(Number(r.unit_id));
    const name = r.citizen_name ?? null;
    const phone = r.citizen_phone ?? null;
    const now = this.ctx.clock.now();
    const status = r.status as OrderStatus;
    return {
      id: Number(r.id),
      orderNo: r.order_no as string,
      channel: r.channel as Channel,
      channelLabel: CHANNEL_LABELS[r.channel as Channel] ?? r.channel,
      line: r.line as string,
      category: r.category as Category,
      categoryLabel: CATEGORY_LABELS[r.category as Category] ?? r.category,
      urgency: r.urgency as 'normal' | 'urgent',
      title: opts.mask ? redactText(r.title) : (r.title as string),
      content: opts.mask ? redactText(r.content) : (r.content as string),
      address: r.address ?? null,
      lat: r.lat === null || r.lat === undefined ? null : Number(r.lat),
      long: r.lng === null || r.lng === undefined ? null : Number(r.lng),
      citizen: {
        name: name && opts.mask ? maskName(name) : name,
        phone: phone && opts.mask ? maskPhone(phone) : phone,
      },
      deputy: r.deputy ? { kind: r.deputy as 'npc' | 'cppcc', name: r.deputy_name ?? null } : null,
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
      satisfaction: (r.satisfaction ?? null) as CallbackResult | null,
      finishedAt: r.finished_at ?? null,
      onTime: r.on_time === null || r.on_time === undefined ? null : Number(r.on_time) === 1,
      late: lateKinds({ status, signDueAt: r.sign_due_at, finishDueAt: r.finish_due_at }, now),
      createdAt: r.created_at as string,
      updatedAt: r.updated_at as string,
    };
  }

  async list(
    actor: Actor,
    q: { status?: string; category?: string; channel?: string; unitId?: number; deputy?: boolean; caseNo?: string; late?: boolean; extensionPending?: boolean; q?: string; page?: number; pageSize?: number },
  ) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    let base = this.scoped(this.ctx.db, actor);
    if (q.status) base = base.where('status', 'in', q.status.split(','));
    if (q.category) base = base.where('category', '=', normalizeCategory(q.category) ?? q.category);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.unitId !== undefined) base = base.where('unit_id', '=', q.unitId);
    if (q.deputy !== undefined) base = q.deputy ? base.where('deputy', 'is not', null) : base.where('deputy', 'is', null);
    if (q.caseNo) base = base.where('case_no', '=', q.caseNo);
    if (q.extensionPending !== undefined) base = base.where('extension_pending', '=', q.extensionPending ? 1 : 0);
    if (q.q) base = base.where((eb) => eb.or([eb('order_no', '=', q.q!), eb('title', 'like', `%${q.q}%`), eb('content', 'like', `%${q.q}%`)]));
    if (q.late) {
      const t = this.ctx.clock.now().toISOString();
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
    const r = await this.loadVisible(this.ctx.db, actor, id);
    const order = await this.toOrder(r, { mask: false });
    if (opts.maskContact) {
      order.citizen = { name: order.citizen.name && maskName(order.citizen.name), phone: order.citizen.phone && maskPhone(order.citizen.phone) };
    } else if (opts.recordView && mayViewPersonalData(actor, ['operator', 'unit', 'admin', 'leader', 'supervisor', 'citizen']) && (r.citizen_name || r.citizen_phone)) {
      await recordPersonalDataView(this.ctx.db, this.ctx.clock, actor, {
        subjectType: 'workorder',
        subjectId: id,
        fields: [...(r.citizen_name ? ['citizen.name'] : []), ...(r.citizen_phone ? ['citizen.phone'] : [])],
      });
    }
    const events = await this.ctx.db.selectFrom('hotline_events').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const extensions = await this.ctx.db.selectFrom('hotline_extensions').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const supervisions = await this.ctx.db.selectFrom('hotline_supervisions').selectAll().where('order_id', '=', id).orderBy('id').execute();
    const callbacks = await this.ctx.db.selectFrom('hotline_callbacks').selectAll().where('order_id', '=', id).orderBy('id').execute();
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
        resultLabel: c.result ? CALLBACK_RESULT_LABELS[c.result as CallbackResult] : null,
        note: c.note,
      })),
    };
  }

  // --- intake --------------------------------------------------------------------------------------

  /** Validates and writes a new order; `tx` lets the mailbox and Open311 write their own row in the same transaction. */
  async create(actor: Actor, input: CreateOrderInput, tx?: DbOrTx) {
    const cfg = await this.config(tx);
    const category = normalizeCategory(input.category);
    if (!category) throw new AppError('CATEGORY_UNKNOWN', 422, `未知的诉求类别：${input.category}`, { field: 'category' });
    const content = (input.content ?? '').trim();
    if (!content) throw new AppError('CONTENT_REQUIRED', 422, '请填写诉求内容', { field: 'content' });
    if (content.length > cfg.maxContentLength) throw new AppError('CONTENT_TOO_LONG', 422, `诉求内容不能超过 ${cfg.maxContentLength} 字`, { field: 'content' });
    let phone: string | null = null;
    if (input.citizen?.phone) {
      const p = validateContactPhone(input.citizen.phone);
      if (!p.ok) throw new AppError('PHONE_INVALID', 422, p.message, { field: 'citizen.phone' });
      phone = p.value;
    }
    const line = input.line ?? '12345';
    if (line !== '12345') {
      const l = await (tx ?? this.ctx.db).selectFrom('hotline_lines').select('code').where('code', '=', line).where('active', '=', 1).executeTakeFirst();
      if (!l) throw new AppError('LINE_UNKNOWN', 422, `未知的热线线路：${line}`, { field: 'line' });
    }
    if ((input.lat === undefined) !== (input.long === undefined)) throw new AppError('LOCATION_INCOMPLETE', 422, '经纬度须同时提供', { field: input.lat === undefined ? 'lat' : 'long' });
    const now = this.ctx.clock.now();
    const nowIso = now.toISOString();
    const title = (input.title?.trim() || content.replace(/\s+/g, ' ').slice(0, 30)).slice(0, 200);
    const write = async (w: DbOrTx) => {
      const day = shanghaiDate(now).replace(/-/g, '');
      const seq = await nextSequence(w, `hotline.order.${day}`);
      const orderNo = `GD${day}${String(seq).padStart(4, '0')}`;
      const row = await w
        .insertInto('hotline_orders')
        .values({
          order_no: orderNo,
          channel: input.channel,
          line,
          category,
          urgency: input.urgency ?? 'normal',
          title,
          content,
          address: input.address?.trim() || null,
          lat: input.lat ?? null,
          lng: input.long ?? null,
          citizen_name: input.citizen?.name?.trim() || null,
          citizen_phone: phone,
          citizen_email: input.citizen?.email?.trim() || null,
          citizen_user_id: hasRole(actor, 'citizen') ? actor.id : null,
          deputy: input.deputy?.kind ?? null,
          deputy_name: input.deputy?.name ?? null,
          case_no: input.caseNo?.trim() || null,
          status: 'received',
          media_url: input.mediaUrl ?? null,
          external_account_id: input.externalAccountId ?? null,
          created_by: actor.id,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      // Always a transaction (the caller's or ours): a write just after midnight may land on a rolled day.
      await markDaysChanged(w as Tx, ordersDaily, [SH(nowIso)]);
      await this.event(w, actor, id, 'created', null, 'received', null, { channel: input.channel, category, line });
      await recordAudit(w, this.ctx.clock, actor, {
        action: 'hotline.order.created',
        subjectType: 'workorder',
        subjectId: id,
        after: { orderNo, channel: input.channel, category, urgency: input.urgency ?? 'normal', line, deputy: input.deputy?.kind ?? null, caseNo: input.caseNo ?? null },
      });
      return id;
    };
    const id = tx ? await write(tx) : await this.ctx.db.transaction().execute(write);
    if (tx) return { id };
    return { id, order: await this.get(actor.kind === 'user' ? actor : { ...actor, roles: ['admin'] }, id) };
  }

  private async event(w: DbOrTx, actor: Actor, orderId: number, type: string, from: string | null, to: string | null, unitId: number | null, data: Record<string, unknown>) {
    await w
      .insertInto('hotline_events')
      .values({
        order_id: orderId,
        at: this.ctx.clock.now().toISOString(),
        type,
        actor_id: actor.id,
        actor_name: actor.name,
        from_status: from,
        to_status: to,
        unit_id: unitId,
        data_json: JSON.stringify(data),
      })
      .execute();
  }

  // --- lifecycle -----------------------------------------------------------------------------------

  async act(actor: Actor, id: number, input: OrderActionInput) {
    const cfg = await this.config();
    if (!ACTIONS.includes(input.action)) throw new AppError('ACTION_UNKNOWN', 422, `未知操作 ${input.action}`, { field: 'action' });
    const r = await this.loadVisible(this.ctx.db, actor, id);
    if (!mayTake(actor.roles, input.action)) throw new AppError('FORBIDDEN', 403, '无权执行此操作');
    const index = this.ctx.calendar.current;
    const now = this.ctx.clock.now();
    const nowIso = now.toISOString();
    const status = r.status as OrderStatus;

    let next;
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

    // Inputs that need the database, checked before anything is written.
    let unit = null;
    if (input.action === 'dispatch') {
      unit = await this.org.byId(input.unitId!);
      if (!unit || !unit.hotlineUnit || !unit.active) throw new AppError('UNIT_UNKNOWN', 422, `承办单位 ${input.unitId} 不是热线成员单位`, { field: 'unitId' });
    }
    let kb: Row = null;
    if (input.action === 'answer' && input.kbEntryId !== undefined) {
      kb = await this.ctx.db.selectFrom('hotline_kb').selectAll().where('id', '=', input.kbEntryId).where('status', '=', 'published').executeTakeFirst();
      if (!kb) throw new AppError('KB_ENTRY_UNKNOWN', 422, `知识库条目 ${input.kbEntryId} 不存在或未发布`, { field: 'kbEntryId' });
    }
    let seat: Row = null;
    if (input.action === 'transfer_expert') {
      if (input.seatId === undefined) throw new AppError('SEAT_REQUIRED', 422, '请选择专家坐席', { field: 'seatId' });
      seat = await this.ctx.db.selectFrom('hotline_expert_seats').selectAll().where('id', '=', input.seatId).where('active', '=', 1).executeTakeFirst();
      if (!seat) throw new AppError('SEAT_UNKNOWN', 422, `专家坐席 ${input.seatId} 不存在`, { field: 'seatId' });
    }

    const urgent = r.urgency === 'urgent';
    const deputy = r.deputy !== null && r.deputy !== undefined;
    const category = r.category as Category;
    const set: Record<string, unknown> = { status: next.status, return_count: next.returnCount, extension_pending: next.extensionPending ? 1 : 0, updated_at: nowIso };
    const data: Record<string, unknown> = {};
    const unitId = r.unit_id === null ? null : Number(r.unit_id);
    let autoLetterDue: Date | null = null;
    let extensionRow: Row = null;

    switch (input.action) {
      case 'answer':
        set.answer_content = input.content!.trim();
        set.kb_entry_id = kb ? Number(kb.id) : null;
        set.finished_at = nowIso;
        set.on_time = 1;
        data.kbEntryId = kb ? Number(kb.id) : null;
        break;
      case 'dispatch': {
        const sDue = signDueAt(index, now, urgent, cfg);
        const fDue = finishDueAt(index, now, category, urgent, deputy, cfg);
        Object.assign(set, {
          unit_id: unit!.id,
          dispatch_count: Number(r.dispatch_count) + 1,
          dispatched_at: nowIso,
          signed_at: null,
          sign_due_at: sDue.toISOString(),
          finish_due_at: fDue ? fDue.toISOString() : null,
          finished_at: null,
          on_time: null,
        });
        data.unitId = unit!.id;
        data.unitName = unit!.name;
        data.signDueAt = sDue.toISOString();
        data.finishDueAt = fDue?.toISOString() ?? null;
        break;
      }
      case 'sign':
        set.signed_at = nowIso;
        if (deputy && !urgent) {
          set.finish_due_at = deputyFinishDueAt(index, now, cfg).toISOString();
          data.finishDueAt = set.finish_due_at;
        }
        break;
      case 'return':
        Object.assign(set, { unit_id: null, sign_due_at: null, finish_due_at: null, signed_at: null });
        data.reason = input.reason!.trim();
        data.returnCount = next.returnCount;
        if (next.autoSupervise) {
          autoLetterDue = supervisionDueAt(index, now, cfg.supervisionWorkdays);
          set.supervised = 1;
        }
        break;
      case 'reply':
        set.replied_at = nowIso;
        set.reply_content = input.content!.trim();
        set.on_time = !r.finish_due_at || nowIso <= r.finish_due_at ? 1 : 0;
        data.onTime = set.on_time === 1;
        break;
      case 'request_extension':
        data.days = input.days;
        data.reason = input.reason!.trim();
        break;
      case 'approve_extension':
      case 'reject_extension': {
        extensionRow = await this.ctx.db.selectFrom('hotline_extensions').selectAll().where('order_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
        if (input.action === 'approve_extension' && extensionRow) {
          const base = r.finish_due_at ? new Date(r.finish_due_at) : now;
          set.finish_due_at = extendDue(index, base, Number(extensionRow.days)).toISOString();
          data.newDueAt = set.finish_due_at;
        }
        data.days = extensionRow ? Number(extensionRow.days) : null;
        if (input.note) data.note = input.note;
        break;
      }
      case 'supervise': {
        set.supervised = 1;
        const days = input.days ?? cfg.supervisionWorkdays;
        data.content = input.content!.trim();
        data.dueAt = supervisionDueAt(index, now, days).toISOString();
        break;
      }
      case 'transfer_expert':
        data.seatId = Number(seat.id);
        data.seatName = seat.name;
        data.departmentId = Number(seat.department_id);
        data.note = input.note ?? null;
        break;
      case 'callback':
        set.callback_attempts = Number(r.callback_attempts) + 1;
        if (input.reached) set.satisfaction = input.result;
        if (next.status === 'closed') set.finished_at = nowIso;
        if (next.status === 'reopened') set.finish_due_at = finishDueAt(index, now, category, urgent, false, cfg)!.toISOString();
        data.reached = input.reached;
        data.result = input.result ?? null;
        if (input.note) data.note = input.note;
        break;
      case 'close':
        set.finished_at = nowIso;
        if (input.reason) data.reason = input.reason;
        break;
      case 'reopen':
        set.finished_at = null;
        set.on_time = null;
        set.finish_due_at = finishDueAt(index, now, category, urgent, false, cfg)!.toISOString();
        data.reason = input.reason!.trim();
        break;
    }

    await this.ctx.db.transaction().execute(async (tx) => {
      // The status guard makes two racing actions on one order serialize: the loser gets a 409.
      const res = await tx.updateTable('hotline_orders').set(set).where('id', '=', id).where('status', '=', status).where('updated_at', '=', r.updated_at).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('ORDER_STATE_CONFLICT', 409, '工单已被他人更新，请刷新后重试', { status });
      // The order counts under the day it was received and the day it was finished (before and after this
      // action; unit, status, on-time and callback flags all move with it); a callback counts today.
      await markDaysChanged(tx, ordersDaily, [SH(r.created_at), SH(r.finished_at ?? null), SH((set.finished_at as string | null | undefined) ?? null), SH(nowIso)]);
      const eventUnit = (set.unit_id as number | null | undefined) ?? unitId;
      await this.event(tx, actor, id, input.action, status, next.status, eventUnit, data);
      switch (input.action) {
        case 'answer':
          if (kb) await tx.updateTable('hotline_kb').set({ usage_count: sql`usage_count + 1` }).where('id', '=', Number(kb.id)).execute();
          break;
        case 'dispatch':
          await enqueueNotification(tx, this.ctx.clock, {
            channel: 'department',
            recipient: `department:${unit!.id}`,
            template: 'hotline.dispatched',
            payload: { orderNo: r.order_no, category: CATEGORY_LABELS[category], signDue: data.signDueAt },
            dedupeKey: `hotline.dispatched:${id}:${Number(r.dispatch_count) + 1}`,
          });
          break;
        case 'return':
          if (autoLetterDue) {
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
                due_at: autoLetterDue.toISOString(),
              })
              .execute();
            await this.event(tx, actor, id, 'auto_supervise', next.status, next.status, null, { returnCount: next.returnCount, dueAt: autoLetterDue.toISOString() });
            await recordAudit(tx, this.ctx.clock, actor, { action: 'hotline.order.auto_supervised', subjectType: 'workorder', subjectId: id, after: { returnCount: next.returnCount } });
          }
          break;
        case 'reply':
          await tx.updateTable('hotline_supervisions').set({ answered_at: nowIso }).where('order_id', '=', id).where('answered_at', 'is', null).execute();
          if (r.citizen_phone) {
            await enqueueNotification(tx, this.ctx.clock, {
              channel: 'sms',
              recipient: r.citizen_phone,
              template: 'hotline.replied',
              payload: { orderNo: r.order_no },
              dedupeKey: `hotline.replied:${id}:${nowIso}`,
            });
          }
          break;
        case 'request_extension':
          await tx
            .insertInto('hotline_extensions')
            .values({ order_id: id, unit_id: unitId, days: input.days!, reason: input.reason!.trim(), status: 'pending', requested_at: nowIso, requested_by: actor.id, old_due_at: r.finish_due_at ?? null })
            .execute();
          break;
        case 'approve_extension':
        case 'reject_extension':
          if (extensionRow) {
            await tx
              .updateTable('hotline_extensions')
              .set({
                status: input.action === 'approve_extension' ? 'approved' : 'rejected',
                decided_at: nowIso,
                decided_by: actor.id,
                decision_note: input.note ?? input.reason ?? null,
                new_due_at: input.action === 'approve_extension' ? (set.finish_due_at as string) : null,
              })
              .where('id', '=', extensionRow.id)
              .execute();
            if (unitId !== null) {
              await enqueueNotification(tx, this.ctx.clock, {
                channel: 'department',
                recipient: `department:${unitId}`,
                template: 'hotline.extension',
                payload: { orderNo: r.order_no, approved: input.action === 'approve_extension', due: set.finish_due_at ? SH(set.finish_due_at as string) : null },
                dedupeKey: `hotline.extension:${extensionRow.id}`,
              });
            }
          }
          break;
        case 'supervise':
          await tx
            .insertInto('hotline_supervisions')
            .values({ order_id: id, unit_id: unitId, auto: 0, content: data.content as string, issued_at: nowIso, issued_by: actor.id, issued_by_name: actor.name, due_at: data.dueAt as string })
            .execute();
          if (unitId !== null) {
            await enqueueNotification(tx, this.ctx.clock, {
              channel: 'department',
              recipient: `department:${unitId}`,
              template: 'hotline.supervised',
              payload: { orderNo: r.order_no, due: SH(data.dueAt as string) },
              dedupeKey: `hotline.supervised:${id}:${nowIso}`,
            });
          }
          break;
        case 'callback':
          await tx
            .insertInto('hotline_callbacks')
            .values({ order_id: id, unit_id: unitId, at: nowIso, operator_id: actor.id, reached: input.reached ? 1 : 0, result: input.reached ? input.result! : null, note: input.note ?? null })
            .execute();
          break;
      }
      await recordAudit(tx, this.ctx.clock, actor, {
        action: `hotline.order.${input.action}`,
        subjectType: 'workorder',
        subjectId: id,
        before: { status, unitId, finishDueAt: r.finish_due_at ?? null, returnCount: Number(r.return_count) },
        after: { status: next.status, unitId: set.unit_id === undefined ? unitId : set.unit_id, finishDueAt: set.finish_due_at === undefined ? (r.finish_due_at ?? null) : set.finish_due_at, ...data },
      });
    });
    // After a return the unit no longer holds the order; answer with what the centre sees.
    const viewer = hasRole(actor, 'unit') && !readsAllDepartments(actor) && !hasRole(actor, 'operator') && next.status === 'returned' ? { ...actor, roles: ['operator' as const] } : actor;
    return this.get(viewer, id, { maskContact: true });
  }

  // --- for other modules -----------------------------------------------------------------------------

  /** Orders linked to a case number (a complaint about a stalled case shows on the case). */
  async ordersForCase(caseNo: string) {
    const rows = await this.ctx.db.selectFrom('hotline_orders').selectAll().where('case_no', '=', caseNo).orderBy('id').execute();
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
    const unsigned = await this.ctx.db.selectFrom('hotline_orders').select(cols).where('status', '=', 'dispatched').where('sign_due_at', '<', t).execute();
    const unfinished = await this.ctx.db.selectFrom('hotline_orders').select(cols).where('status', 'in', [...UNIT_HOLDS]).where('finish_due_at', '<', t).execute();
    const map = (r: Row, kind: LateKind): LateOrder => ({
      id: Number(r.id),
      orderNo: r.order_no,
      kind,
      unitId: r.unit_id === null ? null : Number(r.unit_id),
      dueAt: kind === 'sign_late' ? r.sign_due_at : r.finish_due_at,
      status: r.status,
      category: r.category,
      urgency: r.urgency,
      deputy: r.deputy ?? null,
    });
    return [...unsigned.map((r) => map(r, 'sign_late')), ...unfinished.map((r) => map(r, 'finish_late'))];
  }

  /** 人大代表/政协委员 台账. */
  async deputiesLedger(q: { kind?: 'npc' | 'cppcc'; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    let base = this.ctx.db.selectFrom('hotline_orders').where('deputy', 'is not', null);
    if (q.kind) base = base.where('deputy', '=', q.kind);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const items = [];
    for (const r of rows) items.push(await this.toOrder(r, { mask: true }));
    const summary = await this.ctx.db
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
    let base = this.ctx.db
      .selectFrom('hotline_supervisions as s')
      .innerJoin('hotline_orders as o', 'o.id', 's.order_id')
      .select(['s.id', 's.order_id', 's.auto', 's.content', 's.issued_at', 's.issued_by_name', 's.due_at', 's.answered_at', 'o.order_no', 'o.title', 'o.status', 'o.unit_id']);
    if (q.open) base = base.where('s.answered_at', 'is', null);
    const rows = await base.orderBy('s.id', 'desc').limit(200).execute();
    const now = this.ctx.clock.now().toISOString();
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

  // --- KPIs ----------------------------------------------------------------------------------------

  /** SQL aggregates with the same definitions as `countRows` (hotline.kpis.ts); closed days from the daily roll-ups. */
  async counts(from: string, to: string, departmentId?: number, o: { live?: boolean } = {}): Promise<HotlineCounts> {
    const cfg = await this.config();
    const p = periodInstants(from, to);
    const db = this.ctx.db;
    // Calls are the centre's, not a unit's: a department filter leaves them county-wide.
    const calls = await callCounts(db, from, to, cfg.answerWithinSeconds, o);
    const orders = await orderCounts(db, from, to, departmentId, o);
    // Letters (about a hundred a year) are read live through hotline_orders_mailbox.
    let lr = db.selectFrom('hotline_orders').where('channel', '=', 'mailbox').where('created_at', '>=', p.start).where('created_at', '<', p.end);
    if (departmentId !== undefined) lr = lr.where('unit_id', '=', departmentId);
    const lettersReceived = await lr
      .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number>`cast(coalesce(sum(case when finished_at is not null and finished_at < ${p.end} then 1 else 0 end), 0) as integer)`.as('done')])
      .executeTakeFirstOrThrow();
    let lf = db.selectFrom('hotline_orders').where('channel', '=', 'mailbox').where('finished_at', '>=', p.start).where('finished_at', '<', p.end);
    if (departmentId !== undefined) lf = lf.where('unit_id', '=', departmentId);
    // Day differences are computed in code from the two instants (Shanghai dates), the same on both dialects.
    const lettersFinished = await lf.select(['created_at', 'finished_at']).execute();
    let daySum = 0;
    for (const l of lettersFinished) {
      daySum += Math.round((Date.parse(`${SH(l.finished_at)}T00:00:00Z`) - Date.parse(`${SH(l.created_at)}T00:00:00Z`)) / 86400_000);
    }
    return {
      callsOffered: calls.offered,
      callsAnswered: calls.answered,
      callsAnsweredWithin: calls.answeredWithin,
      ordersFinished: orders.finished,
      ordersFinishedOnTime: orders.finished_on_time,
      ordersFinishedWithCallback: orders.finished_with_callback,
      callbacksRated: orders.callbacks_rated,
      callbacksSatisfied: orders.callbacks_satisfied,
      ordersReceived: orders.received,
      ordersAnsweredDirectly: orders.answered_directly,
      lettersReceived: Number(lettersReceived.n),
      lettersReceivedFinished: Number(lettersReceived.done),
      lettersFinished: lettersFinished.length,
      letterDaysSum: daySum,
    };
  }

  /**
   * Rolls calls, orders and callbacks up to yesterday (the job; `full` after an import or the generator).
   * The call roll-up is rebuilt in full when the 15-second threshold was changed since.
   */
  async rollupDaily(opts: { full?: boolean } = {}) {
    const cfg = await this.config();
    const o = { today: this.ctx.calendar.today(), now: this.ctx.clock.now().toISOString(), full: opts.full };
    return { calls: await runDailyRollup(this.ctx.db, callsDaily(cfg.answerWithinSeconds), o), orders: await runDailyRollup(this.ctx.db, ordersDaily, o) };
  }

  /** The KPI provider the stats module finds in ctx.services (`kpis(period, departmentId)`). */
  async kpis(period: { from: string; to: string }, departmentId?: number | null): Promise<Record<HotlineKpiName, Kpi>> {
    return hotlineKpis(await this.counts(period.from, period.to, departmentId ?? undefined));
  }

  /** The unit figures (on time, callback, satisfaction) for every member unit that had orders finished or rated. */
  async kpisByUnit(from: string, to: string) {
    const out = [];
    for (const [u, c] of await orderCountsByUnit(this.ctx.db, from, to)) {
      if (u === null || (c.finished === 0 && c.callbacks_rated === 0)) continue;
      const rate = (n: number, d: number) => ({ value: d ? n / d : null, numerator: n, denominator: d });
      out.push({
        unitId: u,
        unitName: (await this.org.byId(u))?.name ?? String(u),
        'hotline.onTimeRate': rate(c.finished_on_time, c.finished),
        'hotline.callbackRate': rate(c.finished_with_callback, c.finished),
        'hotline.satisfactionRate': rate(c.callbacks_satisfied, c.callbacks_rated),
      });
    }
    const collator = new Intl.Collator('zh');
    return out.sort((a, b) => collator.compare(a.unitName, b.unitName));
  }

  /** The reference (row) computation, used by tests to check the SQL against the definitions. */
  async countsByRows(from: string, to: string): Promise<HotlineCounts> {
    const cfg = await this.config();
    const calls = await this.ctx.db.selectFrom('hotline_calls').select(['started_at', 'answered', 'wait_seconds']).execute();
    const orders = await this.ctx.db.selectFrom('hotline_orders').select(['created_at', 'status', 'dispatch_count', 'finished_at', 'on_time', 'callback_attempts', 'channel']).execute();
    const callbacks = await this.ctx.db.selectFrom('hotline_callbacks').select(['at', 'reached', 'result']).execute();
    return countRows(
      {
        calls: calls.map((c) => ({ startedAt: c.started_at, answered: Number(c.answered) === 1, waitSeconds: Number(c.wait_seconds) })),
        orders: orders.map((o) => ({
          createdAt: o.created_at,
          status: o.status,
          dispatchCount: Number(o.dispatch_count),
          finishedAt: o.finished_at ?? null,
          onTime: o.on_time === null ? null : Number(o.on_time) === 1,
          callbackAttempts: Number(o.callback_attempts),
          channel: o.channel,
        })),
        callbacks: callbacks.map((c) => ({ at: c.at, reached: Number(c.reached) === 1, result: c.result ?? null })),
      },
      from,
      to,
      cfg.answerWithinSeconds,
    );
  }

  isFinal(status: OrderStatus) {
    return FINAL_STATUSES.includes(status);
  }
}

/** Unguessable public codes without look-alike characters (0/O, 1/I/L). */
export function randomCode(length: number): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}
