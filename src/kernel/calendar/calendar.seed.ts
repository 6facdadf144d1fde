/**
 * Calendar seed from the npm package chinese-days (State Council holiday notices, 2004–2026 in 1.5.7).
 *
 * The package answers for any date, but for a year without data it silently treats every weekday as a
 * working day (STACK.md), so the published years are derived from the data actually present, never from
 * what the package answers.
 */
import type chineseDays from 'chinese-days';
import { lazyRequire } from '../lazy-require';
import { dayNumberToCivil, fromDayNumber, toDayNumber, weekdayOfDayNumber } from './calendar.days';
import type { CalendarDayEntry } from './calendar.workdays';

/** chinese-days (its lunar and holiday tables) is loaded when a calendar is first computed, not at start-up. */
const chineseDaysLib = lazyRequire<typeof chineseDays>('chinese-days');

export interface ChineseDaysSeed {
  entries: CalendarDayEntry[];
  /** Years with holiday data, ascending. */
  years: number[];
}

/** chinese-days uses colloquial short names for three festivals; use the names of the holiday law. */
const OFFICIAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

const DEFAULT_FROM_YEAR = 2000;
const DEFAULT_TO_YEAR = 2050;

let cached: ChineseDaysSeed | undefined;

/** Chinese name of a chinese-days holiday label ("Spring Festival,春节,4"), or undefined for a plain day. */
function holidayName(label: string): string | undefined {
  const parts = label.split(',');
  if (parts.length < 3) return undefined;
  const cn = parts[1].trim();
  return OFFICIAL_NAMES[cn] ?? cn;
}

function scan(fromYear: number, toYear: number): ChineseDaysSeed {
  const entries: CalendarDayEntry[] = [];
  const years: number[] = [];
  const first = toDayNumber(`${fromYear}-01-01`);
  const last = toDayNumber(`${toYear}-12-31`);
  let yearEntries: CalendarDayEntry[] = [];
  let yearHasData = false;
  for (let dn = first; dn <= last; dn++) {
    const date = fromDayNumber(dn);
    const { year, month, day } = dayNumberToCivil(dn);
    // A local-midnight Date: the package formats with local getters but parses 'YYYY-MM-DD' strings as
    // UTC, which shifts the day on hosts west of Greenwich.
    const detail = chineseDaysLib().getDayDetail(new Date(year, month - 1, day));
    if (detail.date !== date) throw new Error(`chinese-days answered ${detail.date} for ${date}`);
    const name = holidayName(detail.name);
    const dow = weekdayOfDayNumber(dn);
    const weekend = dow === 0 || dow === 6;
    if (name !== undefined) yearHasData = true;
    if (!detail.work) {
      // In-lieu weekdays (调休休息日) are days off like the festival itself, hence 'holiday'.
      if (name !== undefined || !weekend) yearEntries.push({ date, kind: 'holiday', ...(name ? { name } : {}) });
    } else if (weekend) {
      yearEntries.push({ date, kind: 'adjusted_workday', name: `${name ?? ''}调休上班` });
    }
    if (month === 12 && day === 31) {
      if (yearHasData) {
        years.push(year);
        entries.push(...yearEntries);
      }
      yearEntries = [];
      yearHasData = false;
    }
  }
  return { entries, years };
}

/**
 * Every statutory holiday (with its Chinese name, e.g. 春节, 国庆节), every in-lieu weekday off (also
 * 'holiday') and every 调休 working weekend ('adjusted_workday', e.g. "春节调休上班") known to chinese-days,
 * plus the list of years for which the package has data. Years are probed in [fromYear, toYear].
 */
export function chineseDaysEntries(options: { fromYear?: number; toYear?: number } = {}): ChineseDaysSeed {
  const fromYear = options.fromYear ?? DEFAULT_FROM_YEAR;
  const toYear = options.toYear ?? DEFAULT_TO_YEAR;
  const isDefault = fromYear === DEFAULT_FROM_YEAR && toYear === DEFAULT_TO_YEAR;
  // Scanning ~18k days through the package takes tens of milliseconds; the data never changes at runtime.
  const seed = isDefault ? (cached ??= scan(fromYear, toYear)) : scan(fromYear, toYear);
  return { entries: seed.entries.map((e) => ({ ...e })), years: [...seed.years] };
}
