import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { shanghaiDate } from '../../kernel/clock';
import { indexDocuments } from '../../kernel/search';
import { maskName, maskPhone, validateContactPhone } from '../../kernel/validators';
import { assertSiteStaff, nowIso, siteScope, type DisclosureDeps } from './disclosure.context';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const POLICY_DOC = 'disclosure.policy';
export const INTERPRETATION_KINDS = ['text', 'graphic', 'video'] as const;
export type InterpretationKind = (typeof INTERPRETATION_KINDS)[number];
export const INTERPRETATION_KIND_LABELS: Record<InterpretationKind, string> = { text: '文字解读', graphic: '图文解读', video: '视频解读' };
/** A policy without an interpretation after this many working days is flagged (a yellow card). */
export const INTERPRETATION_DUE_WORKDAYS = 10;
export const NEW_MEDIA_PLATFORMS = ['wechat', 'weibo', 'douyin', 'toutiao', 'other'] as const;
export const NEW_MEDIA_PLATFORM_LABELS: Record<string, string> = { wechat: '微信公众号', weibo: '微博', douyin: '抖音', toutiao: '今日头条', other: '其他' };

const required = (v: string, field: string, label: string) => {
  const t = v.trim();
  if (!t) throw new AppError('FIELD_REQUIRED', 422, `请填写${label}`, { field });
  return t;
};

/** Policy documents and their 政策解读, 征集调查 with public opinions, the 政务新媒体 registry and 读网 duty. */
export class ExtrasService {
  constructor(private readonly d: DisclosureDeps) {}

  private get db() {
    return this.d.db;
  }
  private get ctx() {
    return this.d.ctx;
  }

  // ——— policies and interpretations ———

