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
import { offsetClock, systemClock, type Clock } from './kernel/clock';
import { openDb, type OpenedDb } from './kernel/db/db';
import { migrateToLatest } from './kernel/db/migrator';
import { kernelMigrations } from './kernel/kernel.migrations';
import { CalendarService } from './kernel/calendar/calendar.service';
import { calendarRoutes } from './kernel/calendar/calendar.routes';
import { systemRoutes } from './kernel/system.routes';
import { AuthService } from './kernel/auth/auth.service';
import { authRoutes } from './kernel/auth/auth.routes';
import { validatorCompiler } from './kernel/http/validation';
import { errorReply, installAuth, installErrorHandling } from './kernel/http/plugin';
import type { App, AppContext, ModuleManifest } from './kernel/module';
import { JobRunner } from './kernel/jobs/jobs';
import { deliverOutbox, logSender } from './kernel/outbox/outbox';
import { redactText } from './kernel/validators';
import { AppError } from './kernel/errors';
import { modules as defaultModules } from './modules';

/** The package root, from src/ under tsx or from dist/server/ when bundled. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const ROOT = packageRoot();
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** An already opened database (tests pass a fresh schema or an in-memory file). */
  opened?: OpenedDb;
  modules?: ModuleManifest[];
  logger?: Logger;
  /** Serve the built web app from web/dist (on by default when it exists). */
  serveWeb?: boolean;
}

export interface BuiltApp {
  app: App;
  ctx: AppContext;
  auth: AuthService;
  jobs: JobRunner;
  opened: OpenedDb;
  modules: ModuleManifest[];
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.idNumber', '*.phone'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactText(req.url), ip: req.ip }),
    },
  });
}

export function allMigrations(modules: ModuleManifest[]): Record<string, Migration> {
  const all: Record<string, Migration> = { ...kernelMigrations };
  for (const m of modules) {
    for (const [name, mig] of Object.entries(m.migrations ?? {})) {
      if (all[name]) throw new AppError('MIGRATION_DUPLICATE', 500, `migration name ${name} is used twice`);
      all[name] = mig;
    }
  }
  return all;
}

export async function buildApp(opts: BuildOptions): Promise<BuiltApp> {
  const { config } = opts;
  const modules = opts.modules ?? defaultModules;
  const log = opts.logger ?? createLogger(config);
  const clock = opts.clock ?? (config.fakeNow ? offsetClock(config.fakeNow) : systemClock);
  const opened = opts.opened ?? openDb({ dialect: config.dialect, url: config.databaseUrl });
  const db = opened.db;

  await migrateToLatest(db, allMigrations(modules));
  const calendar = new CalendarService(db, clock);
  await calendar.seedIfEmpty();
  await calendar.load();

  const ctx: AppContext = { config, db, dialect: opened.dialect, clock, log, calendar, services: {} };
  const auth = new AuthService(db, clock, config);
  ctx.services.auth = auth;
  for (const m of modules) await m.init?.(ctx);

  const fastifyOpts: FastifyServerOptions = {
    loggerInstance: log,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: process.env.ONEWINDOW_TRUST_PROXY === '1',
    routerOptions: { maxParamLength: 200 },
  };
  const app = Fastify(fastifyOpts).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  installErrorHandling(app);
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
  app.addHook('onRoute', (route) => {
    if ((route.url.startsWith('/api/') || route.url.startsWith('/open311/')) && !route.config?.access && route.method !== 'HEAD') {
      throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    }
  });
  installAuth(app, auth);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return errorReply(reply, 503, 'DATABASE_UNAVAILABLE', '数据库不可用');
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

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

  const jobs = new JobRunner(ctx, [
    { name: 'outbox.deliver', everyMs: 5_000, run: (c) => deliverOutbox(c.db, c.clock, logSender(c.log)) },
    { name: 'calendar.refresh', everyMs: 30_000, run: (c) => c.calendar.refreshIfStale() },
    ...modules.flatMap((m) => m.jobs ?? []),
  ]);
  await app.ready();

  return {
    app,
    ctx,
    auth,
    jobs,
    opened,
    modules,
    async close() {
      await jobs.stop();
      await app.close();
      await opened.close();
    },
  };
}

/** Seeds every module in order, once, on an empty database. */
export async function seedIfEmpty(built: BuiltApp): Promise<boolean> {
  const { ctx } = built;
  const anyUser = await ctx.db.selectFrom('kernel_users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return false;
  for (const m of built.modules) await m.seed?.(ctx, { kind: 'demo' });
  return true;
}
