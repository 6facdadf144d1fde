/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region + 8-digit birth date + 3-digit order + check char.
 */
import { fail, normalizeInput, type ValidationFailure } from './result';
import { isValidRegionCode } from './region';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/**
 * Prefixes of 港澳台居民居住证 numbers, which follow GB 11643 and are used wherever a 身份证号
 * is asked for. 810000/820000 are ordinary GB/T 2260 codes; 830000 (台湾居民) is not, so it is
 * allowed here explicitly rather than in the general region validator.
 */
const RESIDENCE_PERMIT_PREFIXES = new Set(['830000']);

export type IdErrorCode = 'ID_FORMAT' | 'ID_REGION' | 'ID_BIRTH_DATE' | 'ID_CHECK_DIGIT';

export interface IdNumberInfo {
  ok: true;
  /** Upper-case, trimmed, half-width form; store and compare this. */
  value: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female';
  regionCode: string;
}

export type IdNumberResult = IdNumberInfo | ValidationFailure<IdErrorCode>;

/** Check character for the first 17 digits. Throws on malformed input: that is a caller bug. */
export function computeIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('computeIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' if it is a real Gregorian date, else undefined. */
export function parseCompactDate(yyyymmdd: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const monthDays = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > monthDays[month - 1]) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Today in Asia/Shanghai (fixed +08:00, no DST), matching how the rest of the kernel dates days. */
function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Accepts 'YYYY-MM-DD', 'YYYYMMDD' or an ISO timestamp whose date part is taken as is. */
function normalizeToday(today: string): string {
  const compact = /^\d{4}-\d{2}-\d{2}/.test(today) ? today.slice(0, 10).replaceAll('-', '') : today;
  const parsed = parseCompactDate(compact);
  if (parsed === undefined) throw new RangeError(`Invalid today date: ${today}`);
  return parsed;
}

const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * Validates an 18-character 居民身份证号. `today` (YYYY-MM-DD) bounds the birth date; pass the
 * injected clock's Shanghai date so tests and ONEWINDOW_FAKE_NOW behave. Defaults to the real
 * current date. First-generation 15-digit numbers are rejected: they expired in 2013.
 */
export function validateIdNumber(input: unknown, today?: string): IdNumberResult {
  const raw = normalizeInput(input);
  if (raw === undefined || !/^\d{17}[\dXx]$/.test(raw)) {
    return fail('ID_FORMAT', '身份证号应为18位，前17位为数字，最后一位为数字或X');
  }
  const value = raw.toUpperCase();
  const regionCode = value.slice(0, 6);
  if (!isValidRegionCode(regionCode) && !RESIDENCE_PERMIT_PREFIXES.has(regionCode)) {
    return fail('ID_REGION', '身份证号的地区码不正确');
  }
  const birthDate = parseCompactDate(value.slice(6, 14));
  // ISO dates compare correctly as strings.
  const limit = today === undefined ? shanghaiToday() : normalizeToday(today);
  if (birthDate === undefined || birthDate < EARLIEST_BIRTH_DATE || birthDate > limit) {
    return fail('ID_BIRTH_DATE', '身份证号中的出生日期不正确');
  }
  if (computeIdCheckChar(value.slice(0, 17)) !== value[17]) {
    return fail('ID_CHECK_DIGIT', '身份证号校验位不正确');
  }
  // The 17th character is the order code; odd numbers are assigned to men.
  const gender = Number(value[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, birthDate, gender, regionCode };
}

/**
 * Shape-only test used to find ID numbers in free text: plausible region and a real birth date
 * from 1900 on, check digit ignored (a mistyped ID is still personal data).
 */
export function looksLikeIdNumber(candidate: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(candidate)) return false;
  const region = candidate.slice(0, 6);
  if (!isValidRegionCode(region) && !RESIDENCE_PERMIT_PREFIXES.has(region)) return false;
  const birth = parseCompactDate(candidate.slice(6, 14));
  return birth !== undefined && birth >= EARLIEST_BIRTH_DATE;
}

export function isValidIdNumber(input: unknown, today?: string): boolean {
  return validateIdNumber(input, today).ok;
}
