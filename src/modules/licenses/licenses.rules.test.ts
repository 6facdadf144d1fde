import { describe, expect, it } from 'vitest';
import { licenseKpiPlan, monthBounds, qrResultOf, shiftMonth } from './licenses.rules';

describe('qrResultOf: what a scanned QR code verifies as', () => {
  const today = '2027-01-04';
  it.each([
    ['valid', '2030-01-01', 'current', 'valid'],
    ['valid', '2030-01-01', 'earlier', 'superseded'],
    ['valid', null, 'earlier', 'superseded'],
    ['valid', '2026-12-31', 'earlier', 'expired'],
    ['valid', '2026-12-31', 'current', 'expired'],
    ['revoked', '2030-01-01', 'earlier', 'revoked'],
    ['cancelled', null, 'current', 'revoked'],
    ['withdrawn', '2030-01-01', 'earlier', 'revoked'],
  ] as const)('%s until %s, %s signature → %s', (status, validTo, signature, expected) => {
    expect(qrResultOf(status, validTo, today, signature)).toBe(expected);
  });
});

describe('licenseKpiPlan: which months come from the counts and which days are read live', () => {
  it.each([
    // from, to → stockThrough, months, tail, issuedLive, live
    ['2025-01-01', '2025-12-31', '2025-12', { from: '2025-01', to: '2025-12' }, null, [], []],
    ['2025-03-01', '2025-03-31', '2025-03', { from: '2025-03', to: '2025-03' }, null, [], []],
    ['2025-01-01', '2025-06-15', '2025-05', { from: '2025-01', to: '2025-05' }, { from: '2025-06-01', to: '2025-06-15' }, [{ from: '2025-06-01', to: '2025-06-15' }], [{ from: '2025-06-01', to: '2025-06-15' }]],
    ['2025-02-20', '2025-09-10', '2025-08', { from: '2025-03', to: '2025-08' }, { from: '2025-09-01', to: '2025-09-10' }, [{ from: '2025-02-20', to: '2025-02-28' }, { from: '2025-09-01', to: '2025-09-10' }], [{ from: '2025-02-20', to: '2025-02-28' }, { from: '2025-09-01', to: '2025-09-10' }]],
    ['2025-02-20', '2025-04-10', '2025-03', { from: '2025-03', to: '2025-03' }, { from: '2025-04-01', to: '2025-04-10' }, [{ from: '2025-02-20', to: '2025-02-28' }, { from: '2025-04-01', to: '2025-04-10' }], [{ from: '2025-02-20', to: '2025-02-28' }, { from: '2025-04-01', to: '2025-04-10' }]],
    ['2025-03-10', '2025-03-20', '2025-02', null, { from: '2025-03-01', to: '2025-03-20' }, [{ from: '2025-03-10', to: '2025-03-20' }], [{ from: '2025-03-01', to: '2025-03-20' }]],
    ['2025-03-15', '2025-03-31', '2025-03', null, null, [{ from: '2025-03-15', to: '2025-03-31' }], [{ from: '2025-03-15', to: '2025-03-31' }]],
    ['2025-02-15', '2025-03-10', '2025-02', null, { from: '2025-03-01', to: '2025-03-10' }, [{ from: '2025-02-15', to: '2025-03-10' }], [{ from: '2025-02-15', to: '2025-03-10' }]],
    ['2024-02-01', '2024-02-29', '2024-02', { from: '2024-02', to: '2024-02' }, null, [], []],
  ] as const)('%s..%s', (from, to, stockThrough, months, tail, issuedLive, live) => {
    const p = licenseKpiPlan(from, to);
    expect(p).toMatchObject({ stockThrough, months, tail, issuedLive, live, toMonth: to.slice(0, 7) });
    expect(p.expiring).toEqual({ from: to, to: monthBounds(to.slice(0, 7)).last });
  });

  it('month arithmetic', () => {
    expect(monthBounds('2025-02')).toEqual({ first: '2025-02-01', last: '2025-02-28' });
    expect(monthBounds('2024-12')).toEqual({ first: '2024-12-01', last: '2024-12-31' });
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
  });
});
