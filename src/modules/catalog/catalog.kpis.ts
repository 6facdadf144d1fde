/**
 * The catalogue's KPIs (SPEC §3): online depth rates, the compression of promised limits (overall and per
 * item type, as the report quotes it for 行政许可 and 公共服务), and the 三化 counts — items in force per
 * level (县 / 乡镇 / 村), the 就近办 list and the 跨省通办 items — over all items in force.
 */
import { ratio, type Kpi } from '../../shared/kpi';

/** What the catalogue KPIs need to know of an item version in force. */
export interface CatalogKpiItem {
  applicationBased: boolean;
  onlineDepth: number;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: 'workday' | 'natural';
  /** 事项类型 code ('01' 行政许可 … '20' 公共服务); absent in older callers' rows counts under no type. */
  type?: string;
  /** 4 县级, 5 乡镇级, 6 村级. */
  level?: 4 | 5 | 6;
  nearby?: boolean;
  /** Agreed 跨省通办 modes (none: not a 跨省通办 item). */
  crossProvinceModes?: readonly string[];
}

/** 事项类型 codes of the two kinds the report's 承诺压缩率 speaks of. */
export const LICENSE_TYPE = '01';
export const PUBLIC_SERVICE_TYPE = '20';

/** A count read as "N of all items in force": numerator N, denominator every item in force. */
function share(items: readonly CatalogKpiItem[], pick: (i: CatalogKpiItem) => boolean): Kpi {
  return ratio(items.filter(pick).length, items.length);
}

/** The compression of one item (legal − promised) / legal in working days; null when it does not apply. */
export function itemCompression(i: CatalogKpiItem): number | null {
  if (!i.applicationBased || i.legalLimit <= 0 || i.limitUnit !== 'workday') return null;
  return (i.legalLimit - Math.min(i.promisedLimit, i.legalLimit)) / i.legalLimit;
}

/** published 依申请 items with depth ≥ minDepth / published 依申请 items. */
function depthRate(items: readonly CatalogKpiItem[], minDepth: number): Kpi {
  const base = items.filter((i) => i.applicationBased);
  return ratio(base.filter((i) => i.onlineDepth >= minDepth).length, base.length);
}

/** published 依申请 items with depth exactly `depth` / published 依申请 items (the report's 三级 alone: 23.17 %). */
function exactDepthRate(items: readonly CatalogKpiItem[], depth: number): Kpi {
  const base = items.filter((i) => i.applicationBased);
  return ratio(base.filter((i) => i.onlineDepth === depth).length, base.length);
}

/**
 * Σ(legal − promised) / Σ legal over published 依申请 items with legal > 0, counted in working days only
 * (a natural-day limit is not comparable without a calendar, so those items stay out of both sums).
 */
export function promiseCompressionRate(items: readonly CatalogKpiItem[]): Kpi {
  const base = items.filter((i) => i.applicationBased && i.legalLimit > 0 && i.limitUnit === 'workday');
  const legal = base.reduce((s, i) => s + i.legalLimit, 0);
  const saved = base.reduce((s, i) => s + (i.legalLimit - Math.min(i.promisedLimit, i.legalLimit)), 0);
  return ratio(saved, legal);
}

export function catalogKpis(items: readonly CatalogKpiItem[]): Record<string, Kpi> {
  return {
    'catalog.onlineCapableRate': depthRate(items, 2),
    'catalog.level3PlusRate': depthRate(items, 3),
    'catalog.level3Rate': exactDepthRate(items, 3),
    'catalog.fullOnlineRate': depthRate(items, 4),
    'catalog.promiseCompressionRate': promiseCompressionRate(items),
    'catalog.promiseCompressionRate.license': promiseCompressionRate(items.filter((i) => i.type === LICENSE_TYPE)),
    'catalog.promiseCompressionRate.publicService': promiseCompressionRate(items.filter((i) => i.type === PUBLIC_SERVICE_TYPE)),
    'catalog.countyItems': share(items, (i) => i.level === 4),
    'catalog.townshipItems': share(items, (i) => i.level === 5),
    'catalog.villageItems': share(items, (i) => i.level === 6),
    'catalog.nearbyItems': share(items, (i) => i.nearby === true),
    'catalog.crossProvinceItems': share(items, (i) => (i.crossProvinceModes?.length ?? 0) > 0),
  };
}
