import type { Generated } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One honour decided at a quarter's 讲评会: the subject, its figures when chosen, committee and reasons. */
export interface HonoursAwardsTable {
  id: Generated<number>;
  quarter: string; // '2026Q3'
  kind: string; // red_flag_window | service_star | party_pioneer
  subject_key: string;
  subject_name: string;
  department_id: number | null;
  reasons: string;
  committee: string;
  meeting_on: string;
  publicity_until: string;
  figures_json: string;
  decided_by: number | null;
  decided_at: string;
}

export type HonoursTables = { honours_awards: HonoursAwardsTable };
export type HonoursDb = ModuleDb<HonoursTables>;
export type HonoursTx = ModuleTx<HonoursTables>;
