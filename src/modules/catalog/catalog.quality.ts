/**
 * How good the catalogue is: the data-quality report over each item's newest version (with the 实施清单
 * 填报率 and 发布率) for the catalogue's managers, and the catalogue KPIs for the statistics module.
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { fromFlag } from '../../kernel/db/db';
import type { OrgService } from '../org';
import { ratio, type Kpi } from '../../shared/kpi';
import { endOfShanghaiDay, type Period } from '../../shared/period';
import type { ItemStatus } from '../../shared/catalog.types';
import { scopedDepartment } from './catalog.access';
import { catalogKpis, itemCompression, promiseCompressionRate, type CatalogKpiItem } from './catalog.kpis';
import { fillRate, qualityIssues, QUALITY_RULES, type ItemFields, type QualityRule } from './catalog.rules';
import { departmentName, fieldsOfRow } from './catalog.rows';
import type { CatalogDb } from './catalog.tables';
import { compareZh } from '../../shared/zh-collate';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

interface QualityIssue {
  code: string;
  name: string;
  version: number;
  status: ItemStatus;
  departmentId: number;
  departmentName: string;
  rule: QualityRule;
  field: string;
  message: string;
}


export class CatalogQuality {
  constructor(
    private readonly db: CatalogDb,
    private readonly clock: Clock,
    private readonly org: OrgService,
  ) {}

  /** Data-quality report over each item's newest version, with the 实施清单 填报率 and 发布率. */
  async report(actor: Actor, departmentId?: number) {
    const scope = scopedDepartment(actor);
    const dept = scope ?? departmentId ?? null;
    let qb = this.db
      .selectFrom('catalog_versions as v')
      .innerJoin('catalog_items as i', (j) => j.onRef('i.code', '=', 'v.code').onRef('i.latest_version', '=', 'v.version'))
      .selectAll('v')
      .select('i.status as item_status')
      .where('i.status', '<>', 'retired');
    if (dept !== null) qb = qb.where('v.department_id', '=', dept);
    const rows = await qb.execute();
    const now = this.clock.now();
    const issues: QualityIssue[] = [];
    const fields: ItemFields[] = [];
    let published = 0;
    for (const r of rows) {
      const f = fieldsOfRow(r);
      fields.push(f);
      if (r.item_status === 'published') published++;
      for (const i of qualityIssues({ ...f, status: r.status, updatedAt: r.updated_at }, now)) {
        issues.push({ code: r.code, name: r.name, version: r.version, status: r.status, departmentId: f.departmentId, departmentName: await departmentName(this.org, f.departmentId), ...i });
      }
    }
    issues.sort((a, b) => a.rule.localeCompare(b.rule) || compareZh(a.name, b.name));
    const rules = Object.keys(QUALITY_RULES) as QualityRule[];
    const byRule = Object.fromEntries(rules.map((k) => [k, { label: QUALITY_RULES[k], count: issues.filter((i) => i.rule === k).length }]));
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

  /**
   * The catalogue KPIs over the versions in force at the end of the period, with the 实施清单 填报率 over
   * those versions and the 发布率: items created by then that had a version in force by then, over items
   * created by then and not retired (a draft that never went out lowers it).
   */
  async kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    const at = endOfShanghaiDay(period.to);
    let qb = this.db
      .selectFrom('catalog_versions')
      .selectAll()
      .where('published_at', 'is not', null)
      .where('published_at', '<=', at)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', at)]));
    qb = qb.where(inDepartments('department_id', departments));
    const rows = await qb.execute();
    const fields = rows.map(fieldsOfRow);
    let items = this.db.selectFrom('catalog_items').select('code').where('created_at', '<=', at).where('status', '<>', 'retired');
    items = items.where(inDepartments('department_id', departments));
    const created = (await items.execute()).map((r) => r.code);
    const inForce = new Set(rows.map((r) => r.code));
    return {
      ...catalogKpis(rows.map((r, i) => kpiItemOf(r, fields[i]))),
      'catalog.fillRate': fillRate(fields),
      'catalog.publishRate': ratio(created.filter((c) => inForce.has(c)).length, created.length),
    };
  }

  /**
   * 承诺压缩率 by item type and level, with the items whose own compression is below the target — the
   * list a bureau works down. Items in force now; working-day 依申请 items with a legal limit only.
   */
  async compression(q: { type?: string; level?: 4 | 5 | 6; target: number; departmentId?: number | null }) {
    let qb = this.db.selectFrom('catalog_versions').selectAll().where('published_at', 'is not', null).where('ended_at', 'is', null);
    if (q.type) qb = qb.where('type', '=', q.type);
    if (q.level) qb = qb.where('level', '=', q.level);
    if (q.departmentId) qb = qb.where('department_id', '=', q.departmentId);
    const rows = await qb.execute();
    const kpiItems = rows.map((r) => kpiItemOf(r, fieldsOfRow(r)));
    const below: Array<{ code: string; name: string; level: number; type: string; departmentId: number; departmentName: string; legalLimit: number; promisedLimit: number; compression: number }> = [];
    for (let i = 0; i < rows.length; i++) {
      const c = itemCompression(kpiItems[i]);
      if (c === null || c >= q.target) continue;
      const r = rows[i];
      below.push({ code: r.code, name: r.name, level: r.level, type: r.type, departmentId: r.department_id, departmentName: await departmentName(this.org, r.department_id), legalLimit: r.legal_limit, promisedLimit: r.promised_limit, compression: c });
    }
    below.sort((a, b) => a.compression - b.compression || compareZh(a.name, b.name));
    const counted = kpiItems.filter((i) => itemCompression(i) !== null).length;
    return { type: q.type ?? null, level: q.level ?? null, target: q.target, rate: promiseCompressionRate(kpiItems), items: counted, below };
  }
}

function kpiItemOf(r: { application_based: number; online_depth: number; legal_limit: number; promised_limit: number; limit_unit: 'workday' | 'natural'; type: string; level: 4 | 5 | 6 }, f: ItemFields): CatalogKpiItem {
  return {
    applicationBased: fromFlag(r.application_based),
    onlineDepth: r.online_depth,
    legalLimit: r.legal_limit,
    promisedLimit: r.promised_limit,
    limitUnit: r.limit_unit,
    type: r.type,
    level: r.level,
    nearby: f.nearby,
    crossProvinceModes: f.crossProvinceModes,
  };
}
