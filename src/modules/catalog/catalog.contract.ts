/**
 * What other modules (cases, bundles, evaluations, stats) may use of the catalogue: the service registered
 * as `ctx.services.catalog`. Cases keep the version they were filed under (`versionId`).
 */
import type { ItemSummary, ItemVersion } from '../../shared/catalog.types';

export type { ItemVersion } from '../../shared/catalog.types';

export interface CatalogService {
  /** The published version of an item, or null (unknown, never published, or retired). */
  getPublished(code: string): Promise<ItemVersion | null>;
  /** Any version by its id (cases show the version they were filed under). */
  getVersion(versionId: number): Promise<ItemVersion | null>;
  /** Published items, a page at a time (the demo seed files cases against them; test fakes may leave it out). */
  list?(q: { page?: number; pageSize?: number }): Promise<{ items: ItemSummary[]; total: number }>;
}
