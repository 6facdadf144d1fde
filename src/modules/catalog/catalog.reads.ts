/**
 * Reading the catalogue: the public list and guide (published versions only), the staff list, review
 * queue and counts in the actor's department scope, and the version history. Nothing here writes.
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import { toFlag } from '../../kernel/db/db';
import type { OrgService } from '../org';
import type { CatalogItem, ItemSummary, ItemVersion, VersionInfo } from '../../shared/catalog.types';
import { itemFor, scopedDepartment } from './catalog.access';
import { SUMMARY_OF_V, toItem, toSummary, type SummaryRow } from './catalog.rows';
import { searchScores } from './catalog.search';
import type { CatalogDb, CatalogVersionsTable } from './catalog.tables';
import { compareZh } from '../../shared/zh-collate';
import { TtlCache } from '../../kernel/ttl-cache';

/**
 * How long an item's published version, once read, is served without reading it again (every application
 * reads it). A publication or retirement through this instance forgets the cached versions at once
 * (forgetPublished); one made through another instance on the same database is seen here within this
 * bound — as if the application had been checked a few seconds earlier, against the version then in force.
 */
export const PUBLISHED_CACHE_MS = 5_000;
/** A county's catalogue has about two thousand items. */
const PUBLISHED_CACHE_ENTRIES = 20_000;

export interface ListQuery {
  q?: string;
  department?: number;
  level?: number;
  type?: string;
  theme?: string;
  nearby?: boolean;
  crossProvince?: string;
  onlineDepth?: number;
  page?: number;
  pageSize?: number;
}

export interface ManageQuery extends ListQuery {
  status?: 'draft' | 'published' | 'retired' | 'pending';
}

export interface ItemPage {
  items: ItemSummary[];
  total: number;
}


const isLevel = (n: number): n is 4 | 5 | 6 => n === 4 || n === 5 || n === 6;

/**
 * The list filters, on the version aliased `v` in both lists (the staff list joins catalog_items, which has
 * a department_id and a status of its own).
 */
function listFilters(q: ListQuery): Expression<SqlBool>[] {
  const eb = expressionBuilder<{ v: CatalogVersionsTable }, 'v'>();
  const out: Expression<SqlBool>[] = [];
  if (q.department !== undefined) out.push(eb('v.department_id', '=', q.department));
  if (q.level !== undefined) out.push(isLevel(q.level) ? eb('v.level', '=', q.level) : eb.lit(false));
  if (q.type) out.push(eb('v.type', '=', q.type));
  if (q.onlineDepth !== undefined) out.push(eb('v.online_depth', '=', q.onlineDepth));
  if (q.nearby !== undefined) out.push(eb('v.nearby', '=', toFlag(q.nearby)));
  if (q.crossProvince === 'true') out.push(eb('v.cross_province', '<>', ','));
  else if (q.crossProvince === 'false') out.push(eb('v.cross_province', '=', ','));
  else if (q.crossProvince) out.push(eb('v.cross_province', 'like', `%,${q.crossProvince},%`));
  if (q.theme === 'person' || q.theme === 'organization') out.push(eb('v.audiences', 'like', `%,${q.theme},%`));
  else if (q.theme) out.push(eb('v.life_events', 'like', `%,${q.theme.replace(/[,%_]/g, '')},%`));
  return out;
}

export class CatalogReads {
  /** Published versions by item code (shared between callers: read-only). Unknown or unpublished codes are read each time. */
  private readonly published = new TtlCache<string, ItemVersion>(PUBLISHED_CACHE_MS, PUBLISHED_CACHE_ENTRIES);

  constructor(
    private readonly db: CatalogDb,
    private readonly org: OrgService,
  ) {}

  // ------------------------------------------------------------------ what other modules read

  /** The published version of an item, or null (unknown, never published, or retired). */
  async getPublished(code: string): Promise<ItemVersion | null> {
    const item = await this.published.get(code, async () => {
      const r = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
      return r ? toItem(this.org, r) : undefined;
    });
    return item ?? null;
  }

  /**
   * Forgets the cached published versions: called by every command that changes which version is in
   * force, inside its transaction and again after its commit (a read between the two may have seen the
   * old version).
   */
  forgetPublished(): void {
    this.published.clear();
  }

  async getVersion(versionId: number): Promise<CatalogItem | null> {
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
    return r ? toItem(this.org, r) : null;
  }

  // ------------------------------------------------------------------ public catalogue

  async list(q: ListQuery): Promise<ItemPage> {
    const scores = await searchScores(this.db, q.q);
    if (scores && scores.size === 0) return { items: [], total: 0 };
    let qb = this.db.selectFrom('catalog_versions as v').select(SUMMARY_OF_V).where('v.status', '=', 'published');
    for (const f of listFilters(q)) qb = qb.where(f);
    if (scores) qb = qb.where('v.code', 'in', [...scores.keys()]);
    return this.finish(await qb.execute(), q, scores);
  }

