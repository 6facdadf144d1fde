/**
 * 文书: the notices issued on a case's steps (documents.issue.ts), who may read them, the printable page and
 * PDF, the public confirmation behind the QR code, 电子送达 with the applicant's consent and read receipt,
 * and paper delivery with a 送达回证.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import { AppError, notFound } from '../../kernel/errors';
import { tablesOf } from '../../kernel/kernel.tables';
import { SettingStore } from '../../kernel/settings';
import { SigningKeyStore, signingKeyDir, type SignatureRef } from '../../kernel/signing';
import type { Department } from '../../shared/org.types';
import { mergeDocumentsConfig, type DocumentsConfig } from './documents.config';
import type { DocumentsNeedsContext } from './documents.context';
import { DocumentIssuer, confirmedFields, type DepartmentNames, type DocumentFacts } from './documents.issue';
import { documentHtml, documentPdf, type RenderedDocument } from './documents.render';
import { DOCUMENT_KIND_LABELS, chineseDate, documentNo, fill, renderParagraphs, sequenceName, defaultPrefix, type DocumentKind, type DocumentTemplate } from './documents.rules';
import type { DocumentRow, DocumentsDb } from './documents.tables';
import type { CaseDocuments, DocumentConfirmation, DocumentView } from '../../shared/documents.types';

export type { CaseDocuments, DocumentConfirmation, DocumentView } from '../../shared/documents.types';
import { DocumentIssuers } from './documents.issuers';
import { nextSequence } from '../../kernel/db/db';

const STAFF = ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'] as const;

/** The catalogue's full item carries its 设定依据 (the contract's ItemVersion may not). */
function legalBasisOf(version: object | null): string {
  const basis = version && 'legalBasis' in version ? version.legalBasis : null;
  return typeof basis === 'string' ? basis.trim() : '';
}

export class DocumentsService {
  private readonly db: DocumentsDb;
  readonly config: SettingStore<DocumentsConfig>;
  readonly issuer: DocumentIssuer;
  readonly issuers: DocumentIssuers;
  private departments = new Map<number, Department>();
  private signing: SigningKeyStore | null = null;

  constructor(private readonly ctx: DocumentsNeedsContext) {
    this.db = tablesOf(ctx.db);
    this.config = new SettingStore(ctx, { key: 'documents.config', parse: (v) => mergeDocumentsConfig(v), auditAction: 'documents.config_set' });
    this.issuer = new DocumentIssuer(ctx.clock, this.config, (id) => this.departmentNames(id), () => this.signer(), () => [...this.departments.values()], async (tx) => {
      this.departments = new Map((await ctx.services.org.allIn(tx)).map((d) => [d.id, d]));
    });
    this.issuers = new DocumentIssuers(this.db, ctx.clock, ctx.services.org, this.config);
  }

  /** The platform's signing keys (kernel/signing.ts), opened on first use. */
  signer(): SigningKeyStore {
    this.signing ??= new SigningKeyStore({ dir: signingKeyDir(this.ctx.config), now: () => this.ctx.clock.now() });
    return this.signing;
  }

  /** Department names for the issuing transaction (which must not read outside itself on SQLite). */
  async refreshDepartments(): Promise<void> {
    this.departments = new Map((await this.ctx.services.org.all()).map((d) => [d.id, d]));
  }

  private departmentNames(id: number): DepartmentNames | null {
    return this.departments.get(id) ?? null;
  }

  private async organOf(departmentId: number): Promise<Department> {
    const d = await this.ctx.services.org.byId(departmentId);
    if (!d) throw notFound('DEPARTMENT_NOT_FOUND', `部门 ${departmentId} 不存在`);
    return d;
  }

  private isStaff(actor: Actor): boolean {
    return actor.roles.some((r) => (STAFF as readonly string[]).includes(r));
  }

  // ---- reads

  /** The case's notices, for staff who may see the case and for its applicant once they consented. */
  async listForCase(actor: Actor, caseNo: string): Promise<CaseDocuments> {
    await this.refreshDepartments();
    const c = await this.ctx.services.cases.get(actor, caseNo); // 404 when the actor may not see the case
    const consent = await this.db.selectFrom('documents_consents').select('consented_at').where('case_no', '=', c.caseNo).executeTakeFirst();
    const staff = this.isStaff(actor);
    const rows = staff || consent ? await this.db.selectFrom('documents_documents').selectAll().where('case_no', '=', c.caseNo).orderBy('id').execute() : [];
    const receipts = new Map(rows.map((r) => [r.id, r.doc_no]));
    return {
      caseNo: c.caseNo,
      electronicConsent: !!consent,
      consentedAt: consent?.consented_at ?? null,
      items: rows.map((r) => this.viewOf(r, receipts)),
    };
  }

