/**
 * KPI formulas (SPEC §3) as pure functions. Every figure is { value, numerator, denominator } so it can
 * be traced back to counts; value is null when the denominator is 0 (no data is not 0 %).
 */

import type { Kpi } from '../../shared/kpi.types';
export type { Kpi } from '../../shared/kpi.types';

export function ratio(numerator: number, denominator: number): Kpi {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** What the catalogue KPIs need to know of an item version in force. */
export interface CatalogKpiItem {
  applicationBased: boolean;
  onlineDepth: number;
  legalLimit: number;
  promisedLimit: number;
  limitUnit: 'workday' | 'natural';
}

/** published 依申请 items with depth ≥ minDepth / published 依申请 items. */
export function depthRate(items: readonly CatalogKpiItem[], minDepth: number): Kpi {
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

// ---------------------------------------------------------------- period parameters

export interface PeriodInput {
  from?: string;
  to?: string;
}

export interface Period {
  from: string;
  to: string;
}

export const MAX_SPAN_YEARS = 5;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * The reporting period: defaults to 1 January of today's year … today. Returns the error naming the
 * parameter instead of throwing, so the rule stays pure.
 */
export function resolvePeriod(input: PeriodInput, today: string): { period: Period } | { field: 'from' | 'to'; message: string } {
  const to = input.to ?? today;
  const from = input.from ?? `${to.slice(0, 4)}-01-01`;
  if (!isRealDate(from)) return { field: 'from', message: `from 不是有效日期：${from}` };
  if (!isRealDate(to)) return { field: 'to', message: `to 不是有效日期：${to}` };
  if (from > to) return { field: 'from', message: `from（${from}）晚于 to（${to}）` };
  const limit = `${Number(from.slice(0, 4)) + MAX_SPAN_YEARS}${from.slice(4)}`;
  if (to > limit) return { field: 'to', message: `统计区间不能超过 ${MAX_SPAN_YEARS} 年` };
  return { period: { from, to } };
}

/** The last instant of a Shanghai calendar day, as UTC ISO text comparable with stored instants. */
export function endOfShanghaiDay(date: string): string {
  return new Date(`${date}T23:59:59.999+08:00`).toISOString();
}
