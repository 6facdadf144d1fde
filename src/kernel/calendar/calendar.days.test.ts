import { describe, it, expect } from 'vitest';
import { fromDayNumber, isValidDateString, shanghaiDate, toDayNumber, weekdayOf } from './calendar.days';
import { index } from './calendar.test-support';

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
