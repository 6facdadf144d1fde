import type { Generated } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** 监管事项目录: a main item (parent_code null) or a sub-item, the department that supervises it. */
export interface RegulationItemsTable {
  id: Generated<number>;
  code: string;
  name: string;
  parent_code: string | null;
  legal_basis: string;
  department_id: number;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Which catalogue items (事项编码) a 监管事项 covers; one covering 监管事项 per catalogue item. */
export interface RegulationCoverageTable {
  id: Generated<number>;
  regulation_item_id: number;
  item_code: string;
}

/** 执法人员 registry. */
export interface RegulationInspectorsTable {
  id: Generated<number>;
  department_id: number;
  name: string;
  cert_no: string;
  valid_to: string;
  phone: string | null;
  active: Generated<number>;
  created_at: string;
}

/** 监管任务: pending (待认领) → claimed (已认领) → closed (已办结). */
export interface RegulationTasksTable {
  id: Generated<number>;
  task_no: string;
  /** case | license */
  source: string;
  /** approve | issue | change | renew | revoke */
  event: string;
  regulation_item_id: number | null;
  department_id: number;
  case_no: string | null;
  item_code: string | null;
  item_name: string | null;
  license_no: string | null;
  subject_name: string;
  subject_key: string;
  status: string;
  created_at: string;
  created_on: string;
  claim_due: string;
  claimed_at: string | null;
  claimed_on: string | null;
  claimed_by: number | null;
  closed_at: string | null;
  result: string | null;
  note: string | null;
}

/** 双随机 draws: committed (seed hash published) → drawn (seed revealed, result recorded). */
export interface RegulationDrawsTable {
  id: Generated<number>;
  draw_no: string;
  department_id: number;
  title: string;
  seed_hash: string;
  seed: string | null;
  inspectors_wanted: number;
  subjects_wanted: number;
  /** JSON: the pools as frozen at commit time (the draw is reproducible from them and the seed). */
  pool_json: string;
  result_json: string | null;
  status: string;
  created_by: number | null;
  created_at: string;
  drawn_at: string | null;
}

/** 检查记录, with outcome and 整改期限. */
export interface RegulationInspectionsTable {
  id: Generated<number>;
  draw_id: number | null;
  department_id: number;
  subject_name: string;
  subject_key: string;
  inspector_ids_json: string;
  inspected_on: string;
  outcome: string;
  rectify_due: string | null;
  rectified_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export type RegulationTables = {
  regulation_items: RegulationItemsTable;
  regulation_coverage: RegulationCoverageTable;
  regulation_inspectors: RegulationInspectorsTable;
  regulation_tasks: RegulationTasksTable;
  regulation_draws: RegulationDrawsTable;
  regulation_inspections: RegulationInspectionsTable;
  regulation_tasks_daily: RegulationTasksDailyTable;
  regulation_tasks_monthly: RegulationTasksMonthlyTable;
  regulation_subjects: RegulationSubjectsTable;
  regulation_subject_counts: RegulationSubjectCountsTable;
};

export type RegulationDb = ModuleDb<RegulationTables>;
export type RegulationDbOrTx = RegulationDb | ModuleTx<RegulationTables>;

/** Day (created_on) × department counts of 监管任务: the claim KPIs of closed days (regulation.rollups.ts). */
export interface RegulationTasksDailyTable {
  day: string;
  department_id: number;
  created: number;
  claimed: number;
  claimed_on_time: number;
}

/** Month ('YYYY-MM') × department sums of regulation_tasks_daily (its month layer, kernel/rollup). */
export interface RegulationTasksMonthlyTable {
  month: string;
  department_id: number;
  created: number;
  claimed: number;
  claimed_on_time: number;
}

/** One row per (department, subject): its latest task and whether that task keeps it supervised (not a revoke). */
export interface RegulationSubjectsTable {
  department_id: number;
  subject_key: string;
  last_task_id: number;
  supervised: number;
}

/** Per department: how many of its subjects are supervised (Σ regulation_subjects.supervised). */
export interface RegulationSubjectCountsTable {
  department_id: number;
  supervised: number;
}
