import { describe, it, expect } from 'vitest';
import {
  KNOWN_REGIONS,
  PROVINCE_NAMES,
  currentRegionCode,
  isValidRegionCode,
  isValidStatRegionCode,
  regionName,
  validateRegionCode,
  validateStatRegionCode,
} from './region';

describe('validateRegionCode', () => {
  it('knows exactly the 34 province-level prefixes', () => {
    const expected = [
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
      61, 62, 63, 64, 65, 71, 81, 82,
    ].map(String);
    expect(Object.keys(PROVINCE_NAMES).sort()).toEqual(expected);
    for (let p = 0; p <= 99; p++) {
      const prefix = String(p).padStart(2, '0');
      expect(isValidRegionCode(`${prefix}0000`), prefix).toBe(expected.includes(prefix));
    }
  });

  it.each([
    ['430000', 'province'],
    ['430500', 'city'],
    ['430582', 'county'],
    ['430521', 'county'],
    ['110101', 'county'],
    ['429004', 'county'], // 仙桃市, province-governed (city part 90)
    ['441900', 'city'], // 东莞市, no counties
    ['653100', 'city'], // 地区 range 21–50
    ['810000', 'province'],
  ])('accepts %s as %s level', (code, level) => {
    expect(validateRegionCode(code)).toMatchObject({ ok: true, value: code, level });
  });

  it('returns the province', () => {
    expect(validateRegionCode('430582')).toEqual({
      ok: true,
      value: '430582',
      level: 'county',
      provinceCode: '43',
      provinceName: '湖南省',
    });
  });

  it.each([
    ['43058', 'REGION_FORMAT'],
    ['4305820', 'REGION_FORMAT'],
    ['43O582', 'REGION_FORMAT'],
    ['', 'REGION_FORMAT'],
    ['000000', 'REGION_PROVINCE'],
    ['100000', 'REGION_PROVINCE'],
    ['160000', 'REGION_PROVINCE'],
    ['470101', 'REGION_PROVINCE'],
    ['830000', 'REGION_PROVINCE'],
    ['430001', 'REGION_STRUCTURE'], // county part under city 00
    ['437100', 'REGION_STRUCTURE'], // city 71–89 unassigned
    ['438901', 'REGION_STRUCTURE'],
    ['439100', 'REGION_STRUCTURE'],
    ['710100', 'REGION_STRUCTURE'], // Taiwan, Hong Kong and Macao are not subdivided
    ['810101', 'REGION_STRUCTURE'],
    ['820001', 'REGION_STRUCTURE'],
  ])('rejects %j with %s', (code, errorCode) => {
    expect(validateRegionCode(code)).toMatchObject({ ok: false, code: errorCode });
  });

  it('rejects non-strings', () => {
    expect(validateRegionCode(430582)).toMatchObject({ ok: false, code: 'REGION_FORMAT' });
  });
});

describe('validateStatRegionCode', () => {
  it.each([
    ['430582000000', 'county', undefined],
    ['430500000000', 'city', undefined],
    ['430582001000', 'township', 'subdistrict'],
    ['430582100000', 'township', 'town'],
    ['430582201000', 'township', 'township'],
    ['430582400000', 'township', 'township-like'],
    ['430582101201', 'village', 'town'],
    ['441900003001', 'village', 'subdistrict'], // towns directly under 东莞市
  ])('accepts %s as %s', (code, level, townshipKind) => {
    const r = validateStatRegionCode(code);
    expect(r).toMatchObject({ ok: true, value: code, level, regionCode: code.slice(0, 6) });
    if (r.ok) expect(r.townshipKind).toBe(townshipKind);
  });

  it.each([
    ['430582', 'REGION_FORMAT'],
    ['4305821010001', 'REGION_FORMAT'],
    ['990582101000', 'REGION_PROVINCE'],
    ['430001101000', 'REGION_STRUCTURE'],
    ['430000101000', 'REGION_STRUCTURE'], // township directly under a province
    ['430582000201', 'REGION_STRUCTURE'], // village without township
    ['430582600000', 'REGION_STRUCTURE'],
    ['430582101600', 'REGION_STRUCTURE'],
  ])('rejects %s with %s', (code, errorCode) => {
    expect(validateStatRegionCode(code)).toMatchObject({ ok: false, code: errorCode });
  });

  it('is separate from the 6-digit validator', () => {
    expect(isValidRegionCode('430582101000')).toBe(false);
    expect(isValidStatRegionCode('430582')).toBe(false);
    expect(isValidStatRegionCode('430582101000')).toBe(true);
  });
});

describe('regionName', () => {
  it('names the local table', () => {
    expect(regionName('430000')).toBe('湖南省');
    expect(regionName('430500')).toBe('邵阳市');
    expect(regionName('430582')).toBe('邵东市');
    expect(regionName('430521')).toBe('邵东县');
  });

  it('names provinces and returns undefined for codes it does not know', () => {
    expect(regionName('110000')).toBe('北京市');
    expect(regionName('820000')).toBe('澳门特别行政区');
    expect(regionName('110101')).toBeUndefined();
    expect(regionName('990000')).toBeUndefined();
    expect(regionName('abc')).toBeUndefined();
  });

  it('maps the historical 邵东县 code to 邵东市', () => {
    expect(KNOWN_REGIONS['430521'].replacedBy).toBe('430582');
    expect(currentRegionCode('430521')).toBe('430582');
    expect(currentRegionCode('430582')).toBe('430582');
    expect(currentRegionCode('110101')).toBe('110101');
  });

  it('only lists structurally valid codes', () => {
    for (const code of Object.keys(KNOWN_REGIONS)) expect(isValidRegionCode(code), code).toBe(true);
  });
});
