/**
 * 统一社会信用代码 (GB 32100-2015) and the 组织机构代码 (GB 11714) embedded in it.
 *
 * Layout: 1 登记管理部门 · 2 机构类别 · 3–8 登记管理机关行政区划 · 9–17 组织机构代码 · 18 校验码.
 */
import { fail, normalizeInput, type ValidationFailure } from './result';
import { isValidRegionCode } from './region';

/** GB 32100 character set: digits and upper-case letters without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

interface Authority {
  name: string;
  /** 机构类别 codes assigned under this authority, with their names. */
  categories: Readonly<Record<string, string>>;
}

/** GB 32100-2015 Table 1/2 (登记管理部门 and 机构类别). */
export const USCC_AUTHORITIES: Readonly<Record<string, Authority>> = Object.freeze({
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '其他' } },
});

/**
 * Central-level registrations (国务院部门, national 社团 …) carry 100000 (中华人民共和国) as their
 * registration region, which is not a GB/T 2260 province code.
 */
const NATIONAL_REGION = '100000';

export type UsccErrorCode = 'USCC_FORMAT' | 'USCC_CHECK_CHAR' | 'USCC_ORG_CODE' | 'USCC_REGION';

export interface UsccInfo {
  ok: true;
  /** Upper-case, trimmed, half-width form. */
  value: string;
  authorityCode: string;
  authorityName: string;
  categoryCode: string;
  /** Undefined when the category is accepted only by the permissive '9 其他' rule. */
  categoryName: string | undefined;
  regionCode: string;
  /** Positions 9–17, the GB 11714 organisation code including its own check char. */
  orgCode: string;
}

export type UsccResult = UsccInfo | ValidationFailure<UsccErrorCode>;

/** Check character for the first 17 characters. Throws on malformed input (caller bug). */
export function computeUsccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('computeUsccCheckChar expects 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`Character not allowed in a credit code: ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 value of a body character: 0–9 as is, A–Z as 10–35 (the full Latin alphabet). */
function orgCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** GB 11714 check character for the 8-character body of a 组织机构代码. */
export function computeOrgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('computeOrgCodeCheckChar expects 8 characters 0-9/A-Z');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(first8[i]) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type OrgCodeErrorCode = 'ORG_CODE_FORMAT' | 'ORG_CODE_CHECK_CHAR';

export type OrgCodeResult = { ok: true; value: string } | ValidationFailure<OrgCodeErrorCode>;

/**
 * Stand-alone 组织机构代码 as printed on pre-2015 certificates (`MA4L0J3K-9` or without the
 * dash); still asked for by some older forms. Value is returned without the dash.
 */
export function validateOrgCode(input: unknown): OrgCodeResult {
  const raw = normalizeInput(input)?.toUpperCase();
  const m = raw === undefined ? null : /^([0-9A-Z]{8})-?([0-9X])$/.exec(raw);
  if (m === null) return fail('ORG_CODE_FORMAT', '组织机构代码应为8位数字或大写字母加1位校验码');
  if (computeOrgCodeCheckChar(m[1]) !== m[2]) {
    return fail('ORG_CODE_CHECK_CHAR', '组织机构代码校验码不正确');
  }
  return { ok: true, value: m[1] + m[2] };
}

const USCC_SHAPE = new RegExp(`^[${USCC_ALPHABET}]{18}$`);

/**
 * Validates an 18-character 统一社会信用代码. Checks run from the most specific structural
 * errors to the checksums, so a mistyped region is reported as such rather than as a bad
 * check character.
 */
export function validateUscc(input: unknown): UsccResult {
  const raw = normalizeInput(input);
  // Lower case is accepted: the standard's letters are all upper case, so nothing is ambiguous.
  const value = raw?.toUpperCase();
  if (value === undefined || !USCC_SHAPE.test(value)) {
    return fail('USCC_FORMAT', '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）');
  }
  const authorityCode = value[0];
  const authority = USCC_AUTHORITIES[authorityCode];
  if (authority === undefined) {
    return fail('USCC_FORMAT', '统一社会信用代码的登记管理部门代码不正确');
  }
  const categoryCode = value[1];
  const categoryName = authority.categories[categoryCode];
  // Permissive on purpose: the code authorities may open categories after the 2015 table,
  // and nearly all of them use '9 其他', so '9' is always let through; '0', letters and
  // digits outside the table are not.
  if (categoryName === undefined && categoryCode !== '9') {
    return fail('USCC_FORMAT', '统一社会信用代码的机构类别代码不正确');
  }
  const regionCode = value.slice(2, 8);
  if (regionCode !== NATIONAL_REGION && !isValidRegionCode(regionCode)) {
    return fail('USCC_REGION', '统一社会信用代码的登记管理机关行政区划码不正确');
  }
  if (computeUsccCheckChar(value.slice(0, 17)) !== value[17]) {
    return fail('USCC_CHECK_CHAR', '统一社会信用代码校验码不正确');
  }
  const orgCode = value.slice(8, 17);
  if (!/^[0-9X]$/.test(orgCode[8]) || computeOrgCodeCheckChar(orgCode.slice(0, 8)) !== orgCode[8]) {
    return fail('USCC_ORG_CODE', '统一社会信用代码中的组织机构代码校验不通过');
  }
  return {
    ok: true,
    value,
    authorityCode,
    authorityName: authority.name,
    categoryCode,
    categoryName,
    regionCode,
    orgCode,
  };
}

export function isValidUscc(input: unknown): boolean {
  return validateUscc(input).ok;
}
