import type { Generated } from 'kysely';

/** 中介服务类型 (评估, 检测, 测绘, 设计, 审图 …). */
export interface IntermediariesServicesTable {
  id: Generated<number>;
  code: string;
  name: string;
  category: string;
  created_at: string;
}

/** 中介服务事项清单: a catalogue item that needs a service's report, its statutory basis, whether the applicant may do it. */
export interface IntermediariesItemServicesTable {
  id: Generated<number>;
  item_code: string;
  item_name: string;
  service_id: number;
  /** The item's material the report is (served at intake when bought in the market). */
  material_name: string | null;
  legal_basis: string;
  self_allowed: number;
  created_at: string;
}

/** 中介机构. status: pending | listed | rejected | suspended | unlisted. */
export interface IntermediariesAgenciesTable {
  id: Generated<number>;
  uscc: string;
  name: string;
  user_id: number | null;
  contact: string;
  phone: string;
  office: string;
  staff_count: number;
  service_ids_json: string;
  status: string;
  status_note: string | null;
  rating_sum: Generated<number>;
  rating_count: Generated<number>;
  violations: Generated<number>;
  complaints: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface IntermediariesQualificationsTable {
  id: Generated<number>;
  agency_id: number;
  name: string;
  level: string;
  cert_no: string;
  expires_on: string;
}

/** 信用记录: violation | complaint | rating | suspension | resumption | unlisting. */
export interface IntermediariesCreditTable {
  id: Generated<number>;
  agency_id: number;
  kind: string;
  note: string;
  score: number | null;
  project_id: number | null;
  at: string;
  on_date: string;
}

/**
 * 采购项目. mode: direct | random | bid | merit. status: open | publicity | contracted | delivered | accepted | cancelled.
 * Money in yuan cents (integers).
 */
export interface IntermediariesProjectsTable {
  id: Generated<number>;
  project_no: string;
  owner_kind: string;
  owner_user_id: number;
  owner_department_id: number | null;
  owner_name: string;
  /** The owner's USCC (enterprise) or the department's code: what the 体外循环 check matches the applicant by. */
  owner_code: string;
  service_id: number;
  title: string;
  scope: string;
  required_qualification: string | null;
  required_level: string | null;
  budget_cents: number;
  mode: string;
  criteria_json: string;
  min_candidates: number;
  signup_from: string;
  signup_to: string;
  bid_deadline: string | null;
  delivery_workdays: number;
  status: string;
  /** sha256(seed), public from posting (随机抽取). */
  seed_hash: string | null;
  /** Secret until the draw, then public. */
  seed: string | null;
  selection_json: string | null;
  selected_agency_id: number | null;
  selected_on: string | null;
  publicity_to: string | null;
  price_cents: number | null;
  contract_no: string | null;
  contracted_on: string | null;
  delivery_due: string | null;
  delivered_on: string | null;
  report_no: string | null;
  accepted_on: string | null;
  rating: number | null;
  rating_comment: string | null;
  cancel_reason: string | null;
  created_on: string;
  created_at: string;
  updated_at: string;
}

/** 报名 (and the sealed bid or the scores of a registrant). */
export interface IntermediariesSignupsTable {
  id: Generated<number>;
  project_id: number;
  agency_id: number;
  at: string;
  bid_cents: number | null;
  bid_at: string | null;
  score: number | null;
  scores_json: string | null;
}

/** 公示异议. status: open | upheld | dismissed. */
export interface IntermediariesObjectionsTable {
  id: Generated<number>;
  project_id: number;
  by_user_id: number | null;
  by_name: string;
  text: string;
  at: string;
  status: string;
  answer: string | null;
}

/** 体外循环 check of one application at intake; flagged = 1 when no finished market project was found. */
export interface IntermediariesChecksTable {
  id: Generated<number>;
  case_id: number;
  case_no: string;
  item_code: string;
  item_name: string;
  service_id: number;
  department_id: number;
  applicant_name: string;
  project_id: number | null;
  flagged: number;
  on_date: string;
  at: string;
}

export type IntermediariesTables = {
  intermediaries_services: IntermediariesServicesTable;
  intermediaries_item_services: IntermediariesItemServicesTable;
  intermediaries_agencies: IntermediariesAgenciesTable;
  intermediaries_qualifications: IntermediariesQualificationsTable;
  intermediaries_credit: IntermediariesCreditTable;
  intermediaries_projects: IntermediariesProjectsTable;
  intermediaries_signups: IntermediariesSignupsTable;
  intermediaries_objections: IntermediariesObjectionsTable;
  intermediaries_checks: IntermediariesChecksTable;
};
