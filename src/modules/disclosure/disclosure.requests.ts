import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { nextSequence } from '../../kernel/db/db';
import { maskIdNumber, maskName, maskPhone, validateContactPhone, validateIdNumber, validateUscc } from '../../kernel/validators';
import { nowIso, siteScope, type DisclosureDeps } from './disclosure.context';
import {
  ANSWER_TYPES,
  ANSWER_TYPE_LABELS,
  CORRECTION_NOTICE_WORKDAYS,
  DELIVERY_LABELS,
  EXTENSION_MAX_WORKDAYS,
  GROUND_REQUIRED,
  REQUEST_STATUS_LABELS,
  explainRequestClock,
  requestClock,
  type AnswerType,
  type RequestClockInput,
  type RequestStatus,
} from './disclosure.rules';
import type { DisclosureRequestsTable } from './disclosure.tables';
import type { Selectable } from 'kysely';

export interface RequestInput {
  applicantKind: 'person' | 'org';
  applicantName: string;
  idNumber: string;
  phone: string;
  description: string;
  purpose?: string;
  delivery: 'email' | 'post' | 'pickup' | 'online';
  departmentId: number;
}

type RequestRow = Selectable<DisclosureRequestsTable>;

function queryCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/**
 * 依申请公开 (《政府信息公开条例》 2019): a request from anyone, answered within 20 working days of receipt
 * (art. 33), one extension of up to 20 with the approver recorded, a 补正 notice (within 7 working days,
 * art. 30) stopping the clock until the supplement arrives.
 */
export class RequestsService {
  constructor(private readonly d: DisclosureDeps) {}

  private get db() {
    return this.d.db;
  }
  private get ctx() {
    return this.d.ctx;
  }

  private clockInput(r: RequestRow, today = this.ctx.calendar.today()): RequestClockInput {
    return { receivedOn: r.received_on, correctionFrom: r.correction_from, correctionTo: r.correction_to, extensionDays: Number(r.extension_days), answeredOn: r.answered_on, today };
  }

  async submit(actor: Actor, input: RequestInput) {
    const name = input.applicantName.trim();
    if (!name) throw new AppError('NAME_REQUIRED', 422, '请填写申请人姓名或单位名称', { field: 'applicantName' });
    const description = input.description.trim();
    if (!description) throw new AppError('DESCRIPTION_REQUIRED', 422, '请描述所需政府信息的名称、文号或便于查询的特征', { field: 'description' });
    const today = this.ctx.calendar.today();
    const id = input.idNumber.trim().toUpperCase();
    const idCheck = input.applicantKind === 'person' ? validateIdNumber(id, today) : validateUscc(id);
    if (!idCheck.ok) throw new AppError('ID_INVALID', 422, input.applicantKind === 'person' ? `身份证号不正确：${idCheck.message}` : `统一社会信用代码不正确：${idCheck.message}`, { field: 'idNumber' });
    const phone = validateContactPhone(input.phone);
    if (!phone.ok) throw new AppError('PHONE_INVALID', 422, '联系电话不正确', { field: 'phone' });
    await this.ctx.services.org.byIdOrFail(input.departmentId);
    const code = queryCode();
    const received = today;
    const due = requestClock(this.ctx.calendar.current, { receivedOn: received, correctionFrom: null, correctionTo: null, extensionDays: 0, answeredOn: null, today }).promisedDueDate;
    return this.db.transaction().execute(async (tx) => {
      const seq = await nextSequence(tx, `disclosure.request.${received.slice(0, 4)}`);
      const requestNo = `YSQ${received.slice(0, 4)}${String(seq).padStart(5, '0')}`;
      const row = await tx
        .insertInto('disclosure_requests')
        .values({
          request_no: requestNo,
          query_code: code,
          applicant_kind: input.applicantKind,
          applicant_name: name,
          id_number: id,
          phone: phone.value,
          description,
          purpose: input.purpose?.trim() || null,
          delivery: input.delivery,
          department_id: input.departmentId,
          received_on: received,
          status: 'received',
          correction_from: null,
          correction_to: null,
          correction_note: null,
          extension_days: 0,
          extension_approver: null,
          extension_reason: null,
          answer_type: null,
          answer_text: null,
          legal_ground: null,
          answered_on: null,
          due_on: due,
          created_at: nowIso(this.ctx),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.request_received', subjectType: 'disclosure_request', subjectId: Number(row.id), after: { requestNo, departmentId: input.departmentId, delivery: input.delivery, applicantKind: input.applicantKind } });
      return { id: Number(row.id), requestNo, queryCode: code, receivedOn: received, dueOn: due };
    });
  }

  private async rowOrFail(actor: Actor, id: number): Promise<RequestRow> {
    const r = await this.db.selectFrom('disclosure_requests').selectAll().where('id', '=', id).executeTakeFirst();
    const scope = siteScope(actor);
    if (!r || (scope !== null && scope !== r.department_id)) throw notFound('REQUEST_NOT_FOUND', '申请不存在');
    return r;
  }

  private async update(actor: Actor, r: RequestRow, set: Partial<Omit<RequestRow, 'id'>>, action: string, after: Record<string, unknown>) {
    const next = { ...r, ...set };
    const due = requestClock(this.ctx.calendar.current, this.clockInput(next)).promisedDueDate;
    await this.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('disclosure_requests').set({ ...set, due_on: due }).where('id', '=', r.id).where('status', '=', r.status).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('REQUEST_CHANGED', 409, '申请已被他人处理，请刷新后重试');
      await recordAudit(tx, this.ctx.clock, actor, { action, subjectType: 'disclosure_request', subjectId: r.id, before: { status: r.status, dueOn: r.due_on }, after: { ...after, dueOn: due } });
    });
  }

