import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { CatalogNeedsContext } from './catalog.context';
import { tablesOf } from '../../kernel/kernel.tables';
import type { CatalogDb, CatalogDbOrTx, CatalogTables, CatalogVersionsTable, ItemRow, VersionRow } from './catalog.tables';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import { AppError, conflict, forbidden } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { fromFlag, parseJson, toFlag } from '../../kernel/db/db';
import { indexDocuments, removeDocuments, search, listSynonyms, setSynonyms, type SearchDocument } from '../../kernel/search';
import type { Department, OrgService } from '../org';
import type { CatalogService } from './catalog.contract';
import type { Audience, CatalogItem, CrossProvinceMode, ItemSummary, ItemVersion, VersionInfo } from '../../shared/catalog.types';
import { AUDIENCES, CROSS_PROVINCE_MODES, ITEM_TYPES } from '../../shared/catalog.labels';
import {
  departmentKindForLevel,
  fillRate,
  mergeFields,
  qualityIssues,
  QUALITY_RULES,
  validateCode,
  validateFields,
  type FieldError,
  type FieldsInput,
  type ItemFields,
  type QualityRule,
} from './catalog.rules';
import { catalogKpis } from './catalog.kpis';
import type { Kpi } from '../../shared/kpi';
import { endOfShanghaiDay, type Period } from '../../shared/period';

export const SEARCH_DOC_TYPE = 'catalog.item';

export type { CatalogItem, ItemSummary, VersionInfo } from '../../shared/catalog.types';

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

/** Fields of a version row that live in details_json. */
interface Details {
  materials: ItemFields['materials'];
  fees: ItemFields['fees'];
  legalBasis: string;
  conditions: string;
  locations: ItemFields['locations'];
  faqs: ItemFields['faqs'];
  keywords: string[];
  onlineUrl: string | null;
}

const listText = (xs: readonly string[]) => (xs.length ? `,${xs.join(',')},` : ',');
const fromListText = (s: string): string[] => s.split(',').filter(Boolean);
const isCrossProvinceMode = (s: string): s is CrossProvinceMode => Object.hasOwn(CROSS_PROVINCE_MODES, s);
const isAudience = (s: string): s is Audience => Object.hasOwn(AUDIENCES, s);

/** The columns of a version row that hold its fields (the rest is identity and bookkeeping). */
type FieldColumns =
  | 'name' | 'type' | 'application_based' | 'level' | 'department_id' | 'legal_limit' | 'promised_limit' | 'limit_unit' | 'kind'
  | 'online_depth' | 'visits' | 'nearby' | 'cross_province' | 'extension_allowance' | 'audiences' | 'life_events' | 'details_json';

export function fieldsOfRow(r: Pick<VersionRow, FieldColumns>): ItemFields {
  const d = parseJson<Details>(r.details_json, { materials: [], fees: [], legalBasis: '', conditions: '', locations: [], faqs: [], keywords: [], onlineUrl: null });
  return {
    name: r.name,
    type: r.type,
    applicationBased: fromFlag(r.application_based),
    level: r.level,
    departmentId: r.department_id,
    legalLimit: r.legal_limit,
    promisedLimit: r.promised_limit,
    limitUnit: r.limit_unit,
    kind: r.kind,
    onlineDepth: r.online_depth,
    visits: r.visits,
    nearby: fromFlag(r.nearby),
    crossProvinceModes: fromListText(r.cross_province).filter(isCrossProvinceMode),
    extensionAllowance: r.extension_allowance,
    materials: d.materials,
    fees: d.fees,
    legalBasis: d.legalBasis,
    conditions: d.conditions,
    locations: d.locations,
    faqs: d.faqs,
    audiences: fromListText(r.audiences).filter(isAudience),
    lifeEvents: fromListText(r.life_events),
    keywords: d.keywords,
    onlineUrl: d.onlineUrl,
  };
}

