import { describe, it, expect } from 'vitest';
import {
  computeIdCheckChar,
  isLeapYear,
  isValidIdNumber,
  looksLikeIdNumber,
  parseCompactDate,
  validateIdNumber,
} from './idcard';

const TODAY = '2026-09-30';

// Check characters below were computed independently (plain JS, weights and table from
// GB 11643) and agree with computeIdCheckChar; 11010519491231002X is the standard's sample.
const VALID = [
  { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', region: '110105' },
  { id: '110101199003070011', birthDate: '1990-03-07', gender: 'male', region: '110101' },
  { id: '430582199001011231', birthDate: '1990-01-01', gender: 'male', region: '430582' },
  // Issued before 邵东县 became 邵东市: the historical region code must still pass.
  { id: '430521198506120073', birthDate: '1985-06-12', gender: 'male', region: '430521' },
  // 台湾居民居住证 prefix.
  { id: '830000198001010026', birthDate: '1980-01-01', gender: 'female', region: '830000' },
  // 29 February of a leap year (2000 is divisible by 400).
  { id: '110105200002290072', birthDate: '2000-02-29', gender: 'male', region: '110105' },
] as const;

/** Replaces the date part and fixes up the check char, so only the date can be at fault. */
function withBirthDate(yyyymmdd: string): string {
  const first17 = `110105${yyyymmdd}002`;
  return first17 + computeIdCheckChar(first17);
}

describe('computeIdCheckChar', () => {
  it('matches the known examples', () => {
    for (const { id } of VALID) expect(computeIdCheckChar(id.slice(0, 17))).toBe(id[17]);
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => computeIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => computeIdCheckChar('11010519491231002X')).toThrow(RangeError);
    expect(() => computeIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it.each(VALID)('accepts $id', ({ id, birthDate, gender, region }) => {
    expect(validateIdNumber(id, TODAY)).toEqual({ ok: true, value: id, birthDate, gender, regionCode: region });
  });

  it('accepts lower-case x, full-width characters and surrounding spaces, normalising them', () => {
    expect(validateIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(validateIdNumber('  １１０１０５１９４９１２３１００２Ｘ ', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it.each(VALID)('rejects every wrong check character of $id', ({ id }) => {
    const wrong = [...'0123456789X'].filter((c) => c !== id[17]);
    expect(wrong).toHaveLength(10);
    for (const c of wrong) {
      const r = validateIdNumber(id.slice(0, 17) + c, TODAY);
      expect(r, `${id.slice(0, 17)}${c}`).toEqual({ ok: false, code: 'ID_CHECK_DIGIT', message: '身份证号校验位不正确' });
    }
  });

  it('rejects a single mistyped digit', () => {
    // 3 → 4 in the order code keeps the date and region valid, so the check digit must catch it.
    expect(validateIdNumber('11010519491231004X', TODAY)).toMatchObject({ ok: false, code: 'ID_CHECK_DIGIT' });
  });

  it.each([
    ['', 'empty'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X1', '19 characters'],
    ['110105194912310', 'first-generation 15 digits'],
    ['1101051949123100XX', 'X not last'],
    ['11010519491231002Y', 'letter other than X'],
    ['110105 19491231002X', 'inner space'],
  ])('rejects the format of %j (%s)', (input) => {
    expect(validateIdNumber(input, TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
  });

  it('rejects non-string input', () => {
    for (const input of [undefined, null, 11010519491231, {}, ['11010519491231002X']]) {
      expect(validateIdNumber(input, TODAY)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
    }
  });

  it.each([
    ['000000', 'province 00'],
    ['990101', 'province 99'],
    ['191234', 'province 19 (unassigned)'],
    ['430071', 'county part without a city'],
    ['438001', 'city part 80'],
    ['710101', 'Taiwan below province level'],
    ['840000', '840000 is not a residence-permit prefix'],
  ])('rejects region %s (%s)', (region) => {
    const first17 = `${region}19900101123`;
    const id = first17 + computeIdCheckChar(first17);
    expect(validateIdNumber(id, TODAY)).toMatchObject({ ok: false, code: 'ID_REGION' });
  });

  it.each([
    ['20260230', 'Feb 30'],
    ['20250229', 'Feb 29 in a non-leap year'],
    ['19000229', 'Feb 29 1900 (century, not leap)'],
    ['21000229', 'Feb 29 2100 (century, not leap)'],
    ['19901301', 'month 13'],
    ['19900001', 'month 00'],
    ['19900100', 'day 00'],
    ['19900431', 'April 31'],
    ['19900132', 'January 32'],
    ['18991231', 'before 1900'],
    ['20261001', 'after today'],
    ['30000101', 'far future'],
  ])('rejects birth date %s (%s)', (date) => {
    expect(validateIdNumber(withBirthDate(date), TODAY)).toEqual({
      ok: false,
      code: 'ID_BIRTH_DATE',
      message: '身份证号中的出生日期不正确',
    });
  });

  it('accepts boundary birth dates', () => {
    expect(validateIdNumber(withBirthDate('19000101'), TODAY).ok).toBe(true);
    // A newborn registered on the day of birth.
    expect(validateIdNumber(withBirthDate('20260930'), TODAY).ok).toBe(true);
    expect(validateIdNumber(withBirthDate('19960229'), TODAY).ok).toBe(true);
  });

  it('takes today as YYYY-MM-DD, YYYYMMDD or an ISO timestamp', () => {
    const id = withBirthDate('20260930');
    expect(validateIdNumber(id, '20260930').ok).toBe(true);
    expect(validateIdNumber(id, '2026-09-30T09:00:00+08:00').ok).toBe(true);
    expect(validateIdNumber(id, '2026-09-29')).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });

  it('throws on an invalid today, which is a programming error', () => {
    expect(() => validateIdNumber('11010519491231002X', '2026-02-30')).toThrow(RangeError);
    expect(() => validateIdNumber('11010519491231002X', 'today')).toThrow(RangeError);
  });

  it('defaults today to the current date', () => {
    expect(validateIdNumber('11010519491231002X').ok).toBe(true);
    expect(validateIdNumber(withBirthDate('29991231'))).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });

  it('reports the region before the date and the date before the check digit', () => {
    expect(validateIdNumber('99010520260230002X', TODAY)).toMatchObject({ code: 'ID_REGION' });
    expect(validateIdNumber('11010520260230002X', TODAY)).toMatchObject({ code: 'ID_BIRTH_DATE' });
  });

  it('isValidIdNumber mirrors validateIdNumber', () => {
    expect(isValidIdNumber('11010519491231002X', TODAY)).toBe(true);
    expect(isValidIdNumber('110105194912310021', TODAY)).toBe(false);
  });
});

describe('date helpers', () => {
  it('isLeapYear follows the Gregorian rule', () => {
    expect([1900, 1996, 2000, 2024, 2025, 2100].map(isLeapYear)).toEqual([false, true, true, true, false, false]);
  });

  it('parseCompactDate only accepts real dates', () => {
    expect(parseCompactDate('20240229')).toBe('2024-02-29');
    expect(parseCompactDate('20230229')).toBeUndefined();
    expect(parseCompactDate('2024-02-29')).toBeUndefined();
  });
});

describe('looksLikeIdNumber', () => {
  it('ignores the check digit but not region or date', () => {
    expect(looksLikeIdNumber('110105194912310021')).toBe(true);
    expect(looksLikeIdNumber('990105194912310021')).toBe(false);
    expect(looksLikeIdNumber('110105194913310021')).toBe(false);
    expect(looksLikeIdNumber('123456789012345678')).toBe(false);
  });
});
