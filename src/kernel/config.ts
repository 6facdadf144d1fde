import path from 'node:path';
import { AppError } from './errors';

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
}

type Env = Record<string, string | undefined>;

export function parseDatabaseUrl(raw: string | undefined): { dialect: Dialect; databaseUrl: string } {
  if (!raw || raw.trim() === '') return { dialect: 'sqlite', databaseUrl: path.resolve('data', 'onewindow.db') };
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) return { dialect: 'postgres', databaseUrl: raw };
  if (raw === 'file::memory:' || raw === ':memory:') return { dialect: 'sqlite', databaseUrl: ':memory:' };
  if (raw.startsWith('file:')) return { dialect: 'sqlite', databaseUrl: path.resolve(raw.slice('file:'.length)) };
  throw new AppError('CONFIG_INVALID', 500, `DATABASE_URL must be file:… or postgres://…, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const { dialect, databaseUrl } = parseDatabaseUrl(env.DATABASE_URL);
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
    bodyLimitBytes: 1024 * 1024,
  };
}
