import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuiltApp } from '../src/app';
import { loadConfig, type Dialect } from '../src/kernel/config';
import { FixedClock } from '../src/kernel/clock';
import { openDb } from '../src/kernel/db/db';
import type { ModuleManifest, ServicesOf } from '../src/kernel/module';
import type { PlatformModules } from '../src/modules';

/** The dialects this run covers: SQLite always, PostgreSQL when a server answers (see global-setup). */
export const dialects: Dialect[] = inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

/** A built app over a fresh database; `ctx.services` is typed from the module list it was built with. */
export interface TestApp<Mods extends readonly ModuleManifest[] = PlatformModules> extends BuiltApp<ServicesOf<Mods>> {
  dialect: Dialect;
  clock: FixedClock;
  /** Logs in (demo password) and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** inject() with the bearer token of `as` (a username) when given. */
  request(opts: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
}

/** Any test app, whatever modules it was built with (for helpers that use only the kernel and HTTP). */
export type AnyTestApp = TestApp<readonly ModuleManifest[]>;

export interface TestAppOptions<Mods extends readonly ModuleManifest[] = PlatformModules> {
  dialect: Dialect;
  /** Instant the fixed clock starts at (default 2026-09-30T09:00:00+08:00). */
  now?: string;
  /** Module seeds to run on the fresh database, by module name (default: org = departments and demo accounts). */
  seed?: string[];
  /** The modules to build (default: the platform's list); `ctx.services` is typed from it. */
  modules?: Mods;
}

/**
 * A fresh database per app: an in-memory SQLite file, or a new PostgreSQL schema dropped on close.
 */
export async function buildTestApp<Mods extends readonly ModuleManifest[] = PlatformModules>(opts: TestAppOptions<Mods>): Promise<TestApp<Mods>> {
  const clock = new FixedClock(opts.now ?? '2026-09-30T09:00:00+08:00');
  let dropSchema: (() => Promise<void>) | null = null;
  let opened;
  if (opts.dialect === 'postgres') {
    const url = inject('pgUrl');
    if (!url) throw new Error('PostgreSQL is not available in this run');
    const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    opened = openDb({ dialect: 'postgres', url, schema, poolSize: 5 });
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  } else {
    opened = openDb({ dialect: 'sqlite', url: ':memory:' });
  }
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: opts.dialect === 'sqlite' ? 'file::memory:' : inject('pgUrl')! });
  const built = await buildApp<Mods>({ config, clock, opened, modules: opts.modules, serveWeb: false });
  const seeds = opts.seed ?? ['org'];
  for (const m of built.modules) if (seeds.includes(m.name)) await m.seed?.(built.ctx, { kind: 'demo' });

  const tokens = new Map<string, string>();
  const t: TestApp<Mods> = {
    ...built,
    dialect: opts.dialect,
    clock,
    async login(username, password = 'demo1234') {
      const cached = tokens.get(username);
      if (cached && password === 'demo1234') return cached;
      const res = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const token = res.json().token as string;
      tokens.set(username, token);
      return token;
    },
    async request({ as, ...o }) {
      const headers = { ...(o.headers ?? {}) } as Record<string, string>;
      if (as) headers.authorization = `Bearer ${await t.login(as)}`;
      return built.app.inject({ ...o, headers });
    },
    async close() {
      await built.close();
      if (dropSchema) await dropSchema();
    },
  };
  return t;
}
