import { describe, it, expect } from 'vitest';
import {
  REDACTED,
  classifyKey,
  maskCreditCode,
  maskIdNumber,
  maskMiddle,
  maskName,
  maskPersonalData,
  maskPhone,
  redactText,
} from './mask';

describe('maskMiddle', () => {
  it('keeps both ends and the length', () => {
    expect(maskMiddle('abcdefghij', 2, 3)).toBe('ab*****hij');
    expect(maskMiddle('abcde', 2, 3)).toBe('*****');
    expect(maskMiddle('', 1, 1)).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first and last four characters', () => {
    expect(maskIdNumber('430582199001011231')).toBe('4305**********1231');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('4305821990010112')).toHaveLength(16);
    expect(maskIdNumber('12345678')).toBe('********');
  });
});

describe('maskCreditCode', () => {
  it('keeps the first and last four characters', () => {
    expect(maskCreditCode('91350100M000100Y43')).toBe('9135**********0Y43');
  });
});

describe('maskPhone', () => {
  it('masks mobiles as 138****0000', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('+86 139-1234-5678')).toBe('139****5678');
  });

  it('keeps the area code and the last four digits of landlines', () => {
    expect(maskPhone('0739-1234567')).toBe('0739-***4567');
    expect(maskPhone('(010)62345678转12')).toBe('010-****5678-12');
  });

  it('masks anything else by position', () => {
    expect(maskPhone('12345678901234')).toBe('123*******1234');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['李小明', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['司马相如', '司马**'],
    ['阿依古丽·买买提', '阿依******'],
    ['张', '*'],
    ['', ''],
    [' 王五 ', '王*'],
    ['𠮷野家', '𠮷**'], // a character outside the BMP counts once
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('redactText', () => {
  it('masks an ID number and a mobile inside a sentence', () => {
    expect(redactText('申请人张三，身份证号11010519491231002X，联系电话13800000000，已受理。')).toBe(
      '申请人张三，身份证号1101**********002X，联系电话138****0000，已受理。',
    );
  });

  it('masks IDs with a wrong check digit, lower-case x and spaced or prefixed mobiles', () => {
    expect(redactText('id=110105194912310021 x')).toBe('id=1101**********0021 x');
    expect(redactText('id:11010519491231002x')).toBe('id:1101**********002X');
    expect(redactText('call +86 138 0000 0000 now')).toBe('call 138****0000 now');
    expect(redactText('tel 8613912345678;')).toBe('tel 139****5678;');
    expect(redactText('手机139-1234-5678')).toBe('手机139****5678');
    expect(redactText('tel:+13800000000')).toBe('tel:+138****0000');
  });

  it('leaves other numbers alone', () => {
    const text = [
      'case 2026093000000123456', // 19 digits
      'order 123456789012345678', // 18 digits, no plausible region/date
      'ts 1727661234567', // epoch milliseconds
      'amount 13800000000000',
      'code 91350100M000100Y43', // credit codes are public
      'date 20260930',
    ].join('; ');
    expect(redactText(text)).toBe(text);
  });

  it('does not touch already masked values', () => {
    const masked = '1101**********002X 138****0000';
    expect(redactText(masked)).toBe(masked);
  });
});

describe('classifyKey', () => {
  it.each([
    ['idNumber', 'id'],
    ['id_number', 'id'],
    ['ID-Number', 'id'],
    ['IDNumber', 'id'],
    ['applicantIdNumber', 'id'],
    ['idCardNo', 'id'],
    ['sfzh', 'id'],
    ['phone', 'phone'],
    ['mobile', 'phone'],
    ['contactPhone', 'phone'],
    ['phone_number', 'phone'],
    ['tel', 'phone'],
    ['password', 'secret'],
    ['passwordHash', 'secret'],
    ['newPassword', 'secret'],
    ['token', 'secret'],
    ['accessToken', 'secret'],
    ['Authorization', 'secret'],
    ['set-cookie', 'secret'],
    ['realName', 'name'],
  ])('%s → %s', (key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });

  it.each(['id', 'userId', 'caseNo', 'creditCode', 'hotel', 'tokenExpiresAt', 'phoneVerifiedAt', 'name', 'paidNo'])(
    'ignores %s',
    (key) => {
      expect(classifyKey(key)).toBeUndefined();
    },
  );
});

describe('maskPersonalData', () => {
  it('masks person data in a nested payload and leaves the rest', () => {
    const input = {
      caseNo: 'SD2026093000001',
      applicant: {
        type: 'person',
        name: '欧阳娜娜',
        idNumber: '11010519491231002X',
        phone: '13800000000',
      },
      company: { type: 'organization', name: '邵东某某有限公司', creditCode: '91350100M000100Y43' },
      citizen: { name: '张三', phone: '0739-1234567' },
      materials: [{ name: '身份证复印件', provided: true }],
      comment: '请联系13912345678',
      headers: { authorization: 'Bearer abc.def', 'x-auth-token': 'xyz', accept: 'application/json' },
      login: { username: 'admin', password: 'hunter2' },
      count: 3,
      at: new Date('2026-09-30T01:00:00Z'),
    };
    const snapshot = structuredClone(input);

    expect(maskPersonalData(input)).toEqual({
      caseNo: 'SD2026093000001',
      applicant: { type: 'person', name: '欧阳**', idNumber: '1101**********002X', phone: '138****0000' },
      company: { type: 'organization', name: '邵东某某有限公司', creditCode: '91350100M000100Y43' },
      citizen: { name: '张*', phone: '0739-***4567' },
      materials: [{ name: '身份证复印件', provided: true }],
      comment: '请联系139****5678',
      headers: { authorization: REDACTED, 'x-auth-token': REDACTED, accept: 'application/json' },
      login: { username: 'admin', password: REDACTED },
      count: 3,
      at: new Date('2026-09-30T01:00:00Z'),
    });
    // The input is not modified.
    expect(input).toEqual(snapshot);
  });

  it('masks snake_case keys, arrays under a masked key and values nested under it', () => {
    expect(
      maskPersonalData({
        id_number: '430582199001011231',
        phones: ['13800000000', '13912345678'],
        mobile: { home: '0739-7654321' },
        token: { value: 'secret' },
      }),
    ).toEqual({
      id_number: '4305**********1231',
      phones: ['138****0000', '139****5678'],
      mobile: { home: '0739-***4321' },
      token: REDACTED,
    });
  });

  it('treats an object with a person ID key as a person record', () => {
    expect(maskPersonalData([{ name: '李小明', id_no: '430582199001011231' }])).toEqual([
      { name: '李**', id_no: '4305**********1231' },
    ]);
  });

  it('handles primitives, null, numbers under phone keys and flags', () => {
    expect(maskPersonalData('身份证11010519491231002X')).toBe('身份证1101**********002X');
    expect(maskPersonalData(null)).toBeNull();
    expect(maskPersonalData(42)).toBe(42);
    expect(maskPersonalData({ phone: 13800000000, hasPhone: true, mobile: null })).toEqual({
      phone: '138****0000',
      hasPhone: true,
      mobile: null,
    });
  });

  it('can skip free-text redaction', () => {
    expect(maskPersonalData({ comment: '13800000000', phone: '13800000000' }, { redactFreeText: false })).toEqual({
      comment: '13800000000',
      phone: '138****0000',
    });
  });

  it('survives cycles and shared references', () => {
    const shared = { phone: '13800000000' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(maskPersonalData(cyclic)).toEqual({
      a: { phone: '138****0000' },
      b: { phone: '138****0000' },
      self: '[Circular]',
    });
  });

  it('copies a JSON __proto__ key as data', () => {
    const out = maskPersonalData(JSON.parse('{"__proto__": {"phone": "13800000000"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ phone: '138****0000' });
  });

  it('truncates absurdly deep values instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { phone: '13800000000' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(JSON.stringify(maskPersonalData(deep))).toContain('[Truncated]');
  });
});
