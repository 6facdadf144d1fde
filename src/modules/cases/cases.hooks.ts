/**
 * What cases announce to the modules listed after them, inside the case's own transaction (kernel/hooks.ts):
 * every step of a case (电子证照 issues a license on `approve`, 审管联动 pushes a 监管任务, the intermediary
 * market checks for 体外循环 on `submit`), and the question intake asks before writing a checklist: which
 * materials can records stand in for (证照免提交)?
 */
import type { Actor } from '../../kernel/auth/actor';
import { TxHooks, TxQueries } from '../../kernel/hooks';
import { parseJson } from '../../kernel/db/db';
import type { CaseRow } from './cases.tables';
import type { CaseAction } from '../../shared/case-actions';
import type { CaseMaterial, CaseStatus, MaterialSource } from '../../shared/cases.types';

export interface CaseEvent {
  /** 'submit' for a new case (intake or a bundle application), 'deemed_accept' for a §32 deemed acceptance, else the action taken. */
  action: CaseAction | 'submit' | 'deemed_accept';
  caseId: number;
  caseNo: string;
  from: CaseStatus | null;
  to: CaseStatus;
  itemCode: string;
  itemName: string;
  versionId: number;
  departmentId: number;
  applicant: { type: 'person' | 'organization'; name: string; idNumber: string; userId: number | null };
  materials: CaseMaterial[];
  /** The clock after the step (written notices quote these dates). */
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  actor: Actor;
  /** ISO instant and Shanghai day of the step. */
  at: string;
  on: string;
  /** What the step recorded (reason, delivery …), as on the timeline. */
  data: Record<string, unknown>;
}

/** What a batch of new cases will be (cases.hooks.ts, `beforeSubmit`). */
export interface SubmitBatch {
  /** The items of the batch's cases, each once. */
  itemCodes: string[];
}

export interface MaterialQuestion {
  itemCode: string;
  applicant: { type: 'person' | 'organization'; name: string; idNumber: string };
  /** The checklist's materials not yet provided. */
  materials: CaseMaterial[];
  today: string;
}

export interface MaterialAnswer {
  /** The material's name as on the checklist. */
  name: string;
  source: MaterialSource;
}

export class CaseHooks {
  /** Every step of every case, after its audit row, inside its transaction. */
  readonly events = new TxHooks<CaseEvent>();
  /**
   * Announced once per group-committed batch of new cases, inside its transaction, before the county's
   * case-number row and audit head are taken: subscribers read (with `txMemo`) the configuration their
   * `submit` handlers will need, so that those reads do not run while the county's rows are held.
   */
  readonly beforeSubmit = new TxHooks<SubmitBatch>();
  /** Asked once per new case, before its checklist is written. */
  readonly materialSources = new TxQueries<MaterialQuestion, MaterialAnswer>();
}

/** The step as the modules subscribed to cases see it (cases.hooks.ts). */
export function caseEventOf(row: CaseRow, action: CaseEvent['action'], from: CaseStatus | null, actor: Actor, at: string, on: string, data: Record<string, unknown>): CaseEvent {
  return {
    action,
    caseId: row.id,
    caseNo: row.case_no,
    from,
    to: row.status,
    itemCode: row.item_code,
    itemName: row.item_name,
    versionId: row.version_id,
    departmentId: row.department_id,
    applicant: { type: row.applicant_type, name: row.applicant_name, idNumber: row.applicant_id_number, userId: row.applicant_user_id },
    materials: parseJson<CaseMaterial[]>(row.materials_json, []),
    submittedOn: row.submitted_on,
    acceptedOn: row.accepted_on,
    promisedDueDate: row.promised_due_date,
    legalDueDate: row.legal_due_date,
    actor,
    at,
    on,
    data,
  };
}
