/**
 * 行政区划代码 (GB/T 2260) and 统计用区划代码 (12 digits).
 *
 * Validation is structural, not a lookup in the full national table: ID numbers and credit codes
 * keep the region code that was current when they were issued, so abolished or renumbered areas
 * (e.g. 430521 邵东县, now 430582 邵东市) must stay acceptable. The structural rules of
 * GB/T 2260 still catch most typos.
 */
import { fail, normalizeInput, type ValidationFailure } from './result';

/** Province-level prefixes in use: 31 mainland provinces plus 台湾, 香港, 澳门. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
});

/** GB/T 2260 does not subdivide these, so only their province-level code exists. */
const UNDIVIDED_PROVINCES = new Set(['71', '81', '82']);

export interface KnownRegion {
  code: string;
  name: string;
  /** Set for codes that are no longer current; points at the code that replaced it. */
  replacedBy?: string;
}

/**
 * Small table for the platform's own area. Other codes are accepted structurally and fall back
 * to the province name only. 430521 is kept because ID numbers issued before the 2019
 * 县 → 县级市 change still carry it.
 */
export const KNOWN_REGIONS: Readonly<Record<string, KnownRegion>> = Object.freeze({
  '430000': { code: '430000', name: '湖南省' },
  '430500': { code: '430500', name: '邵阳市' },
  '430582': { code: '430582', name: '邵东市' },
  '430521': { code: '430521', name: '邵东县', replacedBy: '430582' },
});

export type RegionLevel = 'province' | 'city' | 'county';

export type RegionErrorCode = 'REGION_FORMAT' | 'REGION_PROVINCE' | 'REGION_STRUCTURE';

export interface RegionInfo {
  ok: true;
  value: string;
  level: RegionLevel;
  /** Two-digit province prefix, e.g. '43'. */
  provinceCode: string;
  provinceName: string;
}

export type RegionResult = RegionInfo | ValidationFailure<RegionErrorCode>;

function isCityPartValid(city: number): boolean {
  // GB/T 2260: 01–20 and 51–70 are prefecture-level cities, 21–50 地区/自治州/盟,
  // 90 is the summary code for county-level units governed directly by the province
  // (e.g. 429004 仙桃市, 469001 五指山市). Nothing else is ever assigned.
  return (city >= 1 && city <= 70) || city === 90;
}

export function validateRegionCode(input: unknown): RegionResult {
  const code = normalizeInput(input);
  if (code === undefined || !/^\d{6}$/.test(code)) {
    return fail('REGION_FORMAT', '行政区划代码应为6位数字');
  }
  const province = code.slice(0, 2);
  const provinceName = PROVINCE_NAMES[province];
  if (provinceName === undefined) {
    return fail('REGION_PROVINCE', '行政区划代码的省级代码不存在');
  }
  const city = Number(code.slice(2, 4));
  const county = Number(code.slice(4, 6));
  if (city === 0 && county === 0) {
    return { ok: true, value: code, level: 'province', provinceCode: province, provinceName };
  }
  if (UNDIVIDED_PROVINCES.has(province) || city === 0 || !isCityPartValid(city)) {
    // A county part under city 00 would be a county without a prefecture, which the
    // standard never assigns (province-governed counties use city part 90).
    return fail('REGION_STRUCTURE', '行政区划代码的地市级或县级部分不正确');
  }
  // County part 00 is the prefecture itself; 01–99 are all used (市辖区, 县/旗, 县级市).
  return {
    ok: true,
    value: code,
    level: county === 0 ? 'city' : 'county',
    provinceCode: province,
    provinceName,
  };
}

export function isValidRegionCode(input: unknown): boolean {
  return validateRegionCode(input).ok;
}

/** 乡级 part of a 统计用区划代码 (digits 7–9). */
export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'township-like';

export type StatRegionLevel = RegionLevel | 'township' | 'village';

export interface StatRegionInfo {
  ok: true;
  value: string;
  level: StatRegionLevel;
  /** The first six digits: the GB/T 2260 code the unit belongs to. */
  regionCode: string;
  townshipKind?: TownshipKind;
}

export type StatRegionResult = StatRegionInfo | ValidationFailure<RegionErrorCode>;

function townshipKind(n: number): TownshipKind | undefined {
  // 统计用区划代码编制规则: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 类似乡级单位
  // (开发区, 农场 …); 600 and above are not assigned.
  if (n >= 1 && n <= 99) return 'subdistrict';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  if (n >= 400 && n <= 599) return 'township-like';
  return undefined;
}

/**
 * 12-digit 统计用区划代码: 6-digit GB/T 2260 code + 3-digit 乡级 + 3-digit 村级. Trailing zero
 * groups denote the higher level itself (430582000000 is 邵东市).
 */
export function validateStatRegionCode(input: unknown): StatRegionResult {
  const code = normalizeInput(input);
  if (code === undefined || !/^\d{12}$/.test(code)) {
    return fail('REGION_FORMAT', '统计用区划代码应为12位数字');
  }
  const base = validateRegionCode(code.slice(0, 6));
  if (!base.ok) return base;
  const township = Number(code.slice(6, 9));
  const village = Number(code.slice(9, 12));
  if (township === 0) {
    if (village !== 0) return fail('REGION_STRUCTURE', '统计用区划代码的村级部分不能脱离乡级');
    return { ok: true, value: code, level: base.level, regionCode: base.value };
  }
  // Towns hang off counties, or off the few prefectures without counties (441900 东莞市,
  // 442000 中山市, 460400 儋州市), so only the province level is excluded.
  if (base.level === 'province') {
    return fail('REGION_STRUCTURE', '统计用区划代码的乡级单位不能直属于省级');
  }
  const kind = townshipKind(township);
  if (kind === undefined) return fail('REGION_STRUCTURE', '统计用区划代码的乡级部分不正确');
  if (village === 0) {
    return { ok: true, value: code, level: 'township', regionCode: base.value, townshipKind: kind };
  }
  // 村级: 001–199 居委会, 200–399 村委会, 400–599 类似居委会/村委会的单位.
  if (village > 599) return fail('REGION_STRUCTURE', '统计用区划代码的村级部分不正确');
  return { ok: true, value: code, level: 'village', regionCode: base.value, townshipKind: kind };
}

export function isValidStatRegionCode(input: unknown): boolean {
  return validateStatRegionCode(input).ok;
}

/**
 * Name of a 6-digit region code when the platform knows it: the small local table first, then
 * province-level codes. Historical codes return their historical name (邵东县).
 */
export function regionName(code: string): string | undefined {
  const known = KNOWN_REGIONS[code];
  if (known !== undefined) return known.name;
  if (/^\d{2}0000$/.test(code)) return PROVINCE_NAMES[code.slice(0, 2)];
  return undefined;
}

/** Maps a historical code to its current one (430521 → 430582); other codes map to themselves. */
export function currentRegionCode(code: string): string {
  let current = code;
  // Follow chains of renumbering; the table is tiny and acyclic, the bound is just a guard.
  for (let i = 0; i < 8; i++) {
    const next = KNOWN_REGIONS[current]?.replacedBy;
    if (next === undefined) break;
    current = next;
  }
  return current;
}
