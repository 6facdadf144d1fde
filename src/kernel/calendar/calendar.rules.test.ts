import { describe, it, expect } from 'vitest';
import cd from 'chinese-days';
import {
  WorkdayIndex,
  chineseDaysEntries,
  computeCaseClock,
  computeDueDate,
  explainClock,
  fromDayNumber,
  isLateCompletion,
  isOnTime,
  isValidDateString,
  missingNextYearCalendar,
  shanghaiDate,
  toDayNumber,
  weekdayOf,
  type CalendarDayEntry,
  type CaseClockInput,
  type LimitUnit,
} from './index';

const seed = chineseDaysEntries();
const index = new WorkdayIndex({ entries: seed.entries, publishedYears: seed.years });

/** chinese-days with a local-midnight Date, because it parses strings as UTC but formats in local time. */
function localDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d);
}
const cdIsWorkday = (date: string): boolean => cd.isWorkday(localDate(date));
/** Independent reference for published years: chinese-days' own day-by-day search. */
function cdDueDate(start: string, limit: number, unit: LimitUnit): string {
  if (limit === 0) return start;
  if (unit === 'workday') return cd.findWorkday(limit, localDate(start));
  return cd.findWorkday(0, localDate(fromDayNumber(toDayNumber(start) + limit)));
}

function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) out.push(fromDayNumber(d));
  return out;
}

describe('day numbers', () => {
  it.each([
    ['1970-01-01', 0, 4],
    ['2000-01-01', 10957, 6],
    ['2000-02-29', 11016, 2],
    ['2026-09-30', 20726, 3],
    ['2027-01-01', 20819, 5],
  ])('%s is day %i, weekday %i', (date, n, dow) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
    expect(weekdayOf(date)).toBe(dow);
  });

  it('round-trips every day of the default range', () => {
    for (let n = toDayNumber('2000-01-01'); n <= toDayNumber('2045-12-31'); n++) expect(toDayNumber(fromDayNumber(n))).toBe(n);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '2026/01/01', '', '2026-01-32', 'abcd-ef-gh'])(
    'rejects %j',
    (bad) => {
      expect(isValidDateString(bad)).toBe(false);
      expect(() => toDayNumber(bad)).toThrow(RangeError);
      expect(() => index.isWorkday(bad)).toThrow(RangeError);
    },
  );

  it.each([
    [Date.UTC(2026, 8, 29, 15, 59, 59), '2026-09-29'],
    [Date.UTC(2026, 8, 29, 16, 0, 0), '2026-09-30'],
    [Date.parse('2026-09-30T09:00:00+08:00'), '2026-09-30'],
  ])('shanghaiDate(%i) = %s', (ms, date) => {
    expect(shanghaiDate(ms)).toBe(date);
    expect(shanghaiDate(new Date(ms))).toBe(date);
  });
});

