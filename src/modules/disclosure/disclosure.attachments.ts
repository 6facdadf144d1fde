import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError, notFound } from '../../kernel/errors';
import { assertSiteStaff, nowIso, siteScope, type DisclosureDeps } from './disclosure.context';
import { assertUpload } from '../../kernel/validators/upload-sniff';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES } from './disclosure.rules';

export const MAX_ATTACHMENTS_PER_ARTICLE = 20;

/**
 * Attachments of articles (PDF, JPG/PNG, Word/Excel), checked by their content, kept in the database and
 * served with the type their content proved. Only drafts take new attachments (a reviewed text is fixed).
 */
export class AttachmentsService {
  constructor(private readonly d: DisclosureDeps) {}

  async add(actor: Actor, articleId: number, input: { fileName: string; contentBase64: string }) {
    const a = await this.d.db.selectFrom('disclosure_articles').select(['id', 'department_id', 'status']).where('id', '=', articleId).executeTakeFirst();
    if (!a) throw notFound('ARTICLE_NOT_FOUND', '稿件不存在');
    assertSiteStaff(actor, a.department_id);
    if (a.status !== 'draft') throw new AppError('ARTICLE_STATE', 409, '只有草稿可以添加附件', { status: a.status });
    const fileName = input.fileName.trim().replace(/[\\/]/g, '_');
    if (!fileName) throw new AppError('FILE_NAME_REQUIRED', 422, '请提供文件名', { field: 'fileName' });
    const content = Buffer.from(input.contentBase64, 'base64');
    // The name's extension is the uploader's claim: content that contradicts it is refused.
    const checked = assertUpload(content, { maxBytes: ATTACHMENT_MAX_BYTES, accept: ATTACHMENT_KINDS, noun: '附件', fileName });
    return this.d.db.transaction().execute(async (tx) => {
      const n = await tx.selectFrom('disclosure_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow();
      if (Number(n.n) >= MAX_ATTACHMENTS_PER_ARTICLE) throw new AppError('ATTACHMENTS_FULL', 422, `每篇稿件最多 ${MAX_ATTACHMENTS_PER_ARTICLE} 个附件`, { field: 'file' });
      const sha256 = createHash('sha256').update(content).digest('hex');
      const row = await tx
        .insertInto('disclosure_attachments')
        .values({ article_id: articleId, file_name: fileName, mime: checked.mime, size: content.length, sha256, content_b64: content.toString('base64'), created_at: nowIso(this.d.ctx) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await recordAudit(tx, this.d.ctx.clock, actor, { action: 'disclosure.attachment_added', subjectType: 'disclosure_article', subjectId: articleId, after: { attachmentId: id, fileName, mime: checked.mime, size: content.length, sha256 } });
      return { id, fileName, mime: checked.mime, size: content.length };
    });
  }

  /** The file: public once its article is published; staff of the site see drafts' files. */
  async file(actor: Actor | null, id: number) {
    const row = await this.d.db
      .selectFrom('disclosure_attachments as f')
      .innerJoin('disclosure_articles as a', 'a.id', 'f.article_id')
      .select(['f.file_name', 'f.mime', 'f.content_b64', 'a.status', 'a.department_id'])
      .where('f.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
    if (row.status !== 'published') {
      const scope = actor ? siteScope(actor) : -1;
      if (!actor || (scope !== null && scope !== row.department_id)) throw notFound('ATTACHMENT_NOT_FOUND', '附件不存在');
    }
    return { fileName: row.file_name, mime: row.mime, content: Buffer.from(row.content_b64, 'base64') };
  }
}
