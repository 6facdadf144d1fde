/**
 * Editing items, one command per step of an item's life: create (draft version 1), update (change the
 * draft, or open a new draft on the version in force), submit to review, reject, publish, retire. Each
 * command checks the actor's reach first and writes its change and audit row in one transaction.
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { AppError, conflict } from '../../kernel/errors';
import { recordAudit } from '../../kernel/audit/audit';
import { indexDocuments, removeDocuments } from '../../kernel/search';
import type { OrgService } from '../org';
import type { CatalogItem } from '../../shared/catalog.types';
import { checkDepartment, itemFor, itemInvalid } from './catalog.access';
import { mergeFields, validateCode, validateFields, type FieldsInput } from './catalog.rules';
import { fieldsOfRow, rowOfFields } from './catalog.rows';
import { searchDocOf, SEARCH_DOC_TYPE } from './catalog.search';
import type { CatalogDb, CatalogDbOrTx, VersionRow } from './catalog.tables';
import type { CatalogReads } from './catalog.reads';

export class ItemCommands {
  constructor(
    private readonly db: CatalogDb,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly reads: CatalogReads,
  ) {}

  /** The version a command leaves behind, as the API answers it. */
  private async versionById(id: number): Promise<CatalogItem> {
    return (await this.reads.getVersion(id))!;
  }

  async create(actor: Actor, input: FieldsInput & { code: string }): Promise<CatalogItem> {
    const { code, ...rest } = input;
    const fields = mergeFields(null, rest);
    const errors = [...validateCode(code), ...validateFields(fields)];
    if (errors.length) throw itemInvalid(errors);
    await checkDepartment(this.org, actor, fields);
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('catalog_items')
        .values({ code, department_id: fields.departmentId, status: 'draft', latest_version: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .executeTakeFirst();
      if (!inserted) throw conflict('ITEM_CODE_TAKEN', `事项编码 ${code} 已存在`, { field: 'code' });
      const row = await tx
        .insertInto('catalog_versions')
        .values({ code, version: 1, status: 'draft', ...rowOfFields(fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, this.clock, actor, { action: 'catalog.item.created', subjectType: 'catalog_item', subjectId: code, after: { version: 1, ...fields } });
      return row.id;
    });
    return this.versionById(id);
  }

  /**
   * Edits an item: changes its open draft, or opens a new draft version from the newest version (the
   * published one stays in force until the draft is published).
   */
  async update(actor: Actor, code: string, patch: FieldsInput): Promise<CatalogItem> {
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const item = await itemFor(tx, actor, code, 'edit');
      const latest = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('version', '=', item.latest_version).executeTakeFirstOrThrow();
      const before = fieldsOfRow(latest);
      const fields = mergeFields(before, patch);
      const errors = validateFields(fields);
      if (errors.length) throw itemInvalid(errors);
      if (fields.departmentId !== before.departmentId || fields.level !== before.level) await checkDepartment(this.org, actor, fields);
      if (latest.status === 'draft') {
        await tx
          .updateTable('catalog_versions')
          .set({ ...rowOfFields(fields), updated_by: actor.username, updated_at: now })
          .where('id', '=', latest.id)
          .execute();
        await tx.updateTable('catalog_items').set({ department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
        await recordAudit(tx, this.clock, actor, { action: 'catalog.item.draft_updated', subjectType: 'catalog_item', subjectId: code, before, after: fields });
        return latest.id;
      }
      const version = item.latest_version + 1;
      const row = await tx
        .insertInto('catalog_versions')
        .values({ code, version, status: 'draft', ...rowOfFields(fields), created_by: actor.username, created_at: now, updated_by: actor.username, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.updateTable('catalog_items').set({ latest_version: version, department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
      await recordAudit(tx, this.clock, actor, { action: 'catalog.item.version_created', subjectType: 'catalog_item', subjectId: code, before: { version: version - 1, ...before }, after: { version, ...fields } });
      return row.id;
    });
    return this.versionById(id);
  }

  private async draftOf(tx: CatalogDbOrTx, code: string): Promise<VersionRow> {
    const draft = await tx.selectFrom('catalog_versions').selectAll().where('code', '=', code).where('status', '=', 'draft').executeTakeFirst();
    if (!draft) {
      const item = await tx.selectFrom('catalog_items').select('status').where('code', '=', code).executeTakeFirst();
      throw conflict('NO_DRAFT', `事项 ${code} 没有待审核的草稿`, { status: item?.status ?? null });
    }
    return draft;
  }

  /** The editor hands the draft to review (it enters the leaders' queue). */
  async submit(actor: Actor, code: string): Promise<CatalogItem> {
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      await itemFor(tx, actor, code, 'edit');
      const draft = await this.draftOf(tx, code);
      await tx.updateTable('catalog_versions').set({ submitted_at: now, review_note: null }).where('id', '=', draft.id).execute();
      await recordAudit(tx, this.clock, actor, { action: 'catalog.item.submitted', subjectType: 'catalog_item', subjectId: code, after: { version: draft.version } });
      return draft.id;
    });
    return this.versionById(id);
  }

  /** Review sends the draft back with a reason; it leaves the queue until submitted again. */
  async reject(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    if (!reason.trim()) throw new AppError('REASON_REQUIRED', 422, '请填写退回理由', { field: 'reason' });
    const id = await this.db.transaction().execute(async (tx) => {
      await itemFor(tx, actor, code, 'read');
      const draft = await this.draftOf(tx, code);
      await tx.updateTable('catalog_versions').set({ submitted_at: null, review_note: reason.trim() }).where('id', '=', draft.id).execute();
      await recordAudit(tx, this.clock, actor, { action: 'catalog.item.rejected', subjectType: 'catalog_item', subjectId: code, after: { version: draft.version, reason } });
      return draft.id;
    });
    return this.versionById(id);
  }

  /** Publishes the draft: the previous published version becomes history, the search index follows. */
  async publish(actor: Actor, code: string): Promise<CatalogItem> {
    const id = await this.afterCommit(() => this.db.transaction().execute((tx) => this.publishIn(tx, actor, code)));
    return this.versionById(id);
  }

  /** Publishes inside the caller's transaction (imports); returns the published version id. */
  async publishIn(tx: CatalogDbOrTx, actor: Actor, code: string): Promise<number> {
    // The caller forgets them again after its commit (publish, the import).
    this.reads.forgetPublished();
    const now = this.clock.now().toISOString();
    await itemFor(tx, actor, code, 'read');
    const draft = await this.draftOf(tx, code);
    const fields = fieldsOfRow(draft);
    const errors = validateFields(fields);
    if (errors.length) throw itemInvalid(errors);
    const previous = await tx.selectFrom('catalog_versions').select(['id', 'version']).where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
    if (previous) await tx.updateTable('catalog_versions').set({ status: 'superseded', ended_at: now }).where('id', '=', previous.id).execute();
    const done = await tx
      .updateTable('catalog_versions')
      .set({ status: 'published', published_at: now, published_by: actor.username, submitted_at: draft.submitted_at ?? now })
      .where('id', '=', draft.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw conflict('NO_DRAFT', `事项 ${code} 的草稿已被处理`, { status: 'published' });
    await tx.updateTable('catalog_items').set({ status: 'published', department_id: fields.departmentId, updated_at: now }).where('code', '=', code).execute();
    await indexDocuments(tx, SEARCH_DOC_TYPE, [searchDocOf(code, fields)]);
    await recordAudit(tx, this.clock, actor, {
      action: 'catalog.item.published',
      subjectType: 'catalog_item',
      subjectId: code,
      before: previous ? { version: previous.version } : undefined,
      after: { version: draft.version, versionId: draft.id },
    });
    return draft.id;
  }

  /** Retires the item (no delete: cases filed under it keep their version); an open draft is dropped. */
  async retire(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    if (!reason.trim()) throw new AppError('REASON_REQUIRED', 422, '请填写停用理由', { field: 'reason' });
    const now = this.clock.now().toISOString();
    this.reads.forgetPublished();
    const id = await this.afterCommit(() => this.db.transaction().execute(async (tx) => {
      const item = await itemFor(tx, actor, code, 'read');
      if (item.status === 'retired') throw conflict('ITEM_RETIRED', `事项 ${code} 已停用`, { status: 'retired' });
      const current = await tx.selectFrom('catalog_versions').select(['id', 'version']).where('code', '=', code).where('status', '=', 'published').executeTakeFirst();
      if (!current) throw conflict('ITEM_NOT_PUBLISHED', `事项 ${code} 尚未发布，无需停用`, { status: item.status });
      await tx.updateTable('catalog_versions').set({ status: 'retired', ended_at: now, review_note: reason.trim() }).where('id', '=', current.id).execute();
      const draft = await tx.selectFrom('catalog_versions').select(['id']).where('code', '=', code).where('status', '=', 'draft').executeTakeFirst();
      if (draft) {
        // A retired item keeps no pending draft: reopen it by editing again.
        await tx.updateTable('catalog_versions').set({ status: 'superseded', ended_at: now, review_note: '事项停用，草稿作废' }).where('id', '=', draft.id).execute();
      }
      await tx.updateTable('catalog_items').set({ status: 'retired', updated_at: now }).where('code', '=', code).execute();
      await removeDocuments(tx, SEARCH_DOC_TYPE, [code]);
      await recordAudit(tx, this.clock, actor, { action: 'catalog.item.retired', subjectType: 'catalog_item', subjectId: code, after: { version: current.version, reason } });
      return current.id;
    }));
    return this.versionById(id);
  }

  /** Runs a transaction that changes the version in force; the cached published versions are forgotten after it. */
  private async afterCommit<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.reads.forgetPublished();
    }
  }
}
