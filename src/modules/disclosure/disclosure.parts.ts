import type { ArticlesService } from './disclosure.articles';
import type { AttachmentsService } from './disclosure.attachments';
import type { ExtrasService } from './disclosure.extras';
import type { DisclosureFigures } from './disclosure.kpis';
import type { PortalService } from './disclosure.portal';
import type { RequestsService } from './disclosure.requests';

/** The services of the module, as its routes and seed use them. */
export interface DisclosureParts {
  articles: ArticlesService;
  attachments: AttachmentsService;
  requests: RequestsService;
  extras: ExtrasService;
  portal: PortalService;
  figures: DisclosureFigures;
}
