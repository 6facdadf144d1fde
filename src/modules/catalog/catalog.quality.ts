/**
 * How good the catalogue is: the data-quality report over each item's newest version (with the 实施清单
 * 填报率 and 发布率) for the catalogue's managers, and the catalogue KPIs for the statistics module.
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { fromFlag } from '../../kernel/db/db';
import type { OrgService } from '../org';
import type { Kpi } from '../../shared/kpi';
import { endOfShanghaiDay, type Period } from '../../shared/period';
import type { ItemStatus } from '../../shared/catalog.types';
import { scopedDepartment } from './catalog.access';
import { catalogKpis } from './catalog.kpis';
import { fillRate, qualityIssues, QUALITY_RULES, type ItemFields, type QualityRule } from './catalog.rules';
import { departmentName, fieldsOfRow } from './catalog.rows';
import type { CatalogDb } from './catalog.tables';

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

const collator = new Intl.Collator('zh');

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
    issues.sort((a, b) => a.rule.localeCompare(b.rule) || collator.compare(a.name, b.name));
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
}
