import type { Selectable } from 'kysely';
import type { LicensesLicensesTable, LicensesTypesTable } from './licenses.tables';
import type { LicenseTypeView, LicenseView, LicenseHolderKind, LicenseStatusCode } from '../../shared/licenses.types';
import { parseJson } from '../../kernel/db/db';
import { maskCreditCode, maskIdNumber } from '../../kernel/validators';
import { verifyResultOf, type LicenseStatus, type SignedLicense } from './licenses.rules';

export type LicenseRow = Selectable<LicensesLicensesTable>;
export type TypeRow = Selectable<LicensesTypesTable>;

export function typeView(r: TypeRow, licenses = 0): LicenseTypeView {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    departmentId: Number(r.department_id),
    issuer: r.issuer,
    holderKind: r.holder_kind as LicenseHolderKind,
    validityYears: r.validity_years === null ? null : Number(r.validity_years),
    itemCodes: parseJson<string[]>(r.item_codes_json, []),
    replaces: parseJson<string[]>(r.replaces_json, []),
    active: Number(r.active) === 1,
    licenses,
  };
}

export const maskHolderId = (kind: string, id: string) => (kind === 'person' ? maskIdNumber(id) : maskCreditCode(id));

export function licenseView(r: LicenseRow, today: string, opts: { unmasked?: boolean } = {}): LicenseView {
  return {
    id: Number(r.id),
    licenseNo: r.license_no,
    typeCode: r.type_code,
    typeName: r.type_name,
    holderKind: r.holder_kind as LicenseHolderKind,
    holderName: r.holder_name,
    holderId: opts.unmasked ? r.holder_id : maskHolderId(r.holder_kind, r.holder_id),
    departmentId: Number(r.department_id),
    issuer: r.issuer,
    issueDate: r.issue_date,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status as LicenseStatusCode,
    state: verifyResultOf(r.status as LicenseStatus, r.valid_to, today),
    caseNo: r.case_no,
    source: r.source,
    version: Number(r.version),
    kid: r.kid,
    signature: r.signature,
    data: parseJson<Record<string, string>>(r.data_json, {}),
  };
}

/** The signed payload of a row (what the signature covers). */
export function signedOf(r: Pick<LicenseRow, 'license_no' | 'type_code' | 'holder_name' | 'holder_id' | 'issuer' | 'issue_date' | 'valid_from' | 'valid_to' | 'case_no' | 'version'>): SignedLicense {
  return {
    no: r.license_no,
    type: r.type_code,
    holderName: r.holder_name,
    holderId: r.holder_id,
    issuer: r.issuer,
    issueDate: r.issue_date,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    caseNo: r.case_no,
    version: Number(r.version),
  };
}
