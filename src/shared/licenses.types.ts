/** 电子证照 as other modules and the web app see it. */

export type LicenseHolderKind = 'person' | 'organization';
export type LicenseStatusCode = 'valid' | 'cancelled' | 'revoked' | 'withdrawn';
export type LicenseEventAction = 'issue' | 'change' | 'renew' | 'cancel' | 'revoke' | 'withdraw';

/**
 * What the license library announces inside its own transaction (`licenseEvents`, a TxHooks): a license
 * issued (on a case's approval), changed, renewed or ended (注销 cancel / 吊销 revoke / 撤销 withdraw).
 * Bulk imports of an existing library announce nothing (they are history, not new decisions).
 */
export interface LicenseEvent {
  action: LicenseEventAction;
  licenseNo: string;
  typeCode: string;
  typeName: string;
  holderKind: LicenseHolderKind;
  holderName: string;
  holderId: string;
  /** The issuing (approving) department. */
  departmentId: number;
  issuer: string;
  issueDate: string;
  validFrom: string;
  validTo: string | null;
  status: LicenseStatusCode;
  caseNo: string | null;
  reason: string | null;
  /** ISO instant and Shanghai day of the step. */
  at: string;
  on: string;
}

export interface LicenseTypeView {
  id: number;
  code: string;
  name: string;
  departmentId: number;
  issuer: string;
  holderKind: LicenseHolderKind;
  validityYears: number | null;
  itemCodes: string[];
  replaces: string[];
  active: boolean;
  licenses: number;
}

export interface LicenseView {
  id: number;
  licenseNo: string;
  typeCode: string;
  typeName: string;
  holderKind: LicenseHolderKind;
  holderName: string;
  /** Masked in lists; full only on the detail for staff. */
  holderId: string;
  departmentId: number;
  issuer: string;
  issueDate: string;
  validFrom: string;
  validTo: string | null;
  status: LicenseStatusCode;
  /** valid / expired / revoked as of today. */
  state: 'valid' | 'expired' | 'revoked';
  caseNo: string | null;
  source: string;
  version: number;
  kid: string;
  signature: string;
  data: Record<string, string>;
}

export interface LicenseHistoryView {
  at: string;
  action: string;
  actionLabel: string;
  actorName: string;
  reason: string | null;
  data: Record<string, unknown>;
}

/** The public verification's answer: never the holder's ID. */
export interface LicenseVerification {
  /** superseded: a genuine signature of an earlier version (a QR printed before a 变更/延续); the license shown is the current one. */
  result: 'valid' | 'expired' | 'revoked' | 'unknown' | 'invalid' | 'superseded';
  resultLabel: string;
  signatureValid: boolean;
  license: {
    licenseNo: string;
    typeName: string;
    holderName: string;
    issuer: string;
    issueDate: string;
    validFrom: string;
    validTo: string | null;
    status: LicenseStatusCode;
    statusLabel: string;
  } | null;
  checkedAt: string;
}

/** An expired license (past its valid-to, not ended) and where it is still referenced, for 风险核查. */
export interface ExpiredLicenseRef {
  licenseNo: string;
  typeName: string;
  holderName: string;
  /** The issuing department. */
  departmentId: number;
  validTo: string;
}

/** A material the library served (证照免提交) with a license that has expired since. */
export interface ExpiredLicenseServed extends ExpiredLicenseRef {
  caseNo: string;
  /** The day the case took the license. */
  servedOn: string;
  /** The department of the case that took it. */
  caseDepartmentId: number;
}

/** What 风险核查 (互联网+监管) asks the license library. */
export interface LicenseRiskReads {
  /** Materials served by a license that is past its valid-to today. */
  expiredServed(today: string): Promise<ExpiredLicenseServed[]>;
  /** Of these license numbers, those past their valid-to today (still 有效 in status). */
  expiredAmong(licenseNos: readonly string[], today: string): Promise<ExpiredLicenseRef[]>;
}