describe('chinese-days seed', () => {
  it('publishes exactly the years with holiday data (2004–2026), not 2027', () => {
    expect(seed.years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(index.isPublishedYear(2027)).toBe(false);
    // The package answers for 2027 as if New Year's Day were a working day: that is why it is not published.
    expect(cdIsWorkday('2027-01-01')).toBe(true);
    expect(index.isWorkday('2027-01-01')).toBe(false);
  });

  it('agrees with chinese-days on every day of every published year', () => {
    const mismatches = datesFrom('2004-01-01', '2026-12-31').filter((d) => index.isWorkday(d) !== cdIsWorkday(d));
    expect(mismatches).toEqual([]);
  });

  it('classifies in-lieu weekdays as holidays', () => {
    for (const d of datesFrom('2025-01-01', '2026-12-31').filter((x) => cd.isInLieu(localDate(x)))) {
      expect(index.dayInfo(d).kind).toBe('holiday');
    }
  });
});

// State Council notices: 国办发明电〔2024〕12号 (2025) and the November 2025 notice for 2026.
const ADJUSTED_WORKDAYS: [string, string][] = [
  ['2025-01-26', '春节调休上班'],
  ['2025-02-08', '春节调休上班'],
  ['2025-04-27', '劳动节调休上班'],
  ['2025-09-28', '国庆节调休上班'],
  ['2025-10-11', '国庆节调休上班'],
  ['2026-01-04', '元旦调休上班'],
  ['2026-02-14', '春节调休上班'],
  ['2026-02-28', '春节调休上班'],
  ['2026-05-09', '劳动节调休上班'],
  ['2026-09-20', '国庆节调休上班'],
  ['2026-10-10', '国庆节调休上班'],
];

const HOLIDAY_SPANS: { from: string; to: string; names: string[] }[] = [
  { from: '2025-01-01', to: '2025-01-01', names: ['元旦'] },
  { from: '2025-01-28', to: '2025-02-04', names: ['春节'] },
  { from: '2025-04-04', to: '2025-04-06', names: ['清明节'] },
  { from: '2025-05-01', to: '2025-05-05', names: ['劳动节'] },
  { from: '2025-05-31', to: '2025-06-02', names: ['端午节'] },
  { from: '2025-10-01', to: '2025-10-08', names: ['国庆节', '中秋节'] },
  { from: '2026-01-01', to: '2026-01-03', names: ['元旦'] },
  { from: '2026-02-15', to: '2026-02-23', names: ['春节'] },
  { from: '2026-04-04', to: '2026-04-06', names: ['清明节'] },
  { from: '2026-05-01', to: '2026-05-05', names: ['劳动节'] },
  { from: '2026-06-19', to: '2026-06-21', names: ['端午节'] },
  { from: '2026-09-25', to: '2026-09-27', names: ['中秋节'] },
  { from: '2026-10-01', to: '2026-10-07', names: ['国庆节'] },
];

describe('2025 and 2026 schedules', () => {
  it.each(ADJUSTED_WORKDAYS)('%s is a 调休 working day (%s)', (date, name) => {
    const dow = weekdayOf(date);
    expect(dow === 0 || dow === 6).toBe(true);
    expect(index.isWorkday(date)).toBe(true);
    expect(cdIsWorkday(date)).toBe(true);
    expect(index.dayInfo(date)).toEqual({ date, kind: 'adjusted_workday', name, workday: true, provisional: false });
  });

  it('has no other 调休 working days in 2025–2026', () => {
    const adjusted = datesFrom('2025-01-01', '2026-12-31').filter((d) => index.dayInfo(d).kind === 'adjusted_workday');
    expect(adjusted).toEqual(ADJUSTED_WORKDAYS.map(([d]) => d));
  });

  it.each(HOLIDAY_SPANS)('$from..$to is off ($names)', ({ from, to, names }) => {
    for (const d of datesFrom(from, to)) {
      const info = index.dayInfo(d);
      expect(info.workday).toBe(false);
      expect(cdIsWorkday(d)).toBe(false);
      expect(info.kind).toBe('holiday');
      expect(names).toContain(info.name);
    }
    // The days around a span are either working days or plain weekends.
    for (const d of [fromDayNumber(toDayNumber(from) - 1), fromDayNumber(toDayNumber(to) + 1)]) {
      expect(index.isWorkday(d) || index.dayInfo(d).kind === 'weekend').toBe(true);
    }
  });

  it('lists exactly these holiday spans', () => {
    const spans = index.holidaysBetween('2025-01-01', '2026-12-31').map(({ from, to, names }) => ({ from, to, names }));
    expect(spans).toEqual(HOLIDAY_SPANS);
  });

  it('names 2025-10-06 中秋节 inside the combined National Day break', () => {
    expect(index.dayInfo('2025-10-06')).toMatchObject({ kind: 'holiday', name: '中秋节' });
  });
});

describe('WorkdayIndex queries', () => {
  it.each([
    ['2026-09-30', '2026-10-13', 5],
    ['2026-10-13', '2026-09-30', -5],
    ['2026-10-01', '2026-10-07', 0],
    ['2026-10-09', '2026-10-12', 2],
    ['2026-10-12', '2026-10-12', 0],
  ])('workdaysBetween(%s, %s) = %i', (a, b, n) => {
    expect(index.workdaysBetween(a, b)).toBe(n);
  });

  it.each([
    ['2026-09-30', '2026-10-14', 6],
    ['2026-10-01', '2026-10-08', 0],
    ['2026-10-08', '2026-10-08', 0],
    ['2026-10-14', '2026-10-08', 0],
    ['2045-12-29', '2046-01-01', 1],
  ])('workdaysInRange(%s, %s) = %i', (a, b, n) => {
    expect(index.workdaysInRange(a, b)).toBe(n);
  });

  it.each([
    ['2026-10-13', -5, '2026-09-30'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-10-12', 0, '2026-10-12'],
    ['2026-10-03', 0, '2026-10-03'],
  ])('addWorkdays(%s, %i) = %s', (date, n, expected) => {
    expect(index.addWorkdays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-10-01', '2026-10-08'],
    ['2026-10-10', '2026-10-10'],
    ['2026-10-11', '2026-10-12'],
    ['2025-01-25', '2025-01-26'],
  ])('nextWorkdayOnOrAfter(%s) = %s', (date, expected) => {
    expect(index.nextWorkdayOnOrAfter(date)).toBe(expected);
    expect(cd.findWorkday(0, localDate(date))).toBe(expected);
  });

  it('adds natural days across months and years', () => {
    expect(index.addNaturalDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(index.addNaturalDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(index.addNaturalDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('throws RangeError outside the index range', () => {
    expect(() => index.isWorkday('1999-12-31')).toThrow(/outside the working-day calendar/);
    expect(() => index.addWorkdays('2045-12-28', 10)).toThrow(RangeError);
    expect(() => index.addNaturalDays('2045-12-31', 1)).toThrow(RangeError);
    expect(() => computeDueDate(index, { start: '2046-01-02', limit: 1, unit: 'workday' })).toThrow(RangeError);
    expect(() => computeDueDate(index, { start: '2026-01-05', limit: -1, unit: 'workday' })).toThrow(RangeError);
    expect(() => computeDueDate(index, { start: '2026-01-05', limit: 1.5, unit: 'natural' })).toThrow(RangeError);
  });

  it('reports holiday spans that touch a range, whole', () => {
    expect(index.holidaysBetween('2026-10-05', '2026-10-20')).toEqual([
      { from: '2026-10-01', to: '2026-10-07', names: ['国庆节'], days: 7, provisional: false },
    ]);
    expect(index.holidaysBetween('2026-10-08', '2026-10-20')).toEqual([]);
  });
});

describe('computeDueDate', () => {
  it.each<[string, string, number, LimitUnit, string]>([
    // National Day 2026 (10-01..10-07 off, 10-10 Saturday works)
    ['accepted the day before National Day 2026', '2026-09-30', 5, 'workday', '2026-10-13'],
    ['first working day after National Day 2026', '2026-09-30', 1, 'workday', '2026-10-08'],
    ['lands on the 调休 Saturday', '2026-09-30', 3, 'workday', '2026-10-10'],
    ['accepted online on a holiday', '2026-10-01', 5, 'workday', '2026-10-13'],
    // Spring Festival 2026 (02-15..02-23 off, 02-14 and 02-28 Saturdays work)
    ['accepted the Friday before Spring Festival 2026', '2026-02-13', 5, 'workday', '2026-02-27'],
    ['accepted on the 调休 Saturday before Spring Festival 2026', '2026-02-14', 5, 'workday', '2026-02-28'],
    ['first day after Spring Festival 2026', '2026-02-14', 1, 'workday', '2026-02-24'],
    ['20 working days across Spring Festival 2026', '2026-02-13', 20, 'workday', '2026-03-19'],
    // Spring Festival 2025 (01-28..02-04 off, 01-26 and 02-08 work)
    ['accepted the day before Spring Festival 2025', '2025-01-27', 3, 'workday', '2025-02-07'],
    ['Sunday 调休 before Spring Festival 2025', '2025-01-24', 1, 'workday', '2025-01-26'],
    // National Day + Mid-Autumn 2025 (10-01..10-08 off, 09-28 and 10-11 work)
    ['accepted the day before National Day 2025', '2025-09-30', 5, 'workday', '2025-10-14'],
    ['Sunday 调休 before National Day 2025', '2025-09-26', 2, 'workday', '2025-09-29'],
    // 元旦, 清明, 劳动节, 端午, 中秋
    ['元旦 2026 then the 调休 Sunday', '2025-12-31', 1, 'workday', '2026-01-04'],
    ['元旦 2025', '2024-12-31', 1, 'workday', '2025-01-02'],
    ['清明 2026', '2026-04-03', 1, 'workday', '2026-04-07'],
    ['清明 2025', '2025-04-03', 1, 'workday', '2025-04-07'],
    ['劳动节 2026', '2026-04-30', 3, 'workday', '2026-05-08'],
    ['劳动节 2026 调休 Saturday', '2026-04-30', 4, 'workday', '2026-05-09'],
    ['劳动节 2025 调休 Sunday', '2025-04-25', 1, 'workday', '2025-04-27'],
    ['端午 2026', '2026-06-18', 1, 'workday', '2026-06-22'],
    ['端午 2025', '2025-05-30', 1, 'workday', '2025-06-03'],
    ['中秋 2026', '2026-09-24', 1, 'workday', '2026-09-28'],
    ['国庆 2026 调休 Sunday before 中秋', '2026-09-18', 1, 'workday', '2026-09-20'],
    // 即办件
    ['即办件', '2026-09-30', 0, 'workday', '2026-09-30'],
    ['即办件 on a holiday', '2026-10-01', 0, 'workday', '2026-10-01'],
    ['即办件, natural unit', '2026-10-03', 0, 'natural', '2026-10-03'],
    // natural-day limits
    ['natural, ends on National Day', '2026-09-24', 7, 'natural', '2026-10-08'],
    ['natural, ends on a holiday Saturday', '2026-09-28', 5, 'natural', '2026-10-08'],
    ['natural, ends on a weekend', '2026-03-02', 5, 'natural', '2026-03-09'],
    ['natural, ends on a weekday', '2026-03-02', 3, 'natural', '2026-03-05'],
    ['natural, ends on a 调休 Saturday', '2026-02-21', 7, 'natural', '2026-02-28'],
    ['natural, ends on 元旦 2026 then 调休 Sunday', '2025-12-30', 3, 'natural', '2026-01-04'],
    ['natural, ends in Spring Festival 2026', '2026-02-10', 5, 'natural', '2026-02-24'],
    ['natural, ends in National Day 2025', '2025-09-25', 10, 'natural', '2025-10-09'],
    ['natural, 30 days ending on a Sunday', '2026-01-30', 30, 'natural', '2026-03-02'],
  ])('%s: %s + %i %s = %s', (_label, start, limit, unit, expected) => {
    expect(computeDueDate(index, { start, limit, unit })).toBe(expected);
    expect(cdDueDate(start, limit, unit)).toBe(expected);
    expect(index.isProvisional(expected)).toBe(false);
  });
});

describe('provisional years (2027 has no published schedule)', () => {
  it.each([
    ['2027-01-01', 'holiday', '元旦', false],
    ['2027-01-02', 'weekend', undefined, false],
    ['2027-05-01', 'holiday', '劳动节', false],
    ['2027-05-02', 'holiday', '劳动节', false],
    ['2027-10-01', 'holiday', '国庆节', false],
    ['2027-10-02', 'holiday', '国庆节', false],
    ['2027-10-03', 'holiday', '国庆节', false],
    // Lunar festivals and 调休 are unknown until the State Council publishes them: plain weekdays.
    ['2027-02-08', 'workday', undefined, true],
    ['2027-04-05', 'workday', undefined, true],
    ['2027-05-03', 'workday', undefined, true],
    ['2027-06-09', 'workday', undefined, true],
    ['2027-09-15', 'workday', undefined, true],
    ['2027-10-04', 'workday', undefined, true],
  ])('%s is %s', (date, kind, name, workday) => {
    const info = index.dayInfo(date);
    expect(info).toEqual({ date, kind, workday, provisional: true, ...(name ? { name } : {}) });
    expect(index.isProvisional(date)).toBe(true);
  });

  it.each([
    ['2026-12-30', 5, '2027-01-07'],
    ['2026-12-31', 1, '2027-01-04'],
    ['2027-04-30', 1, '2027-05-03'],
    ['2027-09-30', 5, '2027-10-08'],
  ])('%s + %i working days = %s (provisional)', (start, limit, expected) => {
    expect(computeDueDate(index, { start, limit, unit: 'workday' })).toBe(expected);
    expect(index.isProvisional(expected)).toBe(true);
  });

  it('applies admin entries for a provisional year', () => {
    const override: CalendarDayEntry[] = [
      ...datesFrom('2027-10-04', '2027-10-07').map((date) => ({ date, kind: 'holiday' as const, name: '国庆节' })),
      { date: '2027-10-09', kind: 'adjusted_workday', name: '国庆节调休上班' },
      { date: '2027-05-03', kind: 'holiday', name: '劳动节' },
    ];
    const edited = new WorkdayIndex({ entries: [...seed.entries, ...override], publishedYears: seed.years });
    expect(computeDueDate(index, { start: '2027-09-30', limit: 5, unit: 'workday' })).toBe('2027-10-08');
    expect(computeDueDate(edited, { start: '2027-09-30', limit: 5, unit: 'workday' })).toBe('2027-10-13');
    expect(computeDueDate(edited, { start: '2027-04-30', limit: 1, unit: 'workday' })).toBe('2027-05-04');
    expect(edited.dayInfo('2027-10-09')).toEqual({
      date: '2027-10-09', kind: 'adjusted_workday', name: '国庆节调休上班', workday: true, provisional: true,
    });
    // Once the year is published it is no longer provisional.
    const published = new WorkdayIndex({ entries: [...seed.entries, ...override], publishedYears: [...seed.years, 2027] });
    expect(published.isProvisional('2027-10-09')).toBe(false);
    expect(published.isWorkday('2027-01-01')).toBe(true); // no entry, no fixed-date default any more
  });

  it('normalises entry kinds against the weekday', () => {
    const edited = new WorkdayIndex({
      entries: [
        { date: '2027-10-09', kind: 'workday' },
        { date: '2027-10-04', kind: 'weekend' },
      ],
      publishedYears: [],
      from: '2027-01-01',
      to: '2027-12-31',
    });
    expect(edited.dayInfo('2027-10-09').kind).toBe('adjusted_workday');
    expect(edited.dayInfo('2027-10-04').kind).toBe('holiday');
  });

  it('warns from November when next year is missing', () => {
    expect(missingNextYearCalendar(index, '2026-11-01')).toBe(2027);
    expect(missingNextYearCalendar(index, '2026-10-31')).toBeNull();
    expect(missingNextYearCalendar(index, '2025-12-15')).toBeNull();
  });
});

const base = { unit: 'workday' as const, suspensions: [], extensions: [] };

describe('computeCaseClock', () => {
  it.each<[string, CaseClockInput, Record<string, unknown>]>([
    [
      'closed suspension, extension, completed late',
      {
        acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, unit: 'workday',
        suspensions: [{ from: '2026-10-20', to: '2026-10-23', reason: '专家评审' }],
        extensions: [{ days: 10, approvedOn: '2026-11-05' }], completedOn: '2026-11-02', today: '2026-11-10',
      },
      {
        basePromisedDueDate: '2026-10-26', baseLegalDueDate: '2026-11-09', promisedDueDate: '2026-10-29',
        legalDueDate: '2026-11-26', suspendedWorkdays: 3, extensionWorkdays: 10, workdaysUsed: 12, workdaysLeft: -2,
        overdue: true, provisional: false, running: false,
      },
    ],
    [
      'closed suspension, still open, on track',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: '2026-10-23' }], today: '2026-10-27' },
      { promisedDueDate: '2026-10-29', legalDueDate: '2026-11-12', suspendedWorkdays: 3, workdaysUsed: 8, workdaysLeft: 2, overdue: false, running: true },
    ],
    [
      'open suspension counts through today',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: null, reason: '检测' }], today: '2026-10-22' },
      { promisedDueDate: '2026-10-29', legalDueDate: '2026-11-12', suspendedWorkdays: 3, workdaysUsed: 5, workdaysLeft: 5, running: false },
    ],
    [
      'open suspension, one day later: due date moves, days left stay',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: null }], today: '2026-10-23' },
      { promisedDueDate: '2026-10-30', legalDueDate: '2026-11-13', suspendedWorkdays: 4, workdaysUsed: 5, workdaysLeft: 5, running: false },
    ],
    [
      'open suspension over a weekend',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: null }], today: '2026-10-24' },
      { promisedDueDate: '2026-10-30', suspendedWorkdays: 4, workdaysUsed: 5, workdaysLeft: 5 },
    ],
    [
      'overlapping suspensions count each day once',
      {
        ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, today: '2026-11-03',
        suspensions: [{ from: '2026-10-22', to: '2026-10-27' }, { from: '2026-10-20', to: '2026-10-23' }],
      },
      { promisedDueDate: '2026-11-02', suspendedWorkdays: 5, workdaysUsed: 11, workdaysLeft: -1, overdue: true },
    ],
    [
      'suspension starting on the acceptance day costs only counted days',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-12', to: '2026-10-14' }], today: '2026-10-14' },
      { promisedDueDate: '2026-10-27', suspendedWorkdays: 1, workdaysUsed: 1, workdaysLeft: 9 },
    ],
    [
      'overdue open case across National Day 2026',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-16' },
      { promisedDueDate: '2026-10-13', legalDueDate: '2026-11-03', workdaysUsed: 8, workdaysLeft: -3, overdue: true, running: true },
    ],
    [
      'overdue, seen on a Saturday',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-17' },
      { workdaysUsed: 8, workdaysLeft: -3, overdue: true },
    ],
    [
      'completed early',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, completedOn: '2026-10-09', today: '2026-12-01' },
      { promisedDueDate: '2026-10-13', workdaysUsed: 2, workdaysLeft: 3, overdue: false, running: false },
    ],
    [
      'completed on the due date',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, completedOn: '2026-10-13', today: '2026-10-13' },
      { workdaysUsed: 5, workdaysLeft: 0, overdue: false },
    ],
    [
      'suspension after the promised date passed moves only the legal date',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, suspensions: [{ from: '2026-10-15', to: '2026-10-19' }], today: '2026-10-21' },
      { promisedDueDate: '2026-10-13', legalDueDate: '2026-11-05', suspendedWorkdays: 2, workdaysUsed: 9, workdaysLeft: -6, overdue: true },
    ],
    [
      'natural-day limits with a suspension',
      {
        acceptedOn: '2026-09-24', promisedLimit: 7, legalLimit: 20, unit: 'natural', extensions: [],
        suspensions: [{ from: '2026-09-29', to: '2026-10-09' }], today: '2026-10-13',
      },
      {
        basePromisedDueDate: '2026-10-08', baseLegalDueDate: '2026-10-14', promisedDueDate: '2026-10-12',
        legalDueDate: '2026-10-19', suspendedWorkdays: 3, workdaysUsed: 5, workdaysLeft: -1, overdue: true,
      },
    ],
    [
      '即办件 completed the same day',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 0, legalLimit: 0, completedOn: '2026-09-30', today: '2026-09-30' },
      { promisedDueDate: '2026-09-30', legalDueDate: '2026-09-30', workdaysUsed: 0, workdaysLeft: 0, overdue: false },
    ],
    [
      'due dates in provisional 2027',
      { ...base, acceptedOn: '2026-12-30', promisedLimit: 5, legalLimit: 20, today: '2026-12-31' },
      { promisedDueDate: '2027-01-07', legalDueDate: '2027-01-28', workdaysUsed: 1, workdaysLeft: 4, provisional: true },
    ],
    [
      'entirely within published 2026',
      { ...base, acceptedOn: '2026-06-01', promisedLimit: 5, legalLimit: 20, today: '2026-06-03' },
      { promisedDueDate: '2026-06-08', legalDueDate: '2026-06-30', workdaysUsed: 2, workdaysLeft: 3, provisional: false },
    ],
  ])('%s', (_label, input, expected) => {
    const clock = computeCaseClock(index, input);
    expect(clock).toMatchObject(expected);
    // Cross-check the base dates against chinese-days where it has data.
    if (!clock.provisional) {
      expect(clock.basePromisedDueDate).toBe(cdDueDate(input.acceptedOn, input.promisedLimit, input.unit));
      expect(clock.baseLegalDueDate).toBe(cdDueDate(input.acceptedOn, input.legalLimit, input.unit));
    }
    // While a workday-unit case is open and its clock not yet run out, used + left = the promised limit.
    if (input.unit === 'workday' && !clock.overdue && input.suspensions.every((s) => s.from >= input.acceptedOn)) {
      const spanEnd = input.completedOn ?? input.today;
      if (spanEnd > input.acceptedOn) expect(clock.workdaysUsed + clock.workdaysLeft).toBe(input.promisedLimit);
    }
  });

  it('explains every effect in steps', () => {
    const clock = computeCaseClock(index, {
      acceptedOn: '2026-09-28', promisedLimit: 10, legalLimit: 20, unit: 'workday',
      suspensions: [{ from: '2026-10-14', to: '2026-10-17', reason: '专家评审' }],
      extensions: [{ days: 5, approvedOn: '2026-10-30' }], today: '2026-10-21',
    });
    expect(clock.steps.map((s) => s.kind)).toEqual(['start', 'holiday', 'suspension', 'extension', 'due', 'due']);
    expect(clock.steps[1]).toEqual({ kind: 'holiday', from: '2026-10-01', to: '2026-10-07', days: 7, names: ['国庆节'], provisional: false });
    expect(clock.steps[2]).toMatchObject({
      kind: 'suspension', workdays: 3, lastDay: '2026-10-16', promisedShift: 3, legalShift: 3, reason: '专家评审',
      promisedDueDate: '2026-10-21', legalDueDate: '2026-11-04',
    });
    expect(clock.legalDueDate).toBe('2026-11-11');
    expect(clock.steps[3]).toMatchObject({ kind: 'extension', days: 5, workdays: 5, legalDueDate: clock.legalDueDate });
    expect(clock.steps[4]).toMatchObject({ kind: 'due', which: 'promised', date: clock.promisedDueDate, baseDate: clock.basePromisedDueDate });
  });

  it('rejects a suspension that resumes before it starts', () => {
    expect(() =>
      computeCaseClock(index, { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: '2026-10-19' }], today: '2026-10-27' }),
    ).toThrow(RangeError);
  });
});

