/**
 * The cases module's tables as Kysely sees them (cases.migrations.ts: 0200_cases_base, 0201 adds indexes
 * only). Conventions of every table: instants are ISO text ('…Z'), days 'YYYY-MM-DD', flags 0/1, JSON as
 * text. The module's code gets its handle once with `tablesOf<CasesTables>(ctx.db)`.
 */
import type { Generated, Selectable } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';
import type { LimitUnit } from '../../shared/catalog.types';
import type { CaseStatus, Channel } from '../../shared/cases.types';

export interface CasesCasesTable {
  id: Generated<number>;
  case_no: string;
  status: CaseStatus;
  item_code: string;
  item_name: string;
  /** The catalogue version the case was filed under (its materials and limits). */
  version_id: number;
  department_id: number;
  channel: Channel;
  applicant_type: 'person' | 'organization';
  applicant_name: string;
  /** 身份证号 or 统一社会信用代码. */
  applicant_id_number: string;
  applicant_phone: string | null;
  applicant_last4: string;
  applicant_user_id: number | null;
  submitted_at: string;
  submitted_on: string;
  /** Latest (re)submission: the §32 intake window runs from it. */
  intake_from: string;
  intake_due_date: string | null;
  accepted_at: string | null;
  accepted_on: string | null;
  deemed_accepted: Generated<number>;
  promised_limit: number;
  legal_limit: number;
  limit_unit: LimitUnit;
  case_kind: string;
  extension_allowance: number;
  /** The stored clock, recomputed on every clock-affecting action so that sweeps query by index. */
  promised_due_date: string | null;
  legal_due_date: string | null;
  provisional: Generated<number>;
  decided_at: string | null;
  decision_reason: string | null;
  closed_at: string | null;
  closed_on: string | null;
  completed_on: string | null;
  on_time: number | null;
  workdays_used: number | null;
  delivery_method: string | null;
  delivery_tracking_no: string | null;
  /** CaseMaterial[] */
  materials_json: string;
  bundle_app_id: number | null;
  green_channel: string | null;
  cross_mode: string | null;
  partner_region_code: string | null;
  partner_reference: string | null;
  forwarded_on: string | null;
  forward_method: string | null;
  forward_tracking_no: string | null;
  created_by: number | null;
  updated_at: string;
  /** Optimistic concurrency: two windows acting on one case at once → one gets 409. */
  row_version: Generated<number>;
}

/** One timeline entry: every action, with what it recorded. */
export interface CasesEventsTable {
  id: Generated<number>;
  case_id: number;
  /** The case's `submitted_on`, carried for the composite foreign key to the partitioned cases_cases (0275). */
  case_submitted_on: string;
  at: string;
  on_date: string;
  /** A case action, or 'submit' / 'deemed_accept'. */
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_name: string | null;
  data_json: string | null;
}

/** 行政许可法 §45 special procedures that stop the clock; `to_date` null while open. */
export interface CasesSuspensionsTable {
  id: Generated<number>;
  case_id: number;
  /** The case's `submitted_on`, carried for the composite foreign key to the partitioned cases_cases (0275). */
  case_submitted_on: string;
  reason: string;
  from_date: string;
  to_date: string | null;
  notice_no: string;
  notice_text: string;
  note: string | null;
}

/** Extensions of the legal limit (行政许可法 §42), approved by a leader. */
export interface CasesExtensionsTable {
  id: Generated<number>;
  case_id: number;
  /** The case's `submitted_on`, carried for the composite foreign key to the partitioned cases_cases (0275). */
  case_submitted_on: string;
  days: number;
  approved_on: string;
  approver_id: number | null;
  approver_name: string;
  reason: string;
}

/** 一件事一次办 definitions: several items applied for with one form and one set of materials. */
export interface CasesBundlesTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string | null;
  lead_department_id: number | null;
  /** string[] of item codes */
  item_codes_json: string;
  promised_days: number | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** One bundle application: its cases point at it (cases_cases.bundle_app_id). */
export interface CasesBundleAppsTable {
  id: Generated<number>;
  bundle_no: string;
  bundle_id: number;
  channel: Channel;
  applicant_name: string;
  applicant_last4: string;
  applicant_user_id: number | null;
  green_channel: string | null;
  green_note: string | null;
  /** The merged materials list with what was provided. */
  materials_json: string;
  submitted_at: string;
  submitted_on: string;
  created_by: number | null;
  /** The cases the application opened (one per item of the 一件事, in the same transaction). */
  case_count: number;
}

/** 跨省通办 partner regions and the items agreed with each (items_json: { itemCode, itemName, modes }[]). */
export interface CasesPartnerRegionsTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  province: string;
  contact: string | null;
  items_json: string;
  active: Generated<number>;
  /** The day the 跨省通办 agreement was signed (null: entered before agreements were dated). */
  agreed_on: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * 电子材料: one uploaded version of one material of a case (0210). A replacement on 补正 adds a version;
 * earlier ones stay. The bytes live in the row (BLOB on SQLite, bytea on PostgreSQL): see cases.files.ts.
 */
export interface CasesMaterialFilesTable {
  id: Generated<number>;
  case_id: number;
  material_name: string;
  version: number;
  file_name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  /** upload (the applicant online) | window (a clerk scanned or uploaded it at the window). */
  source: string;
  uploaded_at: string;
  uploaded_by: number | null;
  uploaded_by_name: string | null;
  content: Buffer;
}

/** 分级审查 levels of a catalogue item (no row = one level, the decision itself). */
export interface CasesReviewLevelsTable {
  item_code: string;
  levels_json: string;
  /** LevelAccounts as JSON (null: every level open to the department's reviewers). */
  accounts_json: string | null;
  updated_at: string;
  updated_by_name: string | null;
}

/** Day (submitted_on) × department counts of received cases: the report's case figures of closed days (cases.received.ts). */
export interface CasesReceivedDailyTable {
  day: string;
  department_id: number;
  received: number;
  green_channel: number;
  cross_province: number;
}

/** Month ('YYYY-MM') × department sums of cases_received_daily (its month layer, kernel/rollup). */
export interface CasesReceivedMonthlyTable {
  month: string;
  department_id: number;
  received: number;
  green_channel: number;
  cross_province: number;
}

export type CasesTables = {
  cases_received_daily: CasesReceivedDailyTable;
  cases_received_monthly: CasesReceivedMonthlyTable;
  cases_material_files: CasesMaterialFilesTable;
  cases_review_levels: CasesReviewLevelsTable;
  cases_cases: CasesCasesTable;
  cases_events: CasesEventsTable;
  cases_suspensions: CasesSuspensionsTable;
  cases_extensions: CasesExtensionsTable;
  cases_bundles: CasesBundlesTable;
  cases_bundle_apps: CasesBundleAppsTable;
  cases_partner_regions: CasesPartnerRegionsTable;
};

export type CasesDb = ModuleDb<CasesTables>;
export type CasesTx = ModuleTx<CasesTables>;
/** The module's handle or one of its transactions (reads run on either). */
export type CasesDbOrTx = CasesDb | CasesTx;

export type CaseRow = Selectable<CasesCasesTable>;
export type CaseEventRow = Selectable<CasesEventsTable>;
export type SuspensionRow = Selectable<CasesSuspensionsTable>;
export type ExtensionRow = Selectable<CasesExtensionsTable>;
export type BundleRow = Selectable<CasesBundlesTable>;
export type MaterialFileRow = Selectable<CasesMaterialFilesTable>;
export type PartnerRegionRow = Selectable<CasesPartnerRegionsTable>;
