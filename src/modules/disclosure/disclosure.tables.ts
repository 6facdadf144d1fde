import type { Generated } from 'kysely';
import type { Db, DbOrTx } from '../../kernel/db/db';
import { tablesOf, type ModuleDb, type ModuleTx } from '../../kernel/kernel.tables';

/** A column (栏目) of a department's or township's site, with its update rule. */
export interface DisclosureColumnsTable {
  id: Generated<number>;
  department_id: number;
  name: string;
  kind: string;
  /** Calendar days within which a new article is due (null: no update rule). */
  update_days: number | null;
  active: Generated<number>;
  created_at: string;
}

/** An article under 三审制; `round` counts submissions, reviews belong to one round. */
export interface DisclosureArticlesTable {
  id: Generated<number>;
  column_id: number;
  department_id: number;
  title: string;
  body_html: string;
  status: string;
  version: number;
  round: number;
  author_id: number | null;
  author_name: string;
  scheduled_at: string | null;
  published_at: string | null;
  published_on: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  reject_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface DisclosureArticleVersionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  title: string;
  body_html: string;
  edited_by: string;
  created_at: string;
}

export interface DisclosureReviewsTable {
  id: Generated<number>;
  article_id: number;
  round: number;
  step: number;
  reviewer_id: number;
  reviewer_name: string;
  decision: string;
  opinion: string;
  created_at: string;
}

export interface DisclosureAttachmentsTable {
  id: Generated<number>;
  article_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content_b64: string;
  created_at: string;
}

export interface DisclosurePoliciesTable {
  id: Generated<number>;
  department_id: number;
  doc_no: string;
  title: string;
  issuer: string;
  issued_on: string;
  valid_until: string | null;
  body: string;
  created_at: string;
}

export interface DisclosureInterpretationsTable {
  id: Generated<number>;
  policy_id: number;
  kind: string;
  title: string;
  content: string;
  url: string | null;
  published_on: string;
  created_at: string;
}

/** 依申请公开: one request and its statutory clock. */
export interface DisclosureRequestsTable {
  id: Generated<number>;
  request_no: string;
  query_code: string;
  applicant_kind: string;
  applicant_name: string;
  id_number: string;
  phone: string;
  description: string;
  purpose: string | null;
  delivery: string;
  department_id: number;
  received_on: string;
  status: string;
  correction_from: string | null;
  correction_to: string | null;
  correction_note: string | null;
  extension_days: number;
  extension_approver: string | null;
  extension_reason: string | null;
  answer_type: string | null;
  answer_text: string | null;
  legal_ground: string | null;
  answered_on: string | null;
  due_on: string;
  created_at: string;
}

export interface DisclosureConsultationsTable {
  id: Generated<number>;
  department_id: number;
  title: string;
  body: string;
  questions_json: string;
  opens_on: string;
  closes_on: string;
  feedback: string | null;
  feedback_on: string | null;
  created_at: string;
}

export interface DisclosureOpinionsTable {
  id: Generated<number>;
  consultation_id: number;
  content: string;
  answers_json: string;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: string;
  created_on: string;
}

export interface DisclosureNewMediaTable {
  id: Generated<number>;
  department_id: number;
  name: string;
  platform: string;
  update_days: number;
  last_update_on: string | null;
  active: Generated<number>;
  created_at: string;
}

export interface DisclosureDutyChecksTable {
  id: Generated<number>;
  checked_by: string;
  checked_at: string;
  checked_on: string;
  findings: string;
  problems: number;
}

export type DisclosureTables = {
  disclosure_columns: DisclosureColumnsTable;
  disclosure_articles: DisclosureArticlesTable;
  disclosure_article_versions: DisclosureArticleVersionsTable;
  disclosure_reviews: DisclosureReviewsTable;
  disclosure_attachments: DisclosureAttachmentsTable;
  disclosure_policies: DisclosurePoliciesTable;
  disclosure_interpretations: DisclosureInterpretationsTable;
  disclosure_requests: DisclosureRequestsTable;
  disclosure_consultations: DisclosureConsultationsTable;
  disclosure_opinions: DisclosureOpinionsTable;
  disclosure_new_media: DisclosureNewMediaTable;
  disclosure_duty_checks: DisclosureDutyChecksTable;
};

export type DisclosureDb = ModuleDb<DisclosureTables>;
export type DisclosureTx = ModuleTx<DisclosureTables>;
export type DisclosureDbOrTx = DisclosureDb | DisclosureTx;
export function disclosureTables(db: DbOrTx): DisclosureDb {
  const kernelDb: Db = db;
  return tablesOf<DisclosureTables>(kernelDb);
}
