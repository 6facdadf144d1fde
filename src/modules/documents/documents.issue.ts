/**
 * Issuing a written notice inside the case step's own transaction (cases' TxHooks): the kind the step
 * calls for, the next 文号 of the department × kind × year (kernel nextSequence, so a rolled-back step
 * gives its number back and the series has no gap), the facts of the step and the wording in force.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../kernel/audit/audit';
import type { Clock } from '../../kernel/clock';
import { nextSequence } from '../../kernel/db/db';
import { AppError } from '../../kernel/errors';
import { txTablesOf, type HookTx } from '../../kernel/hooks';
import type { SettingStore } from '../../kernel/settings';
import type { SigningKeyStore } from '../../kernel/signing';
import type { CaseEvent } from '../cases';
import type { DocumentsConfig } from './documents.config';
import {
  DOCUMENT_KIND_LABELS,
  acceptanceBasis,
  REPEATABLE_KINDS,
  STEP_KINDS,
  chineseDate,
  correctionLines,
  defaultPrefix,
  documentNo,
  sequenceName,
  type DocumentKind,
  type FieldValues,
  type MaterialLine,
} from './documents.rules';
import type { DocumentsTables, DocumentsTx } from './documents.tables';

/** What an issued notice keeps of its step (facts_json). */
export interface DocumentFacts {
  values: FieldValues;
  materials: MaterialLine[];
}

/** What the signature covers: exactly what the public confirmation page shows (no personal data). */
export function confirmedFields(r: { doc_no: string; kind: string; issued_on: string; case_no: string; item_name: string; department_id: number }) {
  return { docNo: r.doc_no, kind: r.kind, issuedOn: r.issued_on, caseNo: r.case_no, itemName: r.item_name, departmentId: r.department_id };
}

export interface DepartmentNames {
  id: number;
  name: string;
  shortName: string | null;
}

export class DocumentIssuer {
  constructor(
    private readonly clock: Clock,
    private readonly config: SettingStore<DocumentsConfig>,
    /** Department names known to the module (refreshed from org outside transactions). */
    private readonly departments: (id: number) => DepartmentNames | null,
    private readonly signer: () => SigningKeyStore,
    /** Every department known to the module: a default 文号 prefix must differ from all of theirs. */
    private readonly allDepartments: () => DepartmentNames[],
    /** Reloads the departments inside the issuing transaction (one created since the last refresh). */
    private readonly reloadDepartments: (tx: HookTx) => Promise<void>,
  ) {}

  /** The TxHooks handler: a step that calls for a notice gets one, in its own transaction. */
  async onCaseEvent(hookTx: HookTx, e: CaseEvent): Promise<void> {
    const kind = STEP_KINDS[e.action];
    if (!kind) return;
    // A department the module has not seen yet (created since the last refresh, or during the demo seed)
    // is read inside the transaction: guessing its name would print another organ's 文号 prefix.
    if (!this.departments(e.departmentId)) await this.reloadDepartments(hookTx);
    await this.issue(txTablesOf<DocumentsTables>(hookTx), kind, e);
  }

