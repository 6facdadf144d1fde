/**
 * 电子材料 (issue 21 item 1): a file for each material of a case — uploaded by the applicant online, or
 * scanned/uploaded by a clerk at the window — typed by its content (kernel upload-sniff), bounded by
 * LIMITS.materialFileBytes, its SHA-256 kept. A replacement (补正) adds a version; earlier ones stay and
 * stay readable. Files are read through the case's own visibility (CaseViews.loadVisible): the applicant
 * who owns the case, clerks, the department's reviewers and the all-department readers; for anyone else
 * the case does not exist (404).
 *
 * Storage: the bytes are a column of cases_material_files (BLOB on SQLite, bytea on PostgreSQL) rather
 * than files under a data directory. Chosen because (1) the file, the checklist tick and the audit row
 * commit in one transaction — no orphan file after a crash, no tick without its file; (2) the existing
 * backup and restore (SQLite online backup API, pg_dump/pg_restore; kernel/backup.ts) carry the files
 * with no second copy step to forget; (3) several PostgreSQL instances share them without a shared
 * directory. The per-file cap (10 MB) and the per-material version cap keep rows and the database bounded;
 * list reads never select the `content` column.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { parseJson } from '../../kernel/db/db';
import { AppError } from '../../kernel/errors';
import type { CaseMaterial, CaseStatus } from '../../shared/cases.types';
import { LIMITS } from '../../shared/limits';
import type { CasesEnv } from './cases.env';
import { unprocessable } from './cases.errors';
import { caseById, updateCase } from './cases.repository';
import { materialKey, missingMaterials, regionOfCaseNo } from './cases.rules';
import type { CasesDbOrTx } from './cases.tables';
import type { CaseViews } from './cases.views';
import type { MaterialFileView } from '../../shared/cases.types';
import { assertUpload } from '../../kernel/validators/upload-sniff';

export type { MaterialFileView } from '../../shared/cases.types';

/** A material of the case's checklist with its files, newest first. */
export interface CaseMaterialFiles extends CaseMaterial {
  /** Still to be provided (required, not provided, not replaceable by an e-license). */
  missing: boolean;
  files: MaterialFileView[];
}

export interface CaseMaterialsView {
  caseNo: string;
  status: CaseStatus;
  /** Whether the asking actor may upload now. */
  canUpload: boolean;
  missing: string[];
  materials: CaseMaterialFiles[];
}

/** After a decision the file set is the record of what was decided on: no more uploads. */
const UPLOAD_STATUSES = new Set<CaseStatus>(['submitted', 'correction_requested', 'accepted', 'suspended']);

const FILE_NAME_MAX = 200;

function cleanFileName(raw: string | undefined, ext: string): string {
  let name = (raw ?? '').trim();
  try {
    name = decodeURIComponent(name);
  } catch {
    // a name that is not URI-encoded is taken as is
  }
  // No paths, no control characters, no quotes (the name goes into Content-Disposition).
  name = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"]/g, '').slice(0, FILE_NAME_MAX - 6);
  if (!name) name = '材料';
  return name.toLowerCase().endsWith(`.${ext}`) ? name : `${name.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${ext}`;
}

export class CaseFiles {
  constructor(
    private readonly env: CasesEnv,
    private readonly views: CaseViews,
  ) {}

  private mayUpload(actor: Actor, ownerId: number | null): boolean {
    if (hasRole(actor, 'clerk', 'admin')) return true;
    return hasRole(actor, 'citizen') && actor.id !== null && ownerId !== null && Number(ownerId) === actor.id;
  }

