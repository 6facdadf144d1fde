import { defineModule } from '../../kernel/module';
import type { EgovNeedsContext } from './egov.context';
import { egovMigrations } from './egov.migrations';
import { egovRoutes } from './egov.routes';
import { EgovService } from './egov.service';
import { seedEgov } from './egov.seed';

export { EgovService } from './egov.service';
export type { ConnectionInput, IncidentInput, TrainingInput } from './egov.service';

/**
 * 电子政务外网 and 业务培训 (issue 18 item 4): the extranet register of township and village service
 * centres, the security incidents handled on it, and the training sessions with their attendance.
 */
export const egovModule = defineModule({
  name: 'egov',
  needs: ['org'],
  migrations: egovMigrations,
  roles: ['admin', 'leader', 'supervisor'],
  init: (ctx: EgovNeedsContext) => ({ egov: new EgovService(ctx) }),
  routes: (app, ctx) => egovRoutes(app, ctx, ctx.services.egov),
  kpiSources: (ctx) => [ctx.services.egov],
  seed: (ctx) => seedEgov(ctx),
});
