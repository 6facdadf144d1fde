/** The catalogue's KPIs (SPEC §3): online depth rates and the compression of promised limits. */
import { ratio, type Kpi } from '../../shared/kpi';

/** What the catalogue KPIs need to know of an item version in force. */
export interface CatalogKpiItem {
  applicationBased: boolean;
  onlineDepth: number;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: 'workday' | 'natural';
}

/** published 依申请 items with depth ≥ minDepth / published 依申请 items. */
function depthRate(items: readonly CatalogKpiItem[], minDepth: number): Kpi {
  const base = items.filter((i) => i.applicationBased);
  return ratio(base.filter((i) => i.onlineDepth >= minDepth).length, base.length);
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
    'catalog.fullOnlineRate': depthRate(items, 4),
    'catalog.promiseCompressionRate': promiseCompressionRate(items),
  };
}
