/**
 * The documents module's tables (documents.migrations.ts, block 1500). Instants ISO text, days
 * 'YYYY-MM-DD', flags 0/1, JSON as text.
 */
import type { Generated, Selectable } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One issued written notice (文书): numbered once, never renumbered, never deleted. */
export interface DocumentsDocumentsTable {
  id: Generated<number>;
  doc_no: string;
  kind: string;
  /** 1 for the case's first document of this kind; extensions and special procedures count up. */
  occurrence: number;
  /** The case step that issued it (a case action). */
  step: string;
  case_id: number;
  case_no: string;
  item_code: string;
  item_name: string;
  version_id: number;
  department_id: number;
  year: number;
  seq: number;
  issued_on: string;
  issued_at: string;
  /** The step's facts: applicant, dates on the clock, reasons, materials (DocumentFacts). */
  facts_json: string;
  /** The wording in force when it was issued (a later edit never rewrites an issued notice). */
  template_json: string;
  applicant_user_id: number | null;
  /** The public confirmation page's key (in the QR code). */
  verify_token: string;
  /** Signature over the confirmed fields (kernel signing), null when no key was configured. */
  signature: string | null;
  created_by: number | null;
  /** 电子送达: when the applicant first opened it in 我的办件. */
  opened_at: string | null;
  /** Paper delivery recorded with a 送达回证 (its document id). */
  paper_delivered_on: string | null;
  paper_recipient: string | null;
  receipt_document_id: number | null;
}

/** The issuing organ's 文号 prefix and seal, per department. */
export interface DocumentsIssuersTable {
  id: Generated<number>;
  department_id: number;
  prefix: string | null;
  seal_mime: string | null;
  /** Base64 of the seal image. */
  seal_data: string | null;
  updated_at: string;
}

/** The applicant's consent to 电子送达 for one case. */
export interface DocumentsConsentsTable {
  id: Generated<number>;
  case_no: string;
  user_id: number;
  consented_at: string;
}

export type DocumentsTables = {
  documents_documents: DocumentsDocumentsTable;
  documents_issuers: DocumentsIssuersTable;
  documents_consents: DocumentsConsentsTable;
};

export type DocumentsDb = ModuleDb<DocumentsTables>;
export type DocumentsTx = ModuleTx<DocumentsTables>;
export type DocumentRow = Selectable<DocumentsDocumentsTable>;
