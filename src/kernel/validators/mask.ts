/**
 * Masking of personal data for lists, exports and logs (SPEC §2.1). Masks keep the length of the
 * original so staff can still tell a complete number from a truncated one, and keep enough
 * characters at the ends to match a record against a paper form.
 *
 * Organisation credit codes are public (国家企业信用信息公示系统), so maskPersonalData leaves
 * them alone; maskCreditCode exists for the few screens that still want them shortened.
 */
import { looksLikeIdNumber } from './idcard';
import { validateLandline, validateMobile } from './phone';

export const MASK_CHAR = '*';
/** Replaces secrets outright: even a masked fragment of a password or token is too much. */
export const REDACTED = '[REDACTED]';

/**
 * Keeps `keepStart` and `keepEnd` characters and stars the middle, preserving length. When the
 * value is too short to hide anything that way it is starred completely.
 */
export function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  // Code points, not UTF-16 units, so rare CJK characters outside the BMP count as one.
  const chars = Array.from(value);
  if (chars.length <= keepStart + keepEnd) return MASK_CHAR.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') +
    MASK_CHAR.repeat(chars.length - keepStart - keepEnd) +
    chars.slice(chars.length - keepEnd).join('')
  );
}

/** `430582199001011234` → `4305**********1234`. */
export function maskIdNumber(value: string): string {
  return maskMiddle(value.normalize('NFKC').trim().toUpperCase(), 4, 4);
}

/** `91430500MA4L0J3K9X` → `9143**********3K9X`. */
export function maskCreditCode(value: string): string {
  return maskMiddle(value.normalize('NFKC').trim().toUpperCase(), 4, 4);
}

/**
 * `13800000000` → `138****0000`; `+86 138-0000-0000` is normalised first. Landlines keep the
 * area code and the last four digits (`0739-***4567`). Anything else keeps 3 + 4 characters.
 */
export function maskPhone(value: string): string {
  const mobile = validateMobile(value);
  if (mobile.ok) return maskMiddle(mobile.value, 3, 4);
  const landline = validateLandline(value);
  if (landline.ok) {
    const ext = landline.extension === undefined ? '' : `-${landline.extension}`;
    return `${landline.areaCode}-${maskMiddle(landline.number, 0, 4)}${ext}`;
  }
  return maskMiddle(value.trim(), 3, 4);
}

/**
 * 张三 → 张*, 李小明 → 李**, 欧阳娜娜 → 欧阳**. Four or more characters keep two, because
 * compound surnames (欧阳, 司马 …) are mostly found there and one character would mislead.
 */
export function maskName(value: string): string {
  const name = value.trim();
  const length = Array.from(name).length;
  if (length <= 1) return MASK_CHAR.repeat(length);
  return maskMiddle(name, length >= 4 ? 2 : 1, 0);
}

/*
 * Free-text redaction. An ID number is recognised by shape (17 digits + digit/X, plausible
 * region, real birth date) without requiring a correct check digit, because a mistyped ID is
 * still personal data; the date and region tests keep order numbers and other long digit runs
 * from being starred. Digit look-arounds stop matches inside longer numbers.
 */
const ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
const MOBILE_IN_TEXT = /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;

/**
 * Masks 18-character ID numbers and mobile numbers found anywhere in a text (log messages,
 * free-text comments), leaving everything else untouched.
 */
export function redactText(text: string): string {
  return text
    .replace(ID_IN_TEXT, (m) => (looksLikeIdNumber(m) ? maskIdNumber(m) : m))
    .replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
}

export interface MaskOptions {
  /** Also run redactText over string values under other keys. Default true. */
  redactFreeText?: boolean;
}

/** How a value under a given key is masked. */
export type KeyKind = 'id' | 'phone' | 'secret' | 'name';

/*
 * Keys are compared by word, so `applicantIdNumber`, `id_number`, `ID-Number` and `IDNumber`
 * all match while `paidNo` or `tokenExpiresAt` do not. A key matches when its trailing words
 * spell one of these entries. Pinyin abbreviations come from older government systems.
 */
