/**
 * The issuing organ per department: its 文号 prefix and its seal image (PNG or JPEG, at most 200 KB),
 * and the bureau's wording of each kind of notice (documents.config.ts).
 */
import { sniffFileType } from '../../kernel/validators/upload-sniff';
import type { Actor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { AppError } from '../../kernel/errors';
import { LIMITS } from '../../shared/limits';
import type { SettingStore } from '../../kernel/settings';
import type { OrgService } from '../org';
import type { Clock } from '../../kernel/clock';
import { mergeDocumentsConfig, type DocumentsConfig } from './documents.config';
import { defaultPrefix, DOCUMENT_KINDS, KIND_FIELDS, DOCUMENT_KIND_LABELS, type DocumentKind } from './documents.rules';
import type { DocumentsDb } from './documents.tables';

export const SEAL_MAX_BYTES = LIMITS.sealBytes;

export interface IssuerView {
  departmentId: number;
  departmentName: string;
  prefix: string;
  prefixIsDefault: boolean;
  hasSeal: boolean;
}

export interface TemplatesView {
  countyInitial: string;
  reviewOrgan: string;
  court: string;
  kinds: { kind: DocumentKind; label: string; title: string; body: string; fields: readonly string[] }[];
}

/** PNG or JPEG by its content (kernel upload-sniff); anything else is not a seal image. */
export function imageMime(data: Buffer): string | null {
  const type = sniffFileType(data);
  return type && (type.kind === 'png' || type.kind === 'jpeg') ? type.mime : null;
}

export class DocumentIssuers {
  constructor(
    private readonly db: DocumentsDb,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly config: SettingStore<DocumentsConfig>,
  ) {}

  async get(departmentId: number): Promise<IssuerView> {
    const dept = await this.org.byIdOrFail(departmentId);
    const row = await this.db.selectFrom('documents_issuers').selectAll().where('department_id', '=', departmentId).executeTakeFirst();
    const config = await this.config.get();
    return {
      departmentId,
      departmentName: dept.name,
      prefix: row?.prefix ?? defaultPrefix(config.countyInitial, dept, await this.org.all()),
      prefixIsDefault: !row?.prefix,
      hasSeal: !!row?.seal_data,
    };
  }

  async seal(departmentId: number): Promise<{ mime: string; data: Buffer } | null> {
    const row = await this.db.selectFrom('documents_issuers').select(['seal_mime', 'seal_data']).where('department_id', '=', departmentId).executeTakeFirst();
    return row?.seal_mime && row.seal_data ? { mime: row.seal_mime, data: Buffer.from(row.seal_data, 'base64') } : null;
  }

  async setPrefix(actor: Actor, departmentId: number, prefix: string): Promise<IssuerView> {
    await this.org.byIdOrFail(departmentId);
    const p = prefix.trim();
    if (!/^[\u4e00-\u9fa5]{1,6}$/.test(p)) throw new AppError('PREFIX_INVALID', 422, '文号机关代字须为 1 至 6 个汉字，如“邵审”', { field: 'prefix' });
    // A 文号 names one organ: a prefix another department already prints would give two documents one number.
    // One read of the issuers and one of the organisations, not one per department.
    const all = await this.org.all();
    const explicit = new Map((await this.db.selectFrom('documents_issuers').select(['department_id', 'prefix']).execute()).map((r) => [r.department_id, r.prefix]));
    const { countyInitial } = await this.config.get();
    const holder = all.find((o) => o.id !== departmentId && (explicit.get(o.id) ?? defaultPrefix(countyInitial, o, all)) === p);
    if (holder) throw new AppError('PREFIX_TAKEN', 409, `文号机关代字“${p}”已由${holder.name}使用，请另选`, { field: 'prefix', departmentId: holder.id });
    await this.upsert(actor, departmentId, { prefix: p }, 'documents.prefix_set', { prefix: p });
    return this.get(departmentId);
  }

  /** The seal as base64 (PNG or JPEG, ≤ 200 KB). */
  async setSeal(actor: Actor, departmentId: number, base64: string): Promise<IssuerView> {
    await this.org.byIdOrFail(departmentId);
    const clean = base64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new AppError('SEAL_NOT_IMAGE', 422, '印章须为 PNG 或 JPEG 图片', { field: 'image' });
    const data = Buffer.from(clean, 'base64');
    if (data.length > SEAL_MAX_BYTES) throw new AppError('SEAL_TOO_LARGE', 422, `印章图片不能超过 ${SEAL_MAX_BYTES / 1024} KB`, { field: 'image', bytes: data.length });
    const mime = imageMime(data);
    if (!mime) throw new AppError('SEAL_NOT_IMAGE', 422, '印章须为 PNG 或 JPEG 图片', { field: 'image' });
    await this.upsert(actor, departmentId, { seal_mime: mime, seal_data: data.toString('base64') }, 'documents.seal_set', { mime, bytes: data.length });
    return this.get(departmentId);
  }

  private async upsert(actor: Actor, departmentId: number, set: { prefix?: string; seal_mime?: string; seal_data?: string }, action: string, after: Record<string, unknown>) {
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('documents_issuers').select(['id', 'prefix', 'seal_mime']).where('department_id', '=', departmentId).executeTakeFirst();
      if (row) await tx.updateTable('documents_issuers').set({ ...set, updated_at: now }).where('id', '=', row.id).execute();
      else await tx.insertInto('documents_issuers').values({ department_id: departmentId, prefix: null, seal_mime: null, seal_data: null, ...set, updated_at: now }).execute();
      await recordAudit(tx, this.clock, actor, { action, subjectType: 'department', subjectId: departmentId, before: row ? { prefix: row.prefix, sealMime: row.seal_mime } : null, after });
    });
  }

  async templates(): Promise<TemplatesView> {
    const c = await this.config.get();
    return {
      countyInitial: c.countyInitial,
      reviewOrgan: c.reviewOrgan,
      court: c.court,
      kinds: DOCUMENT_KINDS.map((kind) => ({ kind, label: DOCUMENT_KIND_LABELS[kind], ...c.templates[kind], fields: KIND_FIELDS[kind] })),
    };
  }

  /** Saves the wording (422 on an unknown field: nothing is written). Issued notices keep their wording. */
  async saveTemplates(actor: Actor, patch: Partial<Omit<DocumentsConfig, 'templates'>> & { templates?: Record<string, unknown> }): Promise<TemplatesView> {
    const current = await this.config.get();
    const merged = mergeDocumentsConfig({ ...patch, templates: patch.templates ?? {} }, current);
    await this.config.save(actor, merged);
    return this.templates();
  }
}
