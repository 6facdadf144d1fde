import { describe, it, expect } from 'vitest';
import cd from 'chinese-days';
import { fromDayNumber, toDayNumber, weekdayOf } from './calendar.days';
import { cdIsWorkday, datesFrom, index, localDate, seed } from './calendar.test-support';

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
