/**
 * The catalogue's tables as Kysely sees them (catalog.migrations.ts). Lists are stored as ',a,b,' text so
 * that one LIKE filters them on both dialects; structured details are JSON text (catalog.rows.ts maps both).
 */
import type { Generated, Selectable } from 'kysely';
import type { CaseKind, ImportJobStatus, ItemStatus, LimitUnit } from '../../shared/catalog.types';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One row per item code: its owner department (editor scoping) and overall state. */
export interface CatalogItemsTable {
  code: string;
  department_id: number;
  /** Never published yet, in force, or retired. */
  status: 'draft' | 'published' | 'retired';
  latest_version: number;
  created_at: string;
  updated_at: string;
}

/** Every version ever saved; only drafts change, and a version in force only gets its end instant. */
export interface CatalogVersionsTable {
  id: Generated<number>;
  code: string;
  version: number;
  status: ItemStatus;
  name: string;
  /** 事项类型 '01'…'10', '20' */
  type: string;
  application_based: number;
  /** Only validated versions are stored (catalog.rules.ts validateFields). */
  level: 4 | 5 | 6;
  department_id: number;
  legal_limit: number;
  promised_limit: number;
  limit_unit: LimitUnit;
  kind: CaseKind;
  online_depth: number;
  visits: number;
  nearby: number;
  /** ',full_online,proxy,' */
  cross_province: string;
  extension_allowance: number;
  /** ',person,organization,' */
  audiences: string;
  /** ',生育收养,社会保障,' */
  life_events: string;
  /** Materials, fees, legal basis, conditions, locations, FAQs, keywords, online URL. */
  details_json: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  submitted_at: string | null;
  review_note: string | null;
  published_at: string | null;
  published_by: string | null;
  /** When this version stopped being the one in force (superseded or retired). */
  ended_at: string | null;
}

export interface CatalogImportJobsTable {
  id: Generated<number>;
  status: ImportJobStatus;
  file_name: string | null;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  errors_json: string | null;
  result_json: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export type CatalogTables = {
  catalog_items: CatalogItemsTable;
  catalog_versions: CatalogVersionsTable;
  catalog_import_jobs: CatalogImportJobsTable;
};

export type CatalogDb = ModuleDb<CatalogTables>;
export type CatalogDbOrTx = CatalogDb | ModuleTx<CatalogTables>;

export type ItemRow = Selectable<CatalogItemsTable>;
export type VersionRow = Selectable<CatalogVersionsTable>;
