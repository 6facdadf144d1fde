import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../kernel/module';
import { RATE_LIMITS } from '../../kernel/http/rate-limit';
import { LIMITS } from '../../shared/limits';
import type { DocumentsService } from './documents.service';
import { confirmationPage, notFoundPage } from './documents.public-page';
import { AppError } from '../../kernel/errors';
import { DOCUMENT_KINDS } from './documents.rules';

const CaseNoParams = Type.Object({ caseNo: Type.String({ minLength: 6, maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 64 }) });
const DeptParams = Type.Object({ departmentId: Type.Integer({ minimum: 1 }) });
const Template = Type.Object({ title: Type.String({ maxLength: LIMITS.documentTitle }), body: Type.String({ maxLength: LIMITS.documentBody }) }, { additionalProperties: false });

/** The site's own address as the browser used it: the QR code leads back to it. */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export function documentsRoutes(app: App, documents: DocumentsService) {
  app.get(
    '/cases/:caseNo/documents',
    { config: { access: 'authenticated' }, schema: { tags: ['documents'], summary: '办件的文书（工作人员；申请人同意电子送达后可见）', params: CaseNoParams } },
    async (req) => documents.listForCase(req.actor, req.params.caseNo),
  );
  app.post(
    '/cases/:caseNo/documents/consent',
    { config: { access: ['citizen'] }, schema: { tags: ['documents'], summary: '申请人同意电子送达（文书在“我的办件”中送达）', params: CaseNoParams } },
    async (req, reply) => reply.status(201).send(await documents.consent(req.actor, req.params.caseNo)),
  );
  app.get(
    '/documents/:id/print.html',
    { config: { access: 'authenticated' }, schema: { tags: ['documents'], summary: '文书 A4 打印页（HTML）', params: IdParams } },
    async (req, reply) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(await documents.html(req.actor, req.params.id, originOf(req))),
  );
  app.get(
    '/documents/:id/document.pdf',
    { config: { access: 'authenticated' }, schema: { tags: ['documents'], summary: '文书 PDF 下载', params: IdParams } },
    async (req, reply) => {
      const { docNo, pdf } = await documents.pdf(req.actor, req.params.id, originOf(req));
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="document-${req.params.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${docNo}.pdf`)}`)
        .send(pdf);
    },
  );
  app.post(
    '/documents/:id/paper-delivery',
    {
      config: { access: ['clerk', 'reviewer', 'admin'] },
      schema: {
        tags: ['documents'],
        summary: '登记纸质直接送达（制发送达回证）',
        params: IdParams,
        body: Type.Object(
          { recipient: Type.String({ minLength: 1, maxLength: LIMITS.personName }), signedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await documents.recordPaperDelivery(req.actor, req.params.id, req.body)),
  );
  app.get(
    '/public/documents/:token',
    {
      config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup },
      schema: { tags: ['documents'], summary: '文书核验（扫码）：文号、种类、日期、办件号，不含个人信息', security: [], params: TokenParams },
    },
    async (req) => documents.confirm(req.params.token),
  );
  app.get(
    '/documents/templates',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['documents'], summary: '文书模板（各类文书的措辞与可用字段）' } },
    async () => documents.issuers.templates(),
  );
  app.put(
    '/documents/templates',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['documents'],
        summary: '修改文书模板（字段须为该类文书的可用字段）',
        body: Type.Object(
          {
            countyInitial: Type.Optional(Type.String({ maxLength: 4 })),
            reviewOrgan: Type.Optional(Type.String({ maxLength: 60 })),
            court: Type.Optional(Type.String({ maxLength: 60 })),
            templates: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Template, { maxProperties: DOCUMENT_KINDS.length + 1 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => documents.issuers.saveTemplates(req.actor, req.body),
  );
  app.get(
    '/documents/issuers/:departmentId',
    { config: { access: ['admin', 'leader'] }, schema: { tags: ['documents'], summary: '部门的文号代字与印章', params: DeptParams } },
    async (req) => documents.issuers.get(req.params.departmentId),
  );
  app.put(
    '/documents/issuers/:departmentId/prefix',
    {
      config: { access: ['admin'] },
      schema: { tags: ['documents'], summary: '设置文号机关代字（如“邵审”）', params: DeptParams, body: Type.Object({ prefix: Type.String({ maxLength: LIMITS.documentPrefix }) }, { additionalProperties: false }) },
    },
    async (req) => documents.issuers.setPrefix(req.actor, req.params.departmentId, req.body.prefix),
  );
  app.put(
    '/documents/issuers/:departmentId/seal',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['documents'],
        summary: '上传部门印章图片（PNG/JPEG，Base64，不超过 200 KB）',
        params: DeptParams,
        // room for the base64 of an image somewhat over the limit, so the service answers SEAL_TOO_LARGE with the size
        body: Type.Object({ image: Type.String({ maxLength: LIMITS.sealBytes * 2 }) }, { additionalProperties: false }),
      },
    },
    async (req) => documents.issuers.setSeal(req.actor, req.params.departmentId, req.body.image),
  );
  // The page the QR code opens (phone-first HTML, no personal data).
  app.get(
    '/public/documents/:token/page',
    { config: { access: 'public', rateLimit: RATE_LIMITS.publicLookup }, schema: { tags: ['documents'], summary: '文书核验页（二维码指向）', security: [], params: TokenParams } },
    async (req, reply) => {
      reply.header('content-type', 'text/html; charset=utf-8');
      try {
        return reply.send(confirmationPage(await documents.confirm(req.params.token)));
      } catch (err) {
        if (err instanceof AppError && err.status === 404) return reply.status(404).send(notFoundPage());
        throw err;
      }
    },
  );
}
