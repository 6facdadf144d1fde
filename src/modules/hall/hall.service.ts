/**
 * The hall's public service: 叫号 (kiosk, console, display), 预约, 帮代办/上门办, KPIs and cards. A facade
 * over the use-case classes, built once per app.
 */
import type { HallNeedsContext } from './hall.context';
import { HallDeps } from './hall.deps';
import { HallQueue } from './hall.queue';
import { HallReads } from './hall.reads';
import { HallAppointments } from './hall.appointments';
import { HallHelp } from './hall.help';
import { HallKpis } from './hall.kpis';

export class HallService {
  readonly deps: HallDeps;
  readonly queue: HallQueue;
  readonly reads: HallReads;
  readonly appointments: HallAppointments;
  readonly help: HallHelp;
  readonly kpis: HallKpis;

  constructor(ctx: HallNeedsContext) {
    this.deps = new HallDeps(ctx);
    this.queue = new HallQueue(this.deps);
    this.reads = new HallReads(this.deps, this.queue);
    this.appointments = new HallAppointments(this.deps, this.queue);
    this.help = new HallHelp(this.deps);
    this.kpis = new HallKpis(this.deps);
  }

  get events() {
    return this.deps.events;
  }
}
