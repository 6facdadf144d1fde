import type { AppContext } from '../../kernel/module';
import type { CatalogService } from '../catalog';
import type { CasesService } from '../cases';
import type { OrgService } from '../org';

/**
 * What 文书 needs: cases (its step events, and who may see a case), the catalogue (an item version's legal
 * basis) and org (the issuing organ's name).
 */
export interface DocumentsNeeds {
  org: OrgService;
  catalog: CatalogService;
  cases: CasesService;
}

export type DocumentsNeedsContext = AppContext<DocumentsNeeds>;