  /** POST /cases/:caseNo/materials/files: one file for one material of the checklist. */
  async upload(actor: Actor, caseNo: string, input: { material: string; fileName?: string; body: Buffer }): Promise<MaterialFileView> {
    const { env } = this;
    const visible = await this.views.loadVisible(env.db, actor, caseNo);
    if (!this.mayUpload(actor, visible.applicant_user_id)) throw new AppError('FORBIDDEN', 403, '当前账号不能为该办件上传材料');
    const body = input.body;
    const type = assertUpload(body, { maxBytes: LIMITS.materialFileBytes, noun: '材料' });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const now = env.nowIso();

    return env.db.transaction().execute(async (tx) => {
      const row = await caseById(tx, visible.id);
      if (!UPLOAD_STATUSES.has(row.status)) {
        throw new AppError('CASE_DECIDED', 409, '办件已作出决定或已结束，不能再上传材料', { status: row.status });
      }
      const checklist = parseJson<CaseMaterial[]>(row.materials_json, []);
      const key = materialKey(input.material ?? '');
      const material = checklist.find((m) => materialKey(m.name) === key);
      if (!material) throw unprocessable('MATERIAL_UNKNOWN', `材料不在该事项的清单中：${input.material}`, 'material');
      const last = await tx
        .selectFrom('cases_material_files')
        .select((eb) => eb.fn.max<number>('version').as('v'))
        .where('case_id', '=', row.id)
        .where('material_name', '=', material.name)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      if (version > LIMITS.materialVersions) {
        throw new AppError('MATERIAL_VERSIONS_EXCEEDED', 409, `该材料已上传 ${LIMITS.materialVersions} 个版本，请联系窗口`, { limit: LIMITS.materialVersions });
      }
      const source = hasRole(actor, 'clerk', 'admin') ? 'window' : 'upload';
      const fileName = cleanFileName(input.fileName, type.ext);
      const inserted = await tx
        .insertInto('cases_material_files')
        .values({
          case_id: row.id,
          material_name: material.name,
          version,
          file_name: fileName,
          mime: type.mime,
          size_bytes: body.length,
          sha256,
          source,
          uploaded_at: now,
          uploaded_by: actor.id,
          uploaded_by_name: actor.name,
          content: body,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The file is the material: the checklist line is ticked (a later 补正 request unticks it again).
      if (!material.provided) {
        const updated = checklist.map((m) => (m.name === material.name ? { ...m, provided: true } : m));
        await updateCase(tx, row, { materials_json: JSON.stringify(updated), updated_at: now, row_version: row.row_version + 1 });
      }
      await recordAudit(tx, env.ctx.clock, actor, {
        action: 'case.material_uploaded',
        subjectType: 'case',
        subjectId: row.case_no,
        region: regionOfCaseNo(row.case_no),
        after: { material: material.name, version, mime: type.mime, sizeBytes: body.length, sha256, source },
      });
      return {
        id: Number(inserted.id),
        materialName: material.name,
        version,
        fileName,
        mime: type.mime,
        sizeBytes: body.length,
        sha256,
        source,
        uploadedAt: now,
        uploadedByName: actor.name,
        current: true,
      };
    });
  }

  /** GET /cases/:caseNo/materials: the checklist with every version of every file (no bytes). */
  async list(actor: Actor, caseNo: string): Promise<CaseMaterialsView> {
    const row = await this.views.loadVisible(this.env.db, actor, caseNo);
    const checklist = parseJson<CaseMaterial[]>(row.materials_json, []);
    const files = await filesOf(this.env.db, row.id);
    const missing = new Set(missingMaterials(checklist));
    return {
      caseNo: row.case_no,
      status: row.status,
      canUpload: UPLOAD_STATUSES.has(row.status) && this.mayUpload(actor, row.applicant_user_id),
      missing: [...missing],
      materials: checklist.map((m) => ({ ...m, missing: missing.has(m.name), files: files.filter((f) => f.materialName === m.name) })),
    };
  }

  /** GET /cases/:caseNo/materials/files/:id: the bytes, only through the case's visibility. */
  async download(actor: Actor, caseNo: string, fileId: number): Promise<{ body: Buffer; mime: string; fileName: string; sha256: string }> {
    const row = await this.views.loadVisible(this.env.db, actor, caseNo);
    const f = await this.env.db
      .selectFrom('cases_material_files')
      .select(['content', 'mime', 'file_name', 'sha256'])
      .where('id', '=', fileId)
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    if (!f) throw new AppError('FILE_NOT_FOUND', 404, '材料文件不存在');
    return { body: Buffer.from(f.content), mime: f.mime, fileName: f.file_name, sha256: f.sha256 };
  }
}

/** Every version of every file of a case, newest first per material. */
export async function filesOf(db: CasesDbOrTx, caseId: number): Promise<MaterialFileView[]> {
  const rows = await db
    .selectFrom('cases_material_files')
    .select(['id', 'material_name', 'version', 'file_name', 'mime', 'size_bytes', 'sha256', 'source', 'uploaded_at', 'uploaded_by_name'])
    .where('case_id', '=', caseId)
    .orderBy('material_name')
    .orderBy('version', 'desc')
    .execute();
  const newest = new Map<string, number>();
  for (const r of rows) newest.set(r.material_name, Math.max(newest.get(r.material_name) ?? 0, Number(r.version)));
  return rows.map((r) => ({
    id: Number(r.id),
    materialName: r.material_name,
    version: Number(r.version),
    fileName: r.file_name,
    mime: r.mime,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    source: r.source === 'window' ? 'window' : 'upload',
    uploadedAt: r.uploaded_at,
    uploadedByName: r.uploaded_by_name,
    current: Number(r.version) === newest.get(r.material_name),
  }));
}

/** Materials with a file uploaded at or after `since` (a supplement carries them). */
export async function materialsUploadedSince(db: CasesDbOrTx, caseId: number, since: string): Promise<string[]> {
  const rows = await db.selectFrom('cases_material_files').select('material_name').distinct().where('case_id', '=', caseId).where('uploaded_at', '>=', since).execute();
  return rows.map((r) => r.material_name);
}
