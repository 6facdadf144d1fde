import { describe, expect, it } from 'vitest';
import { qrResultOf } from './licenses.rules';

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
