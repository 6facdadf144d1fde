import { describe, it, expect } from 'vitest';
import cd from 'chinese-days';
import { computeDueDate } from './calendar.deadlines';
import { datesFrom, index, localDate, seed } from './calendar.test-support';
import { WorkdayIndex, missingNextYearCalendar, type CalendarDayEntry } from './calendar.workdays';

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

describe('provisional years (2027 has no published schedule)', () => {
  it.each([
    ['2027-01-01', 'holiday', '元旦', false],
    ['2027-01-02', 'weekend', undefined, false],
    ['2027-05-01', 'holiday', '劳动节', false],
    ['2027-05-02', 'holiday', '劳动节', false],
    ['2027-10-01', 'holiday', '国庆节', false],
    ['2027-10-02', 'holiday', '国庆节', false],
    ['2027-10-03', 'holiday', '国庆节', false],
    // The lunar festivals come from the lunar calendar; a festival day on a weekend is made up on the next
    // weekday (art. 6). Only the yearly notice's 调休 stays unknown (calendar.provisional.ts).
    ['2027-02-08', 'holiday', '春节', false],
    ['2027-02-10', 'holiday', '春节', false],
    ['2027-02-11', 'workday', undefined, true],
    ['2027-04-05', 'holiday', '清明节', false],
    ['2027-05-03', 'holiday', '劳动节', false],
    ['2027-06-09', 'holiday', '端午节', false],
    ['2027-09-15', 'holiday', '中秋节', false],
    ['2027-10-04', 'holiday', '国庆节', false],
    ['2027-10-06', 'workday', undefined, true],
  ])('%s is %s', (date, kind, name, workday) => {
    const info = index.dayInfo(date);
    expect(info).toEqual({ date, kind, workday, provisional: true, ...(name ? { name } : {}) });
    expect(index.isProvisional(date)).toBe(true);
  });

  it('applies admin entries for a provisional year', () => {
    const override: CalendarDayEntry[] = [
      ...datesFrom('2027-10-04', '2027-10-07').map((date) => ({ date, kind: 'holiday' as const, name: '国庆节' })),
      { date: '2027-10-09', kind: 'adjusted_workday', name: '国庆节调休上班' },
      { date: '2027-05-03', kind: 'holiday', name: '劳动节' },
    ];
    const edited = new WorkdayIndex({ entries: [...seed.entries, ...override], publishedYears: seed.years });
    expect(computeDueDate(index, { start: '2027-09-30', limit: 5, unit: 'workday' })).toBe('2027-10-12');
    expect(computeDueDate(edited, { start: '2027-09-30', limit: 5, unit: 'workday' })).toBe('2027-10-13');
    expect(computeDueDate(edited, { start: '2027-04-30', limit: 1, unit: 'workday' })).toBe('2027-05-05');
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
