/**
 * Shared fixtures of the calendar rule tests: the seeded default index and chinese-days as an independent
 * reference for published years.
 */
import cd from 'chinese-days';
import { fromDayNumber, toDayNumber } from './calendar.days';
import type { LimitUnit } from './calendar.deadlines';
import { chineseDaysEntries } from './calendar.seed';
import { WorkdayIndex } from './calendar.workdays';

export const seed = chineseDaysEntries();
export const index = new WorkdayIndex({ entries: seed.entries, publishedYears: seed.years });

/** chinese-days with a local-midnight Date, because it parses strings as UTC but formats in local time. */
export function localDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d);
}
export const cdIsWorkday = (date: string): boolean => cd.isWorkday(localDate(date));
/** Independent reference for published years: chinese-days' own day-by-day search. */
export function cdDueDate(start: string, limit: number, unit: LimitUnit): string {
  if (limit === 0) return start;
  if (unit === 'workday') return cd.findWorkday(limit, localDate(start));
  return cd.findWorkday(0, localDate(fromDayNumber(toDayNumber(start) + limit)));
}

export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) out.push(fromDayNumber(d));
  return out;
}
