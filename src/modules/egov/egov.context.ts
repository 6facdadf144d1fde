import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';

/** What the register needs: the townships and villages it connects, and department names. */
export interface EgovNeeds {
  org: OrgService;
}

export type EgovNeedsContext = AppContext<EgovNeeds>;
