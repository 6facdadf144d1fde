/**
 * The catalogue's service, as routes, other modules (CatalogService) and the statistics (KpiSource) see
 * it: one face over the use cases, each in its own file — reads (catalog.reads.ts), editing commands
 * (catalog.items.ts), quality and KPIs (catalog.quality.ts), search synonyms (catalog.search.ts) and the
 * Excel export (catalog.export.ts).
 */
import type { Actor } from '../../kernel/auth/actor';
import type { KpiSource } from '../../kernel/module';
import type { Kpi } from '../../shared/kpi';
import type { Period } from '../../shared/period';
import type { CatalogItem, ItemVersion, VersionInfo } from '../../shared/catalog.types';
import type { CatalogNeedsContext } from './catalog.context';
import type { CatalogService } from './catalog.contract';
import { exportCatalog, type ExportScope } from './catalog.export';
import { ItemCommands } from './catalog.items';
import { CatalogQuality } from './catalog.quality';
import { CatalogReads, type ItemPage, type ListQuery, type ManageQuery } from './catalog.reads';
import type { FieldsInput } from './catalog.rules';
import { catalogSynonyms, setCatalogSynonyms, type SynonymList } from './catalog.search';
import type { CatalogDb, CatalogDbOrTx } from './catalog.tables';
import type { DepartmentScope } from '../../kernel/db/department-scope';

export class CatalogServiceImpl implements CatalogService, KpiSource {
  private readonly reads: CatalogReads;
  private readonly items: ItemCommands;
  private readonly qualityReport: CatalogQuality;

  constructor(
    private readonly ctx: CatalogNeedsContext,
    private readonly db: CatalogDb,
  ) {
    const org = ctx.services.org;
    this.reads = new CatalogReads(db, org);
    this.items = new ItemCommands(db, ctx.clock, org, this.reads);
    this.qualityReport = new CatalogQuality(db, ctx.clock, org);
  }

  // ---- what other modules read (CatalogService)
  getPublished(code: string): Promise<ItemVersion | null> {
    return this.reads.getPublished(code);
  }
  getVersion(versionId: number): Promise<CatalogItem | null> {
    return this.reads.getVersion(versionId);
  }

  // ---- reads
  list(q: ListQuery): Promise<ItemPage> {
    return this.reads.list(q);
  }
  guide(code: string): Promise<CatalogItem> {
    return this.reads.guide(code);
  }
  manageList(actor: Actor, q: ManageQuery): Promise<ItemPage> {
    return this.reads.manageList(actor, q);
  }
  reviewQueue(actor: Actor, all = false): Promise<ItemPage> {
    return this.reads.reviewQueue(actor, all);
  }
  counts(actor: Actor): Promise<Record<string, number>> {
    return this.reads.counts(actor);
  }
  versions(actor: Actor, code: string): Promise<{ items: VersionInfo[]; total: number }> {
    return this.reads.versions(actor, code);
  }
  version(actor: Actor, code: string, n: number): Promise<CatalogItem> {
    return this.reads.version(actor, code, n);
  }
  latest(actor: Actor, code: string): Promise<CatalogItem> {
    return this.reads.latest(actor, code);
  }

  // ---- editing commands
  create(actor: Actor, input: FieldsInput & { code: string }): Promise<CatalogItem> {
    return this.items.create(actor, input);
  }
  update(actor: Actor, code: string, patch: FieldsInput): Promise<CatalogItem> {
    return this.items.update(actor, code, patch);
  }
  submit(actor: Actor, code: string): Promise<CatalogItem> {
    return this.items.submit(actor, code);
  }
  reject(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    return this.items.reject(actor, code, reason);
  }
  publish(actor: Actor, code: string): Promise<CatalogItem> {
    return this.items.publish(actor, code);
  }
  /** Publishes inside the caller's transaction (imports); returns the published version id. */
  publishIn(tx: CatalogDbOrTx, actor: Actor, code: string): Promise<number> {
    return this.items.publishIn(tx, actor, code);
  }
  forgetPublished(): void {
    this.reads.forgetPublished();
  }
  retire(actor: Actor, code: string, reason: string): Promise<CatalogItem> {
    return this.items.retire(actor, code, reason);
  }

  // ---- quality and KPIs
  quality(actor: Actor, departmentId?: number) {
    return this.qualityReport.report(actor, departmentId);
  }
  kpis(period: Period, departments: DepartmentScope): Promise<Record<string, Kpi>> {
    return this.qualityReport.kpis(period, departments);
  }
  compression(q: { type?: string; level?: 4 | 5 | 6; target: number; departmentId: number | null }) {
    return this.qualityReport.compression(q);
  }

  // ---- search synonyms
  synonyms(): Promise<SynonymList> {
    return catalogSynonyms(this.db);
  }
  setSynonyms(actor: Actor, term: string, synonyms: string[]): Promise<SynonymList> {
    return setCatalogSynonyms(this.db, this.ctx.clock, actor, term, synonyms);
  }

  // ---- Excel
  /** The catalogue as an .xlsx workbook (the 实施清单 layout, one sheet per level). */
  exportWorkbook(actor: Actor, which: ExportScope): Promise<Buffer> {
    return exportCatalog(this.db, this.ctx.services.org, this.ctx.clock, actor, which);
  }
}
