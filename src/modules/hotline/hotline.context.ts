import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';

/** The services the hotline calls: the member units work orders go to. */
export interface HotlineNeeds {
  org: OrgService;
}

export type HotlineNeedsContext = AppContext<HotlineNeeds>;
