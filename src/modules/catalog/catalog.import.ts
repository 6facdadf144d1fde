/**
 * Runs catalogue imports: at once (the answer is the result, or a 422 listing every error), or as a
 * background job whose progress lives in memory while it runs (the write is one transaction, so nothing
 * else could observe it) and in catalog_import_jobs afterwards. Nothing is written unless every row is valid.
 */
import type ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { AppError, forbidden } from '../../kernel/errors';
import { parseJson } from '../../kernel/db/db';
import type { ImportError, ImportJob, ImportResult } from '../../shared/catalog.types';
import type { CatalogNeedsContext } from './catalog.context';
import { invalidFile, loadWorkbook, parseWorkbook } from './catalog.import-parse';
import { writeImport, type ImportOptions, type Publisher } from './catalog.import-write';
import type { CatalogDb } from './catalog.tables';

interface JobProgress {
  status: ImportJob['status'];
  processed: number;
  total: number;
}

/** Checks the publish option, parses, then writes (catalog.import-write.ts); for a job, tracks progress. */
export class CatalogImporter {
  private readonly live = new Map<number, JobProgress>();

  constructor(
    private readonly ctx: CatalogNeedsContext,
    private readonly db: CatalogDb,
    private readonly publisher: Publisher,
  ) {}

  private checkPublish(actor: Actor, publish: boolean) {
    if (publish && !hasRole(actor, 'admin')) throw forbidden('只有管理员可以导入后直接发布');
  }

  async runNow(actor: Actor, buf: Buffer | undefined, opts: ImportOptions): Promise<ImportResult> {
    this.checkPublish(actor, opts.publish);
    const wb = await loadWorkbook(buf);
    const parsed = await parseWorkbook(wb, this.ctx.services.org, actor);
    if (parsed.errors.length) throw invalidFile(parsed.errors);
    return writeImport(this.db, this.ctx.clock, this.publisher, actor, parsed, opts);
  }

  async start(actor: Actor, buf: Buffer | undefined, opts: ImportOptions) {
    this.checkPublish(actor, opts.publish);
    const wb = await loadWorkbook(buf);
    const now = this.ctx.clock.now().toISOString();
    const job = await this.db
      .insertInto('catalog_import_jobs')
      .values({ status: 'validating', file_name: opts.fileName, total_rows: 0, processed_rows: 0, created_by: actor.username, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = job.id;
    this.live.set(id, { status: 'validating', processed: 0, total: 0 });
    setImmediate(() => void this.runJob(id, actor, wb, opts));
    return this.job(actor, id);
  }

  private async runJob(id: number, actor: Actor, wb: ExcelJS.Workbook, opts: ImportOptions) {
    const progress = this.live.get(id)!;
    const finish = async (status: 'done' | 'failed', errors: ImportError[] | null, result: ImportResult | null) => {
      await this.db
        .updateTable('catalog_import_jobs')
        .set({
          status,
          total_rows: progress.total,
          processed_rows: progress.processed,
          errors_json: errors ? JSON.stringify(errors) : null,
          result_json: result ? JSON.stringify(result) : null,
          finished_at: this.ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      this.live.delete(id);
    };
    try {
      const parsed = await parseWorkbook(wb, this.ctx.services.org, actor, (p, t) => {
        progress.processed = p;
        progress.total = t;
      });
      progress.total = parsed.total;
      progress.processed = 0;
      if (parsed.errors.length) {
        progress.processed = parsed.total;
        await finish('failed', parsed.errors, null);
        return;
      }
      progress.status = 'writing';
      const result = await writeImport(this.db, this.ctx.clock, this.publisher, actor, parsed, opts, (p) => {
        progress.processed = p;
      });
      progress.processed = parsed.total;
      await finish('done', null, result);
    } catch (e) {
      this.ctx.log.error({ err: e }, 'catalog import job failed');
      await finish('failed', [{ sheet: '', row: null, column: null, cell: null, message: e instanceof AppError ? e.message : '导入失败：服务器内部错误' }], null).catch(() => undefined);
    }
  }

  async job(actor: Actor, id: number): Promise<ImportJob> {
    const row = await this.db.selectFrom('catalog_import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.created_by !== actor.username && !hasRole(actor, 'admin'))) throw new AppError('IMPORT_JOB_NOT_FOUND', 404, `导入任务 ${id} 不存在`);
    const live = this.live.get(id);
    const status = live?.status ?? row.status;
    const total = live?.total ?? row.total_rows;
    const processed = live?.processed ?? row.processed_rows;
    return {
      id,
      status,
      fileName: row.file_name,
      total,
      processed,
      percent: total ? Math.round((processed / total) * 100) : status === 'done' ? 100 : 0,
      errors: parseJson<ImportError[]>(row.errors_json, []),
      result: parseJson<ImportResult | null>(row.result_json, null),
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }
}
