import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig, parseDatabaseUrl } from './config';
import { FixedClock, offsetClock, shanghaiDate, shanghaiIso } from './clock';

describe('config', () => {
  it('defaults to the embedded SQLite file under ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dialect: 'sqlite', seed: 'demo', fakeNow: null });
    expect(c.databaseUrl).toBe(path.resolve('data', 'onewindow.db'));
  });

  it.each([
    ['file:/tmp/x.db', 'sqlite', '/tmp/x.db'],
    ['postgres://u@h:5432/db', 'postgres', 'postgres://u@h:5432/db'],
    ['postgresql://u@h/db', 'postgres', 'postgresql://u@h/db'],
    ['file::memory:', 'sqlite', ':memory:'],
  ])('reads DATABASE_URL %s', (url, dialect, target) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect, databaseUrl: target });
  });

  it('refuses an unknown DATABASE_URL scheme', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/DATABASE_URL/);
  });

  it('never seeds demo accounts in production, whatever ONEWINDOW_SEED says', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).seed).toBe('none');
    expect(loadConfig({ NODE_ENV: 'production', ONEWINDOW_SEED: 'demo' }).seed).toBe('none');
    expect(loadConfig({ ONEWINDOW_SEED: 'none' }).seed).toBe('none');
  });

  it('starts the clock at ONEWINDOW_FAKE_NOW and refuses it in production', () => {
    const c = loadConfig({ ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00' });
    expect(c.fakeNow?.toISOString()).toBe('2026-09-30T01:00:00.000Z');
    expect(() => loadConfig({ NODE_ENV: 'production', ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00' })).toThrow(/refused/);
    expect(() => loadConfig({ ONEWINDOW_FAKE_NOW: 'yesterday' })).toThrow(/ISO/);
  });

  it('rejects a bad port', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });

  it.each([
    ['postgres://u@h:5432/db?schema=ow_prod', 'postgres://u@h:5432/db', 'ow_prod'],
    ['postgres://u@h:5432/db?sslmode=require&schema=s1', 'postgres://u@h:5432/db?sslmode=require', 's1'],
    ['postgres://u@h:5432/db?schema=s1&sslmode=require', 'postgres://u@h:5432/db?sslmode=require', 's1'],
  ])('takes the PostgreSQL schema from %s and hides it from libpq', (url, databaseUrl, schema) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgres', databaseUrl, schema });
    expect(loadConfig({ DATABASE_URL: url }).pgSchema).toBe(schema);
  });

  it('reads ONEWINDOW_PG_SCHEMA and refuses schema names that are not plain identifiers', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ONEWINDOW_PG_SCHEMA: 'ow' }).pgSchema).toBe('ow');
    expect(loadConfig({}).pgSchema).toBeNull();
    expect(() => loadConfig({ ONEWINDOW_PG_SCHEMA: 'x; drop table y' })).toThrow(/schema/);
    expect(() => parseDatabaseUrl('postgres://u@h/db?schema=Bad-Name')).toThrow(/schema/);
  });

  it('reads durability, backup, metrics and shutdown settings with safe defaults', () => {
    const d = loadConfig({});
    expect(d).toMatchObject({ sqliteSynchronous: 'FULL', backup: { dir: null, everyHours: 24, keep: 7 }, metricsToken: null, shutdownTimeoutMs: 25_000 });
    const c = loadConfig({ ONEWINDOW_SQLITE_SYNCHRONOUS: 'normal', ONEWINDOW_BACKUP_DIR: '/var/backups/ow', ONEWINDOW_BACKUP_EVERY_HOURS: '6', ONEWINDOW_BACKUP_KEEP: '14', ONEWINDOW_METRICS_TOKEN: 't0k' });
    expect(c).toMatchObject({ sqliteSynchronous: 'NORMAL', backup: { dir: '/var/backups/ow', everyHours: 6, keep: 14 }, metricsToken: 't0k' });
    expect(() => loadConfig({ ONEWINDOW_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SYNCHRONOUS/);
    expect(() => loadConfig({ ONEWINDOW_BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('prepares intake\'s locked-window statements on PostgreSQL unless ONEWINDOW_PG_PREPARED is off', () => {
    expect(loadConfig({}).pgPrepared).toBe(true);
    expect(loadConfig({ ONEWINDOW_PG_PREPARED: 'off' }).pgPrepared).toBe(false);
    expect(loadConfig({ ONEWINDOW_PG_PREPARED: 'ON' }).pgPrepared).toBe(true);
    expect(() => loadConfig({ ONEWINDOW_PG_PREPARED: 'sometimes' })).toThrow(/ONEWINDOW_PG_PREPARED must be on or off/);
  });
});

describe('read replica (DATABASE_READ_URL)', () => {
  it('is off by default, PostgreSQL only, with the primary\'s schema unless it names one', () => {
    expect(loadConfig({}).readReplica).toBeNull();
    const c = loadConfig({ DATABASE_URL: 'postgres://p@db1/ow?schema=county', DATABASE_READ_URL: 'postgres://p@db2/ow', ONEWINDOW_REPLICA_MAX_LAG_SECONDS: '3' });
    expect(c.readReplica).toEqual({ url: 'postgres://p@db2/ow', schema: 'county', maxLagSeconds: 3, probeMs: 2000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://p@db1/ow', DATABASE_READ_URL: 'postgres://p@db2/ow?schema=other' }).readReplica?.schema).toBe('other');
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://p@db2/ow' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://p@db1/ow', DATABASE_READ_URL: 'file:x.db' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://p@db1/ow', DATABASE_READ_URL: 'postgres://p@db2/ow', ONEWINDOW_REPLICA_PROBE_MS: '0' })).toThrow(/PROBE_MS/);
  });
});

describe('clock', () => {
  it('an offset clock starts at the given instant and runs on', () => {
    const base = new FixedClock('2030-01-01T00:00:00Z');
    const c = offsetClock(new Date('2026-09-30T01:00:00Z'), base);
    expect(c.now().toISOString()).toBe('2026-09-30T01:00:00.000Z');
    base.advance(90_000);
    expect(c.now().toISOString()).toBe('2026-09-30T01:01:30.000Z');
  });

  it('uses Shanghai calendar days', () => {
    expect(shanghaiDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(shanghaiIso(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01T00:30:00+08:00');
  });
});
