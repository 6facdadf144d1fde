import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { sql, type Migration } from 'kysely';
import type { Config } from './kernel/config';
import { setInstallationRegion } from './kernel/region';
import { offsetClock, shanghaiDate, systemClock, type Clock } from './kernel/clock';
import { ensureSchema, openConfiguredDb, optimizeSqlite, type OpenedDb } from './kernel/db/db';
import { ensurePartitionsAhead } from './kernel/db/partitions';
import { installSecurityHeaders } from './kernel/http/security';
import { replicaReads } from './kernel/db/read-replica';
import { DbRateLimitStore, MemoryRateLimitStore, routeRateLimiter } from './kernel/http/rate-limit';
import { installIdempotency } from './kernel/http/idempotency';
import { HttpMetrics, renderSamples, type MetricSample } from './kernel/http/metrics';
import type { Access } from './kernel/http/access';
import { backupJob } from './kernel/backup';
import { timingSafeEqual } from 'node:crypto';
import { migrateToLatest } from './kernel/db/migrator';
import { kernelMigrations } from './kernel/kernel.migrations';
import { CalendarService } from './kernel/calendar/calendar.service';
import { calendarRoutes } from './kernel/calendar/calendar.routes';
import { systemRoutes } from './kernel/system.routes';
import { AuthService } from './kernel/auth/auth.service';
import { authRoutes } from './kernel/auth/auth.routes';
import { lazySerializerFactory, validatorCompiler } from './kernel/http/validation';
import { errorReply, installAuth, installErrorHandling } from './kernel/http/plugin';
import type { App, AppContext, CardSource, KpiSource, ModuleManifest, ServicesOf } from './kernel/module';
import { JobRunner } from './kernel/jobs/jobs';
import { deliverOutbox, logSender } from './kernel/outbox/outbox';
import { maskPersonalData, redactText } from './kernel/validators';
import { AppError } from './kernel/errors';
import { modules as defaultModules, type PlatformModules } from './modules';

/** The package root, from src/ under tsx or from dist/server/ when bundled. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const ROOT = packageRoot();
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

export interface BuildOptions<Mods extends readonly ModuleManifest[] = PlatformModules> {
  config: Config;
  clock?: Clock;
  /** An already opened database (tests pass a fresh schema or an in-memory file). */
  opened?: OpenedDb;
  /** The modules to build, in order (default: the platform's list in src/modules.ts). */
  modules?: Mods;
  logger?: Logger;
  /** Serve the built web app from web/dist (on by default when it exists). */
  serveWeb?: boolean;
}

/** One registered route as the kernel saw it (the route × role permission test and docs read this). */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access | null;
  rateLimited: boolean;
}

export interface BuiltApp<S extends object = ServicesOf<PlatformModules>> {
  app: App;
  /** The context the modules were built with; `services` is typed from the module list. */
  ctx: AppContext<S>;
  auth: AuthService;
  jobs: JobRunner;
  opened: OpenedDb;
  modules: readonly ModuleManifest[];
  /** Every route registered, in order (HEAD twins left out). */
  routes: RouteInfo[];
  metrics: HttpMetrics;
  /** Marks the server as still starting (API answers 503 STARTING) while `task` runs; null when ready. */
  setStarting(task: string | null): void;
  close(): Promise<void>;
}

// Secrets and personal data never reach the log: header and field names are censored by pino, free text
// (URLs, error messages) is run through redactText, and tokens in query strings are cut out.
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'token',
  'idNumber',
  'phone',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.csrfToken',
  '*.idNumber',
  '*.phone',
  '*.*.idNumber',
  '*.*.phone',
  '*.*.password',
  '*.*.token',
];

const TOKEN_IN_URL = /([?&](?:token|access_token|api_key|apikey|password|csrf)=)[^&]*/gi;
export const redactUrl = (url: string) => redactText(url.replace(TOKEN_IN_URL, '$1[redacted]'));