  /** 补正: one notice within 7 working days of receipt (art. 30); the clock stops from the notice day. */
  async requestCorrection(actor: Actor, id: number, note: string) {
    const r = await this.rowOrFail(actor, id);
    if (r.status !== 'received') throw new AppError('REQUEST_STATE', 409, `申请状态为“${REQUEST_STATUS_LABELS[r.status as RequestStatus]}”，不能发出补正通知`, { status: r.status });
    if (r.correction_from) throw new AppError('CORRECTION_ONCE', 409, '补正应一次性告知，本申请已发出过补正通知');
    const text = note.trim();
    if (!text) throw new AppError('NOTE_REQUIRED', 422, '请写明需要补正的事项', { field: 'note' });
    const today = this.ctx.calendar.today();
    const used = this.ctx.calendar.current.workdaysBetween(r.received_on, today);
    if (used > CORRECTION_NOTICE_WORKDAYS) throw new AppError('CORRECTION_TOO_LATE', 422, `补正通知应在收到申请之日起 ${CORRECTION_NOTICE_WORKDAYS} 个工作日内发出（已过 ${used} 个工作日）`, { field: 'note' });
    await this.update(actor, r, { status: 'correcting', correction_from: today, correction_note: text }, 'disclosure.request_correction', { status: 'correcting', correctionFrom: today });
  }

  /** The supplement arrived: the clock runs again from today. */
  async corrected(actor: Actor, id: number) {
    const r = await this.rowOrFail(actor, id);
    if (r.status !== 'correcting') throw new AppError('REQUEST_STATE', 409, '申请不在补正中', { status: r.status });
    const today = this.ctx.calendar.today();
    await this.update(actor, r, { status: 'received', correction_to: today }, 'disclosure.request_corrected', { status: 'received', correctionTo: today });
  }

