import { describe, it, expect } from 'vitest';
import { computeDueDate, isLateCompletion, isOnTime, type LimitUnit } from './calendar.deadlines';
import { cdDueDate, index } from './calendar.test-support';

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
    ['2026-12-30', 5, '2027-01-07'],
    ['2026-12-31', 1, '2027-01-04'],
    ['2027-04-30', 1, '2027-05-05'], // 1–2 May on a weekend, made up on 3–4 May
    ['2027-09-30', 5, '2027-10-12'], // 1–3 Oct, 2 make-up days, a weekend
    ['2027-02-04', 1, '2027-02-11'], // 春节 2027: 除夕 5 Feb to 初三 8 Feb, made up on 9–10 Feb
  ])('%s + %i working days = %s (provisional)', (start, limit, expected) => {
    expect(computeDueDate(index, { start, limit, unit: 'workday' })).toBe(expected);
    expect(index.isProvisional(expected)).toBe(true);
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
