import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dialect } from '../../src/kernel/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { departmentWriter, disposeBundle, driveLoad, loginToken, runCli, startServer, useBundle, waitHealthy, type Server } from './server';
import { intakeWriter } from './intake';

/**
 * Nothing acknowledged is lost, backups restore, shutdown is graceful — against the real server process
 * on each dialect. One database per dialect goes through the whole story, sharing servers between steps
 * to keep the suite fast:
 *   1. serve, drive concurrent writes, SIGKILL mid-load, serve again: every write answered 2xx is there;
 *   2. `onewindow verify-audit` passes on the crashed-and-restarted database;
 *   3. `onewindow backup` while the server serves (and writes), `onewindow restore` into an empty
 *      database (a non-empty one is refused): same row counts, intact audit chain;
 *   4. SIGTERM with requests in flight: they complete with 200 and the process exits 0.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-durability-'));
const servers: Server[] = [];
const track = (s: Server) => (servers.push(s), s);

beforeAll(async () => {
  await useBundle();
});

afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  disposeBundle();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function sqliteCounts(file: string): Promise<Record<string, number>> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function pgCounts(url: string, schema: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query(`select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`, [schema]);
    const out: Record<string, number> = {};
    for (const r of tables.rows) out[r.table_name] = (await c.query(`select count(*)::int as n from "${schema}"."${r.table_name}"`)).rows[0].n;
    return out;
  } finally {
    await c.end();
  }
}

// Job leases appear when a job first runs (any moment): not data a backup comparison can pin down.
const withoutLeases = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([k]) => k !== 'kernel_job_leases'));

/** The whole story on one dialect; one test file per dialect so the two run in parallel. */
export function durabilitySuite(dialect: Dialect) {
  describe(`durability on ${dialect}`, () => {
    const pgUrl = inject('pgUrl');
    const schema = `dur_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const restoreDbName = `ow_restore_${randomBytes(4).toString('hex')}`;
    const dbFile = path.join(tmp, `${dialect}.db`);
    const env: Record<string, string> =
      dialect === 'sqlite' ? { DATABASE_URL: `file:${dbFile}` } : { DATABASE_URL: `${pgUrl}?schema=${schema}` };
    let server: Server;
    let acked: string[] = [];
    const writer = intakeWriter() ?? departmentWriter;

    beforeAll(async () => {
      server = track(startServer({ ...env, ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00' }));
      // The first start seeds the whole demo county (every module): minutes on a busy 2-core CI machine.
      await waitHealthy(server, 280_000);
    }, 300_000);

    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill('SIGKILL');
      if (dialect === 'postgres' && pgUrl) {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.query(`drop database if exists ${restoreDbName}`);
        await c.end();
      }
    });

    it(`keeps every ${writer.name} write answered 2xx through a SIGKILL mid-load`, async () => {
      const token = await loginToken(server, writer.name === 'cases' ? 'clerk' : 'admin');
      const started = Date.now();
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        server.child.kill('SIGKILL');
      };
      // Kill after enough acknowledged writes for the test to mean something, with 8 clients mid-request.
      const load = driveLoad(server, token, writer, { clients: 8, onAck: (n) => n >= 150 && kill() });
      const watchdog = setTimeout(kill, 20_000);
      const result = await load;
      clearTimeout(watchdog);
      const { signal } = await server.exited;
      expect(signal).toBe('SIGKILL');
      expect(result.errors).toBeGreaterThan(0); // some requests were cut off by the kill
      acked = result.acked;
      expect(acked.length).toBeGreaterThanOrEqual(150);

      // info level: the shutdown step below reads "incoming request" lines to know its requests arrived.
      server = track(startServer({ ...env, ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00', LOG_LEVEL: 'info' }));
      await waitHealthy(server);
      const missing = await writer.missing(server, await loginToken(server, 'admin'), acked);
      expect(missing, `acknowledged before the kill (${acked.length} in ${Date.now() - started} ms) but gone after restart`).toEqual([]);
    }, 180_000);

    it('passes verify-audit after the crash and restart', () => {
      const r = runCli(['verify-audit'], env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/audit chain intact: \d+ rows/);
      expect(Number(/intact: (\d+)/.exec(r.stdout)![1])).toBeGreaterThan(acked.length);
    });

    it('backs up while serving and restores into an empty database only', async () => {
      const token = await loginToken(server, 'admin');
      // An online backup: writes keep arriving while it runs.
      let stop = false;
      const load = driveLoad(server, token, departmentWriter, { clients: 2, stop: () => stop });
      const online = runCli(['backup', path.join(tmp, `${dialect}-online.backup`)], env);
      stop = true;
      const during = await load;
      expect(online.status, online.stderr).toBe(0);
      expect(during.acked.length).toBeGreaterThan(0);

      // A quiet backup to compare against the live database.
      const file = path.join(tmp, `${dialect}.backup`);
      const backup = runCli(['backup', file], env);
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/backup written/);
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      const live = withoutLeases(dialect === 'sqlite' ? await sqliteCounts(dbFile) : await pgCounts(pgUrl!, schema));
      expect(runCli(['backup', file], env).status).toBe(1); // never overwrites a file

      // The live database is not empty: restore refuses it.
      const refused = runCli(['restore', file], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/not empty/);

      let restoredEnv: Record<string, string>;
      if (dialect === 'sqlite') {
        restoredEnv = { DATABASE_URL: `file:${path.join(tmp, 'restored.db')}` };
      } else {
        const c = new pg.Client({ connectionString: pgUrl! });
        await c.connect();
        await c.query(`create database ${restoreDbName}`);
        await c.end();
        restoredEnv = { DATABASE_URL: `${pgUrl!.replace(/\/[^/]*$/, `/${restoreDbName}`)}?schema=${schema}` };
      }
      const restore = runCli(['restore', file], restoredEnv);
      expect(restore.status, restore.stderr).toBe(0);
      const restored = withoutLeases(
        dialect === 'sqlite' ? await sqliteCounts(path.join(tmp, 'restored.db')) : await pgCounts(restoredEnv.DATABASE_URL.replace(/\?.*$/, ''), schema),
      );
      expect(restored).toEqual(live);
      expect(restored.kernel_audit_log).toBeGreaterThan(acked.length);

      const verify = runCli(['verify-audit'], restoredEnv);
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toContain(`intact: ${live.kernel_audit_log} rows`);
      // Restoring twice is refused too: the target is no longer empty.
      expect(runCli(['restore', file], restoredEnv).status).toBe(1);
    }, 180_000);

    it('finishes requests in flight on SIGTERM, then exits 0', async () => {
      const arrivedLogins = () => server.output().split('\n').filter((l) => l.includes('incoming request') && l.includes('/api/v1/auth/login')).length;
      const before = arrivedLogins();
      // Logins are slow on purpose (scrypt, 32 MiB each, 4 at a time in libuv's pool).
      const inFlight = Array.from({ length: 12 }, () =>
        fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo1234' }) }).then(
          (r) => r.text().then(() => r.status),
          () => 0, // connection closed before the server read the request
        ),
      );
      // SIGTERM once the server has read them (a request still in the socket buffer is, to the server, not
      // yet a request: the load balancer's drain covers those in production).
      const t0 = Date.now();
      while (arrivedLogins() < before + 12 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
      const arrived = arrivedLogins() - before;
      expect(arrived).toBeGreaterThan(0);
      const termAt = Date.now();
      server.child.kill('SIGTERM');
      const statuses = await Promise.all(inFlight);
      // Every request the server had read is answered 200; one that had not is refused (503) or cut, never half-done.
      expect(statuses.filter((st) => st === 200).length).toBeGreaterThanOrEqual(arrived);
      expect(statuses.every((st) => st === 200 || st === 503 || st === 0), `statuses ${statuses}`).toBe(true);
      const { code } = await server.exited;
      expect(code).toBe(0);
      const out = server.output();
      expect(out).not.toMatch(/shutdown timed out/);
      // Some of the twelve were answered after the shutdown began: they really were in flight.
      const afterTerm = out.slice(out.indexOf('shutting down'));
      expect((afterTerm.match(/"statusCode":200/g) ?? []).length).toBeGreaterThan(0);
      expect(afterTerm).toContain('shutdown complete');
      // Not the 25 s timeout, not Fastify's 72 s keep-alive: the process ends once the work is done.
      expect(Date.now() - termAt).toBeLessThan(15_000);
    }, 90_000);
  });
}
