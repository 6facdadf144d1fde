import type { Generated } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One year's 绩效目标表: its status, revision and who submitted and signed it. */
export interface PerformanceTablesTable {
  id: Generated<number>;
  year: number;
  status: string; // draft | submitted | signed
  revision: number;
  submitted_by: number | null;
  submitted_by_name: string | null;
  submitted_at: string | null;
  signed_by: number | null;
  signed_by_name: string | null;
  signed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A 三级指标 of a year's table: target, weight, where its actual comes from, and its 偏差原因. */
export interface PerformanceIndicatorsTable {
  id: Generated<number>;
  year: number;
  sort: number;
  level1: string;
  level2: string;
  name: string;
  direction: string;
  target: number;
  unit: string;
  floor: number | null;
  weight: number;
  source: string; // kpi | manual
  kpi_key: string | null;
  manual_value: number | null;
  manual_note: string | null;
  evidence_id: number | null;
  author_id: number | null;
  author_name: string | null;
  deviation_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** An uploaded 佐证材料 file of a manual actual (type checked by content). */
export interface PerformanceEvidenceTable {
  id: Generated<number>;
  year: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: number | null;
  uploaded_at: string;
}

/** A version of a year's table: why it was opened, by whom, and its sign-off with the scores then. */
export interface PerformanceRevisionsTable {
  id: Generated<number>;
  year: number;
  revision: number;
  reason: string;
  opened_by_name: string | null;
  opened_at: string;
  signed_by_name: string | null;
  signed_at: string | null;
  total_score: number | null;
  grade: string | null;
  snapshot_json: string | null;
}

/** A budget line of a year: 预算数, 调整数, 执行数 in cents. */
export interface PerformanceBudgetLinesTable {
  id: Generated<number>;
  year: number;
  category: string; // basic | project
  name: string;
  budget_cents: number;
  adjustment_cents: number;
  executed_cents: number;
  updated_by_name: string | null;
  updated_at: string;
}

/** A line of the year's 政府采购 plan and what was bought against it. */
export interface PerformanceProcurementsTable {
  id: Generated<number>;
  year: number;
  item: string;
  method: string;
  planned_cents: number;
  purchased_cents: number | null;
  purchased_on: string | null;
  updated_by_name: string | null;
  updated_at: string;
}

/** A 固定资产 in the register. */
export interface PerformanceAssetsTable {
  id: Generated<number>;
  code: string;
  name: string;
  category: string;
  value_cents: number;
  acquired_on: string;
  location: string;
  keeper: string;
  disposed_on: string | null;
  created_at: string;
}

/** The year-end 盘点 result of one asset. */
export interface PerformanceAssetChecksTable {
  id: Generated<number>;
  year: number;
  asset_id: number;
  result: string; // match | mismatch | missing
  note: string | null;
  checked_by_name: string | null;
  checked_on: string;
}

export type PerformanceTables = {
  performance_tables: PerformanceTablesTable;
  performance_indicators: PerformanceIndicatorsTable;
  performance_evidence: PerformanceEvidenceTable;
  performance_revisions: PerformanceRevisionsTable;
  performance_budget_lines: PerformanceBudgetLinesTable;
  performance_procurements: PerformanceProcurementsTable;
  performance_assets: PerformanceAssetsTable;
  performance_asset_checks: PerformanceAssetChecksTable;
};
export type PerformanceDb = ModuleDb<PerformanceTables>;
export type PerformanceTx = ModuleTx<PerformanceTables>;