  /** One extension of at most 20 working days, approved by a named person before the due date (art. 33). */
  async extend(actor: Actor, id: number, input: { days: number; approver: string; reason: string }) {
    const r = await this.rowOrFail(actor, id);
    if (r.status !== 'received') throw new AppError('REQUEST_STATE', 409, '只有办理中的申请可以延期', { status: r.status });
    if (Number(r.extension_days) > 0) throw new AppError('EXTENSION_ONCE', 409, '答复期限只能延长一次');
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > EXTENSION_MAX_WORKDAYS) throw new AppError('EXTENSION_DAYS', 422, `延长期限为 1 至 ${EXTENSION_MAX_WORKDAYS} 个工作日`, { field: 'days' });
    if (!input.approver.trim()) throw new AppError('APPROVER_REQUIRED', 422, '延期须经政府信息公开工作机构负责人同意，请填写批准人', { field: 'approver' });
    if (!input.reason.trim()) throw new AppError('REASON_REQUIRED', 422, '请填写延期理由', { field: 'reason' });
    const today = this.ctx.calendar.today();
    if (today > r.due_on) throw new AppError('EXTENSION_TOO_LATE', 422, `答复期限（${r.due_on}）已过，不能再延期`, { field: 'days' });
    await this.update(actor, r, { extension_days: input.days, extension_approver: input.approver.trim(), extension_reason: input.reason.trim() }, 'disclosure.request_extended', { days: input.days, approver: input.approver.trim() });
  }

  async answer(actor: Actor, id: number, input: { type: AnswerType; text: string; legalGround?: string }) {
    const r = await this.rowOrFail(actor, id);
    if (r.status !== 'received') throw new AppError('REQUEST_STATE', 409, r.status === 'correcting' ? '申请人尚未补正，不能答复' : '申请已答复', { status: r.status });
    if (!ANSWER_TYPES.includes(input.type)) throw new AppError('ANSWER_TYPE', 422, '答复类型不正确', { field: 'type' });
    const ground = input.legalGround?.trim() ?? '';
    if (GROUND_REQUIRED.includes(input.type) && !ground) throw new AppError('LEGAL_GROUND_REQUIRED', 422, `“${ANSWER_TYPE_LABELS[input.type]}”须写明法律依据及理由`, { field: 'legalGround' });
    const text = input.text.trim();
    if (!text) throw new AppError('ANSWER_REQUIRED', 422, '请填写答复内容', { field: 'text' });
    const today = this.ctx.calendar.today();
    await this.update(actor, r, { status: 'answered', answer_type: input.type, answer_text: text, legal_ground: ground || null, answered_on: today }, 'disclosure.request_answered', { status: 'answered', type: input.type, answeredOn: today });
  }

  view(r: RequestRow, opts: { unmasked?: boolean } = {}) {
    const index = this.ctx.calendar.current;
    const input = this.clockInput(r);
    const clock = requestClock(index, input);
    return {
      id: Number(r.id),
      requestNo: r.request_no,
      applicantKind: r.applicant_kind,
      applicantName: opts.unmasked ? r.applicant_name : r.applicant_kind === 'person' ? maskName(r.applicant_name) : r.applicant_name,
      idNumber: opts.unmasked ? r.id_number : maskIdNumber(r.id_number),
      phone: opts.unmasked ? r.phone : maskPhone(r.phone),
      description: r.description,
      purpose: r.purpose,
      delivery: r.delivery,
      deliveryLabel: DELIVERY_LABELS[r.delivery] ?? r.delivery,
      departmentId: Number(r.department_id),
      receivedOn: r.received_on,
      status: r.status,
      statusLabel: REQUEST_STATUS_LABELS[r.status as RequestStatus],
      correction: r.correction_from ? { from: r.correction_from, to: r.correction_to, note: r.correction_note } : null,
      extension: Number(r.extension_days) > 0 ? { days: Number(r.extension_days), approver: r.extension_approver, reason: r.extension_reason } : null,
      answer: r.answer_type ? { type: r.answer_type, typeLabel: ANSWER_TYPE_LABELS[r.answer_type as AnswerType], text: r.answer_text, legalGround: r.legal_ground, answeredOn: r.answered_on } : null,
      dueOn: clock.promisedDueDate,
      workdaysLeft: clock.workdaysLeft,
      suspendedWorkdays: clock.suspendedWorkdays,
      overdue: clock.overdue,
      clockText: explainRequestClock(input, clock, index),
    };
  }

  async list(actor: Actor, f: { status?: string; page: number; pageSize: number }) {
    const scope = siteScope(actor);
    let q = this.db.selectFrom('disclosure_requests');
    if (scope !== null) q = q.where('department_id', '=', scope);
    if (f.status) q = q.where('status', '=', f.status);
    const total = await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
    return { items: rows.map((r) => this.view(r)), total: Number(total.n) };
  }

  async detail(actor: Actor, id: number) {
    return this.view(await this.rowOrFail(actor, id));
  }

  /** The applicant's details unmasked (the route records the view). */
  async unmasked(actor: Actor, id: number) {
    return this.view(await this.rowOrFail(actor, id), { unmasked: true });
  }

  /** The applicant's progress lookup by query code: no personal data in the answer. */
  async byCode(code: string) {
    const r = await this.db.selectFrom('disclosure_requests').selectAll().where('query_code', '=', code.trim().toUpperCase()).executeTakeFirst();
    if (!r) throw notFound('REQUEST_NOT_FOUND', '查询码不存在');
    const v = this.view(r);
    const dept = await this.ctx.services.org.byId(v.departmentId);
    return { ...v, applicantName: undefined, idNumber: undefined, phone: undefined, departmentName: dept?.name ?? null };
  }

  /** Open requests past their due date (red cards) and those with at most 3 working days left (yellow). */
  async late(today: string) {
    const rows = await this.db.selectFrom('disclosure_requests').selectAll().where('status', '=', 'received').execute();
    const out = [];
    for (const r of rows) {
      const c = requestClock(this.ctx.calendar.current, this.clockInput(r, today));
      if (c.overdue) out.push({ row: r, dueOn: c.promisedDueDate, kind: 'late' as const });
      else if (c.workdaysLeft <= 3) out.push({ row: r, dueOn: c.promisedDueDate, kind: 'near' as const });
    }
    return out;
  }

  /**
   * The yearly 依申请公开 table of the 政府信息公开工作年度报告: requests received in the year, those carried
   * over from the year before, answers in the year by type, and those carried over to the next year.
   */
  async yearly(year: number, departmentId: number | null) {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const base = () => {
      let q = this.db.selectFrom('disclosure_requests');
      if (departmentId !== null) q = q.where('department_id', '=', departmentId);
      return q;
    };
    const count = async (f: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => Number((await f(base()).select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
    const received = await count((q) => q.where('received_on', '>=', from).where('received_on', '<=', to));
    const carriedIn = await count((q) => q.where('received_on', '<', from).where((eb) => eb.or([eb('answered_on', 'is', null), eb('answered_on', '>=', from)])));
    const byType = await base()
      .select(['answer_type', sql<number>`cast(count(*) as integer)`.as('n')])
      .where('answered_on', '>=', from)
      .where('answered_on', '<=', to)
      .groupBy('answer_type')
      .execute();
    const answered = Object.fromEntries(ANSWER_TYPES.map((t) => [t, Number(byType.find((b) => b.answer_type === t)?.n ?? 0)])) as Record<AnswerType, number>;
    const carriedOut = await count((q) => q.where('received_on', '<=', to).where((eb) => eb.or([eb('answered_on', 'is', null), eb('answered_on', '>', to)])));
    return {
      year,
      received,
      carriedIn,
      answered: ANSWER_TYPES.map((t) => ({ type: t, label: ANSWER_TYPE_LABELS[t], count: answered[t] })),
      answeredTotal: Object.values(answered).reduce((a, b) => a + b, 0),
      carriedOut,
    };
  }
}
