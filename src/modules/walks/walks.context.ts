import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';

/** The services 走流程 calls: the departments walkers belong to and measures are owned by. */
export interface WalksNeeds {
  org: OrgService;
}

export type WalksNeedsContext = AppContext<WalksNeeds>;
