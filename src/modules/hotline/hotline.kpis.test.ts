import { describe, expect, it } from 'vitest';
import { countRows, hotlineKpis, kpi, naturalDaysBetween, periodInstants, type CallRow, type CallbackRow, type OrderRow } from './hotline.kpis';

// September 2026 in Shanghai; rows just outside the period make sure the edges are right.
const calls: CallRow[] = [
  { startedAt: '2026-09-01T01:00:00.000Z', answered: true, waitSeconds: 5 },
  { startedAt: '2026-09-02T01:00:00.000Z', answered: true, waitSeconds: 15 }, // exactly 15 s counts
  { startedAt: '2026-09-03T01:00:00.000Z', answered: true, waitSeconds: 16 },
  { startedAt: '2026-09-04T01:00:00.000Z', answered: false, waitSeconds: 40 },
  { startedAt: '2026-08-31T15:59:59.000Z', answered: false, waitSeconds: 40 }, // 31 Aug 23:59 Shanghai: outside
  { startedAt: '2026-09-30T15:59:59.000Z', answered: true, waitSeconds: 3 }, // 30 Sep 23:59 Shanghai: inside
];
const o = (x: Partial<OrderRow>): OrderRow => ({ createdAt: '2026-09-01T02:00:00.000Z', status: 'closed', dispatchCount: 1, finishedAt: '2026-09-05T02:00:00.000Z', onTime: true, callbackAttempts: 1, channel: 'phone', ...x });
const orders: OrderRow[] = [
  o({}),
  o({ onTime: false }),
  o({ callbackAttempts: 0 }),
  o({ status: 'answered', dispatchCount: 0, onTime: true, callbackAttempts: 0 }), // direct answer: not a unit's finished order
  o({ status: 'signed', finishedAt: null, onTime: null, callbackAttempts: 0 }),
  o({ finishedAt: '2026-10-01T02:00:00.000Z' }), // finished after the period
  o({ createdAt: '2026-08-20T02:00:00.000Z', finishedAt: '2026-09-02T02:00:00.000Z' }), // received before, finished inside
  // letters: received 1 Sep 23:30 Shanghai, finished 3 Sep 08:00 → 2 natural days; one still open.
  o({ channel: 'mailbox', createdAt: '2026-09-01T15:30:00.000Z', finishedAt: '2026-09-03T00:00:00.000Z' }),
  o({ channel: 'mailbox', status: 'replied', finishedAt: null, onTime: true }),
];
const callbacks: CallbackRow[] = [
  { at: '2026-09-06T02:00:00.000Z', reached: true, result: 'satisfied' },
  { at: '2026-09-06T02:00:00.000Z', reached: true, result: 'basically' },
  { at: '2026-09-06T02:00:00.000Z', reached: true, result: 'unsatisfied' },
  { at: '2026-09-06T02:00:00.000Z', reached: false, result: null }, // not reached: not in the denominator
  { at: '2026-10-06T02:00:00.000Z', reached: true, result: 'unsatisfied' }, // outside
];

describe('hotline KPIs (SPEC §3), worked by hand', () => {
  const counts = countRows({ calls, orders, callbacks }, '2026-09-01', '2026-09-30');
  const k = hotlineKpis(counts);

  it('接通率 = answered / offered = 4 / 5; 15-second rate = 3 / 5', () => {
    expect(k['hotline.connectRate']).toEqual({ value: 0.8, numerator: 4, denominator: 5 });
    expect(k['hotline.answer15Rate']).toEqual({ value: 0.6, numerator: 3, denominator: 5 });
  });

  it('finished = 5 dispatched orders closed in September; 4 on time, 4 called back', () => {
    // rows 1, 2, 3, 7 and the finished letter are closed dispatched orders finished in the period
    expect(counts.ordersFinished).toBe(5);
    expect(k['hotline.onTimeRate']).toEqual({ value: 4 / 5, numerator: 4, denominator: 5 });
    expect(k['hotline.callbackRate']).toEqual({ value: 4 / 5, numerator: 4, denominator: 5 });
  });

  it('满意率 = (satisfied + basically) / reached with a rating = 2 / 3', () => {
    expect(k['hotline.satisfactionRate']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
  });

  it('直接答复率 = answered directly / received in the period = 1 / 8', () => {
    expect(k['hotline.directAnswerRate']).toEqual({ value: 1 / 8, numerator: 1, denominator: 8 });
  });

  it('信箱办结率 = 1 / 2 letters; average 2 natural days', () => {
    expect(k['mailbox.completionRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k['mailbox.averageDays']).toEqual({ value: 2, numerator: 2, denominator: 1 });
  });

  it('an empty period gives null values, never NaN', () => {
    const empty = hotlineKpis(countRows({ calls: [], orders: [], callbacks: [] }, '2026-01-01', '2026-01-31'));
    for (const v of Object.values(empty)) expect(v).toEqual({ value: null, numerator: 0, denominator: 0 });
  });

  it('helpers', () => {
    expect(kpi(1, 4)).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
    expect(periodInstants('2026-09-01', '2026-09-30')).toEqual({ start: '2026-08-31T16:00:00.000Z', end: '2026-09-30T16:00:00.000Z' });
    // Shanghai dates: 23:30 on the 1st to 08:00 on the 3rd is 2 natural days.
    expect(naturalDaysBetween('2026-09-01T15:30:00.000Z', '2026-09-03T00:00:00.000Z')).toBe(2);
  });
});