/** The columns of a version row holding these fields. */
export function rowOfFields(f: ItemFields): Pick<VersionRow, FieldColumns> {
  const details: Details = {
    materials: f.materials,
    fees: f.fees,
    legalBasis: f.legalBasis,
    conditions: f.conditions,
    locations: f.locations,
    faqs: f.faqs,
    keywords: f.keywords,
    onlineUrl: f.onlineUrl,
  };
  return {
    name: f.name,
    type: f.type,
    application_based: toFlag(f.applicationBased),
    level: f.level,
    department_id: f.departmentId,
    legal_limit: f.legalLimit,
    promised_limit: f.promisedLimit,
    limit_unit: f.limitUnit,
    kind: f.kind,
    online_depth: f.onlineDepth,
    visits: f.visits,
    nearby: toFlag(f.nearby),
    cross_province: listText(f.crossProvinceModes),
    extension_allowance: f.extensionAllowance,
    audiences: listText(f.audiences),
    life_events: listText(f.lifeEvents),
    details_json: JSON.stringify(details),
  };
}

/** What the search index holds of a published version: name > keywords > life events > materials > FAQs. */
export function searchDocOf(code: string, f: ItemFields): SearchDocument {
  return {
    docId: code,
    title: f.name,
    fields: [
      { field: 'name', text: f.name, weight: 10 },
      { field: 'keyword', text: f.keywords, weight: 8 },
      { field: 'theme', text: f.lifeEvents, weight: 4 },
      { field: 'material', text: f.materials.map((m) => m.name), weight: 3 },
      { field: 'faq', text: f.faqs.map((q) => `${q.question} ${q.answer}`), weight: 2 },
    ],
  };
}

const SUMMARY_COLUMNS = [
  'id', 'code', 'version', 'status', 'name', 'type', 'application_based', 'level', 'department_id', 'legal_limit', 'promised_limit', 'limit_unit',
  'kind', 'online_depth', 'visits', 'nearby', 'cross_province', 'updated_at', 'submitted_at',
] as const satisfies ReadonlyArray<keyof VersionRow>;
const SUMMARY_OF_V = SUMMARY_COLUMNS.map((c) => `v.${c}` as const);
type SummaryRow = Pick<VersionRow, (typeof SUMMARY_COLUMNS)[number]>;

const isLevel = (n: number): n is 4 | 5 | 6 => n === 4 || n === 5 || n === 6;

/** Online depth 1–4: validateFields lets no other value into a stored version. */
const depthOf = (n: number): 1 | 2 | 3 | 4 => (n <= 1 ? 1 : n >= 4 ? 4 : n === 2 ? 2 : 3);

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

const collator = new Intl.Collator('zh');

export function itemInvalid(errors: FieldError[]): AppError {
  return new AppError('ITEM_INVALID', 422, errors[0].message, { field: errors[0].field, errors });
}

export class CatalogServiceImpl implements CatalogService {
  /** The kernel's tables and the catalogue's own: the one handle the catalogue queries through. */
  readonly db: CatalogDb;

  constructor(private readonly ctx: CatalogNeedsContext) {
    this.db = tablesOf<CatalogTables>(ctx.db);
  }

  private get org(): OrgService {
    return this.ctx.services.org;
  }

  private async deptName(id: number): Promise<string> {
    return (await this.org.byId(id))?.name ?? `部门 ${id}`;
  }

  private async toItem(r: VersionRow): Promise<CatalogItem> {
    const f = fieldsOfRow(r);
    return {
      versionId: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      ...f,
      onlineDepth: depthOf(f.onlineDepth),
      typeName: ITEM_TYPES[f.type] ?? f.type,
      departmentName: await this.deptName(f.departmentId),
      publishedAt: r.published_at,
      createdAt: r.created_at,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      submittedAt: r.submitted_at,
      reviewNote: r.review_note,
      publishedBy: r.published_by,
      endedAt: r.ended_at,
    };
  }

  private async toSummary(r: SummaryRow): Promise<ItemSummary> {
    return {
      versionId: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      name: r.name,
      type: r.type,
      typeName: ITEM_TYPES[r.type] ?? r.type,
      applicationBased: fromFlag(r.application_based),
      level: r.level,
      departmentId: r.department_id,
      departmentName: await this.deptName(r.department_id),
      legalLimit: r.legal_limit,
      promisedLimit: r.promised_limit,
      limitUnit: r.limit_unit,
      kind: r.kind,
      onlineDepth: depthOf(r.online_depth),
      visits: r.visits,
      nearby: fromFlag(r.nearby),
      crossProvinceModes: fromListText(r.cross_province).filter(isCrossProvinceMode),
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
    };
  }

  // ------------------------------------------------------------------ contract for other modules

  async getPublished(code: string): Promise<ItemVersion | null> {
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
    return r ? this.toItem(r) : null;
  }

