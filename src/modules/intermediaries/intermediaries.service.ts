/** The market's facade: the registry, projects, delivery, the 体外循环 checks and the views, wired once. */
import type { IntermediariesNeedsContext } from './intermediaries.context';
import { MarketEnv } from './intermediaries.env';
import { RegistryService } from './intermediaries.registry';
import { ProjectsService } from './intermediaries.projects';
import { DeliveryService } from './intermediaries.delivery';
import { MarketChecks } from './intermediaries.checks';
import { ProjectViews } from './intermediaries.views';
import { DeskReads } from './intermediaries.desk';

export class IntermediariesService {
  readonly env: MarketEnv;
  readonly registry: RegistryService;
  readonly projects: ProjectsService;
  readonly delivery: DeliveryService;
  readonly checks: MarketChecks;
  readonly views: ProjectViews;
  readonly desk: DeskReads;

  constructor(ctx: IntermediariesNeedsContext) {
    this.env = new MarketEnv(ctx);
    this.registry = new RegistryService(this.env);
    this.projects = new ProjectsService(this.env, this.registry);
    this.delivery = new DeliveryService(this.env, this.projects, this.registry);
    this.checks = new MarketChecks(this.env);
    this.views = new ProjectViews(this.env);
    this.desk = new DeskReads(this.env, this.projects, this.registry, this.views);
    const cases = ctx.services.cases;
    if (cases) {
      cases.hooks.events.on('intermediaries', (tx, e) => this.checks.onCaseEvent(tx, e));
      cases.hooks.beforeSubmit.on('intermediaries', (tx, b) => this.checks.beforeSubmit(tx, b.itemCodes));
      cases.hooks.materialSources.on('intermediaries', (tx, q) => this.checks.materialSources(tx, q));
    }
  }

  async project(actor: Parameters<ProjectViews['views']>[0], projectNo: string) {
    const [v] = await this.views.views(actor, [await this.projects.rowOrFail(projectNo)]);
    return v;
  }
}
