import type { Generated } from 'kysely';

/** 证照目录: one row per license type (GB/T 36902 证照类型). */
export interface LicensesTypesTable {
  id: Generated<number>;
  code: string;
  name: string;
  department_id: number;
  /** The issuing department's name as printed on the license. */
  issuer: string;
  /** person | organization */
  holder_kind: string;
  /** Years a license stays valid; null = 长期有效. */
  validity_years: number | null;
  /** Catalogue item codes whose approval issues this type (JSON string[]). */
  item_codes_json: string;
  /** Checklist material names a license of this type can stand in for (JSON string[]). */
  replaces_json: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** 电子证照: one row per license (GB/T 36901 metadata), signed by the platform. */
export interface LicensesLicensesTable {
  id: Generated<number>;
  license_no: string;
  type_code: string;
  type_name: string;
  holder_kind: string;
  holder_name: string;
  holder_id: string;
  department_id: number;
  issuer: string;
  issue_date: string;
  valid_from: string;
  /** null = 长期有效 */
  valid_to: string | null;
  /** valid | cancelled (注销) | revoked (吊销) | withdrawn (撤销) */
  status: string;
  case_id: number | null;
  case_no: string | null;
  /** case | import | seed */
  source: string;
  /** Extra fields of the certificate (经营项目, 地址 …), JSON object. */
  data_json: string;
  version: number;
  kid: string;
  signature: string;
  created_at: string;
  updated_at: string;
}

export interface LicensesHistoryTable {
  id: Generated<number>;
  license_id: number;
  at: string;
  /** issue | change | renew | cancel | revoke | withdraw | import */
  action: string;
  actor_name: string;
  reason: string | null;
  /** What changed, without personal data. */
  data_json: string;
}

/** 证照免提交 bookkeeping: each material of a new case that the library could have served, and what served it. */
export interface LicensesReuseTable {
  id: Generated<number>;
  case_id: number;
  case_no: string;
  on_date: string;
  department_id: number;
  item_code: string;
  material_name: string;
  license_no: string | null;
}

/** A signature a license carried before it was changed (变更/延续/注销 …), with the payload it covered. */
export interface LicensesSignaturesTable {
  id: Generated<number>;
  license_id: number;
  version: number;
  kid: string;
  signature: string;
  /** The signed payload of that version (canonical JSON input), so the old signature still verifies. */
  payload_json: string;
  superseded_at: string;
}

/**
 * The licence KPIs' counts (issue 19): licences per department × issue month × expiry month × imported ×
 * valid, moved by every write of a licence in its own transaction (licenses.kpi-counts.ts).
 */
export interface LicensesKpiCountsTable {
  department_id: number;
  /** 'YYYY-MM' of issue_date. */
  issue_month: string;
  /** 'YYYY-MM' of valid_to; '' for 长期有效 (a key column: NULLs would not conflict in the upsert). */
  valid_to_month: string;
  /** 1: source = 'import' (not counted as issued by the platform). */
  imported: number;
  /** 1: status = 'valid'. */
  valid: number;
  n: number;
}

export type LicensesTables = {
  licenses_kpi_counts: LicensesKpiCountsTable;
  licenses_types: LicensesTypesTable;
  licenses_licenses: LicensesLicensesTable;
  licenses_history: LicensesHistoryTable;
  licenses_reuse: LicensesReuseTable;
  licenses_signatures: LicensesSignaturesTable;
};
