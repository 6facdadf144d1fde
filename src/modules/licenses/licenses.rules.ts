/** Pure rules of the license library: statuses and their transitions, numbering, validity, holder IDs. */
import { validateIdNumber, validateUscc } from '../../kernel/validators';

export const LICENSE_STATUSES = ['valid', 'cancelled', 'revoked', 'withdrawn'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export const STATUS_LABELS: Record<LicenseStatus, string> = { valid: '有效', cancelled: '已注销', revoked: '已吊销', withdrawn: '已撤销' };

/** What a clerk may do to a license; 注销/吊销/撤销 end it for good. */
export const LICENSE_ACTIONS = ['change', 'renew', 'cancel', 'revoke', 'withdraw'] as const;
export type LicenseAction = (typeof LICENSE_ACTIONS)[number];

export const ACTION_LABELS: Record<LicenseAction | 'issue' | 'import', string> = {
  issue: '颁发',
  import: '导入',
  change: '变更',
  renew: '延续',
  cancel: '注销',
  revoke: '吊销',
  withdraw: '撤销',
};

export const TRANSITIONS: Record<LicenseAction, { from: readonly LicenseStatus[]; to: LicenseStatus }> = {
  change: { from: ['valid'], to: 'valid' },
  renew: { from: ['valid'], to: 'valid' },
  cancel: { from: ['valid'], to: 'cancelled' },
  revoke: { from: ['valid'], to: 'revoked' },
  withdraw: { from: ['valid'], to: 'withdrawn' },
};

/** null when allowed, else the Chinese reason. */
export function checkAction(action: LicenseAction, status: LicenseStatus): string | null {
  return TRANSITIONS[action].from.includes(status) ? null : `证照${STATUS_LABELS[status]}，不能${ACTION_LABELS[action]}`;
}

/** What the public verification answers. */
export type VerifyResult = 'valid' | 'expired' | 'revoked' | 'unknown' | 'invalid' | 'superseded';

/** valid / expired / revoked (any of 注销, 吊销, 撤销 ends the license for good). */
export function verifyResultOf(status: LicenseStatus, validTo: string | null, today: string): 'valid' | 'expired' | 'revoked' {
  if (status !== 'valid') return 'revoked';
  if (validTo !== null && validTo < today) return 'expired';
  return 'valid';
}

/**
 * What a scanned QR code verifies as. `earlier`: its signature is a genuine one of an earlier version (printed
 * before a 变更/延续): the license as it stands wins when it has ended or expired, else the paper is superseded.
 */
export function qrResultOf(status: LicenseStatus, validTo: string | null, today: string, signature: 'current' | 'earlier'): 'valid' | 'expired' | 'revoked' | 'superseded' {
  const now = verifyResultOf(status, validTo, today);
  return signature === 'earlier' && now === 'valid' ? 'superseded' : now;
}

export const SUPERSEDED_LABEL = '证照已变更，请以最新版本为准';

export const TYPE_CODE = /^[A-Z][A-Z0-9]{1,7}$/;

/** 证照编号: type code + region code + year + a 6-digit sequence per type and year, e.g. JY4305822026000001. */
export function licenseNo(typeCode: string, regionCode: string, year: string, seq: number): string {
  return `${typeCode}${regionCode}${year}${String(seq).padStart(6, '0')}`;
}

export const sequenceName = (typeCode: string, year: string) => `licenses.${typeCode}.${year}`;

/** Normalises what a citizen types: full-width to ASCII, spaces and dashes dropped, upper case. */
export function normalizeLicenseNo(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

/** Last valid day for a license valid `years` from `from` (null years = 长期有效). */
export function validToOf(from: string, years: number | null): string | null {
  if (years === null) return null;
  const [y, m, d] = from.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

export type HolderKind = 'person' | 'organization';

/** The holder's ID checked by kind: 居民身份证 for a person, 统一社会信用代码 for an organisation. */
export function checkHolderId(kind: HolderKind, id: string): { ok: true; value: string } | { ok: false; message: string } {
  if (kind === 'person') {
    const r = validateIdNumber(id);
    return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
  }
  const r = validateUscc(id);
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
}

/** The payload the platform signs: the license's identity and validity, never its status (revocation is recorded, not re-signed). */
export interface SignedLicense {
  no: string;
  type: string;
  holderName: string;
  holderId: string;
  issuer: string;
  issueDate: string;
  validFrom: string;
  validTo: string | null;
  caseNo: string | null;
  version: number;
}

// ---- the licence KPIs from month counts ----

/** 'YYYY-MM' of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** First and last day ('YYYY-MM-DD') of a month 'YYYY-MM'. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month before / after 'YYYY-MM'. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * How the licence KPIs of [from, to] are read from `licenses_kpi_counts` (licences per department × issue
 * month × expiry month × imported × valid, kept in each write's transaction) and what is counted live:
 *
 * - `upTo` (licences issued by `to`) and `inForce` (of those, valid on `to`) are stocks: the counts of every
 *   issue month up to `stockThrough` (the last month that ends by `to`), plus the licences issued in
 *   `tail` (the first of `to`'s month to `to`, when `to` is not a month's last day) read live;
 * - `inForce` takes from the counts the licences whose expiry month is after `to`'s month (`toMonth`) or
 *   that never expire; those expiring in `toMonth` itself are on either side of `to`, so they are read live
 *   (`expiring`: valid_to from `to` to the month's end, issued by the end of `stockThrough`);
 * - `issued` (not imported, issued in [from, to]) is a flow: the counts of the whole months inside the
 *   period (`months`, null when none) plus the licences of the days around them (`issuedLive`) read live.
 *
 * `live` is the issue-date ranges to read (merged, at most two): a year or a month asked from its first to
 * its last day reads none.
 */
export interface LicenseKpiPlan {
  toMonth: string;
  stockThrough: string;
  tail: { from: string; to: string } | null;
  expiring: { from: string; to: string };
  months: { from: string; to: string } | null;
  issuedLive: Array<{ from: string; to: string }>;
  live: Array<{ from: string; to: string }>;
}

export function licenseKpiPlan(from: string, to: string): LicenseKpiPlan {
  const toMonth = monthOf(to);
  const toBounds = monthBounds(toMonth);
  const toIsMonthEnd = to === toBounds.last;
  const stockThrough = toIsMonthEnd ? toMonth : shiftMonth(toMonth, -1);
  const tail = toIsMonthEnd ? null : { from: toBounds.first, to };
  const firstFull = from === monthBounds(monthOf(from)).first ? monthOf(from) : shiftMonth(monthOf(from), 1);
  const months = firstFull <= stockThrough ? { from: firstFull, to: stockThrough } : null;
  const issuedLive: Array<{ from: string; to: string }> = [];
  if (!months) issuedLive.push({ from, to });
  else {
    const head = monthBounds(firstFull).first;
    if (from < head) issuedLive.push({ from, to: dayBefore(head) });
    if (tail) issuedLive.push(tail);
  }
  return { toMonth, stockThrough, tail, expiring: { from: to, to: toBounds.last }, months, issuedLive, live: mergeDayRanges([...issuedLive, ...(tail ? [tail] : [])]) };
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function mergeDayRanges(ranges: Array<{ from: string; to: string }>): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (const r of [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const last = out.at(-1);
    if (last && dayBefore(r.from) <= last.to) {
      if (r.to > last.to) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}
