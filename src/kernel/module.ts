import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Migration } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Config, Dialect } from './config';
import type { Db } from './db/db';
import type { CalendarService } from './calendar/calendar.service';
import type { Role } from '../shared/roles';
import type { MetricSample } from './http/metrics';

export type { MetricSample } from './http/metrics';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Everything a module needs from the kernel, built once per app. */
import type { RateLimitStore } from './http/rate-limit';

export interface AppContext {
  config: Config;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  calendar: CalendarService;
  /** Rate-limit counters: in memory on SQLite, shared in the database on PostgreSQL (kernel/http/rate-limit.ts). */
  rateLimits: RateLimitStore;
  /** Module services register themselves here so that other modules call them, never their tables. */
  services: Record<string, unknown>;
}

export interface JobDefinition {
  name: string;
  /** How often the job runs; jobs are skipped when ONEWINDOW_JOBS=0 (tests drive them directly). */
  everyMs: number;
  run(ctx: AppContext): Promise<unknown>;
}

export interface SeedOptions {
  /** demo: the demo county with accounts and sample records. */
  kind: 'demo';
}

/** A domain module: the kernel only keeps the registry (see modules.ts). */
export interface ModuleManifest {
  name: string;
  migrations?: Record<string, Migration>;
  /** Called once per app after the kernel services exist: create services, put them in ctx.services. */
  init?(ctx: AppContext): void | Promise<void>;
  /** Routes registered under /api/v1 (or their own prefix via `publicRoutes`). */
  routes?(app: App, ctx: AppContext): void | Promise<void>;
  /** Routes outside /api/v1 (e.g. /open311/v2). */
  rootRoutes?(app: App, ctx: AppContext): void | Promise<void>;
  jobs?: JobDefinition[];
  /** Seeds run in module order on an empty database. */
  seed?(ctx: AppContext, opts: SeedOptions): Promise<void>;
  /**
   * Gauges for /metrics computed at scrape time (e.g. open supervision cards by colour). Keep them to a
   * few cheap queries; names start with `onewindow_<module>_`.
   */
  metrics?(ctx: AppContext): Promise<MetricSample[]>;
  /** Which roles may call which routes: checked by the route × role permission test. */
  roles?: readonly Role[];
}
