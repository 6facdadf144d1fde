import { describe, expect, it } from 'vitest';
import { caseDaysTouched } from './cases.queries';

const base = {
  status: 'accepted',
  submitted_on: '2026-06-01',
  accepted_on: '2026-06-02',
  completed_on: null,
  closed_on: null,
  on_time: null,
  workdays_used: null,
  legal_limit: 20,
  department_id: 3,
};

describe('caseDaysTouched (which rolled-up KPI days a case change alters)', () => {
  it('an action that changes no counted figure touches no day', () => {
    expect(caseDaysTouched(base, { ...base, status: 'suspended' })).toEqual([]);
    expect(caseDaysTouched(base, base)).toEqual([]);
  });

  it('accepting today touches today, not the day the case was received', () => {
    const submitted = { ...base, status: 'submitted', accepted_on: null };
    expect(caseDaysTouched(submitted, { ...submitted, status: 'accepted', accepted_on: '2026-09-30' })).toEqual(['2026-09-30']);
  });

  it('withdrawing an accepted case touches its acceptance day (a withdrawn case is counted on no closing day)', () => {
    expect(caseDaysTouched(base, { ...base, status: 'withdrawn', closed_on: '2026-09-30' })).toEqual(['2026-06-02']);
  });

  it('completing touches the completion day (completed and closed-after-acceptance counts)', () => {
    expect(caseDaysTouched(base, { ...base, status: 'completed', completed_on: '2026-09-30', closed_on: '2026-09-30', on_time: 1, workdays_used: 12 })).toEqual(['2026-09-30']);
  });

  it('moving a case to another department touches every day it is counted on', () => {
    const done = { ...base, status: 'completed', completed_on: '2026-07-01', closed_on: '2026-07-01', on_time: 1, workdays_used: 12 };
    expect(caseDaysTouched(done, { ...done, department_id: 4 })).toEqual(['2026-06-01', '2026-06-02', '2026-07-01']);
  });

  it('a deemed acceptance dated back touches that earlier day', () => {
    const submitted = { ...base, status: 'submitted', accepted_on: null };
    expect(caseDaysTouched(submitted, { ...submitted, status: 'accepted', accepted_on: '2026-06-01' })).toEqual(['2026-06-01']);
  });
});