  /** The guide (办事指南): the published version with everything a citizen needs. */
  async guide(code: string): Promise<CatalogItem> {
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
    if (!r) throw new AppError('ITEM_NOT_FOUND', 404, `事项 ${code} 不存在或未发布`);
    return toItem(this.org, r);
  }

  // ------------------------------------------------------------------ staff reads

  /**
   * Staff list: each item once, as its newest version (the draft when there is one), in the actor's
   * department scope. Name search works on drafts too (they are not in the public index).
   */
  async manageList(actor: Actor, q: ManageQuery): Promise<ItemPage> {
    const scope = scopedDepartment(actor);
    let qb = this.db
      .selectFrom('catalog_versions as v')
      .innerJoin('catalog_items as i', (j) => j.onRef('i.code', '=', 'v.code').onRef('i.latest_version', '=', 'v.version'))
      .select(SUMMARY_OF_V);
    for (const f of listFilters(q)) qb = qb.where(f);
    if (scope !== null) qb = qb.where('v.department_id', '=', scope);
    if (q.status === 'pending') qb = qb.where('v.status', '=', 'draft').where('v.submitted_at', 'is not', null);
    else if (q.status) qb = qb.where('v.status', '=', q.status);
    let scores: Map<string, number> | null = null;
    if (q.q?.trim()) {
      const s = await searchScores(this.db, q.q);
      const like = `%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const codes = [...(s?.keys() ?? [])];
      qb = qb.where((eb) =>
        eb.or([eb('v.name', 'like', like), eb('v.code', 'like', like), ...(codes.length ? [eb('v.code', 'in', codes)] : [])]),
      );
      scores = s;
    }
    return this.finish(await qb.execute(), q, scores);
  }

  /** Submitted drafts waiting for review (with `all`, unsubmitted drafts too). */
  reviewQueue(actor: Actor, all = false): Promise<ItemPage> {
    return this.manageList(actor, { status: all ? 'draft' : 'pending', pageSize: 100 });
  }

  /** Counts by status (for the editor's home). */
  async counts(actor: Actor): Promise<Record<string, number>> {
    const scope = scopedDepartment(actor);
    let qb = this.db.selectFrom('catalog_items').select(['status', sql<number>`cast(count(*) as integer)`.as('n')]).groupBy('status');
    if (scope !== null) qb = qb.where('department_id', '=', scope);
    const rows = await qb.execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async versions(actor: Actor, code: string): Promise<{ items: VersionInfo[]; total: number }> {
    await itemFor(this.db, actor, code, 'read');
    const rows = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
    return {
      items: rows.map((r) => ({
        versionId: r.id,
        version: r.version,
        status: r.status,
        name: r.name,
        createdAt: r.created_at,
        createdBy: r.created_by,
        updatedAt: r.updated_at,
        updatedBy: r.updated_by,
        submittedAt: r.submitted_at,
        reviewNote: r.review_note,
        publishedAt: r.published_at,
        publishedBy: r.published_by,
        endedAt: r.ended_at,
      })),
      total: rows.length,
    };
  }

  async version(actor: Actor, code: string, n: number): Promise<CatalogItem> {
    await itemFor(this.db, actor, code, 'read');
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('version', '=', n).executeTakeFirst();
    if (!r) throw new AppError('VERSION_NOT_FOUND', 404, `事项 ${code} 没有第 ${n} 版`);
    return toItem(this.org, r);
  }

  /** The newest version of an item (its draft if any) — what the edit form starts from. */
  async latest(actor: Actor, code: string): Promise<CatalogItem> {
    const item = await itemFor(this.db, actor, code, 'read');
    return this.version(actor, code, item.latest_version);
  }

  // ------------------------------------------------------------------ ranking and paging

  /** Ranks by relevance when there is a query, else by level, department order and name (pinyin). */
  private async finish(rows: SummaryRow[], q: ListQuery, scores: Map<string, number> | null): Promise<ItemPage> {
    const depts = await this.org.all();
    const deptOrder = new Map(depts.map((d, i) => [d.id, i]));
    const sorted = scores
      ? rows.sort((a, b) => (scores.get(b.code) ?? 0) - (scores.get(a.code) ?? 0) || (a.code < b.code ? -1 : 1))
      : rows.sort(
          (a, b) =>
            a.level - b.level ||
            (deptOrder.get(a.department_id) ?? 0) - (deptOrder.get(b.department_id) ?? 0) ||
            compareZh(a.name, b.name) ||
            (a.code < b.code ? -1 : 1),
        );
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    const slice = sorted.slice((page - 1) * pageSize, page * pageSize);
    const items = await Promise.all(slice.map(async (r) => ({ ...(await toSummary(this.org, r)), ...(scores ? { score: scores.get(r.code) ?? 0 } : {}) })));
    return { items, total: sorted.length };
  }
}
