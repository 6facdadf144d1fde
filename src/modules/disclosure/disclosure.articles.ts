import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { shanghaiDate } from '../../kernel/clock';
import { indexDocuments, removeDocuments } from '../../kernel/search';
import { assertSiteStaff, nowIso, siteScope, type DisclosureDeps } from './disclosure.context';
import {
  ARTICLE_STATUS_LABELS,
  COLUMN_KIND_LABELS,
  DEFAULT_UPDATE_DAYS,
  STEP_LABELS,
  articleActionProblem,
  columnStale,
  hasActiveContent,
  reviewerProblem,
  sanitizeBody,
  stepOf,
  threeDistinctPasses,
  type ArticleAction,
  type ArticleStatus,
  type ColumnKind,
} from './disclosure.rules';
import type { DisclosureDbOrTx } from './disclosure.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export const ARTICLE_DOC = 'disclosure.article';

export interface ColumnInput {
  departmentId: number;
  name: string;
  kind: ColumnKind;
  updateDays?: number | null;
}

export interface ArticleInput {
  columnId: number;
  title: string;
  bodyHtml: string;
  scheduledAt?: string | null;
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();

/** Columns (栏目) and articles under 三审制: draft → 初审 → 复审 → 终审 → published. */
export class ArticlesService {
  constructor(private readonly d: DisclosureDeps) {}

  private get db() {
    return this.d.db;
  }
  private get ctx() {
    return this.d.ctx;
  }

  // ——— columns ———

