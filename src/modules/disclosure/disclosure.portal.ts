import { notFound } from '../../kernel/errors';
import { search } from '../../kernel/search';
import type { DisclosureDeps } from './disclosure.context';
import { ARTICLE_DOC, type ArticlesService } from './disclosure.articles';
import { POLICY_DOC, type ExtrasService } from './disclosure.extras';

/** The public portal /gk: sites, columns, published articles, policies with interpretations, search. */
export class PortalService {
  constructor(
    private readonly d: DisclosureDeps,
    private readonly articles: ArticlesService,
    private readonly extras: ExtrasService,
  ) {}

  /** Every site (department or township) that has columns, with its columns. */
  async sites() {
    const cols = await this.articles.columns(null);
    const depts = await this.d.ctx.services.org.all();
    const out = [];
    for (const dep of depts) {
      const mine = cols.filter((c) => c.departmentId === dep.id);
      if (mine.length === 0) continue;
      out.push({ departmentId: dep.id, name: dep.name, kind: dep.kind, columns: mine.map((c) => ({ id: c.id, name: c.name, kind: c.kind, kindLabel: c.kindLabel, articles: c.articles, lastPublishedOn: c.lastPublishedOn })) });
    }
    return out;
  }

  async columnArticles(columnId: number, page: number, pageSize: number) {
    const col = await this.d.db.selectFrom('disclosure_columns').select(['id', 'name', 'kind', 'department_id']).where('id', '=', columnId).where('active', '=', 1).executeTakeFirst();
    if (!col) throw notFound('COLUMN_NOT_FOUND', '栏目不存在');
    const base = this.d.db.selectFrom('disclosure_articles').where('column_id', '=', columnId).where('status', '=', 'published');
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.select(['id', 'title', 'published_on']).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const dept = await this.d.ctx.services.org.byId(col.department_id);
    return { column: { id: Number(col.id), name: col.name, departmentName: dept?.name ?? null }, items: rows.map((r) => ({ id: Number(r.id), title: r.title, publishedOn: r.published_on })), total: Number(total.n) };
  }

  /** A published article, or a withdrawn one's notice (title, date and reason, no body). */
  async article(id: number) {
    const a = await this.d.db.selectFrom('disclosure_articles').selectAll().where('id', '=', id).where('status', 'in', ['published', 'withdrawn']).executeTakeFirst();
    if (!a) throw notFound('ARTICLE_NOT_FOUND', '文章不存在或尚未发布');
    const col = await this.d.db.selectFrom('disclosure_columns').select(['name']).where('id', '=', a.column_id).executeTakeFirst();
    const dept = await this.d.ctx.services.org.byId(a.department_id);
    const withdrawn = a.status === 'withdrawn';
    return {
      id: Number(a.id),
      title: a.title,
      columnId: Number(a.column_id),
      columnName: col?.name ?? null,
      departmentName: dept?.name ?? null,
      publishedOn: a.published_on,
      withdrawn,
      withdrawnAt: a.withdrawn_at,
      withdrawReason: withdrawn ? a.withdraw_reason : null,
      bodyHtml: withdrawn ? null : a.body_html,
      attachments: withdrawn ? [] : await this.articles.attachmentsOf(a.id),
    };
  }

  /** Chinese search over published articles and policy documents (the shared engine). */
  async search(q: string, limit = 20) {
    const [arts, pols] = await Promise.all([search(this.d.db, ARTICLE_DOC, q, { limit }), search(this.d.db, POLICY_DOC, q, { limit })]);
    const artIds = arts.hits.map((h) => Number(h.docId));
    const rows = artIds.length ? await this.d.db.selectFrom('disclosure_articles').select(['id', 'title', 'published_on', 'department_id']).where('id', 'in', artIds).where('status', '=', 'published').execute() : [];
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const policies = await this.extras.policies(null, pols.hits.map((h) => Number(h.docId)));
    const polById = new Map(policies.map((p) => [p.id, p]));
    return {
      articles: artIds.filter((id) => byId.has(id)).map((id) => ({ id, title: byId.get(id)!.title, publishedOn: byId.get(id)!.published_on })),
      policies: pols.hits.map((h) => polById.get(Number(h.docId))).filter((p) => p !== undefined).map((p) => ({ id: p.id, docNo: p.docNo, title: p.title, issuedOn: p.issuedOn })),
      terms: arts.terms,
    };
  }
}