export function createLogger(config: Config, destination?: pino.DestinationStream): Logger {
  const opts: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
      err: (err: Error & { code?: string; statusCode?: number }) => ({
        type: err?.name,
        code: err?.code,
        statusCode: err?.statusCode,
        message: redactText(String(err?.message ?? err)),
        stack: err?.stack ? redactText(err.stack) : undefined,
      }),
    },
    formatters: {
      // Whatever object a module logs goes through the same masking as API lists: ID numbers, phones and
      // secrets under any key spelling (applicantIdNumber, mobile, sfzh …) and inside free text.
      log: (obj) => maskPersonalData(obj) as Record<string, unknown>,
    },
    hooks: {
      // Free-text log messages are redacted too: a module that interpolates an ID number still leaks nothing.
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = redactText(args[i] as string) as never;
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(opts, destination) : pino(opts);
}

export function allMigrations(modules: readonly ModuleManifest[]): Record<string, Migration> {
  const all: Record<string, Migration> = { ...kernelMigrations };
  for (const m of modules) {
    for (const [name, mig] of Object.entries(m.migrations ?? {})) {
      if (all[name]) throw new AppError('MIGRATION_DUPLICATE', 500, `migration name ${name} is used twice`);
      all[name] = mig;
    }
  }
  return all;
}

