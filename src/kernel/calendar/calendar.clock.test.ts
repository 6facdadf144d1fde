import { describe, it, expect } from 'vitest';
import { computeCaseClock, type CaseClockInput } from './calendar.clock';
import { cdDueDate, index } from './calendar.test-support';

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