  async issue(tx: DocumentsTx, kind: DocumentKind, e: CaseEvent): Promise<{ id: number; docNo: string }> {
    const config = await this.config.get(tx);
    const previous = await tx
      .selectFrom('documents_documents')
      .select((eb) => eb.fn.max('occurrence').as('n'))
      .where('case_id', '=', e.caseId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const last = Number(previous?.n ?? 0);
    if (last > 0 && !REPEATABLE_KINDS.includes(kind)) {
      throw new AppError('DOCUMENT_EXISTS', 409, `办件 ${e.caseNo} 已有${DOCUMENT_KIND_LABELS[kind]}，同一环节不能重复制发`, { kind });
    }
    const year = Number(e.on.slice(0, 4));
    const seq = await nextSequence(tx, sequenceName(e.departmentId, kind, year));
    const issuer = await tx.selectFrom('documents_issuers').select('prefix').where('department_id', '=', e.departmentId).executeTakeFirst();
    const dept = this.departments(e.departmentId);
    const prefix = issuer?.prefix ?? defaultPrefix(config.countyInitial, dept ?? { name: '审批', shortName: null }, this.allDepartments());
    const docNo = documentNo(prefix, kind, year, seq);
    const facts = await this.factsOf(tx, kind, e, config);
    const template = config.templates[kind];
    const signature = this.signer().sign(confirmedFields({ doc_no: docNo, kind, issued_on: e.on, case_no: e.caseNo, item_name: e.itemName, department_id: e.departmentId }));
    const { id } = await tx
      .insertInto('documents_documents')
      .values({
        doc_no: docNo,
        kind,
        occurrence: last + 1,
        step: e.action,
        case_id: e.caseId,
        case_no: e.caseNo,
        item_code: e.itemCode,
        item_name: e.itemName,
        version_id: e.versionId,
        department_id: e.departmentId,
        year,
        seq,
        issued_on: e.on,
        issued_at: e.at,
        facts_json: JSON.stringify(facts),
        template_json: JSON.stringify(template),
        applicant_user_id: e.applicant.userId,
        verify_token: randomBytes(16).toString('hex'),
        signature: JSON.stringify(signature),
        created_by: e.actor.id,
        opened_at: null,
        paper_delivered_on: null,
        paper_recipient: null,
        receipt_document_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, this.clock, e.actor, {
      action: 'documents.issue',
      subjectType: 'document',
      subjectId: docNo,
      before: null,
      after: { kind, caseNo: e.caseNo, step: e.action, issuedOn: e.on },
    });
    return { id: Number(id), docNo };
  }

  private async factsOf(tx: DocumentsTx, kind: DocumentKind, e: CaseEvent, config: DocumentsConfig): Promise<DocumentFacts> {
    const d = e.data;
    const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    const values: FieldValues = {
      申请人: e.applicant.name,
      办件号: e.caseNo,
      事项名称: e.itemName,
      申请日期: chineseDate(e.submittedOn),
      受理日期: chineseDate(e.acceptedOn),
      承诺办结日: chineseDate(e.promisedDueDate),
      法定办结日: chineseDate(e.legalDueDate),
      决定日期: chineseDate(e.on),
      复议机关: config.reviewOrgan,
      人民法院: config.court,
    };
    let materials: MaterialLine[] = [];
    if (kind === 'acceptance') values['受理依据'] = acceptanceBasis(e.action === 'deemed_accept', values['受理日期']);
    if (kind === 'correction') {
      const missing = Array.isArray(d.missing) ? d.missing.map(String) : [];
      materials = correctionLines(e.materials, missing, typeof d.note === 'string' ? d.note : null);
      values['补正说明'] = d.note ? `其他说明：${str(d.note)}` : '';
    }
    if (kind === 'rejection' || kind === 'denial') values['理由'] = str(d.reason);
    if (kind === 'extension') {
      values['延长天数'] = str(d.days);
      values['延期理由'] = str(d.reason);
      values['批准人'] = str(d.approver);
      values['新法定办结日'] = chineseDate(e.legalDueDate);
    }
    if (kind === 'special') {
      values['特别程序'] = str(d.reason);
      values['中止日期'] = chineseDate(e.on);
    }
    if (kind === 'receipt') {
      const decision = await tx
        .selectFrom('documents_documents')
        .select(['doc_no', 'kind'])
        .where('case_id', '=', e.caseId)
        .where('kind', 'in', ['approval', 'denial'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
      values['送达文书'] = decision ? `${DOCUMENT_KIND_LABELS[decision.kind as DocumentKind]}（${decision.doc_no}）及办理结果` : '办理结果';
      values['送达方式'] = str(d.deliveryMethod) || '直接送达';
      values['送达日期'] = chineseDate(e.on);
    }
    return { values, materials };
  }
}
