import type { AppContext } from '../../kernel/module';
import type { OrgService } from '../org';
import type { CatalogServiceImpl } from './catalog.service';
import type { CatalogImporter } from './catalog.import';

/** The services the catalogue calls: the departments that implement items. */
export interface CatalogNeeds {
  org: OrgService;
}

/** The services the catalogue provides. */
export interface CatalogServices {
  catalog: CatalogServiceImpl;
  catalogImport: CatalogImporter;
}

export type CatalogNeedsContext = AppContext<CatalogNeeds>;
export type CatalogContext = AppContext<CatalogNeeds & CatalogServices>;
