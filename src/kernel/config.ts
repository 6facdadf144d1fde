import path from 'node:path';
import { AppError } from './errors';
import { LIMITS } from '../shared/limits';

export type Dialect = 'sqlite' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dialect: Dialect;
  /** SQLite file path (or ':memory:') or the PostgreSQL URL. */
  databaseUrl: string;
  seed: 'demo' | 'none';
  fakeNow: Date | null;
  regionCode: string;
  logLevel: string;
  /** Token and cookie session lifetime. */
  sessionTtlHours: number;
  /** Behind TLS (or a TLS-terminating proxy): cookies get `Secure`. */
  secureCookies: boolean;
  jobs: boolean;
  bodyLimitBytes: number;
  /** PostgreSQL schema (`?schema=` on DATABASE_URL or ONEWINDOW_PG_SCHEMA); null = the server's search_path. */
  pgSchema: string | null;
  /** SQLite `synchronous` pragma (ONEWINDOW_SQLITE_SYNCHRONOUS); FULL by default, see docs/operations.md. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Scheduled SQLite backups: directory (null = off), period and how many files to keep. */
  backup: { dir: string | null; everyHours: number; keep: number };
  /** Bearer token that may read /metrics besides an admin session (ONEWINDOW_METRICS_TOKEN). */
  metricsToken: string | null;
  /** How long a SIGTERM waits for requests and jobs in flight before exiting anyway. */
  shutdownTimeoutMs: number;
  /**
   * A PostgreSQL streaming replica for statistics, lists, exports and public lookups (DATABASE_READ_URL);
   * null = every read on the primary. Reads fall back to the primary while the replica is down or more
   * than `maxLagSeconds` behind (ONEWINDOW_REPLICA_MAX_LAG_SECONDS), as seen by a probe every `probeMs`.
   */
  readReplica: { url: string; schema: string | null; maxLagSeconds: number; probeMs: number } | null;
  /**
   * PostgreSQL: intake's locked-window statements as server-side prepared statements
   * (kernel/db/server-prepared.ts); ONEWINDOW_PG_PREPARED=off for a pooler that cannot carry them.
   */
  pgPrepared: boolean;
}

type Env = Record<string, string | undefined>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name is spliced into `search_path` and DDL, so only plain lower-case identifiers pass. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new AppError('CONFIG_INVALID', 500, `PostgreSQL schema must match ${SCHEMA_NAME}, got "${schema}"`);
  return schema;
}