export async function buildApp<Mods extends readonly ModuleManifest[] = PlatformModules>(opts: BuildOptions<Mods>): Promise<BuiltApp<ServicesOf<Mods>>> {
  const { config } = opts;
  const modules: readonly ModuleManifest[] = opts.modules ?? defaultModules;
  const log = opts.logger ?? createLogger(config);
  // Writes that name no region join the installation's audit chain and counters (kernel/region.ts).
  setInstallationRegion(config.regionCode);
  const clock = opts.clock ?? (config.fakeNow ? offsetClock(config.fakeNow) : systemClock);
  const opened = opts.opened ?? openConfiguredDb(config);
  const db = opened.db;
  if (!opts.opened) await ensureSchema(opened, config.pgSchema);
  if (opened.replica) {
    opened.replica.log = log;
    // First probe now, not after a period; start-up does not wait for it (reads use the primary until it answers).
    void opened.replica.probe();
  }

  await migrateToLatest(db, allMigrations(modules));
  const calendar = new CalendarService(db, clock);
  await calendar.seedIfEmpty();
  await calendar.load();

  const rateLimits = opened.dialect === 'postgres' ? new DbRateLimitStore(db) : new MemoryRateLimitStore();
  const auth = new AuthService(db, clock, config, rateLimits);
  const kpiSources: Array<{ module: string; source: KpiSource }> = [];
  const cardSources: CardSource[] = [];
  // The registry is filled below in module order, each module's `needs` checked against the ones before
  // it. This is the one place its type is asserted: UnmetNeeds (src/modules.ts) proves at compile time that
  // the platform's list provides every need, and the check below refuses a list that does not at start-up.
  const services: Record<string, unknown> = {};
  const ctx: AppContext<ServicesOf<Mods>> = { config, db, readDb: opened.readDb ?? db, dialect: opened.dialect, clock, log, calendar, auth, rateLimits, services: services as ServicesOf<Mods>, extensions: { kpiSources, cardSources } };
  for (const m of modules) {
    const missing = (m.needs ?? []).filter((name: string) => !(name in services));
    if (missing.length) throw new Error(`module ${m.name} needs ${missing.join(', ')}: list the modules providing them before it`);
    const provided = (await m.init?.(ctx)) ?? {};
    for (const name of Object.keys(provided)) {
      if (name in services) throw new Error(`module ${m.name} provides ${name}, which another module already provides`);
    }
    Object.assign(services, provided);
  }
  // Extension points are read once every module's services exist (a source may call a later module).
  for (const m of modules) {
    for (const source of m.kpiSources?.(ctx) ?? []) kpiSources.push({ module: m.name, source });
    cardSources.push(...(m.cardSources?.(ctx) ?? []));
  }

  const fastifyOpts: FastifyServerOptions = {
    loggerInstance: log,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: process.env.ONEWINDOW_TRUST_PROXY === '1',
    routerOptions: { maxParamLength: 200 },
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  };
  const app = Fastify(fastifyOpts).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  const scheduledBackup = backupJob(opened, config);
  const jobs = new JobRunner(ctx, [
    { name: 'outbox.deliver', everyMs: 5_000, run: (c) => deliverOutbox(c.db, c.clock, logSender(c.log)) },
    { name: 'calendar.refresh', everyMs: 30_000, run: (c) => c.calendar.refreshIfStale() },
    ...(scheduledBackup ? [scheduledBackup] : []),
    ...(rateLimits instanceof DbRateLimitStore ? [{ name: 'kernel.rate_limits_prune', everyMs: 10 * 60_000, run: async () => rateLimits.prune(clock.now().getTime()) }] : []),
    ...(opened.sqlite ? [{ name: 'kernel.sqlite_optimize', everyMs: 3600_000, run: async () => optimizeSqlite(opened.sqlite!) }] : []),
    // PostgreSQL: this year's and next year's partitions exist long before the year turns (kernel/db/partitions.ts).
    ...(opened.dialect === 'postgres' ? [{ name: 'kernel.partitions_ahead', everyMs: 6 * 3600_000, run: (c: AppContext) => ensurePartitionsAhead(c.db, shanghaiDate(c.clock.now())) }] : []),
    ...modules.flatMap((m) => m.jobs ?? []),
  ]);

  app.setValidatorCompiler(validatorCompiler);
  installErrorHandling(app);
  installSecurityHeaders(app, { hsts: config.secureCookies });
  // Graceful shutdown: Fastify keeps idle keep-alive sockets for 72 s, and a socket busy when close()
  // began would stay open after its answer. Answers given while closing say `Connection: close`, so
  // every in-flight request completes and then its socket ends, letting close() finish promptly.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  const metrics = new HttpMetrics();
  metrics.install(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'onewindow 一窗通办 API', version: '0.1.0', description: '县级行政审批服务局一体化政务服务平台' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Every API route must say who may call it; a route without `config.access` fails the start-up.
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    if ((route.url.startsWith('/api/') || route.url.startsWith('/open311/')) && !route.config?.access && route.method !== 'HEAD') {
      throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    }
    // `config.reads: 'replica'`: the handler's plain reads may be served by the read replica.
    if (route.config?.reads === 'replica' && opened.replica) {
      const handler = route.handler;
      route.handler = function (this: unknown, req, reply) {
        return replicaReads(() => handler.call(this as never, req, reply));
      };
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, access: route.config?.access ?? null, rateLimited: !!route.config?.rateLimit });
    }
  });
  // While the demo county is being seeded on a first start, the server already answers (health, the web
  // app) but API calls get a clear 503 instead of half-seeded data.
  let startingTask: string | null = null;
  app.addHook('onRequest', async (req, reply) => {
    if (startingTask && (req.url.startsWith('/api/') || req.url.startsWith('/open311/'))) {
      reply.header('Retry-After', '5');
      return errorReply(reply, 503, 'STARTING', `系统正在${startingTask}，请稍候几秒再试`);
    }
  });
  installAuth(app, auth);
  // Request budgets (config.rateLimit) are counted after access is decided, so a 403 is never a 429.
  const limiter = routeRateLimiter(clock, rateLimits);
  app.addHook('onRequest', async (req, reply) => {
    const limits = req.routeOptions.config?.rateLimit;
    if (!limits) return;
    const wait = await limiter.check(limits, { ip: req.ip, accountId: req.actor.kind === 'user' ? req.actor.id : null });
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', 429, `请求过于频繁，请 ${wait} 秒后再试`, { retryAfter: wait });
    }
  });
  // Retried writes (config.idempotency + an Idempotency-Key header) get their first answer again.
  installIdempotency(app, db);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return errorReply(reply, 503, 'DATABASE_UNAVAILABLE', '数据库不可用');
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Prometheus scrape: an admin session, or the ONEWINDOW_METRICS_TOKEN bearer for scrapers.
  const metricsToken = config.metricsToken ? Buffer.from(config.metricsToken) : null;
  app.get(
    '/metrics',
    {
      schema: { hide: true },
      config: {
        access: ['admin'],
        tokenAccess: (bearer) => {
          if (!metricsToken) return false;
          const b = Buffer.from(bearer);
          return b.length === metricsToken.length && timingSafeEqual(b, metricsToken);
        },
      },
    },
    async (_req, reply) => {
      const samples: MetricSample[] = [];
      const pending = await db
        .selectFrom('kernel_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      samples.push({ name: 'onewindow_outbox_pending', help: 'Notifications waiting in the outbox.', value: Number(pending?.n ?? 0) });
      for (const job of jobs.jobs) {
        const st = jobs.stats.get(job.name);
        samples.push({ name: 'onewindow_job_runs_total', help: 'Job runs started by this instance.', type: 'counter', value: st?.runs ?? 0, labels: { job: job.name } });
        samples.push({ name: 'onewindow_job_failures_total', help: 'Job runs that failed on this instance.', type: 'counter', value: st?.failures ?? 0, labels: { job: job.name } });
      }
      if (opened.replica) samples.push(...opened.replica.samples());
      samples.push({ name: 'onewindow_process_resident_memory_bytes', help: 'Resident set size.', value: process.memoryUsage().rss });
      samples.push({ name: 'onewindow_process_uptime_seconds', help: 'Seconds since the process started.', value: Math.round(process.uptime()) });
      for (const m of modules) {
        if (!m.metrics) continue;
        try {
          samples.push(...(await m.metrics(ctx)));
        } catch (err) {
          // One module's broken gauge must not hide every other metric.
          ctx.log.error({ err, module: m.name }, 'module metrics failed');
        }
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render() + renderSamples(samples));
    },
  );

  await app.register(
    async (api) => {
      const a = api as unknown as App;
      authRoutes(a, ctx, auth);
      calendarRoutes(a, ctx);
      systemRoutes(a, ctx);
      for (const m of modules) await m.routes?.(a, ctx);
    },
    { prefix: '/api/v1' },
  );
  for (const m of modules) await m.rootRoutes?.(app, ctx);

  const serveWeb = opts.serveWeb ?? fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    if (serveWeb && req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/open311/') && !path.extname(url)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return errorReply(reply, 404, 'ROUTE_NOT_FOUND', `没有这个接口：${req.method} ${url}`);
  });

  await app.ready();

  return {
    app,
    ctx,
    auth,
    jobs,
    opened,
    modules,
    routes,
    metrics,
    setStarting(task: string | null) {
      startingTask = task;
    },
    async close() {
      await jobs.stop();
      await app.close();
      await opened.close();
    },
  };
}

/** Seeds every module in order, once, on an empty database. */
export async function isEmptyDatabase<S extends object>(built: BuiltApp<S>): Promise<boolean> {
  const anyUser = await built.ctx.db.selectFrom('kernel_users').select('id').limit(1).executeTakeFirst();
  return anyUser === undefined;
}

/** Seeds every module in order, once, on an empty database. */
export async function seedIfEmpty<S extends object>(built: BuiltApp<S>): Promise<boolean> {
  if (!(await isEmptyDatabase(built))) return false;
  for (const m of built.modules) await m.seed?.(built.ctx, { kind: 'demo' });
  // The seed filled every table at once: analyse them now, so the planner has their statistics from the
  // first request on, and the next start's open-time optimize finds nothing to do. Left to that next
  // start, the analysis of every table left ≈ 8 MB in glibc's heap of the restarted server for good
  // (idle RSS 97 MB against 89 MB; docs/operations.md, "Memory").
  if (built.opened.sqlite) optimizeSqlite(built.opened.sqlite);
  // The seed also left ≈ 660 prepared statements in the connection's cache (its bulk inserts' SQL varies
  // with the row count), native SQLite memory the server would keep although it never runs them again.
  built.opened.releaseMemory?.();
  return true;
}
