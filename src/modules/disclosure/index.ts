import { defineModule } from '../../kernel/module';
import type { DisclosureNeedsContext } from './disclosure.context';
import { disclosureMigrations } from './disclosure.migrations';
import { disclosureTables } from './disclosure.tables';
import { ArticlesService } from './disclosure.articles';
import { AttachmentsService } from './disclosure.attachments';
import { RequestsService } from './disclosure.requests';
import { ExtrasService } from './disclosure.extras';
import { PortalService } from './disclosure.portal';
import { DisclosureFigures } from './disclosure.kpis';
import { disclosureRoutes } from './disclosure.routes';
import { seedDisclosure } from './disclosure.seed';
import type { DisclosureParts } from './disclosure.parts';

export type { DisclosureParts } from './disclosure.parts';
export { DISCLOSURE_KPI_NAMES } from './disclosure.kpis';

/**
 * 政务公开 (issue 15): site columns with update rules, articles under 三审制, policy documents and their
 * interpretations, 依申请公开 on its statutory clock, 征集调查, the 政务新媒体 registry and 读网 duty, and the
 * public portal /gk. `disclosure` is the bundle of its services.
 */
export const disclosureModule = defineModule({
  name: 'disclosure',
  needs: ['org'],
  migrations: disclosureMigrations,
  roles: ['publisher', 'admin', 'leader', 'supervisor'],
  init(ctx: DisclosureNeedsContext) {
    const deps = { ctx, db: disclosureTables(ctx.db) };
    const articles = new ArticlesService(deps);
    const requests = new RequestsService(deps);
    const extras = new ExtrasService(deps);
    const disclosure: DisclosureParts = {
      articles,
      attachments: new AttachmentsService(deps),
      requests,
      extras,
      portal: new PortalService(deps, articles, extras),
      figures: new DisclosureFigures(deps, articles, requests, extras),
    };
    return { disclosure };
  },
  routes(app, ctx) {
    disclosureRoutes(app, ctx, ctx.services.disclosure);
  },
  async seed(ctx) {
    await seedDisclosure(ctx, ctx.services.disclosure);
  },
  kpiSources: (ctx) => [ctx.services.disclosure.figures],
  cardSources: (ctx) => [ctx.services.disclosure.figures.cardSource()],
  jobs: [{ name: 'disclosure.publish_scheduled', everyMs: 60_000, run: (ctx) => ctx.services.disclosure.articles.publishDue() }],
});
