import { defineModule } from '../../kernel/module';
import type { DocumentsNeedsContext } from './documents.context';
import { documentsMigrations } from './documents.migrations';
import { documentsRoutes } from './documents.routes';
import { DocumentsService } from './documents.service';

export { DocumentsService } from './documents.service';
export type { CaseDocuments, DocumentConfirmation, DocumentView } from './documents.service';
export { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, type DocumentKind } from './documents.rules';

/**
 * 文书 (行政许可法 §32, §38, §42, §45): written notices issued on the case steps that need them, numbered per
 * department × kind × year, printed on A4 and as PDF, confirmed publicly by QR code, delivered on paper
 * (送达回证) or electronically with the applicant's consent.
 */
export const documentsModule = defineModule({
  name: 'documents',
  needs: ['org', 'catalog', 'cases'],
  migrations: documentsMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer', 'citizen'],
  async init(ctx: DocumentsNeedsContext) {
    const documents = new DocumentsService(ctx);
    await documents.refreshDepartments();
    // Each step's notice is written in the step's own transaction: no step without its notice.
    ctx.services.cases.hooks.events.on('documents', (tx, e) => documents.issuer.onCaseEvent(tx, e));
    return { documents };
  },
  routes(app, ctx) {
    documentsRoutes(app, ctx.services.documents);
  },
  jobs: [
    // The issuing step runs inside the case's transaction and must not read org there (SQLite has one
    // connection): department names for the 文号 are kept fresh here, at start, after the seed and on reads.
    { name: 'documents.departments', everyMs: 5 * 60_000, run: (ctx) => ctx.services.documents.refreshDepartments() },
  ],
  seed: (ctx) => ctx.services.documents.refreshDepartments(),
});