  async createPolicy(actor: Actor, input: { departmentId: number; docNo: string; title: string; issuer: string; issuedOn: string; validUntil?: string | null; body: string }) {
    assertSiteStaff(actor, input.departmentId);
    const v = { docNo: required(input.docNo, 'docNo', '文号'), title: required(input.title, 'title', '标题'), issuer: required(input.issuer, 'issuer', '发文机关'), body: required(input.body, 'body', '正文') };
    if (input.validUntil && input.validUntil < input.issuedOn) throw new AppError('VALIDITY_INVALID', 422, '有效期不能早于成文日期', { field: 'validUntil' });
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_policies')
        .values({ department_id: input.departmentId, doc_no: v.docNo, title: v.title, issuer: v.issuer, issued_on: input.issuedOn, valid_until: input.validUntil ?? null, body: v.body, created_at: nowIso(this.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await indexDocuments(tx, POLICY_DOC, [{ docId: id, title: v.title, fields: [{ field: 'title', text: v.title, weight: 10 }, { field: 'docNo', text: v.docNo, weight: 8 }, { field: 'body', text: v.body.slice(0, 4000), weight: 2 }] }]);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.policy_created', subjectType: 'disclosure_policy', subjectId: id, after: { docNo: v.docNo, title: v.title, issuedOn: input.issuedOn } });
      return { id };
    });
  }

  async addInterpretation(actor: Actor, policyId: number, input: { kind: InterpretationKind; title: string; content: string; url?: string | null }) {
    const p = await this.db.selectFrom('disclosure_policies').select(['id', 'department_id']).where('id', '=', policyId).executeTakeFirst();
    if (!p) throw notFound('POLICY_NOT_FOUND', '政策文件不存在');
    assertSiteStaff(actor, p.department_id);
    const title = required(input.title, 'title', '解读标题');
    const content = required(input.content, 'content', '解读内容');
    if (input.kind === 'video' && !/^https?:\/\//.test(input.url ?? '')) throw new AppError('URL_REQUIRED', 422, '视频解读须提供以 http(s):// 开头的视频链接', { field: 'url' });
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_interpretations')
        .values({ policy_id: policyId, kind: input.kind, title, content, url: input.url ?? null, published_on: this.ctx.calendar.today(), created_at: nowIso(this.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.interpretation_added', subjectType: 'disclosure_policy', subjectId: policyId, after: { interpretationId: Number(row.id), kind: input.kind, title } });
      return { id: Number(row.id) };
    });
  }

  /** Policies with their interpretations side by side; `departmentId` null: all. */
  async policies(departmentId: number | null, ids?: number[]) {
    let q = this.db.selectFrom('disclosure_policies').selectAll().orderBy('issued_on', 'desc').orderBy('id', 'desc');
    if (departmentId !== null) q = q.where('department_id', '=', departmentId);
    if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
    const rows = await q.limit(200).execute();
    const interp = rows.length
      ? await this.db.selectFrom('disclosure_interpretations').selectAll().where('policy_id', 'in', rows.map((r) => r.id)).orderBy('id').execute()
      : [];
    const today = this.ctx.calendar.today();
    const index = this.ctx.calendar.current;
    return rows.map((r) => {
      const interpretationDueOn = index.addWorkdays(r.issued_on, INTERPRETATION_DUE_WORKDAYS);
      const mine = interp.filter((i) => i.policy_id === r.id);
      return {
      id: Number(r.id),
      departmentId: Number(r.department_id),
      /** The last day an interpretation is due, and whether the policy is past it without one. */
      interpretationDueOn,
      uninterpreted: mine.length === 0 && interpretationDueOn < today,
      docNo: r.doc_no,
      title: r.title,
      issuer: r.issuer,
      issuedOn: r.issued_on,
      validUntil: r.valid_until,
      body: r.body,
      interpretations: mine.map((i) => ({ id: Number(i.id), kind: i.kind, kindLabel: INTERPRETATION_KIND_LABELS[i.kind as InterpretationKind] ?? i.kind, title: i.title, content: i.content, url: i.url, publishedOn: i.published_on })),
      };
    });
  }

  /** Policies issued more than N working days ago without any interpretation. */
  async uninterpreted(today: string) {
    const rows = await this.db
      .selectFrom('disclosure_policies as p')
      .leftJoin('disclosure_interpretations as i', 'i.policy_id', 'p.id')
      .select(['p.id', 'p.doc_no', 'p.title', 'p.department_id', 'p.issued_on'])
      .where('i.id', 'is', null)
      .execute();
    const index = this.ctx.calendar.current;
    return rows
      .map((r) => ({ ...r, dueOn: index.addWorkdays(r.issued_on, INTERPRETATION_DUE_WORKDAYS) }))
      .filter((r) => r.dueOn < today);
  }

  // ——— consultations ———

  async createConsultation(actor: Actor, input: { departmentId: number; title: string; body: string; questions: string[]; opensOn: string; closesOn: string }) {
    assertSiteStaff(actor, input.departmentId);
    const title = required(input.title, 'title', '标题');
    const body = required(input.body, 'body', '征求意见稿');
    if (input.closesOn < input.opensOn) throw new AppError('PERIOD_INVALID', 422, '截止日期不能早于开始日期', { field: 'closesOn' });
    const questions = input.questions.map((q) => q.trim()).filter(Boolean);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_consultations')
        .values({ department_id: input.departmentId, title, body, questions_json: JSON.stringify(questions), opens_on: input.opensOn, closes_on: input.closesOn, feedback: null, feedback_on: null, created_at: nowIso(this.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.consultation_created', subjectType: 'disclosure_consultation', subjectId: Number(row.id), after: { title, opensOn: input.opensOn, closesOn: input.closesOn } });
      return { id: Number(row.id) };
    });
  }

  async submitOpinion(actor: Actor, id: number, input: { content: string; answers?: string[]; contactName?: string; contactPhone?: string }) {
    const c = await this.db.selectFrom('disclosure_consultations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('CONSULTATION_NOT_FOUND', '征集不存在');
    const today = this.ctx.calendar.today();
    if (today < c.opens_on) throw new AppError('CONSULTATION_NOT_OPEN', 409, `征集将于 ${c.opens_on} 开始`);
    if (today > c.closes_on) throw new AppError('CONSULTATION_CLOSED', 409, `征集已于 ${c.closes_on} 截止，不再接收意见`);
    const content = required(input.content, 'content', '意见内容');
    let phone: string | null = null;
    if (input.contactPhone?.trim()) {
      const p = validateContactPhone(input.contactPhone);
      if (!p.ok) throw new AppError('PHONE_INVALID', 422, '联系电话不正确', { field: 'contactPhone' });
      phone = p.value;
    }
    const now = nowIso(this.ctx);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_opinions')
        .values({ consultation_id: id, content, answers_json: JSON.stringify(input.answers ?? []), contact_name: input.contactName?.trim() || null, contact_phone: phone, created_at: now, created_on: shanghaiDate(new Date(now)) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.opinion_received', subjectType: 'disclosure_consultation', subjectId: id, after: { opinionId: Number(row.id) } });
      return { id: Number(row.id) };
    });
  }

  async publishFeedback(actor: Actor, id: number, feedback: string) {
    const c = await this.db.selectFrom('disclosure_consultations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('CONSULTATION_NOT_FOUND', '征集不存在');
    assertSiteStaff(actor, c.department_id);
    const today = this.ctx.calendar.today();
    if (today <= c.closes_on) throw new AppError('CONSULTATION_OPEN', 409, '征集截止后才能发布采纳情况');
    const text = required(feedback, 'feedback', '采纳情况');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('disclosure_consultations').set({ feedback: text, feedback_on: today }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.consultation_feedback', subjectType: 'disclosure_consultation', subjectId: id, before: { feedback: c.feedback }, after: { feedbackOn: today } });
    });
  }

  async consultations(opts: { departmentId: number | null; openOnly?: boolean }) {
    const today = this.ctx.calendar.today();
    let q = this.db
      .selectFrom('disclosure_consultations as c')
      .leftJoin('disclosure_opinions as o', 'o.consultation_id', 'c.id')
      .select(['c.id', 'c.department_id', 'c.title', 'c.body', 'c.questions_json', 'c.opens_on', 'c.closes_on', 'c.feedback', 'c.feedback_on', sql<number>`cast(count(o.id) as integer)`.as('opinions')])
      .groupBy(['c.id', 'c.department_id', 'c.title', 'c.body', 'c.questions_json', 'c.opens_on', 'c.closes_on', 'c.feedback', 'c.feedback_on'])
      .orderBy('c.opens_on', 'desc');
    if (opts.departmentId !== null) q = q.where('c.department_id', '=', opts.departmentId);
    if (opts.openOnly) q = q.where('c.opens_on', '<=', today).where('c.closes_on', '>=', today);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      departmentId: Number(r.department_id),
      title: r.title,
      body: r.body,
      questions: JSON.parse(r.questions_json) as string[],
      opensOn: r.opens_on,
      closesOn: r.closes_on,
      open: r.opens_on <= today && today <= r.closes_on,
      feedback: r.feedback,
      feedbackOn: r.feedback_on,
      opinions: Number(r.opinions),
    }));
  }

  /** Staff view of the opinions of a consultation: contacts masked. */
  async opinions(actor: Actor, id: number) {
    const c = await this.db.selectFrom('disclosure_consultations').select(['department_id']).where('id', '=', id).executeTakeFirst();
    const scope = siteScope(actor);
    if (!c || (scope !== null && scope !== c.department_id)) throw notFound('CONSULTATION_NOT_FOUND', '征集不存在');
    const rows = await this.db.selectFrom('disclosure_opinions').selectAll().where('consultation_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), content: r.content, answers: JSON.parse(r.answers_json) as string[], contactName: r.contact_name ? maskName(r.contact_name) : null, contactPhone: r.contact_phone ? maskPhone(r.contact_phone) : null, createdAt: r.created_at }));
  }

  // ——— new media and 读网 duty ———

  async registerAccount(actor: Actor, input: { departmentId: number; name: string; platform: string; updateDays?: number; lastUpdateOn?: string | null }) {
    assertSiteStaff(actor, input.departmentId);
    const name = required(input.name, 'name', '账号名称');
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_new_media')
        .values({ department_id: input.departmentId, name, platform: input.platform, update_days: input.updateDays ?? 14, last_update_on: input.lastUpdateOn ?? null, created_at: nowIso(this.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.new_media_registered', subjectType: 'disclosure_new_media', subjectId: Number(row.id), after: { name, platform: input.platform } });
      return { id: Number(row.id) };
    });
  }

  async touchAccount(actor: Actor, id: number, lastUpdateOn: string) {
    const a = await this.db.selectFrom('disclosure_new_media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('ACCOUNT_NOT_FOUND', '账号不存在');
    assertSiteStaff(actor, a.department_id);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('disclosure_new_media').set({ last_update_on: lastUpdateOn }).where('id', '=', id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.new_media_updated', subjectType: 'disclosure_new_media', subjectId: id, before: { lastUpdateOn: a.last_update_on }, after: { lastUpdateOn } });
    });
  }

  async accounts(departments: DepartmentScope) {
    const today = this.ctx.calendar.today();
    let q = this.db.selectFrom('disclosure_new_media').selectAll().where('active', '=', 1).orderBy('department_id').orderBy('id');
    q = q.where(inDepartments('department_id', departments));
    return (await q.execute()).map((r) => {
      const age = r.last_update_on ? (Date.parse(today) - Date.parse(r.last_update_on)) / 86_400_000 : null;
      return { id: Number(r.id), departmentId: Number(r.department_id), name: r.name, platform: r.platform, platformLabel: NEW_MEDIA_PLATFORM_LABELS[r.platform] ?? r.platform, updateDays: Number(r.update_days), lastUpdateOn: r.last_update_on, overdue: age === null || age > Number(r.update_days) };
    });
  }

  async recordDutyCheck(actor: Actor, input: { findings: string; problems: number }) {
    const findings = required(input.findings, 'findings', '检查情况');
    const now = nowIso(this.ctx);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_duty_checks')
        .values({ checked_by: actor.name, checked_at: now, checked_on: shanghaiDate(new Date(now)), findings, problems: input.problems })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.duty_checked', subjectType: 'disclosure_duty_check', subjectId: Number(row.id), after: { problems: input.problems } });
      return { id: Number(row.id) };
    });
  }

  async dutyChecks(limit = 50) {
    const rows = await this.db.selectFrom('disclosure_duty_checks').selectAll().orderBy('checked_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: Number(r.id), checkedBy: r.checked_by, checkedAt: r.checked_at, findings: r.findings, problems: Number(r.problems) }));
  }
}
