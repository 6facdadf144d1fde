import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';
import type { CasesService } from '../cases';
import type { HotlineConfig } from './hotline.config';
import type { HotlineDb, HotlineDbOrTx } from './hotline.tables';

/** The services the hotline calls: the member units work orders go to, and the cases a 办不成事 complaint is about. */
export interface HotlineNeeds {
  org: OrgService;
  cases: CasesService;
}

export type HotlineNeedsContext = AppContext<HotlineNeeds>;

/** What the parts of the work-order service (reads, intake, commands, figures) share. */
export interface WorkOrderDeps {
  ctx: HotlineNeedsContext;
  /** The typed handle on the hotline's tables (hotline.tables.ts). */
  db: HotlineDb;
  /** The configuration in force; `db` reads through the caller's transaction (SQLite has one connection). */
  config(db?: HotlineDbOrTx): Promise<HotlineConfig>;
}
