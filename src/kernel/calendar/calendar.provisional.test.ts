import { describe, expect, it } from 'vitest';
import { provisionalHolidays, statutoryHolidays } from './calendar.provisional';
import { WorkdayIndex } from './calendar.workdays';
import { computeDueDate } from './calendar.deadlines';

const dates = (year: number, name: string) => provisionalHolidays(year).filter((d) => d.name === name).map((d) => `${d.date}${d.makeUp ? '补' : ''}`);

describe('statutory holidays from the lunar calendar (全国年节及纪念日放假办法 art. 2)', () => {
  it.each([
    // year, 除夕, 清明, 端午, 中秋 — checked against the published schedules of 2025 and 2026
    [2025, '2025-01-28', '2025-04-04', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-16', '2026-04-05', '2026-06-19', '2026-09-25'],
    [2027, '2027-02-05', '2027-04-05', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-25', '2028-04-04', '2028-05-28', '2028-10-03'],
  ])('%i: 除夕 %s, 清明 %s, 端午 %s, 中秋 %s', (year, eve, qingming, duanwu, zhongqiu) => {
    const s = statutoryHolidays(year);
    const of = (name: string) => s.filter((d) => d.name === name).map((d) => d.date);
    expect(of('春节')[0]).toBe(eve);
    expect(of('春节')).toHaveLength(4);
    expect(of('清明节')).toEqual([qingming]);
    expect(of('端午节')).toEqual([duanwu]);
    if (year !== 2028) expect(of('中秋节')).toEqual([zhongqiu]);
    expect(of('元旦')).toEqual([`${year}-01-01`]);
    expect(of('劳动节')).toEqual([`${year}-05-01`, `${year}-05-02`]);
  });

  it('counts a day once when two festivals meet (中秋 on 3 October 2028)', () => {
    const oct = statutoryHolidays(2028).filter((d) => d.date.startsWith('2028-10-0'));
    expect(oct.map((d) => d.date)).toEqual(['2028-10-01', '2028-10-02', '2028-10-03']);
  });
});

describe('make-up days (art. 6: 适逢周六、周日，应当在工作日补假)', () => {
  it.each([
    ['春节', ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09补', '2027-02-10补']],
    ['元旦', ['2027-01-01']],
    ['劳动节', ['2027-05-01', '2027-05-02', '2027-05-03补', '2027-05-04补']],
    ['国庆节', ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04补', '2027-10-05补']],
    ['清明节', ['2027-04-05']],
  ])('2027 %s: %j', (name, expected) => {
    expect(dates(2027, name)).toEqual(expected);
  });
});

describe('a provisional year in the working-day index', () => {
  const index = new WorkdayIndex({ entries: [], publishedYears: [], from: '2026-01-01', to: '2028-12-31' });

  it('does not count 春节 2027 as working days', () => {
    for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) expect(index.isWorkday(d), d).toBe(false);
    expect(index.isWorkday('2027-02-11')).toBe(true);
    expect(index.dayInfo('2027-02-08')).toMatchObject({ kind: 'holiday', name: '春节', provisional: true });
  });

  it('puts deadlines into February 2027 after the festival', () => {
    // Thu 4 Feb + 1 working day: 5–10 Feb are off
    expect(computeDueDate(index, { start: '2027-02-04', limit: 1, unit: 'workday' })).toBe('2027-02-11');
  });
});