export function parseDatabaseUrl(raw: string | undefined): { dialect: Dialect; databaseUrl: string; schema?: string } {
  if (!raw || raw.trim() === '') return { dialect: 'sqlite', databaseUrl: path.resolve('data', 'onewindow.db') };
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    // `?schema=` is ours, not libpq's: strip it so pg never sees an unknown parameter.
    const m = /([?&])schema=([^&]*)(&?)/.exec(raw);
    if (!m) return { dialect: 'postgres', databaseUrl: raw };
    const schema = checkSchemaName(decodeURIComponent(m[2]));
    const databaseUrl = (raw.slice(0, m.index) + (m[3] ? m[1] : '') + raw.slice(m.index + m[0].length)).replace(/[?&]$/, '');
    return { dialect: 'postgres', databaseUrl, schema };
  }
  if (raw === 'file::memory:' || raw === ':memory:') return { dialect: 'sqlite', databaseUrl: ':memory:' };
  if (raw.startsWith('file:')) return { dialect: 'sqlite', databaseUrl: path.resolve(raw.slice('file:'.length)) };
  throw new AppError('CONFIG_INVALID', 500, `DATABASE_URL must be file:… or postgres://…, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const { dialect, databaseUrl, schema } = parseDatabaseUrl(env.DATABASE_URL);
  const pgSchema = schema ?? (env.ONEWINDOW_PG_SCHEMA ? checkSchemaName(env.ONEWINDOW_PG_SCHEMA) : null);
  const sync = (env.ONEWINDOW_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') {
    throw new AppError('CONFIG_INVALID', 500, `ONEWINDOW_SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${env.ONEWINDOW_SQLITE_SYNCHRONOUS}"`);
  }
  const positive = (name: string, fallback: number) => {
    const v = Number(env[name] ?? fallback);
    if (!Number.isFinite(v) || v <= 0) throw new AppError('CONFIG_INVALID', 500, `${name} must be a positive number, got "${env[name]}"`);
    return v;
  };
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('CONFIG_INVALID', 500, `PORT must be a port number, got "${env.PORT}"`);
  }
  let fakeNow: Date | null = null;
  if (env.ONEWINDOW_FAKE_NOW) {
    if (nodeEnv === 'production') {
      throw new AppError('CONFIG_INVALID', 500, 'ONEWINDOW_FAKE_NOW is refused when NODE_ENV=production');
    }
    fakeNow = new Date(env.ONEWINDOW_FAKE_NOW);
    if (Number.isNaN(fakeNow.getTime())) {
      throw new AppError('CONFIG_INVALID', 500, `ONEWINDOW_FAKE_NOW is not an ISO instant: "${env.ONEWINDOW_FAKE_NOW}"`);
    }
  }
  const seedRaw = env.ONEWINDOW_SEED ?? (nodeEnv === 'production' ? 'none' : 'demo');
  if (seedRaw !== 'demo' && seedRaw !== 'none') {
    throw new AppError('CONFIG_INVALID', 500, `ONEWINDOW_SEED must be demo or none, got "${seedRaw}"`);
  }
  // A production start never seeds demo accounts, whatever ONEWINDOW_SEED says.
  const seed = nodeEnv === 'production' ? 'none' : seedRaw;
  return {
    env: nodeEnv,
    port,
    host: env.HOST ?? '0.0.0.0',
    dialect,
    databaseUrl,
    seed,
    fakeNow,
    regionCode: env.ONEWINDOW_REGION ?? '430582',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    sessionTtlHours: Number(env.ONEWINDOW_SESSION_TTL_HOURS ?? 12),
    secureCookies: env.ONEWINDOW_SECURE_COOKIES === '1' || env.ONEWINDOW_SECURE_COOKIES === 'true',
    jobs: env.ONEWINDOW_JOBS !== '0',
    bodyLimitBytes: LIMITS.bodyBytes,
    pgSchema,
    sqliteSynchronous: sync,
    backup: {
      dir: env.ONEWINDOW_BACKUP_DIR ? path.resolve(env.ONEWINDOW_BACKUP_DIR) : null,
      everyHours: positive('ONEWINDOW_BACKUP_EVERY_HOURS', 24),
      keep: Math.floor(positive('ONEWINDOW_BACKUP_KEEP', 7)),
    },
    metricsToken: env.ONEWINDOW_METRICS_TOKEN && env.ONEWINDOW_METRICS_TOKEN.length > 0 ? env.ONEWINDOW_METRICS_TOKEN : null,
    shutdownTimeoutMs: positive('ONEWINDOW_SHUTDOWN_TIMEOUT_MS', 25_000),
    readReplica: readReplicaConfig(env, dialect, pgSchema, positive),
    pgPrepared: onOff(env, 'ONEWINDOW_PG_PREPARED', true),
  };
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new AppError('CONFIG_INVALID', 500, `${name} must be on or off, got "${env[name]}"`);
}

function readReplicaConfig(env: Env, dialect: Dialect, pgSchema: string | null, positive: (name: string, fallback: number) => number): Config['readReplica'] {
  const raw = env.DATABASE_READ_URL;
  if (!raw || raw.trim() === '') return null;
  const parsed = parseDatabaseUrl(raw);
  if (parsed.dialect !== 'postgres' || dialect !== 'postgres') {
    throw new AppError('CONFIG_INVALID', 500, 'DATABASE_READ_URL must be a postgres:// URL, and DATABASE_URL a PostgreSQL primary');
  }
  return {
    url: parsed.databaseUrl,
    // The replica is a copy of the primary: the same schema unless the URL names one.
    schema: parsed.schema ?? pgSchema,
    maxLagSeconds: positive('ONEWINDOW_REPLICA_MAX_LAG_SECONDS', 10),
    probeMs: positive('ONEWINDOW_REPLICA_PROBE_MS', 2_000),
  };
}
