import { sql } from 'kysely';
import type { HotlineNeedsContext } from './hotline.context';
import { hasRole, type Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { isValidDateString } from '../../kernel/calendar';
import { indexDocuments, removeDocuments, search } from '../../kernel/search';
import { hotlineTables, type HotlineDb, type HotlineDbOrTx, type KbRow, type KbStatus } from './hotline.tables';

export const KB_DOC_TYPE = 'hotline.kb';

/** Keywords are separated by commas (half- or full-width) or blanks (a string, not a regular-expression literal, so that the bundler escapes it: docs/operations.md, "Memory"). */
const KEYWORD_SEP = new RegExp('[,，\\s]+');

export interface KbInput {
  departmentId: number;
  title: string;
  content: string;
  keywords?: string[];
  expiresOn?: string | null;
}

/**
 * Ranked ids of published entries for a query. The one swap point for KB search: it uses the kernel's
 * Chinese search index (jieba words + synonyms), where only published entries are indexed.
 */
export async function kbSearch(db: HotlineDbOrTx, query: string, limit = 200): Promise<string[]> {
  const r = await search(db, KB_DOC_TYPE, query, { limit });
  return r.hits.map((h) => h.docId);
}

/** 知识库: entries per member unit, reviewed before use, with an expiry date and usage counts. */
export class KbService {
  private readonly db: HotlineDb;

  constructor(private readonly ctx: HotlineNeedsContext) {
    this.db = hotlineTables(ctx.db);
  }

  private get org() {
    return this.ctx.services.org;
  }

  async toEntry(r: KbRow) {
    const dept = await this.org.byId(Number(r.department_id));
    const today = this.ctx.calendar.today();
    return {
      id: Number(r.id),
      departmentId: Number(r.department_id),
      departmentName: dept?.name ?? null,
      title: r.title,
      content: r.content,
      keywords: r.keywords.split(KEYWORD_SEP).filter(Boolean),
      status: r.status,
      expiresOn: r.expires_on ?? null,
      expired: !!r.expires_on && r.expires_on < today,
      usageCount: Number(r.usage_count),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      publishedAt: r.published_at ?? null,
    };
  }

  private checkWriter(actor: Actor, departmentId: number) {
    if (hasRole(actor, 'admin', 'operator')) return;
    if (hasRole(actor, 'unit') && actor.departmentId === departmentId) return;
    throw new AppError('FORBIDDEN', 403, '只能维护本单位的知识库条目');
  }

  private async validate(input: KbInput) {
    const dept = await this.org.byId(input.departmentId);
    if (!dept || !dept.hotlineUnit) throw new AppError('UNIT_UNKNOWN', 422, `单位 ${input.departmentId} 不是热线成员单位`, { field: 'departmentId' });
    if (!input.title.trim()) throw new AppError('TITLE_REQUIRED', 422, '请填写标题', { field: 'title' });
    if (!input.content.trim()) throw new AppError('CONTENT_REQUIRED', 422, '请填写答复口径', { field: 'content' });
    if (input.expiresOn && !isValidDateString(input.expiresOn)) throw new AppError('DATE_INVALID', 422, `日期 ${input.expiresOn} 不存在`, { field: 'expiresOn' });
  }

  private index(tx: HotlineDbOrTx, r: { id: number; title: string; content: string; keywords: string }) {
    return indexDocuments(tx, KB_DOC_TYPE, [
      {
        docId: r.id,
        title: r.title,
        fields: [
          { field: 'name', text: r.title, weight: 10 },
          { field: 'keyword', text: r.keywords.split(KEYWORD_SEP).filter(Boolean), weight: 8 },
          { field: 'content', text: r.content, weight: 2 },
        ],
      },
    ]);
  }

  async create(actor: Actor, input: KbInput) {
    this.checkWriter(actor, input.departmentId);
    await this.validate(input);
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto('hotline_kb')
        .values({
          department_id: input.departmentId,
          title: input.title.trim(),
          content: input.content.trim(),
          keywords: (input.keywords ?? []).join(','),
          status: 'draft',
          expires_on: input.expiresOn ?? null,
          usage_count: 0,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'hotline.kb.created', subjectType: 'kb', subjectId: Number(r.id), after: input });
      return Number(r.id);
    });
    return this.get(id);
  }

  async get(id: number) {
    const r = await this.db.selectFrom('hotline_kb').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('KB_NOT_FOUND', 404, `知识库条目 ${id} 不存在`);
    return this.toEntry(r);
  }

  /** Editing a published entry sends it back to review (it leaves the search index until republished). */
  async update(actor: Actor, id: number, input: Partial<KbInput>) {
    const r = await this.db.selectFrom('hotline_kb').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('KB_NOT_FOUND', 404, `知识库条目 ${id} 不存在`);
    this.checkWriter(actor, Number(r.department_id));
    const merged: KbInput = {
      departmentId: input.departmentId ?? Number(r.department_id),
      title: input.title ?? r.title,
      content: input.content ?? r.content,
      keywords: input.keywords ?? r.keywords.split(',').filter(Boolean),
      expiresOn: input.expiresOn === undefined ? r.expires_on : input.expiresOn,
    };
    if (merged.departmentId !== Number(r.department_id)) this.checkWriter(actor, merged.departmentId);
    await this.validate(merged);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('hotline_kb')
        .set({
          department_id: merged.departmentId,
          title: merged.title.trim(),
          content: merged.content.trim(),
          keywords: (merged.keywords ?? []).join(','),
          expires_on: merged.expiresOn ?? null,
          status: 'draft',
          updated_at: this.ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      await removeDocuments(tx, KB_DOC_TYPE, [id]);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'hotline.kb.updated', subjectType: 'kb', subjectId: id, before: { status: r.status, title: r.title }, after: merged });
    });
    return this.get(id);
  }

  /** Review: admin or leader publish (the author's unit or an operator drafts). */
  async setStatus(actor: Actor, id: number, status: 'published' | 'retired') {
    const r = await this.db.selectFrom('hotline_kb').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('KB_NOT_FOUND', 404, `知识库条目 ${id} 不存在`);
    if (status === 'published' && r.status !== 'draft') throw new AppError('KB_STATE_CONFLICT', 409, '只有草稿可以发布', { status: r.status });
    if (status === 'retired' && r.status === 'retired') throw new AppError('KB_STATE_CONFLICT', 409, '条目已停用', { status: r.status });
    if (status === 'published' && r.expires_on && r.expires_on < this.ctx.calendar.today()) {
      throw new AppError('KB_EXPIRED', 422, '条目已过有效期，请先修改有效期', { field: 'expiresOn' });
    }
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('hotline_kb')
        .set(status === 'published' ? { status, published_by: actor.id, published_at: now, updated_at: now } : { status, updated_at: now })
        .where('id', '=', id)
        .execute();
      if (status === 'published') await this.index(tx, { id, title: r.title, content: r.content, keywords: r.keywords });
      else await removeDocuments(tx, KB_DOC_TYPE, [id]);
      await recordAudit(tx, this.ctx.clock, actor, { action: `hotline.kb.${status}`, subjectType: 'kb', subjectId: id, before: { status: r.status }, after: { status } });
    });
    return this.get(id);
  }

  async use(id: number) {
    const res = await this.db.updateTable('hotline_kb').set({ usage_count: sql`usage_count + 1` }).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('KB_NOT_FOUND', 404, `知识库条目 ${id} 不存在或未发布`);
    return this.get(id);
  }

  /**
   * Search and list. With `q`, published, unexpired entries ranked by relevance (what operators answer
   * from); without, the management list filtered by status and unit, newest first.
   */
  async list(actor: Actor, q: { q?: string; departmentId?: number; status?: KbStatus; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    const today = this.ctx.calendar.today();
    if (q.q && q.q.trim()) {
      const ids = await kbSearch(this.db, q.q);
      if (ids.length === 0) return { items: [], total: 0 };
      let rows = await this.db
        .selectFrom('hotline_kb')
        .selectAll()
        .where('id', 'in', ids.map(Number))
        .where('status', '=', 'published')
        .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
        .execute();
      if (q.departmentId !== undefined) rows = rows.filter((r) => Number(r.department_id) === q.departmentId);
      const rank = new Map(ids.map((id, i) => [Number(id), i]));
      rows.sort((a, b) => rank.get(Number(a.id))! - rank.get(Number(b.id))!);
      const slice = rows.slice((page - 1) * pageSize, page * pageSize);
      return { items: await Promise.all(slice.map((r) => this.toEntry(r))), total: rows.length };
    }
    let base = this.db.selectFrom('hotline_kb');
    // A unit manages its own entries; reading others' published answers is fine.
    if (hasRole(actor, 'unit') && !hasRole(actor, 'admin', 'operator', 'leader', 'supervisor')) {
      base = base.where((eb) => eb.or([eb('department_id', '=', actor.departmentId ?? -1), eb('status', '=', 'published')]));
    }
    if (q.departmentId !== undefined) base = base.where('department_id', '=', q.departmentId);
    if (q.status) base = base.where('status', '=', q.status);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    return { items: await Promise.all(rows.map((r) => this.toEntry(r))), total: Number(total.n) };
  }
}
