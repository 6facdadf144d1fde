import type { RegulationNeedsContext } from './regulation.context';
import { TasksService } from './regulation.tasks';
import { RegistryService } from './regulation.registry';
import { DrawsService } from './regulation.draws';
import { RegulationKpis } from './regulation.kpis';
import { ExpiredLicenseCheck } from './regulation.expired';

/** The parts of 互联网+监管, built once per app. */
export interface RegulationParts {
  tasks: TasksService;
  registry: RegistryService;
  draws: DrawsService;
  kpis: RegulationKpis;
  expired: ExpiredLicenseCheck;
}

export function buildRegulation(ctx: RegulationNeedsContext): RegulationParts {
  const tasks = new TasksService(ctx);
  const registry = new RegistryService(ctx);
  const expired = new ExpiredLicenseCheck(ctx);
  const draws = new DrawsService(ctx, registry, tasks, expired);
  return { tasks, registry, draws, kpis: new RegulationKpis(ctx, registry, draws, tasks), expired };
}