describe('on time', () => {
  it.each([
    ['2026-10-12', '2026-10-13', true],
    ['2026-10-13', '2026-10-13', true],
    ['2026-10-14', '2026-10-13', false],
    ['2027-01-01', '2026-12-31', false],
  ])('completed %s, due %s → on time %s', (completedOn, due, onTime) => {
    expect(isOnTime(completedOn, due)).toBe(onTime);
    expect(isLateCompletion(completedOn, due)).toBe(!onTime);
  });
});

describe('explainClock', () => {
  const explain = (input: CaseClockInput) => explainClock(index, input, computeCaseClock(index, input));

  it.each<[string, CaseClockInput, string[]]>([
    [
      'National Day 2026',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-09' },
      ['承诺办结日 2026-10-13：受理日 9月30日不计，国庆节假期（10月1日—10月7日）顺延，', '10月10日（周六）调休上班计为工作日', '按 5 个工作日计算。', '法定办结日 2026-11-03', '距承诺办结日还有 3 个工作日'],
    ],
    [
      'National Day + Mid-Autumn 2025',
      { ...base, acceptedOn: '2025-09-30', promisedLimit: 5, legalLimit: 20, today: '2025-10-09' },
      ['承诺办结日 2025-10-14', '国庆节、中秋节假期（10月1日—10月8日）顺延', '10月11日（周六）调休上班'],
    ],
    [
      'Spring Festival 2026',
      { ...base, acceptedOn: '2026-02-13', promisedLimit: 5, legalLimit: 20, today: '2026-02-13' },
      ['承诺办结日 2026-02-27', '受理日 2月13日不计', '春节假期（2月15日—2月23日）顺延', '2月14日（周六）调休上班'],
    ],
    [
      'suspension and extension',
      {
        acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, unit: 'workday',
        suspensions: [{ from: '2026-10-20', to: '2026-10-23', reason: '专家评审' }],
        extensions: [{ days: 10, approvedOn: '2026-11-05' }], completedOn: '2026-11-02', today: '2026-11-10',
      },
      ['专家评审中止 3 个工作日（10月20日—10月22日），承诺办结日顺延至 2026-10-29，法定办结日顺延至 2026-11-12。', '经批准延长 10 个工作日（11月5日批准），法定办结日延至 2026-11-26。', '11月2日办结，超过承诺办结日 2 个工作日'],
    ],
    [
      'open suspension',
      { ...base, acceptedOn: '2026-10-12', promisedLimit: 10, legalLimit: 20, suspensions: [{ from: '2026-10-20', to: null, reason: '检测' }], today: '2026-10-22' },
      ['检测中止中', '已计 3 个工作日', '承诺办结日暂顺延至 2026-10-29', '继续顺延'],
    ],
    [
      'natural limit ending on a holiday',
      { ...base, unit: 'natural', acceptedOn: '2026-09-24', promisedLimit: 7, legalLimit: 20, today: '2026-09-25' },
      ['承诺办结日 2026-10-08', '按 7 个自然日计算，第 7 日（10月1日）逢国庆节假期（10月1日—10月7日），顺延'],
    ],
    [
      'natural limit ending on a weekend',
      { ...base, unit: 'natural', acceptedOn: '2026-03-02', promisedLimit: 5, legalLimit: 20, today: '2026-03-03' },
      ['承诺办结日 2026-03-09', '第 5 日（3月7日）为周末'],
    ],
    [
      '即办件',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 0, legalLimit: 0, completedOn: '2026-09-30', today: '2026-09-30' },
      ['承诺办结日 2026-09-30：即办件', '按时办结'],
    ],
    [
      'overdue',
      { ...base, acceptedOn: '2026-09-30', promisedLimit: 5, legalLimit: 20, today: '2026-10-16' },
      ['已超过承诺办结日 2026-10-13（超期 3 个工作日）'],
    ],
    [
      'provisional 2027',
      { ...base, acceptedOn: '2026-12-30', promisedLimit: 5, legalLimit: 20, today: '2026-12-31' },
      ['承诺办结日 2027-01-07', '元旦假期（2027年1月1日—1月3日）', '（日历为暂定）'],
    ],
  ])('%s', (_label, input, fragments) => {
    const text = explain(input);
    for (const f of fragments) expect(text).toContain(f);
    expect(text.includes('（日历为暂定）')).toBe(computeCaseClock(index, input).provisional);
  });

  it('follows the index, not hard-coded holidays', () => {
    const edited = new WorkdayIndex({
      entries: [...seed.entries, ...datesFrom('2027-10-04', '2027-10-07').map((date) => ({ date, kind: 'holiday' as const, name: '国庆节' }))],
      publishedYears: seed.years,
    });
    const input: CaseClockInput = { ...base, acceptedOn: '2027-09-30', promisedLimit: 5, legalLimit: 20, today: '2027-09-30' };
    expect(explainClock(edited, input, computeCaseClock(edited, input))).toContain('国庆节假期（10月1日—10月7日）');
    expect(explain(input)).toContain('国庆节假期（10月1日—10月3日）');
  });
});
