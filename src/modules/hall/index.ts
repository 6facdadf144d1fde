import { defineModule } from '../../kernel/module';
import type { HallNeedsContext } from './hall.context';
import { hallMigrations } from './hall.migrations';
import { hallRoutes } from './hall.routes';
import { HallService } from './hall.service';
import { HallFigures } from './hall.figures';
import { seedHall } from './hall.seed';

export { HallService } from './hall.service';
export type { TicketView } from './hall.queue';
export type { HallEvent } from './hall.events';
export { HallFigures } from './hall.figures';
export type { WindowFigures } from './hall.rules';
export { HALL_KPI_NAMES, PRIORITY_GROUP_LABELS } from './hall.rules';
export { DEMO_WINDOWS, DEMO_CATEGORIES } from './hall.seed';

/**
 * The service hall (issue 16 items 1-3): 叫号 with a kiosk, window consoles and a live display; 预约 on the
 * working-day calendar; 帮代办/上门办 for special groups; the hall KPIs and the long-wait card.
 */
export const hallModule = defineModule({
  name: 'hall',
  needs: ['org'],
  migrations: hallMigrations,
  roles: ['admin', 'leader', 'supervisor', 'clerk', 'operator', 'citizen'],
  init: (ctx: HallNeedsContext) => {
    const hall = new HallService(ctx);
    // hallFigures: the typed per-window read the honours and the 讲评会 report call.
    return { hall, hallFigures: new HallFigures(hall.deps) };
  },
  kpiSources: (ctx) => [ctx.services.hall.kpis],
  cardSources: (ctx) => [ctx.services.hall.kpis],
  routes(app, ctx) {
    hallRoutes(app, ctx.services.hall);
  },
  jobs: [
    {
      // Appointments whose slot passed without a check-in are 爽约.
      name: 'hall.no_shows',
      everyMs: 5 * 60_000,
      run: (ctx) => ctx.services.hall.appointments.markNoShows(),
    },
  ],
  seed: (ctx) => seedHall(ctx.services.hall),
});
