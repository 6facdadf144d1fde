/**
 * Writing a validated import in one transaction: a new code becomes an item (draft version 1), a changed
 * row a new draft version (or a change of the open draft), an unchanged row nothing; with `publish`, every
 * written row is published at once. An item of another department found here refuses the whole file.
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import type { ImportError, ImportResult } from '../../shared/catalog.types';
import { invalidFile, type ParseResult } from './catalog.import-parse';
import { sameFields } from './catalog.rules';
import { fieldsOfRow, rowOfFields } from './catalog.rows';
import type { CatalogDb, CatalogDbOrTx } from './catalog.tables';

export interface ImportOptions {
  /** Publish every written row (admins only). */
  publish: boolean;
  fileName: string | null;
}

/** Publishes an item's draft inside the import's transaction (the catalogue's publish command). */
export interface Publisher {
  publishIn(tx: CatalogDbOrTx, actor: Actor, code: string): Promise<number>;
  /** Forgets the cached published versions (after the import's commit: see CatalogReads.forgetPublished). */
  forgetPublished(): void;
}

/** Writes a validated file in one transaction: new codes become items, changed rows new draft versions. */
export async function writeImport(
  db: CatalogDb,
  clock: Clock,
  publisher: Publisher,
  actor: Actor,
  parsed: ParseResult,
  opts: ImportOptions,
  onProgress?: (processed: number) => void,
): Promise<ImportResult> {
  const now = clock.now().toISOString();
  const result: ImportResult = { total: parsed.rows.length, created: 0, versioned: 0, unchanged: 0, published: 0 };
  const errors: ImportError[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      let n = 0;
      for (const p of parsed.rows) {
        n++;
        if (onProgress && n % 50 === 0) onProgress(n);
        const item = await tx.selectFrom('catalog_items').selectAll().where('code', '=', p.code).executeTakeFirst();
        if (!item) {
          await tx.insertInto('catalog_items').values({ code: p.code, department_id: p.fields.departmentId, status: 'draft', latest_version: 1, created_at: now, updated_at: now }).execute();
          await tx
            .insertInto('catalog_versions')
            .values({ code: p.code, version: 1, status: 'draft', ...rowOfFields(p.fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
            .execute();
          await recordAudit(tx, clock, actor, { action: 'catalog.item.created', subjectType: 'catalog_item', subjectId: p.code, after: { version: 1, source: 'import', ...p.fields } });
          result.created++;
        } else {
          if (!hasRole(actor, 'admin') && item.department_id !== actor.departmentId) {
            errors.push({ sheet: p.sheet, row: p.row, column: '事项编码', cell: null, message: `事项 ${p.code} 属于其他部门，不能导入修改` });
            continue;
          }
          const latest = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', p.code).where('version', '=', item.latest_version).executeTakeFirstOrThrow();
          const before = fieldsOfRow(latest);
          // A row equal to the newest version, or to the published one while a draft is open (the file
          // is an export of the published catalogue), changes nothing: an open draft is not overwritten.
          const published =
            latest.status === 'draft' ? await tx.selectFrom('catalog_versions').selectAll().where('code', '=', p.code).where('status', '=', 'published').executeTakeFirst() : undefined;
          if (item.status !== 'retired' && (sameFields(before, p.fields) || (published && sameFields(fieldsOfRow(published), p.fields)))) {
            result.unchanged++;
            // publishing an unchanged row only makes sense when the file is the open draft itself
            if (!(opts.publish && latest.status === 'draft' && sameFields(before, p.fields))) continue;
          } else if (latest.status === 'draft') {
            await tx.updateTable('catalog_versions').set({ ...rowOfFields(p.fields), updated_by: actor.username, updated_at: now }).where('id', '=', latest.id).execute();
            await recordAudit(tx, clock, actor, { action: 'catalog.item.draft_updated', subjectType: 'catalog_item', subjectId: p.code, before, after: { source: 'import', ...p.fields } });
            result.versioned++;
          } else {
            const version = item.latest_version + 1;
            await tx
              .insertInto('catalog_versions')
              .values({ code: p.code, version, status: 'draft', ...rowOfFields(p.fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
              .execute();
            await tx.updateTable('catalog_items').set({ latest_version: version, department_id: p.fields.departmentId, updated_at: now }).where('code', '=', p.code).execute();
            await recordAudit(tx, clock, actor, { action: 'catalog.item.version_created', subjectType: 'catalog_item', subjectId: p.code, before, after: { version, source: 'import', ...p.fields } });
            result.versioned++;
          }
        }
        if (opts.publish) {
          await publisher.publishIn(tx, actor, p.code);
          result.published++;
        }
      }
      // An item of another department found only now (codes are checked against the database here):
      // the whole import is refused, as with any other error.
      if (errors.length) throw invalidFile(errors);
      await recordAudit(tx, clock, actor, { action: 'catalog.imported', subjectType: 'catalog_import', subjectId: opts.fileName ?? 'upload', after: result });
    });
  } finally {
    if (opts.publish) publisher.forgetPublished();
  }
  return result;
}
