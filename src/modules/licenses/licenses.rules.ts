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
