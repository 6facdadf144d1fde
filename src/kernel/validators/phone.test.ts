import { describe, it, expect } from 'vitest';
import {
  isValidLandline,
  isValidMobile,
  normalizeMobile,
  validateContactPhone,
  validateLandline,
  validateMobile,
} from './phone';

describe('validateMobile', () => {
  it.each([
    '13800000000',
    '19912345678',
    ' 138 0000 0000 ',
    '138-0000-0000',
    '+8613800000000',
    '+86 138 0000 0000',
    '+86-138-0000-0000',
    '8613800000000',
    '0086 13800000000',
    '１３８００００００００',
  ])('normalises %j', (input) => {
    const expected = input.includes('199') ? '19912345678' : '13800000000';
    expect(validateMobile(input)).toEqual({ ok: true, value: expected });
  });

  it('accepts every second digit from 3 to 9', () => {
    for (const d of '3456789') expect(isValidMobile(`1${d}800000000`), d).toBe(true);
  });

  it.each([
    '',
    '1380000000', // 10 digits
    '138000000000', // 12 digits
    '12800000000', // 12x is not a mobile range
    '10800000000',
    '11800000000',
    '23800000000',
    '+8713800000000',
    '+86 12800000000',
    '138.0000.0000',
    '138O0000000',
  ])('rejects %j', (input) => {
    expect(validateMobile(input)).toEqual({ ok: false, code: 'MOBILE_FORMAT', message: '手机号码应为11位，以13–19开头' });
  });

  it('rejects non-strings', () => {
    expect(isValidMobile(13800000000)).toBe(false);
    expect(normalizeMobile(null)).toBeUndefined();
    expect(normalizeMobile('+86 138 0000 0000')).toBe('13800000000');
  });
});

describe('validateLandline', () => {
  it.each([
    ['0739-1234567', '0739-1234567', '0739', '1234567', undefined],
    ['0739 1234567', '0739-1234567', '0739', '1234567', undefined],
    ['07391234567', '0739-1234567', '0739', '1234567', undefined],
    ['(0739)1234567', '0739-1234567', '0739', '1234567', undefined],
    ['（0739）1234567', '0739-1234567', '0739', '1234567', undefined],
    ['010-62345678', '010-62345678', '010', '62345678', undefined],
    ['01062345678', '010-62345678', '010', '62345678', undefined],
    ['021-52345678', '021-52345678', '021', '52345678', undefined],
    ['0739-1234567-801', '0739-1234567-801', '0739', '1234567', '801'],
    ['0739-1234567转801', '0739-1234567-801', '0739', '1234567', '801'],
    ['0739-1234567 ext. 801', '0739-1234567-801', '0739', '1234567', '801'],
    ['0739-1234567#8', '0739-1234567-8', '0739', '1234567', '8'],
  ])('parses %j', (input, value, areaCode, number, extension) => {
    const r = validateLandline(input);
    expect(r).toMatchObject({ ok: true, value, areaCode, number });
    if (r.ok) expect(r.extension).toBe(extension);
  });

  it('splits an unseparated number by the area-code plan', () => {
    // 0739 is a 4-digit code; without the plan this could be misread as 073-91234567.
    expect(validateLandline('073912345678')).toMatchObject({ ok: true, areaCode: '0739', number: '12345678' });
  });

  it.each([
    '',
    '1234567', // no area code
    '739-1234567', // area code without the trunk 0
    '0739-123456', // 6-digit number
    '0739-123456789', // 9-digit number
    '0739-0234567', // local numbers never start with the trunk 0
    '0739-1234567-1234567', // extension too long
    '031-12345678', // 03x is not a 3-digit area code
    '00739-1234567',
    '13800000000',
  ])('rejects %j', (input) => {
    expect(validateLandline(input)).toMatchObject({ ok: false, code: 'LANDLINE_FORMAT' });
  });

  it('isValidLandline mirrors validateLandline', () => {
    expect(isValidLandline('0739-1234567')).toBe(true);
    expect(isValidLandline('0739-12')).toBe(false);
  });
});

describe('validateContactPhone', () => {
  it('accepts either kind and says which', () => {
    expect(validateContactPhone('+86 138 0000 0000')).toEqual({ ok: true, kind: 'mobile', value: '13800000000' });
    expect(validateContactPhone('0739-1234567')).toEqual({ ok: true, kind: 'landline', value: '0739-1234567' });
    expect(validateContactPhone('12345')).toMatchObject({ ok: false, code: 'PHONE_FORMAT' });
  });
});