  async getVersion(versionId: number): Promise<CatalogItem | null> {
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
    return r ? this.toItem(r) : null;
  }

  // ------------------------------------------------------------------ scoping

  /** catalog_editor and reviewer work for one department; the other staff roles see every item. */
  private scopedDepartment(actor: Actor): number | null {
    if (readsAllDepartments(actor) || hasRole(actor, 'clerk', 'operator')) return null;
    if (hasRole(actor, 'catalog_editor', 'reviewer', 'unit')) return actor.departmentId ?? -1;
    return null;
  }

  private canEdit(actor: Actor, departmentId: number): boolean {
    if (hasRole(actor, 'admin') || actor.kind === 'system') return true;
    return hasRole(actor, 'catalog_editor') && actor.departmentId === departmentId;
  }

  /** The item row, or 404 when it does not exist or belongs to a department the actor may not touch. */
  private async itemFor(actor: Actor, code: string, mode: 'read' | 'edit', db: CatalogDbOrTx = this.db): Promise<ItemRow> {
    const item = await db.selectFrom('catalog_items').selectAll().where('code', '=', code).executeTakeFirst();
    const notFound = new AppError('ITEM_NOT_FOUND', 404, `事项 ${code} 不存在`);
    if (!item) throw notFound;
    const dept = item.department_id;
    if (mode === 'edit' && !this.canEdit(actor, dept)) throw notFound;
    if (mode === 'read') {
      const scope = this.scopedDepartment(actor);
      if (scope !== null && scope !== dept) throw notFound;
    }
    return item;
  }

  private async checkDepartment(actor: Actor, f: ItemFields): Promise<Department> {
    const dept = await this.org.byId(f.departmentId);
    if (!dept) throw new AppError('ITEM_INVALID', 422, `实施主体 ${f.departmentId} 不存在`, { field: 'departmentId' });
    if (!departmentKindForLevel(f.level).includes(dept.kind)) {
      throw new AppError('ITEM_INVALID', 422, `${dept.name} 不能实施${f.level === 4 ? '县级' : f.level === 5 ? '乡镇级' : '村级'}事项`, { field: 'departmentId' });
    }
    if (!this.canEdit(actor, dept.id)) throw forbidden('只能维护本部门的事项');
    return dept;
  }

  // ------------------------------------------------------------------ public catalogue

  /** Ranks by relevance when there is a query, else by level, department order and name (pinyin). */
  private async finish(rows: SummaryRow[], q: ListQuery, scores: Map<string, number> | null) {
    const depts = await this.org.all();
    const deptOrder = new Map(depts.map((d, i) => [d.id, i]));
    const sorted = scores
      ? rows.sort((a, b) => (scores.get(b.code) ?? 0) - (scores.get(a.code) ?? 0) || (a.code < b.code ? -1 : 1))
      : rows.sort(
          (a, b) =>
            a.level - b.level ||
            (deptOrder.get(a.department_id) ?? 0) - (deptOrder.get(b.department_id) ?? 0) ||
            collator.compare(a.name, b.name) ||
            (a.code < b.code ? -1 : 1),
        );
    const page = q.page ?? 1;
    const pageSize = Math.min(q.pageSize ?? 20, 100);
    const slice = sorted.slice((page - 1) * pageSize, page * pageSize);
    const items = await Promise.all(slice.map(async (r) => ({ ...(await this.toSummary(r)), ...(scores ? { score: scores.get(r.code) ?? 0 } : {}) })));
    return { items, total: sorted.length };
  }

  private async searchScores(q: string | undefined): Promise<Map<string, number> | null> {
    if (!q?.trim()) return null;
    // hits far below the best one are matches on a stray character or a common word: noise to a citizen
    const r = await search(this.ctx.db, SEARCH_DOC_TYPE, q, { limit: 5000, minRelativeScore: 0.12 });
    return new Map(r.hits.map((h) => [h.docId, h.score]));
  }

  async list(q: ListQuery): Promise<{ items: ItemSummary[]; total: number }> {
    const scores = await this.searchScores(q.q);
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
    return this.toItem(r);
  }

  // ------------------------------------------------------------------ staff reads

