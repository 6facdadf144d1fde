import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../../kernel/validators/idcard';
import { isValidMobile } from '../../kernel/validators/phone';
import { computeUsccCheckChar } from '../../kernel/validators/uscc';
import { applicant, mobile, personName } from './people';
import { Rng } from './rng';

describe('generated applicants', () => {
  const rng = new Rng(42);
  const people = Array.from({ length: 500 }, () => applicant(rng, 2025));

  it('carry valid ID numbers and USCCs with their check character, all of the county', () => {
    for (const p of people) {
      if (p.type === 'person') expect(isValidIdNumber(p.idNumber, '2025-12-31'), p.idNumber).toBe(true);
      else expect(p.idNumber.at(-1), p.idNumber).toBe(computeUsccCheckChar(p.idNumber.slice(0, 17)));
      expect(p.idNumber.startsWith(p.type === 'person' ? '430582' : '91430582')).toBe(true);
    }
  });

  it('are mostly residents, some businesses, and have valid mobile numbers when they have one', () => {
    const orgs = people.filter((p) => p.type === 'organization').length / people.length;
    expect(orgs).toBeGreaterThan(0.15);
    expect(orgs).toBeLessThan(0.3);
    for (const p of people) if (p.phone !== null) expect(isValidMobile(p.phone), p.phone).toBe(true);
    expect(people.some((p) => p.phone === null)).toBe(true);
  });

  it('are the same for the same seed', () => {
    const run = () => {
      const r = new Rng(7);
      return [applicant(r, 2025), personName(r), mobile(r)];
    };
    expect(run()).toEqual(run());
  });
});
