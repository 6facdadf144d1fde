import type { AppContext } from '../../kernel/module';
import type { CatalogService } from '../catalog';
import type { OrgService } from '../org';

/** The services cases call: the departments, and the catalogue's item versions a case is filed under. */
export interface CasesNeeds {
  org: OrgService;
  catalog: CatalogService;
}

export type CasesNeedsContext = AppContext<CasesNeeds>;
