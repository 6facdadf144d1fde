import type { Generated } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One 走流程 walk: a leader or department head goes through an item as an applicant would. */
export interface WalksWalksTable {
  id: Generated<number>;
  walker_name: string;
  walker_title: string;
  walker_department_id: number | null;
  item_name: string;
  channel: string; // window | online | mobile
  walked_on: string; // 'YYYY-MM-DD'
  steps: string; // the steps experienced, one a line
  minutes: number; // time taken
  recorded_by: number | null;
  created_at: string;
}

/** A 堵点 found on a walk. */
export interface WalksProblemsTable {
  id: Generated<number>;
  walk_id: number;
  category: string;
  description: string;
  created_at: string;
}

/** A rectification measure for a 堵点: owner department, due day (a working day), status and evidence. */
export interface WalksMeasuresTable {
  id: Generated<number>;
  problem_id: number;
  description: string;
  owner_department_id: number;
  due_on: string;
  status: string; // open | done
  evidence: string | null;
  done_on: string | null;
  created_at: string;
}

export type WalksTables = { walks_walks: WalksWalksTable; walks_problems: WalksProblemsTable; walks_measures: WalksMeasuresTable };
export type WalksDb = ModuleDb<WalksTables>;
export type WalksTx = ModuleTx<WalksTables>;
