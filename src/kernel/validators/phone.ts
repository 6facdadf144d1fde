/**
 * Mainland China phone numbers: mobiles (11 digits, 1[3-9]…) and landlines (area code + local
 * number, optional extension). Values are normalised so that the same number typed in different
 * ways is stored and compared once.
 */
import { fail, normalizeInput, type ValidationFailure } from './result';

export type MobileResult = { ok: true; value: string } | ValidationFailure<'MOBILE_FORMAT'>;

/** Country code forms seen on forms: +86, 0086 (international dialling prefix), bare 86. */
const MOBILE_SHAPE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;

/**
 * Validates a mobile number; `+86 138-0000-0000`, `8613800000000` and `138 0000 0000` all
 * normalise to `13800000000`.
 */
export function validateMobile(input: unknown): MobileResult {
  const raw = normalizeInput(input);
  const m = raw === undefined ? null : MOBILE_SHAPE.exec(raw.replace(/[\s-]/g, ''));
  if (m === null) return fail('MOBILE_FORMAT', '手机号码应为11位，以13–19开头');
  return { ok: true, value: m[1] };
}

export function isValidMobile(input: unknown): boolean {
  return validateMobile(input).ok;
}

/** The normalised mobile number, or undefined when the input is not one. */
export function normalizeMobile(input: unknown): string | undefined {
  const r = validateMobile(input);
  return r.ok ? r.value : undefined;
}

export interface LandlineInfo {
  ok: true;
  /** `0739-1234567` or `0739-1234567-801`. */
  value: string;
  areaCode: string;
  number: string;
  extension?: string;
}

export type LandlineResult = LandlineInfo | ValidationFailure<'LANDLINE_FORMAT'>;

/**
 * Area codes are 010 and 02x (3 digits) or 0[3-9]xx (4 digits); because no 3-digit code is a
 * prefix of a 4-digit one, the split is unambiguous even when the number is typed without a
 * separator. Local numbers have 7–8 digits and never start with 0 (the trunk prefix). Real
 * subscriber numbers do not start with 1 either, but placeholder numbers such as 0739-1234567
 * are common on forms and in training data, and rejecting them buys nothing. The extension words 转 and
 * 分机 are written `\u8F6C` and `\u5206\u673A`: the server bundle stays one-byte (docs/operations.md, "Memory").
 */
const LANDLINE_SHAPE =
  /^\(?(010|02\d|0[3-9]\d{2})\)?[\s-]?([1-9]\d{6,7})(?:\s*(?:-|\u8F6C|#|\u5206\u673A|ext\.?|x)\s*(\d{1,6}))?$/i;

export function validateLandline(input: unknown): LandlineResult {
  const raw = normalizeInput(input);
  const m = raw === undefined ? null : LANDLINE_SHAPE.exec(raw);
  if (m === null) {
    return fail('LANDLINE_FORMAT', '固定电话应为区号加7–8位号码，如0739-1234567');
  }
  const [, areaCode, number, extension] = m;
  const value = `${areaCode}-${number}${extension === undefined ? '' : `-${extension}`}`;
  return extension === undefined
    ? { ok: true, value, areaCode, number }
    : { ok: true, value, areaCode, number, extension };
}

export function isValidLandline(input: unknown): boolean {
  return validateLandline(input).ok;
}

export type ContactPhoneResult =
  | { ok: true; kind: 'mobile'; value: string }
  | { ok: true; kind: 'landline'; value: string }
  | ValidationFailure<'PHONE_FORMAT'>;

/** For contact fields (工单 citizen phone …) where either a mobile or a landline is acceptable. */
export function validateContactPhone(input: unknown): ContactPhoneResult {
  const mobile = validateMobile(input);
  if (mobile.ok) return { ok: true, kind: 'mobile', value: mobile.value };
  const landline = validateLandline(input);
  if (landline.ok) return { ok: true, kind: 'landline', value: landline.value };
  return fail('PHONE_FORMAT', '联系电话应为11位手机号码或带区号的固定电话');
}
