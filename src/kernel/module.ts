import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Migration } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { Config, Dialect } from './config';
import type { Kysely } from 'kysely';
import type { KernelTables } from './kernel.tables';
import type { CalendarService } from './calendar/calendar.service';
import type { Role } from '../shared/roles';
import type { MetricSample } from './http/metrics';

export type { MetricSample } from './http/metrics';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

import type { AuthService } from './auth/auth.service';
import type { RateLimitStore } from './http/rate-limit';
import type { Kpi } from '../shared/kpi.types';
import type { Period } from '../shared/period';
import type { CardCandidate } from '../shared/supervision.types';
import type { DepartmentScope } from './db/department-scope';

/**
 * Everything a module gets from the kernel, built once per app. `S` is the services a module may call:
 * its own and those of the modules it declares in `needs` — typed from the module list (src/modules.ts),
 * never cast.
 */
export interface AppContext<S extends object = object> {
  config: Config;
  /** The database as the kernel sees it: its own tables. A module narrows it to its own with `tablesOf`. */
  db: Kysely<KernelTables>;
  /**
   * The same database for reads that may be served by the PostgreSQL streaming replica (DATABASE_READ_URL):
   * plain SELECTs outside a transaction go there while it is healthy, anything else to the primary. Without
   * a replica it is `db`. Never for read-your-own-write: a replica lags. Routes declare the same for all
   * their reads with `config.reads: 'replica'` (kernel/db/read-replica.ts).
   */
  readDb: Kysely<KernelTables>;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  calendar: CalendarService;
  /** Accounts, sessions and roles (a kernel service every module may use). */
  auth: AuthService;
  /** Rate-limit counters: in memory on SQLite, shared in the database on PostgreSQL (kernel/http/rate-limit.ts). */
  rateLimits: RateLimitStore;
  /** Module services, by the name each module's `init` returns them under. */
  services: S;
  /** What the modules contribute to the kernel's extension points; complete once every `init` has run. */
  extensions: Extensions;
}

/** The records behind a KPI's numerator or denominator, one page (the statistics drill-down). */
export interface KpiRecords {
  kind: string;
  items: unknown[];
  total: number;
}

export interface KpiRecordsQuery {
  from: string;
  to: string;
  /** The departments whose records to list: all (null), one, or a county's set (as for `kpis`). */
  departmentId?: DepartmentScope;
  /** The county asked for (a province installation's 行政区划代码), whose departments `departmentId` holds; null: none. */
  region?: string | null;
  offset: number;
  limit: number;
}

/** A module's KPIs for the statistics summary, drill-down and yearly report (SPEC §3). */
export interface KpiSource {
  /**
   * The figures of the period for the whole installation (null), one department, or a set of departments
   * (a county's, in a province): a set counts the records of its departments, so an additive figure is the
   * sum of theirs; figures that belong to no department count only for the whole installation.
   * `region` names the county when the set is a county's: records that carry their own county (work
   * orders, hall tickets) are narrowed by it instead, so the counties still add up to the province.
   */
  kpis(period: Period, departments: DepartmentScope, region?: string | null): Promise<Record<string, Kpi>>;
  /** The records behind one of this source's KPIs; null when `kpi` is not one of them. */
  records?(kpi: string, part: 'numerator' | 'denominator', q: KpiRecordsQuery): Promise<KpiRecords | null>;
}

/** A rule set of electronic supervision (电子监察): what is late or near its deadline, as card candidates. */
export interface CardSource {
  name: string;
  candidates(now: Date, today: string): Promise<CardCandidate[]>;
}

export interface Extensions {
  /** Every module's KPI sources, in module order. */
  readonly kpiSources: ReadonlyArray<{ module: string; source: KpiSource }>;
  /** Every module's card sources, in module order. */
  readonly cardSources: readonly CardSource[];
}

export interface JobDefinition<S extends object = object> {
  name: string;
  /** How often the job runs; jobs are skipped when ONEWINDOW_JOBS=0 (tests drive them directly). */
  everyMs: number;
  run(ctx: AppContext<S>): Promise<unknown>;
}

export interface SeedOptions {
  /** demo: the demo county with accounts and sample records. */
  kind: 'demo';
}

/**
 * A domain module (see docs/modules.md). `Provides` is what its `init` returns: the services other modules
 * may call, by name. `Needs` is the services of other modules it calls; the names it cannot run without
 * are listed in `needs`, and the app refuses to start when a module listed before it did not provide them.
 * Optional collaborators are optional properties of `Needs` (supervision works without a hotline).
 */
export interface ModuleDefinition<Provides extends object, Needs extends object> {
  name: string;
  /** The services this module cannot run without (checked at start-up against the modules listed before it). */
  needs?: ReadonlyArray<keyof Needs & string>;
  migrations?: Record<string, Migration>;
  /** Called once per app, in module order: create the module's services and return them by name. */
  init?(ctx: AppContext<Needs>): Provides | Promise<Provides>;
  /** Routes registered under /api/v1. */
  routes?(app: App, ctx: AppContext<Needs & Provides>): void | Promise<void>;
  /** Routes outside /api/v1 (e.g. /open311/v2). */
  rootRoutes?(app: App, ctx: AppContext<Needs & Provides>): void | Promise<void>;
  jobs?: ReadonlyArray<JobDefinition<Needs & Provides>>;
  /** Seeds run in module order on an empty database. */
  seed?(ctx: AppContext<Needs & Provides>, opts: SeedOptions): Promise<void>;
  /**
   * Gauges for /metrics computed at scrape time (e.g. open supervision cards by colour). Keep them to a
   * few cheap queries; names start with `onewindow_<module>_`.
   */
  metrics?(ctx: AppContext<Needs & Provides>): Promise<MetricSample[]>;
  /** KPIs this module computes, for the statistics summary, drill-down and yearly report. */
  kpiSources?(ctx: AppContext<Needs & Provides>): KpiSource[];
  /** Supervision rules over this module's records (cards are raised by the supervision sweep). */
  cardSources?(ctx: AppContext<Needs & Provides>): CardSource[];
  /** Which roles may call which routes: checked by the route × role permission test. */
  roles?: readonly Role[];
}

/** Declares a module; the types of `init`'s context and result flow into its routes, jobs and seed. */
export function defineModule<Provides extends object = Record<never, never>, Needs extends object = Record<never, never>>(
  m: ModuleDefinition<Provides, Needs>,
): ModuleDefinition<Provides, Needs> {
  return m;
}

/** Any module, as the app builder iterates them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModuleManifest = ModuleDefinition<any, any>;

/** The services a module provides. */
export type ProvidedBy<M> = M extends ModuleDefinition<infer P, infer _N> ? P : never;
/** The services a module needs. */
export type NeededBy<M> = M extends ModuleDefinition<infer _P, infer N> ? N : never;

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** The services of a list of modules: the typed registry of an app built from that list. */
export type ServicesOf<Mods extends readonly ModuleManifest[]> = UnionToIntersection<ProvidedBy<Mods[number]>> & object;

/** The names of the modules in `Mods` whose needs the list does not provide (never when all are met). */
export type UnmetNeeds<Mods extends readonly ModuleManifest[]> = {
  [K in keyof Mods]: ServicesOf<Mods> extends NeededBy<Mods[K]> ? never : Mods[K]['name'];
}[number];
