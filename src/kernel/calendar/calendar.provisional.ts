/**
 * The provisional calendar of a year whose State Council schedule is not yet published: the statutory
 * holidays of 《全国年节及纪念日放假办法》 (2025 revision, art. 2) with their lunar and solar-term dates, and the
 * make-up days of art. 6 ("适逢周六、周日，应当在工作日补假"). The yearly notice's 调休 cannot be foreseen:
 * entering the published year (an import of its holiday JSON) replaces all of this.
 *
 * Pure: dates come from chinese-days' lunar table (1900–2100) and its solar-term formula.
 */
import type chineseDays from 'chinese-days';
import { lazyRequire } from '../lazy-require';
import { fromDayNumber, toDayNumber, weekdayOfDayNumber } from './calendar.days';

/** chinese-days (its lunar and holiday tables) is loaded when a calendar is first computed, not at start-up. */
const chineseDaysLib = lazyRequire<typeof chineseDays>('chinese-days');

export interface ProvisionalHoliday {
  date: string;
  name: string;
  /** true for an art. 6 make-up day (补假) rather than the festival day itself. */
  makeUp: boolean;
}

/** art. 2: 元旦 1, 春节 4 (除夕 and 正月初一至初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆节 3 days. */
export function statutoryHolidays(year: number): { date: string; name: string }[] {
  if (year < 1901 || year > 2099) return [];
  const lunar = (m: number, d: number) => chineseDaysLib().getSolarDateFromLunar(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).date;
  const springDay = toDayNumber(lunar(1, 1));
  const days: { date: string; name: string }[] = [
    { date: `${year}-01-01`, name: '元旦' },
    ...[-1, 0, 1, 2].map((k) => ({ date: fromDayNumber(springDay + k), name: '春节' })),
    { date: chineseDaysLib().getSolarTermDate(year, 4, 'pure_brightness'), name: '清明节' },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: lunar(5, 5), name: '端午节' },
    { date: lunar(8, 15), name: '中秋节' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ];
  // 除夕 of a 春节 in late January can fall in the previous Gregorian year: each year keeps its own days.
  const seen = new Set<string>();
  return days.filter((d) => d.date.startsWith(`${year}-`) && !seen.has(d.date) && seen.add(d.date)).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The statutory holidays of `year` plus one make-up working day off for each of them that falls on a Saturday
 * or Sunday, taken on the first weekdays after the festival's run of days off (e.g. 春节 2027: 除夕 Fri 5 Feb
 * to 初三 Mon 8 Feb, with Sat 6 and Sun 7 made up on Tue 9 and Wed 10 Feb).
 */
export function provisionalHolidays(year: number): ProvisionalHoliday[] {
  const days = statutoryHolidays(year);
  const off = new Map<number, ProvisionalHoliday>(days.map((d) => [toDayNumber(d.date), { ...d, makeUp: false }]));
  const isWeekend = (dn: number) => {
    const w = weekdayOfDayNumber(dn);
    return w === 0 || w === 6;
  };
  for (const d of days) {
    const dn = toDayNumber(d.date);
    if (!isWeekend(dn)) continue;
    let next = dn + 1;
    while (off.has(next) || isWeekend(next)) next++;
    off.set(next, { date: fromDayNumber(next), name: d.name, makeUp: true });
  }
  return [...off.values()].filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => (a.date < b.date ? -1 : 1));
}
