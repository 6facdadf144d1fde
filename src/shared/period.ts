/**
 * Reporting periods, one rule for every figure the platform reports (summary, drill-down, series, Excel,
 * the yearly report, the hotline and supervision statistics), so a period the summary accepts is never
 * refused by its drill-down. Plain data and functions only: the web app uses the same checks.
 */

/** An inclusive range of Shanghai calendar days, 'YYYY-MM-DD'. */
export interface Period {
  from: string;
  to: string;
}

export interface PeriodInput {
  from?: string;
  to?: string;
}

/** The longest period one request may span: `to` at most the same day MAX_SPAN_YEARS after `from`. */
export const MAX_SPAN_YEARS = 5;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date 'YYYY-MM-DD' (2026-02-30 is not). */
export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export type PeriodProblem = { field: 'from' | 'to'; message: string };

/**
 * The reporting period from optional from/to: defaults to 1 January of today's year … today. Returns the
 * parameter at fault instead of throwing, so the rule stays pure; routes turn it into 422 INVALID_PERIOD.
 */
export function resolvePeriod(input: PeriodInput, today: string): { period: Period } | PeriodProblem {
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