const KEY_TAILS: ReadonlyArray<readonly [KeyKind, readonly string[]]> = [
  [
    'id',
    [
      'idnumber', 'idno', 'idcard', 'idcardno', 'idcardnumber',
      'identitynumber', 'identityno', 'identitycard', 'identitycardnumber',
      'sfzh', 'sfzhm', 'zjhm',
    ],
  ],
  [
    'phone',
    [
      'phone', 'phones', 'mobile', 'mobiles', 'mobilephone', 'cellphone', 'telephone', 'tel',
      'phonenumber', 'phoneno', 'mobilenumber', 'mobileno', 'sjhm', 'lxdh',
    ],
  ],
  [
    'secret',
    [
      'password', 'passwd', 'pwd', 'passwordhash', 'secret', 'token', 'authorization',
      'cookie', 'setcookie', 'apikey',
    ],
  ],
  ['name', ['realname', 'personname', 'citizenname', 'contactname', 'contactperson']],
];

const TAIL_KIND = new Map<string, KeyKind>();
for (const [kind, tails] of KEY_TAILS) for (const t of tails) TAIL_KIND.set(t, kind);

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The masking rule for an object key, if any; the log serializer reuses it for headers. */
export function classifyKey(key: string): KeyKind | undefined {
  const words = keyWords(key);
  for (let i = 0; i < words.length; i++) {
    const kind = TAIL_KIND.get(words.slice(i).join(''));
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/** Parent keys whose object is always a natural person, so its `name` is a personal name. */
const PERSON_CONTAINERS = new Set(['citizen', 'person', 'contact', 'caller']);

function isPersonRecord(obj: Record<string, unknown>, parentKey: string | undefined): boolean {
  if (parentKey !== undefined && PERSON_CONTAINERS.has(parentKey.toLowerCase())) return true;
  // SPEC applicants: { type: 'person' | 'organization', name, idNumber | creditCode }.
  if (obj.type === 'person' || obj.kind === 'person') return true;
  return Object.keys(obj).some((k) => classifyKey(k) === 'id');
}

function maskScalar(kind: KeyKind, value: unknown): unknown {
  // Null, undefined and flags (`hasPhone: true`) carry no personal data.
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (kind === 'secret') return REDACTED;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    return REDACTED;
  }
  const s = String(value);
  switch (kind) {
    case 'id':
      return maskIdNumber(s);
    case 'phone':
      return maskPhone(s);
    case 'name':
      return maskName(s);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const MAX_DEPTH = 32;

/**
 * Returns a deep copy of a JSON-like value with personal data masked: person ID numbers,
 * phones and personal names by the rules above, secrets replaced by [REDACTED], and (by
 * default) IDs and mobiles inside other strings redacted. Only plain objects and arrays are
 * walked; other instances (Date, Buffer, Error …) are returned as they are. The input is never
 * modified. Cycles become '[Circular]'. Typed `unknown` because masking can turn a number under
 * a phone key into a string: the result is for display and logging, not for further logic.
 */
export function maskPersonalData(value: unknown, options: MaskOptions = {}): unknown {
  const redactFreeText = options.redactFreeText ?? true;
  const ancestors = new Set<object>();

  const walk = (v: unknown, kind: KeyKind | undefined, parentKey: string | undefined, depth: number): unknown => {
    if (Array.isArray(v) || isPlainObject(v)) {
      if (ancestors.has(v)) return '[Circular]';
      if (depth >= MAX_DEPTH) return '[Truncated]';
      ancestors.add(v);
      try {
        if (Array.isArray(v)) return v.map((item) => walk(item, kind, parentKey, depth + 1));
        if (kind === 'secret') return REDACTED;
        const person = isPersonRecord(v, parentKey);
        const out: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(v)) {
          // Values nested under a masked key (`phones: { home, work }`) inherit its rule.
          const childKind =
            classifyKey(k) ?? (person && k.toLowerCase() === 'name' ? 'name' : undefined) ?? kind;
          // defineProperty, not assignment: a JSON `__proto__` key must stay plain data.
          Object.defineProperty(out, k, {
            value: walk(child, childKind, k, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      } finally {
        ancestors.delete(v);
      }
    }
    if (kind !== undefined) return maskScalar(kind, v);
    if (redactFreeText && typeof v === 'string') return redactText(v);
    return v;
  };

  return walk(value, undefined, undefined, 0);
}
