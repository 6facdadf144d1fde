import { describe, it, expect } from 'vitest';
import {
  USCC_ALPHABET,
  computeOrgCodeCheckChar,
  computeUsccCheckChar,
  isValidUscc,
  validateOrgCode,
  validateUscc,
} from './uscc';

// Real published codes; check characters (both the GB 32100 one and the embedded GB 11714 one)
// were recomputed with an independent plain-JS implementation before being written here.
const REAL = ['91350100M000100Y43', '91110000600037341L', '91440300708461136T', '9111000071093123XX'];
// Synthetic codes for the local area and the less common authorities, built the same way.
const SYNTHETIC = [
  '91430582MA4L0J3K8C', // 工商 · 企业 · 邵东市
  '52430582MA4L0J3K8D', // 民政 · 民办非企业单位
  'Y1430500MA4L0J3K8X', // 其他 · 邵阳市
  '11100000MA4L0J3K8H', // 机构编制 · 机关 · national level (100000)
];
const VALID = [...REAL, ...SYNTHETIC];

describe('computeUsccCheckChar', () => {
  it.each(VALID)('matches %s', (code) => {
    expect(computeUsccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('throws on characters outside the alphabet or a wrong length', () => {
    expect(() => computeUsccCheckChar('91350100M000100I4')).toThrow(RangeError);
    expect(() => computeUsccCheckChar('91350100M000100Y')).toThrow(RangeError);
  });
});

describe('computeOrgCodeCheckChar (GB 11714)', () => {
  it.each(VALID)('matches the organisation code inside %s', (code) => {
    expect(computeOrgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
  });

  it('maps 10 to X and 11 to 0', () => {
    // 71093123: Σ = 155, 11 − (155 mod 11) = 10 → X (as in 9111000071093123XX).
    // 00000000: Σ = 0, 11 − 0 = 11 → '0'.
    expect(computeOrgCodeCheckChar('71093123')).toBe('X');
    expect(computeOrgCodeCheckChar('00000000')).toBe('0');
  });
});

describe('validateUscc', () => {
  it('parses the parts of a valid code', () => {
    expect(validateUscc('91430582MA4L0J3K8C')).toEqual({
      ok: true,
      value: '91430582MA4L0J3K8C',
      authorityCode: '9',
      authorityName: '工商',
      categoryCode: '1',
      categoryName: '企业',
      regionCode: '430582',
      orgCode: 'MA4L0J3K8',
    });
  });

  it.each(VALID)('accepts %s', (code) => {
    expect(validateUscc(code)).toMatchObject({ ok: true, value: code });
  });

  it('normalises case, full-width characters and surrounding spaces', () => {
    expect(validateUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
    expect(validateUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
  });

  it.each(VALID)('rejects every wrong check character of %s', (code) => {
    const wrong = [...USCC_ALPHABET].filter((c) => c !== code[17]);
    expect(wrong).toHaveLength(30);
    for (const c of wrong) {
      expect(validateUscc(code.slice(0, 17) + c), code.slice(0, 17) + c).toEqual({
        ok: false,
        code: 'USCC_CHECK_CHAR',
        message: '统一社会信用代码校验码不正确',
      });
    }
  });

  it('rejects the letters the standard leaves out, anywhere', () => {
    for (const c of 'IOSVZ') {
      expect(validateUscc('91350100M000100Y4' + c)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
      expect(validateUscc('91350100' + c + '000100Y43')).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
    }
  });

  it.each([
    ['', 'empty'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['91350100-M000100Y4-3', 'with dashes'],
    ['91350100M000100Y4*', 'symbol'],
  ])('rejects the format of %j (%s)', (input) => {
    expect(validateUscc(input)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
  });

  it('rejects non-string input', () => {
    expect(validateUscc(undefined)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
    expect(validateUscc(913501)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
  });

  /** Keeps everything but the given prefix and recomputes the check char, isolating the fault. */
  function recheck(first8: string, org = 'MA4L0J3K8'): string {
    const first17 = first8 + org;
    return first17 + computeUsccCheckChar(first17);
  }

  it('rejects unknown registration authorities', () => {
    for (const a of ['0', 'B', 'G', 'X']) {
      expect(validateUscc(recheck(`${a}1430582`))).toEqual({
        ok: false,
        code: 'USCC_FORMAT',
        message: '统一社会信用代码的登记管理部门代码不正确',
      });
    }
  });

  it('rejects categories that are obviously invalid for the authority', () => {
    for (const prefix of ['90', '94', '9A', '10', '54', 'Y2', 'N4']) {
      expect(validateUscc(recheck(`${prefix}430582`)), prefix).toEqual({
        ok: false,
        code: 'USCC_FORMAT',
        message: '统一社会信用代码的机构类别代码不正确',
      });
    }
  });

  it("accepts every table category and the catch-all '9'", () => {
    for (const prefix of ['11', '12', '13', '19', '21', '31', '35', '41', '51', '53', '59', '61', '62', '71', '72', '81', '91', '92', '93', 'A1', 'A9', 'N1', 'N3', 'N9', 'Y1', 'Y9', '29']) {
      expect(validateUscc(recheck(`${prefix}430582`)), prefix).toMatchObject({ ok: true });
    }
    expect(validateUscc(recheck('19430582'))).toMatchObject({ categoryName: '其他' });
    expect(validateUscc(recheck('Y9430582'))).toMatchObject({ categoryName: undefined });
  });

  it.each([
    ['000000', 'province 00'],
    ['990000', 'province 99'],
    ['430071', 'county without city'],
    ['438000', 'city part 80'],
    ['200000', 'not the national code'],
  ])('rejects registration region %s (%s)', (region) => {
    expect(validateUscc(recheck(`91${region}`))).toMatchObject({ ok: false, code: 'USCC_REGION' });
  });

  it('rejects a code whose own check is right but whose organisation code check is wrong', () => {
    // MA4L0J3K's GB 11714 check is 8; 9 with a recomputed USCC check char isolates that fault.
    expect(validateUscc('91430582MA4L0J3K9F')).toEqual({
      ok: false,
      code: 'USCC_ORG_CODE',
      message: '统一社会信用代码中的组织机构代码校验不通过',
    });
    for (const c of '0123456789X') {
      if (c === '8') continue;
      expect(validateUscc(recheck('91430582', `MA4L0J3K${c}`)), c).toMatchObject({ ok: false, code: 'USCC_ORG_CODE' });
    }
    // A letter other than X can never be a GB 11714 check character.
    expect(validateUscc(recheck('91430582', 'MA4L0J3KA'))).toMatchObject({ ok: false, code: 'USCC_ORG_CODE' });
  });

  it('catches any single substituted character', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 17; i++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        expect(validateUscc(typo).ok, typo).toBe(false);
      }
    }
  });

  it('isValidUscc mirrors validateUscc', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
  });
});

describe('validateOrgCode', () => {
  it('accepts the printed form with or without the dash', () => {
    expect(validateOrgCode('M000100Y-4')).toEqual({ ok: true, value: 'M000100Y4' });
    expect(validateOrgCode('71093123x')).toEqual({ ok: true, value: '71093123X' });
  });

  it('rejects a wrong check character or a bad shape', () => {
    for (const c of '012356789X') {
      expect(validateOrgCode(`M000100Y${c}`), c).toMatchObject({ ok: false, code: 'ORG_CODE_CHECK_CHAR' });
    }
    expect(validateOrgCode('M000100Y')).toMatchObject({ ok: false, code: 'ORG_CODE_FORMAT' });
    expect(validateOrgCode('M000100YA')).toMatchObject({ ok: false, code: 'ORG_CODE_FORMAT' });
  });
});