  private viewOf(r: DocumentRow, receipts: Map<number, string>): DocumentView {
    const t = parseJson<DocumentTemplate>(r.template_json, { title: '', body: '' });
    const kind = r.kind as DocumentKind;
    return {
      id: r.id,
      docNo: r.doc_no,
      kind,
      kindLabel: DOCUMENT_KIND_LABELS[kind],
      title: t.title,
      caseNo: r.case_no,
      itemName: r.item_name,
      issuedOn: r.issued_on,
      step: r.step,
      openedAt: r.opened_at,
      paperDeliveredOn: r.paper_delivered_on,
      paperRecipient: r.paper_recipient,
      receiptDocNo: r.receipt_document_id ? (receipts.get(r.receipt_document_id) ?? null) : null,
    };
  }

  /**
   * One notice for reading or printing. Staff: any notice of a case they may see. The applicant: with
   * consent to 电子送达; their first opening is the delivery's read receipt (recorded and audited).
   */
  async open(actor: Actor, id: number): Promise<DocumentRow> {
    const row = await this.db.selectFrom('documents_documents').selectAll().where('id', '=', id).executeTakeFirst();
    const missing = notFound('DOCUMENT_NOT_FOUND', '文书不存在');
    if (!row) throw missing;
    try {
      await this.ctx.services.cases.get(actor, row.case_no);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw missing;
      throw err;
    }
    if (this.isStaff(actor)) return row;
    const consent = await this.db.selectFrom('documents_consents').select('user_id').where('case_no', '=', row.case_no).executeTakeFirst();
    if (!consent || actor.id === null || row.applicant_user_id !== actor.id) {
      throw new AppError('CONSENT_REQUIRED', 403, '请先在“我的办件”中同意电子送达，再查看文书');
    }
    if (row.opened_at) return row;
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const n = await tx.updateTable('documents_documents').set({ opened_at: now }).where('id', '=', row.id).where('opened_at', 'is', null).executeTakeFirst();
      if (Number(n.numUpdatedRows) === 0) return;
      await recordAudit(tx, this.ctx.clock, actor, { action: 'documents.opened', subjectType: 'document', subjectId: row.doc_no, before: null, after: { openedAt: now, via: '电子送达' } });
    });
    return { ...row, opened_at: now };
  }

  async render(row: DocumentRow, origin: string): Promise<RenderedDocument> {
    const organ = await this.organOf(row.department_id);
    const facts = parseJson<DocumentFacts>(row.facts_json, { values: {}, materials: [] });
    const template = parseJson<DocumentTemplate>(row.template_json, { title: DOCUMENT_KIND_LABELS[row.kind as DocumentKind], body: '' });
    const version = await this.ctx.services.catalog.getVersion(row.version_id);
    const values = {
      ...facts.values,
      机关名称: organ.name,
      成文日期: chineseDate(row.issued_on),
      文号: row.doc_no,
      法律依据: legalBasisOf(version) || '相关法律、法规',
    };
    const seal = await this.issuers.seal(row.department_id);
    return {
      docNo: row.doc_no,
      kind: row.kind,
      title: fill(template.title, values),
      organ: organ.name,
      caseNo: row.case_no,
      paragraphs: renderParagraphs(template, values, facts.materials),
      issuedOnText: chineseDate(row.issued_on),
      seal,
      verifyUrl: `${origin}/api/v1/public/documents/${row.verify_token}/page`,
      verifyCode: row.verify_token.slice(0, 8).toUpperCase(),
    };
  }

  async html(actor: Actor, id: number, origin: string): Promise<string> {
    return documentHtml(await this.render(await this.open(actor, id), origin));
  }

  async pdf(actor: Actor, id: number, origin: string): Promise<{ docNo: string; pdf: Buffer }> {
    const row = await this.open(actor, id);
    return { docNo: row.doc_no, pdf: await documentPdf(await this.render(row, origin)) };
  }

  /** The public confirmation behind the QR code: number, kind, date, case and organ; no personal data. */
  async confirm(token: string): Promise<DocumentConfirmation> {
    const row = /^[0-9a-f]{32}$/.test(token) ? await this.db.selectFrom('documents_documents').selectAll().where('verify_token', '=', token).executeTakeFirst() : undefined;
    if (!row) throw notFound('DOCUMENT_NOT_FOUND', '未查到该文书：二维码无效或文书不是本机关制发');
    const organ = await this.organOf(row.department_id);
    const kind = row.kind as DocumentKind;
    const sig = row.signature ? parseJson<SignatureRef | null>(row.signature, null) : null;
    const signatureValid = sig ? this.signer().verify(confirmedFields(row), sig.kid, sig.signature) : null;
    return { docNo: row.doc_no, kind, kindLabel: DOCUMENT_KIND_LABELS[kind], issuedOn: row.issued_on, caseNo: row.case_no, itemName: row.item_name, organ: organ.name, signatureValid };
  }

  // ---- delivery

  /** The applicant agrees to 电子送达 for their case (from 我的办件). */
  async consent(actor: Actor, caseNo: string): Promise<CaseDocuments> {
    const c = await this.ctx.services.cases.get(actor, caseNo);
    if (actor.id === null || !actor.roles.includes('citizen')) throw new AppError('FORBIDDEN', 403, '只有申请人本人可以同意电子送达');
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('documents_consents').select('id').where('case_no', '=', c.caseNo).executeTakeFirst();
      if (existing) throw new AppError('CONSENT_EXISTS', 409, '已同意电子送达');
      await tx.insertInto('documents_consents').values({ case_no: c.caseNo, user_id: actor.id!, consented_at: now }).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'documents.consent', subjectType: 'case', subjectId: c.caseNo, before: null, after: { electronicDelivery: true } });
    });
    return this.listForCase(actor, caseNo);
  }

  /** 直接送达 on paper: the recipient signed the 送达回证, which is issued and numbered now. */
  async recordPaperDelivery(actor: Actor, id: number, input: { recipient: string; signedOn: string }): Promise<DocumentView> {
    const row = await this.open(actor, id);
    if (!this.isStaff(actor)) throw new AppError('FORBIDDEN', 403, '只有窗口工作人员可以登记纸质送达');
    const recipient = input.recipient.trim();
    if (!recipient) throw new AppError('RECIPIENT_REQUIRED', 422, '请填写受送达人（签收人）姓名', { field: 'recipient' });
    const today = this.ctx.calendar.today();
    if (input.signedOn > today || input.signedOn < row.issued_on) {
      throw new AppError('SIGNED_ON_INVALID', 422, `签收日期须在成文日期 ${row.issued_on} 与今天之间`, { field: 'signedOn' });
    }
    if (row.kind === 'receipt') throw new AppError('RECEIPT_OF_RECEIPT', 422, '送达回证本身不需要再送达', { field: 'id' });
    await this.refreshDepartments();
    const config = await this.config.get();
    const now = this.ctx.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const fresh = await tx.selectFrom('documents_documents').select(['paper_delivered_on']).where('id', '=', row.id).executeTakeFirstOrThrow();
      if (fresh.paper_delivered_on) throw new AppError('DELIVERY_RECORDED', 409, `该文书已于 ${fresh.paper_delivered_on} 登记纸质送达`, { paperDeliveredOn: fresh.paper_delivered_on });
      const occurrence = Number((await tx.selectFrom('documents_documents').select((eb) => eb.fn.max('occurrence').as('n')).where('case_id', '=', row.case_id).where('kind', '=', 'receipt').executeTakeFirst())?.n ?? 0) + 1;
      const year = Number(today.slice(0, 4));
      const seq = await nextSequence(tx, sequenceName(row.department_id, 'receipt', year));
      const prefixRow = await tx.selectFrom('documents_issuers').select('prefix').where('department_id', '=', row.department_id).executeTakeFirst();
      const dept = this.departments.get(row.department_id);
      const docNo = documentNo(prefixRow?.prefix ?? defaultPrefix(config.countyInitial, dept ?? { name: '审批', shortName: null }, [...this.departments.values()]), 'receipt', year, seq);
      const source = parseJson<DocumentFacts>(row.facts_json, { values: {}, materials: [] });
      const facts: DocumentFacts = {
        values: {
          ...source.values,
          送达文书: `${DOCUMENT_KIND_LABELS[row.kind as DocumentKind]}（${row.doc_no}）`,
          送达方式: `直接送达（受送达人 ${recipient} 签收）`,
          送达日期: chineseDate(input.signedOn),
        },
        materials: [],
      };
      const signature = this.signer().sign(confirmedFields({ doc_no: docNo, kind: 'receipt', issued_on: today, case_no: row.case_no, item_name: row.item_name, department_id: row.department_id }));
      const { id: receiptId } = await tx
        .insertInto('documents_documents')
        .values({
          doc_no: docNo, kind: 'receipt', occurrence, step: 'paper_delivery', case_id: row.case_id, case_no: row.case_no, item_code: row.item_code, item_name: row.item_name,
          version_id: row.version_id, department_id: row.department_id, year, seq, issued_on: today, issued_at: now, facts_json: JSON.stringify(facts),
          template_json: JSON.stringify(config.templates.receipt), applicant_user_id: row.applicant_user_id, verify_token: randomBytes(16).toString('hex'),
          signature: JSON.stringify(signature), created_by: actor.id, opened_at: null, paper_delivered_on: null, paper_recipient: null, receipt_document_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.updateTable('documents_documents').set({ paper_delivered_on: input.signedOn, paper_recipient: recipient, receipt_document_id: Number(receiptId) }).where('id', '=', row.id).execute();
      await recordAudit(tx, this.ctx.clock, actor, { action: 'documents.paper_delivered', subjectType: 'document', subjectId: row.doc_no, before: { paperDeliveredOn: null }, after: { paperDeliveredOn: input.signedOn, receipt: docNo } });
    });
    const updated = await this.db.selectFrom('documents_documents').selectAll().where('case_id', '=', row.case_id).execute();
    return this.viewOf(updated.find((r) => r.id === row.id)!, new Map(updated.map((r) => [r.id, r.doc_no])));
  }
}
