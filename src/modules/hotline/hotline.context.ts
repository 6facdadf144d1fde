import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';
import type { HotlineConfig } from './hotline.config';
import type { HotlineDb, HotlineDbOrTx } from './hotline.tables';

/** The services the hotline calls: the member units work orders go to. */
export interface HotlineNeeds {
  org: OrgService;
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