  async createColumn(actor: Actor, input: ColumnInput) {
    assertSiteStaff(actor, input.departmentId);
    await this.ctx.services.org.byIdOrFail(input.departmentId);
    const name = input.name.trim();
    if (!name) throw new AppError('NAME_REQUIRED', 422, '请填写栏目名称', { field: 'name' });
    const updateDays = input.updateDays === undefined ? DEFAULT_UPDATE_DAYS[input.kind] : input.updateDays;
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_columns')
        .values({ department_id: input.departmentId, name, kind: input.kind, update_days: updateDays, created_at: nowIso(this.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.column_created', subjectType: 'disclosure_column', subjectId: id, after: { ...input, name, updateDays } });
      return { id };
    });
  }

  /** Columns with their newest publication day; `departmentId` null: every site. */
  async columns(departments: DepartmentScope, db: DisclosureDbOrTx = this.db) {
    let q = db
      .selectFrom('disclosure_columns as c')
      .leftJoin('disclosure_articles as a', (j) => j.onRef('a.column_id', '=', 'c.id').on('a.status', '=', 'published'))
      .select(['c.id', 'c.department_id', 'c.name', 'c.kind', 'c.update_days', sql<string | null>`max(a.published_on)`.as('last_published_on'), sql<number>`cast(count(a.id) as integer)`.as('articles')])
      .where('c.active', '=', 1)
      .groupBy(['c.id', 'c.department_id', 'c.name', 'c.kind', 'c.update_days'])
      .orderBy('c.department_id')
      .orderBy('c.id');
    q = q.where(inDepartments('c.department_id', departments));
    const rows = await q.execute();
    const today = this.ctx.calendar.today();
    return rows.map((r) => ({
      id: Number(r.id),
      departmentId: Number(r.department_id),
      name: r.name,
      kind: r.kind as ColumnKind,
      kindLabel: COLUMN_KIND_LABELS[r.kind as ColumnKind] ?? r.kind,
      updateDays: r.update_days === null ? null : Number(r.update_days),
      lastPublishedOn: r.last_published_on,
      articles: Number(r.articles),
      /** Today's flag by the update rule (the sweep raises the card): empty, overdue or null. */
      stale: columnStale(r.update_days === null ? null : Number(r.update_days), r.last_published_on, today),
    }));
  }

  private async columnOrFail(id: number, db: DisclosureDbOrTx = this.db) {
    const c = await db.selectFrom('disclosure_columns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw new AppError('COLUMN_NOT_FOUND', 422, '栏目不存在', { field: 'columnId' });
    return c;
  }

  // ——— articles ———

  private cleanBody(html: string): string {
    if (hasActiveContent(html)) throw new AppError('BODY_UNSAFE', 422, '正文含有脚本或事件代码，请删除后再保存', { field: 'bodyHtml' });
    const clean = sanitizeBody(html);
    if (!textOf(clean)) throw new AppError('BODY_REQUIRED', 422, '请填写正文', { field: 'bodyHtml' });
    return clean;
  }

  private checkTitle(title: string): string {
    const t = title.trim();
    if (!t) throw new AppError('TITLE_REQUIRED', 422, '请填写标题', { field: 'title' });
    return t;
  }

  private checkSchedule(at: string | null | undefined): string | null {
    if (!at) return null;
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) throw new AppError('SCHEDULE_INVALID', 422, '定时发布时间格式不正确', { field: 'scheduledAt' });
    return new Date(ms).toISOString();
  }

  async createDraft(actor: Actor, input: ArticleInput) {
    const column = await this.columnOrFail(input.columnId);
    assertSiteStaff(actor, column.department_id);
    const title = this.checkTitle(input.title);
    const body = this.cleanBody(input.bodyHtml);
    const scheduledAt = this.checkSchedule(input.scheduledAt);
    const now = nowIso(this.ctx);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('disclosure_articles')
        .values({
          column_id: column.id,
          department_id: column.department_id,
          title,
          body_html: body,
          status: 'draft',
          version: 1,
          round: 0,
          author_id: actor.id,
          author_name: actor.name,
          scheduled_at: scheduledAt,
          published_at: null,
          published_on: null,
          withdrawn_at: null,
          withdraw_reason: null,
          reject_reason: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await tx.insertInto('disclosure_article_versions').values({ article_id: id, version: 1, title, body_html: body, edited_by: actor.name, created_at: now }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.article_drafted', subjectType: 'disclosure_article', subjectId: id, after: { columnId: column.id, title, scheduledAt } });
      return { id };
    });
  }

  private async articleOrFail(id: number, db: DisclosureDbOrTx = this.db) {
    const a = await db.selectFrom('disclosure_articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('ARTICLE_NOT_FOUND', '稿件不存在');
    return a;
  }

  private guard(action: ArticleAction, status: string) {
    const problem = articleActionProblem(action, status as ArticleStatus);
    if (problem) throw new AppError('ARTICLE_STATE', 409, problem, { status });
  }

  /** Edits a draft: every save is a new version; old versions are kept. */
  async edit(actor: Actor, id: number, input: Omit<ArticleInput, 'columnId'>) {
    const a = await this.articleOrFail(id);
    assertSiteStaff(actor, a.department_id);
    this.guard('edit', a.status);
    const title = this.checkTitle(input.title);
    const body = this.cleanBody(input.bodyHtml);
    const scheduledAt = input.scheduledAt === undefined ? a.scheduled_at : this.checkSchedule(input.scheduledAt);
    const now = nowIso(this.ctx);
    await this.db.transaction().execute(async (tx) => {
      const version = a.version + 1;
      const r = await tx.updateTable('disclosure_articles').set({ title, body_html: body, scheduled_at: scheduledAt, version, updated_at: now }).where('id', '=', id).where('version', '=', a.version).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('ARTICLE_CHANGED', 409, '稿件已被他人修改，请刷新后重试');
      await tx.insertInto('disclosure_article_versions').values({ article_id: id, version, title, body_html: body, edited_by: actor.name, created_at: now }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.article_edited', subjectType: 'disclosure_article', subjectId: id, before: { version: a.version, title: a.title }, after: { version, title, scheduledAt } });
    });
  }

  /** Sends a draft to 初审; each submission starts a new review round. */
  async submit(actor: Actor, id: number) {
    const a = await this.articleOrFail(id);
    assertSiteStaff(actor, a.department_id);
    this.guard('submit', a.status);
    await this.transition(actor, a, { status: 'review1', round: a.round + 1, reject_reason: null }, 'disclosure.article_submitted');
  }

  /** One review decision on the current step: pass moves on (终审 publishes), reject returns the draft. */
  async review(actor: Actor, id: number, decision: 'pass' | 'reject', opinion: string) {
    const a = await this.articleOrFail(id);
    if (!hasRole(actor, 'admin', 'leader')) assertSiteStaff(actor, a.department_id);
    this.guard(decision, a.status);
    const text = opinion.trim();
    if (!text) throw new AppError('OPINION_REQUIRED', 422, decision === 'reject' ? '退回须填写理由' : '请填写审核意见', { field: 'opinion' });
    if (actor.id === null) throw new AppError('REVIEWER_REQUIRED', 403, '审核须由实名账号完成');
    const step = stepOf(a.status as ArticleStatus)!;
    const now = nowIso(this.ctx);
    await this.db.transaction().execute(async (tx) => {
      const earlier = await tx.selectFrom('disclosure_reviews').select(['step', 'reviewer_id', 'decision']).where('article_id', '=', id).where('round', '=', a.round).execute();
      const problem = reviewerProblem(actor.id!, a.author_id, earlier.map((e) => Number(e.reviewer_id)));
      if (problem) throw new AppError('REVIEWER_NOT_ALLOWED', 422, problem, { step });
      await tx.insertInto('disclosure_reviews').values({ article_id: id, round: a.round, step, reviewer_id: actor.id!, reviewer_name: actor.name, decision, opinion: text, created_at: now }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: `disclosure.article_${decision === 'pass' ? 'passed' : 'rejected'}`, subjectType: 'disclosure_article', subjectId: id, before: { status: a.status }, after: { step, decision, opinion: text } });
      if (decision === 'reject') {
        await this.setState(tx, a, { status: 'draft', reject_reason: text });
        return;
      }
      if (step < 3) {
        await this.setState(tx, a, { status: `review${step + 1}` });
        return;
      }
      const passes = [...earlier.filter((e) => e.decision === 'pass').map((e) => ({ step: Number(e.step), reviewerId: Number(e.reviewer_id) })), { step, reviewerId: actor.id! }];
      if (!threeDistinctPasses(a.author_id, passes)) throw new AppError('REVIEWS_INCOMPLETE', 409, '未经三个不同账号的初审、复审、终审，不能发布');
      if (a.scheduled_at && a.scheduled_at > now) await this.setState(tx, a, { status: 'scheduled' });
      else await this.publishIn(tx, a, now);
    });
  }

  /** Publishes scheduled articles whose time has come (the `disclosure.publish_scheduled` job). */
  async publishDue() {
    const now = nowIso(this.ctx);
    const due = await this.db.selectFrom('disclosure_articles').selectAll().where('status', '=', 'scheduled').where('scheduled_at', '<=', now).execute();
    for (const a of due) {
      await this.db.transaction().execute(async (tx) => {
        await this.publishIn(tx, a, now);
        await recordAudit(tx, this.ctx.clock, { kind: 'system', id: null, username: 'system:disclosure.publish_scheduled', name: '系统', roles: [], departmentId: null }, { action: 'disclosure.article_published', subjectType: 'disclosure_article', subjectId: a.id, before: { status: 'scheduled' }, after: { status: 'published', publishedAt: now } });
      });
    }
    return { published: due.length };
  }

  private async publishIn(tx: DisclosureDbOrTx, a: { id: number; title: string; body_html: string; version: number }, now: string) {
    const r = await tx
      .updateTable('disclosure_articles')
      .set({ status: 'published', published_at: now, published_on: shanghaiDate(new Date(now)), updated_at: now })
      .where('id', '=', a.id)
      .where('version', '=', a.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('ARTICLE_CHANGED', 409, '稿件已被他人处理，请刷新后重试');
    await indexDocuments(tx, ARTICLE_DOC, [{ docId: a.id, title: a.title, fields: [{ field: 'title', text: a.title, weight: 10 }, { field: 'body', text: textOf(a.body_html).slice(0, 4000), weight: 2 }] }]);
  }

  async withdraw(actor: Actor, id: number, reason: string) {
    const a = await this.articleOrFail(id);
    assertSiteStaff(actor, a.department_id);
    this.guard('withdraw', a.status);
    const text = reason.trim();
    if (!text) throw new AppError('REASON_REQUIRED', 422, '撤回须填写原因', { field: 'reason' });
    await this.db.transaction().execute(async (tx) => {
      await this.setState(tx, a, { status: 'withdrawn', withdrawn_at: nowIso(this.ctx), withdraw_reason: text });
      await removeDocuments(tx, ARTICLE_DOC, [id]);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'disclosure.article_withdrawn', subjectType: 'disclosure_article', subjectId: id, before: { status: a.status }, after: { status: 'withdrawn', reason: text } });
    });
  }

  private async transition(actor: Actor, a: { id: number; status: string; version: number }, set: Parameters<ArticlesService['setState']>[2], action: string) {
    await this.db.transaction().execute(async (tx) => {
      await this.setState(tx, a, set);
      await recordAudit(tx, this.ctx.clock, actor, { action, subjectType: 'disclosure_article', subjectId: a.id, before: { status: a.status }, after: { status: set.status } });
    });
  }

  /** Changes the state only if nobody moved the article since it was read (the status is the guard). */
  private async setState(
    tx: DisclosureDbOrTx,
    a: { id: number; status: string },
    set: { status: string; round?: number; reject_reason?: string | null; withdrawn_at?: string; withdraw_reason?: string },
  ) {
    const r = await tx.updateTable('disclosure_articles').set({ ...set, updated_at: nowIso(this.ctx) }).where('id', '=', a.id).where('status', '=', a.status).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('ARTICLE_CHANGED', 409, '稿件已被他人处理，请刷新后重试');
  }

  // ——— reads ———

  async list(actor: Actor, f: { status?: string; columnId?: number; page: number; pageSize: number }) {
    const scope = siteScope(actor);
    let q = this.db.selectFrom('disclosure_articles');
    if (scope !== null) q = q.where('department_id', '=', scope);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.columnId) q = q.where('column_id', '=', f.columnId);
    const total = await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select(['id', 'column_id', 'department_id', 'title', 'status', 'version', 'author_name', 'published_on', 'scheduled_at', 'updated_at', 'reject_reason'])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        columnId: Number(r.column_id),
        departmentId: Number(r.department_id),
        title: r.title,
        status: r.status,
        statusLabel: ARTICLE_STATUS_LABELS[r.status as ArticleStatus],
        version: Number(r.version),
        authorName: r.author_name,
        publishedOn: r.published_on,
        scheduledAt: r.scheduled_at,
        updatedAt: r.updated_at,
        rejectReason: r.reject_reason,
      })),
      total: Number(total.n),
    };
  }

  /** One article with its versions, the reviews of every round and its attachments (staff view). */
  async detail(actor: Actor, id: number) {
    const a = await this.articleOrFail(id);
    const scope = siteScope(actor);
    if (scope !== null && scope !== a.department_id) throw notFound('ARTICLE_NOT_FOUND', '稿件不存在');
    const versions = await this.db.selectFrom('disclosure_article_versions').select(['version', 'title', 'edited_by', 'created_at']).where('article_id', '=', id).orderBy('version').execute();
    const reviews = await this.db.selectFrom('disclosure_reviews').selectAll().where('article_id', '=', id).orderBy('id').execute();
    const attachments = await this.attachmentsOf(id);
    return {
      ...this.view(a),
      authorId: a.author_id,
      round: a.round,
      rejectReason: a.reject_reason,
      versions: versions.map((v) => ({ version: Number(v.version), title: v.title, editedBy: v.edited_by, createdAt: v.created_at })),
      reviews: reviews.map((r) => ({ round: Number(r.round), step: Number(r.step), stepLabel: STEP_LABELS[Number(r.step)], reviewerId: Number(r.reviewer_id), reviewerName: r.reviewer_name, decision: r.decision, opinion: r.opinion, createdAt: r.created_at })),
      attachments,
    };
  }

  async version(actor: Actor, id: number, version: number) {
    await this.detail(actor, id);
    const v = await this.db.selectFrom('disclosure_article_versions').selectAll().where('article_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!v) throw notFound('VERSION_NOT_FOUND', '该版本不存在');
    return { version: Number(v.version), title: v.title, bodyHtml: v.body_html, editedBy: v.edited_by, createdAt: v.created_at };
  }

  view(a: { id: number; column_id: number; department_id: number; title: string; body_html: string; status: string; version: number; author_name: string; scheduled_at: string | null; published_at: string | null; published_on: string | null; withdrawn_at: string | null; withdraw_reason: string | null }) {
    return {
      id: Number(a.id),
      columnId: Number(a.column_id),
      departmentId: Number(a.department_id),
      title: a.title,
      bodyHtml: a.body_html,
      status: a.status,
      statusLabel: ARTICLE_STATUS_LABELS[a.status as ArticleStatus],
      version: Number(a.version),
      authorName: a.author_name,
      scheduledAt: a.scheduled_at,
      publishedAt: a.published_at,
      publishedOn: a.published_on,
      withdrawnAt: a.withdrawn_at,
      withdrawReason: a.withdraw_reason,
    };
  }

  async attachmentsOf(articleId: number) {
    const rows = await this.db.selectFrom('disclosure_attachments').select(['id', 'file_name', 'mime', 'size', 'created_at']).where('article_id', '=', articleId).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), fileName: r.file_name, mime: r.mime, size: Number(r.size), createdAt: r.created_at }));
  }
}