  /**
   * Staff list: each item once, as its newest version (the draft when there is one), in the actor's
   * department scope. Name search works on drafts too (they are not in the public index).
   */
  async manageList(actor: Actor, q: ManageQuery): Promise<{ items: ItemSummary[]; total: number }> {
    const scope = this.scopedDepartment(actor);
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
      const s = await this.searchScores(q.q);
      const like = `%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const codes = [...(s?.keys() ?? [])];
      qb = qb.where((eb) =>
        eb.or([eb('v.name', 'like', like), eb('v.code', 'like', like), ...(codes.length ? [eb('v.code', 'in', codes)] : [])]),
      );
      scores = s;
    }
    return this.finish(await qb.execute(), q, scores);
  }

  async versions(actor: Actor, code: string): Promise<{ items: VersionInfo[]; total: number }> {
    await this.itemFor(actor, code, 'read');
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
    await this.itemFor(actor, code, 'read');
    const r = await this.db.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('version', '=', n).executeTakeFirst();
    if (!r) throw new AppError('VERSION_NOT_FOUND', 404, `事项 ${code} 没有第 ${n} 版`);
    return this.toItem(r);
  }

  /** The newest version of an item (its draft if any) — what the edit form starts from. */
  async latest(actor: Actor, code: string): Promise<CatalogItem> {
    const item = await this.itemFor(actor, code, 'read');
    return this.version(actor, code, item.latest_version);
  }

  // ------------------------------------------------------------------ writes

  async create(actor: Actor, input: FieldsInput & { code: string }): Promise<CatalogItem> {
    const { code, ...rest } = input;
    const fields = mergeFields(null, rest);
    const errors = [...validateCode(code), ...validateFields(fields)];
    if (errors.length) throw itemInvalid(errors);
    await this.checkDepartment(actor, fields);
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('catalog_items')
        .values({ code, department_id: fields.departmentId, status: 'draft', latest_version: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .executeTakeFirst();
      if (!inserted) throw conflict('ITEM_CODE_TAKEN', `事项编码 ${code} 已存在`, { field: 'code' });
      const row = await tx
        .insertInto('catalog_versions')
        .values({ code, version: 1, status: 'draft', ...rowOfFields(fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.created', subjectType: 'catalog_item', subjectId: code, after: { version: 1, ...fields } });
      return row.id;
    });
    return (await this.getVersion(id))!;
  }

  /**
   * Edits an item: changes its open draft, or opens a new draft version from the newest version (the
   * published one stays in force until the draft is published).
   */
  async update(actor: Actor, code: string, patch: FieldsInput): Promise<CatalogItem> {
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const item = await this.itemFor(actor, code, 'edit', tx);
      const latest = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('version', '=', item.latest_version).executeTakeFirstOrThrow();
      const before = fieldsOfRow(latest);
      const fields = mergeFields(before, patch);
      const errors = validateFields(fields);
      if (errors.length) throw itemInvalid(errors);
      if (fields.departmentId !== before.departmentId || fields.level !== before.level) await this.checkDepartment(actor, fields);
      if (latest.status === 'draft') {
        await tx
          .updateTable('catalog_versions')
          .set({ ...rowOfFields(fields), updated_by: actor.username, updated_at: now })
          .where('id', '=', latest.id)
          .execute();
        await tx.updateTable('catalog_items').set({ department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
        await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.draft_updated', subjectType: 'catalog_item', subjectId: code, before, after: fields });
        return latest.id;
      }
      const version = item.latest_version + 1;
      const row = await tx
        .insertInto('catalog_versions')
        .values({ code, version, status: 'draft', ...rowOfFields(fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.updateTable('catalog_items').set({ latest_version: version, department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.version_created', subjectType: 'catalog_item', subjectId: code, before: { version: version - 1, ...before }, after: { version, ...fields } });
      return row.id;
    });
    return (await this.getVersion(id))!;
  }

  private async draftOf(tx: CatalogDbOrTx, code: string): Promise<VersionRow> {
    const draft = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('status', '=', 'draft').executeTakeFirst();
    if (!draft) {
      const item = await tx.selectFrom('catalog_items').select('status').where('code', '=', code).executeTakeFirst();
      throw conflict('NO_DRAFT', `事项 ${code} 没有待审核的草稿`, { status: item?.status ?? null });
    }
    return draft;
  }

  /** The editor hands the draft to review (it enters the leaders' queue). */
  async submit(actor: Actor, code: string): Promise<CatalogItem> {
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.itemFor(actor, code, 'edit', tx);
      const draft = await this.draftOf(tx, code);
      await tx.updateTable('catalog_versions').set({ submitted_at: now, review_note: null }).where('id', '=', draft.id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.submitted', subjectType: 'catalog_item', subjectId: code, after: { version: draft.version } });
      return draft.id;
    });
    return (await this.getVersion(id))!;
  }

  /** Review sends the draft back with a reason; it leaves the queue until submitted again. */
  async reject(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    if (!reason.trim()) throw new AppError('REASON_REQUIRED', 422, '请填写退回理由', { field: 'reason' });
    const id = await this.db.transaction().execute(async (tx) => {
      await this.itemFor(actor, code, 'read', tx);
      const draft = await this.draftOf(tx, code);
      await tx.updateTable('catalog_versions').set({ submitted_at: null, review_note: reason.trim() }).where('id', '=', draft.id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.rejected', subjectType: 'catalog_item', subjectId: code, after: { version: draft.version, reason } });
      return draft.id;
    });
    return (await this.getVersion(id))!;
  }

  /** Publishes the draft: the previous published version becomes history, the search index follows. */
  async publish(actor: Actor, code: string): Promise<CatalogItem> {
    const id = await this.db.transaction().execute((tx) => this.publishIn(tx, actor, code));
    return (await this.getVersion(id))!;
  }

  /** Publishes inside the caller's transaction (imports); returns the published version id. */
  async publishIn(tx: CatalogDbOrTx, actor: Actor, code: string): Promise<number> {
    const now = this.ctx.clock.now().toISOString();
    {
      await this.itemFor(actor, code, 'read', tx);
      const draft = await this.draftOf(tx, code);
      const fields = fieldsOfRow(draft);
      const errors = validateFields(fields);
      if (errors.length) throw itemInvalid(errors);
      const previous = await tx.selectFrom('catalog_versions').select(['id', 'version']).where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
      if (previous) await tx.updateTable('catalog_versions').set({ status: 'superseded', ended_at: now }).where('id', '=', previous.id).execute();
      const done = await tx
        .updateTable('catalog_versions')
        .set({ status: 'published', published_at: now, published_by: actor.username, submitted_at: draft.submitted_at ?? now })
        .where('id', '=', draft.id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw conflict('NO_DRAFT', `事项 ${code} 的草稿已被处理`, { status: 'published' });
      await tx.updateTable('catalog_items').set({ status: 'published', department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
      await indexDocuments(tx, SEARCH_DOC_TYPE, [searchDocOf(code, fields)]);
      await recordAudit(tx, this.ctx.clock, actor, {
        action: 'catalog.item.published',
        subjectType: 'catalog_item',
        subjectId: code,
        before: previous ? { version: previous.version } : undefined,
        after: { version: draft.version, versionId: draft.id },
      });
      return draft.id;
    }
  }

  /** Retires the item (no delete: cases filed under it keep their version); an open draft is dropped. */
  async retire(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    if (!reason.trim()) throw new AppError('REASON_REQUIRED', 422, '请填写停用理由', { field: 'reason' });
    const now = this.ctx.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const item = await this.itemFor(actor, code, 'read', tx);
      if (item.status === 'retired') throw conflict('ITEM_RETIRED', `事项 ${code} 已停用`, { status: 'retired' });
      const current = await tx.selectFrom('catalog_versions').select(['id', 'version']).where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
      if (!current) throw conflict('ITEM_NOT_PUBLISHED', `事项 ${code} 尚未发布，无需停用`, { status: item.status });
      await tx.updateTable('catalog_versions').set({ status: 'retired', ended_at: now, review_note: reason.trim() }).where('id', '=', current.id).execute();
      const draft = await tx.selectFrom('catalog_versions').select(['id']).where('code', '=', code).where('status', '=', 'draft').executeTakeFirst();
      if (draft) {
        // A retired item keeps no pending draft: reopen it by editing again.
        await tx.updateTable('catalog_versions').set({ status: 'superseded', ended_at: now, review_note: '事项停用，草稿作废' }).where('id', '=', draft.id).execute();
      }
      await tx.updateTable('catalog_items').set({ status: 'retired', updated_at: now }).where('code', '=', code).execute();
      await removeDocuments(tx, SEARCH_DOC_TYPE, [code]);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.item.retired', subjectType: 'catalog_item', subjectId: code, after: { version: current.version, reason } });
      return current.id;
    });
    return (await this.getVersion(id))!;
  }

  // ------------------------------------------------------------------ review queue and quality

  async reviewQueue(actor: Actor, all = false) {
    return this.manageList(actor, { status: all ? 'draft' : 'pending', pageSize: 100 });
  }

  /** Data-quality report over each item's newest version, with the 实施清单 填报率 and 发布率. */
  async quality(actor: Actor, departmentId?: number) {
    const scope = this.scopedDepartment(actor);
    const dept = scope ?? departmentId ?? null;
    let qb = this.db
      .selectFrom('catalog_versions as v')
      .innerJoin('catalog_items as i', (j) => j.onRef('i.code', '=', 'v.code').onRef('i.latest_version', '=', 'v.version'))
      .selectAll('v')
      .select('i.status as item_status')
      .where('i.status', '<>', 'retired');
    if (dept !== null) qb = qb.where('v.department_id', '=', dept);
    const rows = await qb.execute();
    const now = this.ctx.clock.now();
    const issues: Array<{ code: string; name: string; version: number; status: string; departmentId: number; departmentName: string; rule: QualityRule; field: string; message: string }> = [];
    const fields: ItemFields[] = [];
    let published = 0;
    for (const r of rows) {
      const f = fieldsOfRow(r);
      fields.push(f);
      if (r.item_status === 'published') published++;
      for (const i of qualityIssues({ ...f, status: r.status, updatedAt: r.updated_at }, now)) {
        issues.push({ code: r.code, name: r.name, version: r.version, status: r.status, departmentId: f.departmentId, departmentName: await this.deptName(f.departmentId), ...i });
      }
    }
    issues.sort((a, b) => a.rule.localeCompare(b.rule) || collator.compare(a.name, b.name));
    const byRule = Object.fromEntries((Object.keys(QUALITY_RULES) as QualityRule[]).map((k) => [k, { label: QUALITY_RULES[k], count: issues.filter((i) => i.rule === k).length }]));
    return {
      departmentId: dept,
      items: rows.length,
      drafts: rows.filter((r) => r.status === 'draft').length,
      fillRate: fillRate(fields),
      publishRate: { numerator: published, denominator: rows.length, value: rows.length ? published / rows.length : null },
      byRule,
      issues,
    };
  }

  // ------------------------------------------------------------------ KPIs (collected by the stats module)

  /** The catalogue KPIs over the versions in force at the end of the period. */
  async kpis(period: Period, departmentId: number | null): Promise<Record<string, Kpi>> {
    const at = endOfShanghaiDay(period.to);
    let qb = this.db
      .selectFrom('catalog_versions')
      .select(['application_based', 'online_depth', 'legal_limit', 'promised_limit', 'limit_unit'])
      .where('published_at', 'is not', null)
      .where('published_at', '<=', at)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', at)]));
    if (departmentId !== null) qb = qb.where('department_id', '=', departmentId);
    const rows = await qb.execute();
    return catalogKpis(
      rows.map((r) => ({
        applicationBased: fromFlag(r.application_based),
        onlineDepth: r.online_depth,
        legalLimit: r.legal_limit,
        promisedLimit: r.promised_limit,
        limitUnit: r.limit_unit,
      })),
    );
  }

  // ------------------------------------------------------------------ synonyms

  synonyms() {
    return listSynonyms(this.ctx.db, SEARCH_DOC_TYPE);
  }

  async setSynonyms(actor: Actor, term: string, synonyms: string[]) {
    if (!term.trim()) throw new AppError('TERM_REQUIRED', 422, '请填写搜索词', { field: 'term' });
    await this.db.transaction().execute(async (tx) => {
      await setSynonyms(tx, SEARCH_DOC_TYPE, term, synonyms);
      await recordAudit(tx, this.ctx.clock, actor, { action: 'catalog.synonyms.set', subjectType: 'search_synonym', subjectId: term, after: synonyms });
    });
    return this.synonyms();
  }

  /** Counts by status (for the editor's home). */
  async counts(actor: Actor) {
    const scope = this.scopedDepartment(actor);
    let qb = this.db.selectFrom('catalog_items').select(['status', sql<number>`cast(count(*) as integer)`.as('n')]).groupBy('status');
    if (scope !== null) qb = qb.where('department_id', '=', scope);
    const rows = await qb.execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
