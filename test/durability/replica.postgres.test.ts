/**
 * The read replica and the failover drill (docs/scaling.md) on real clusters: the test starts its own
 * PostgreSQL primary and a hot standby made by pg_basebackup (free ports, its own temp folder, as the
 * `postgres` user when run as root), runs the API against the pair, and finally loses the primary.
 *
 * - A write on the primary becomes visible through a replica-routed read (the case list, statistics).
 * - A replica that lags beyond ONEWINDOW_REPLICA_MAX_LAG_SECONDS, or is down, is left aside: reads go to
 *   the primary (they see the newest writes) and /metrics says so; it is used again once it is back.
 * - Failover: with synchronous_standby_names and synchronous_commit = remote_apply, cases written through
 *   the app, the primary stopped like a crash (pg_ctl stop -m immediate), the standby promoted: every
 *   acknowledged case is there, and an app pointed at the promoted server reads and writes.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { orgModule } from '../../src/modules/org';
import { casesModule } from '../../src/modules/cases';
import { statsModule } from '../../src/modules/stats';
import { at, fakeCatalogModule, idNo, personApplicant } from '../fixtures';
import { Cluster, clustersPossible, initPrimary, initStandby, makeClusterRoot, until } from './pg-cluster';

const modules = [orgModule, fakeCatalogModule, casesModule, statsModule] as const;
type App = BuiltApp<object>;
const NOW = at('2026-09-24');
const possible = clustersPossible();

async function startApp(env: Record<string, string>, seed: boolean): Promise<App> {
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', LOG_LEVEL: 'silent', ...env });
  const built = (await buildApp({ config, clock: new FixedClock(NOW), modules, serveWeb: false })) as unknown as App;
  if (seed) for (const m of built.modules) await m.seed?.(built.ctx, { kind: 'demo' });
  return built;
}

async function login(app: App, username: string): Promise<string> {
  const r = await app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  return r.json().token as string;
}

/** /metrics as a map from `name{labels}` to value. */
async function metrics(app: App, token: string): Promise<Map<string, number>> {
  const r = await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(200);
  const m = new Map<string, number>();
  for (const line of r.body.split('\n')) {
    if (!line.startsWith('onewindow_replica')) continue;
    const i = line.lastIndexOf(' ');
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

const READS = (target: string, reason: string) => `onewindow_replica_reads_total{target="${target}",reason="${reason}"}`;

let seq = 0;
async function submitCase(app: App, token: string): Promise<string | null> {
  const n = seq++;
  const r = await app.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${token}` },
    payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant({ name: `副本${n}`, idNumber: idNo(`4305821990${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`) }) },
  });
  return r.statusCode === 201 ? (r.json().caseNo as string) : null;
}

async function listed(app: App, token: string, caseNo: string): Promise<boolean> {
  const r = await app.app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(caseNo)}&pageSize=50`, headers: { authorization: `Bearer ${token}` } });
  if (r.statusCode !== 200) throw new Error(`list: ${r.statusCode} ${r.body}`);
  return (r.json().items as Array<{ caseNo: string }>).some((c) => c.caseNo === caseNo);
}

if (!possible && process.env.ONEWINDOW_REQUIRE_POSTGRES === '1') {
  describe('read replica and failover on real clusters', () => {
    it('needs PostgreSQL server binaries (initdb, pg_basebackup under /usr/lib/postgresql/*/bin)', () => {
      throw new Error('ONEWINDOW_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries were found: apt-get install postgresql');
    });
  });
}

describe.skipIf(!possible)('read replica and failover on real clusters', () => {
  let root = '';
  let primary: Cluster;
  let standby: Cluster;
  let app: App | null = null;
  let promotedApp: App | null = null;
  let clerk = '';
  let admin = '';

  beforeAll(async () => {
    root = makeClusterRoot('onewindow-replica-');
    primary = await initPrimary(root);
    standby = await initStandby(root, primary);
    await until('the standby streaming', async () => (await primary.query(`select 1 from pg_stat_replication where application_name = 'standby' and state = 'streaming'`)).length === 1);
    app = await startApp({ DATABASE_URL: primary.url, DATABASE_READ_URL: standby.url, ONEWINDOW_REPLICA_MAX_LAG_SECONDS: '3', ONEWINDOW_REPLICA_PROBE_MS: '200' }, true);
    clerk = await login(app, 'clerk');
    admin = await login(app, 'admin');
  }, 600_000);

  afterAll(async () => {
    await promotedApp?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    for (const c of [standby, primary]) {
      if (!c) continue;
      await c.stop('immediate').catch(() => c.kill());
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  }, 300_000);

  it('a write on the primary is read back through the replica; writes and read-your-own-write stay on the primary', async () => {
    const a = app!;
    await until('the replica in use', async () => (await metrics(a, admin)).get('onewindow_replica_in_use') === 1);
    const before = (await metrics(a, admin)).get(READS('replica', 'healthy'))!;
    const caseNo = (await submitCase(a, clerk))!;
    expect(caseNo).toBeTruthy();
    // The detail right after the write is not replica-routed: it is there at once.
    expect((await a.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNo}`, headers: { authorization: `Bearer ${clerk}` } })).statusCode).toBe(200);
    await until('the new case in the replica-routed list', () => listed(a, clerk, caseNo));
    const summary = await a.app.inject({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-09-24', headers: { authorization: `Bearer ${admin}` } });
    expect(summary.statusCode).toBe(200);
    const m = await metrics(a, admin);
    expect(m.get(READS('replica', 'healthy'))!).toBeGreaterThan(before);
    expect(m.get('onewindow_replica_up')).toBe(1);
    expect(Number.isFinite(m.get('onewindow_replica_lag_seconds'))).toBe(true);
    // ctx.readDb: an explicit replica read.
    const n = m.get(READS('replica', 'healthy'))!;
    const users = await a.ctx.readDb.selectFrom('kernel_users').select('id').execute();
    expect(users.length).toBeGreaterThan(0);
    expect((await metrics(a, admin)).get(READS('replica', 'healthy'))!).toBe(n + 1);
    // The standby really served them: it has run queries from the app's replica pool.
    const served = await standby.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`);
    expect(served[0].n).toBeGreaterThan(0);
  }, 300_000);

  it('a replica that lags beyond the limit is left aside: reads go to the primary and see the newest write', async () => {
    const a = app!;
    await standby.query('select pg_wal_replay_pause()');
    try {
      const caseNo = (await submitCase(a, clerk))!;
      expect(caseNo).toBeTruthy();
      const m = await until('the lag noticed', async () => {
        const x = await metrics(a, admin);
        return x.get('onewindow_replica_in_use') === 0 ? x : null;
      });
      expect(m.get('onewindow_replica_up')).toBe(1);
      expect(m.get('onewindow_replica_lag_seconds')!).toBeGreaterThan(3);
      expect(m.get('onewindow_replica_lag_bytes')!).toBeGreaterThan(0);
      // The paused standby does not have the case; the list shows it, so it came from the primary.
      expect((await standby.query(`select 1 from cases_cases where case_no = $1`, [caseNo])).length).toBe(0);
      const lagBefore = m.get(READS('primary', 'lag'))!;
      expect(await listed(a, clerk, caseNo)).toBe(true);
      expect((await metrics(a, admin)).get(READS('primary', 'lag'))!).toBeGreaterThan(lagBefore);
    } finally {
      await standby.query('select pg_wal_replay_resume()');
    }
    await until('the replica in use again', async () => (await metrics(a, admin)).get('onewindow_replica_in_use') === 1);
  }, 300_000);

  it('a replica that is down: reads fall back to the primary, /metrics says so, and it is used again when back', async () => {
    const a = app!;
    await standby.stop('fast');
    let back = false;
    try {
      // Asked before the probe noticed or after: the answer comes from the primary either way.
      const caseNo = (await submitCase(a, clerk))!;
      expect(await listed(a, clerk, caseNo)).toBe(true);
      // Marked down by whichever notices first: a routed query that failed, or the probe. The probe's own
      // failure count comes with its next round (it runs every probeMs), so wait for both.
      const m = await until('the replica reported down by the probe', async () => {
        const x = await metrics(a, admin);
        return x.get('onewindow_replica_up') === 0 && x.get('onewindow_replica_probe_failures_total')! > 0 ? x : null;
      });
      expect(m.get('onewindow_replica_in_use')).toBe(0);
      const downBefore = m.get(READS('primary', 'down'))!;
      const summary = await a.app.inject({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-09-24', headers: { authorization: `Bearer ${admin}` } });
      expect(summary.statusCode).toBe(200);
      expect(await listed(a, clerk, caseNo)).toBe(true);
      expect((await metrics(a, admin)).get(READS('primary', 'down'))!).toBeGreaterThan(downBefore);

      await standby.start();
      back = true;
      await until('the replica back in use', async () => (await metrics(a, admin)).get('onewindow_replica_in_use') === 1);
      await until('the case in the replica-routed list', () => listed(a, clerk, caseNo));
    } finally {
      // a failure above must not leave the standby down for the failover drill that follows
      if (!back) await standby.start().catch(() => undefined);
    }
  }, 300_000);

  it('failover drill: with remote_apply nothing acknowledged is lost when the primary dies and the standby is promoted', async () => {
    const a = app!;
    await primary.query(`alter system set synchronous_standby_names = 'standby'`);
    await primary.query(`alter system set synchronous_commit = 'remote_apply'`);
    await primary.query('select pg_reload_conf()');
    await until('the standby synchronous', async () => (await primary.query(`select 1 from pg_stat_replication where application_name = 'standby' and sync_state = 'sync'`)).length === 1);
    // The app's own sessions commit with remote_apply (a reload reaches open sessions).
    await until('remote_apply in the app', async () => {
      const r = await a.ctx.db.selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('synchronous_commit')]).as('s')).executeTakeFirstOrThrow();
      return r.s === 'remote_apply';
    });

    const acked: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let k = 0; k < 8; k++) {
          const caseNo = await submitCase(a, clerk);
          if (caseNo) acked.push(caseNo);
        }
      }),
    );
    expect(acked.length).toBe(48);
    // Like a crash: no shutdown checkpoint, nothing more sent to the standby.
    await primary.stop('immediate');
    await standby.promote();
    await until('the standby promoted', async () => (await standby.query<{ r: boolean }>('select pg_is_in_recovery() as r'))[0].r === false);
    const have = await standby.query<{ case_no: string }>('select case_no from cases_cases where case_no = any($1)', [acked]);
    expect(have.length).toBe(acked.length);

    // Repoint DATABASE_URL at the promoted server: the app reads and writes there.
    promotedApp = await startApp({ DATABASE_URL: standby.url }, false);
    const token = await login(promotedApp, 'clerk');
    const one = await promotedApp.app.inject({ method: 'GET', url: `/api/v1/cases/${acked[acked.length - 1]}`, headers: { authorization: `Bearer ${token}` } });
    expect(one.statusCode).toBe(200);
    const again = await submitCase(promotedApp, token);
    expect(again).toBeTruthy();
    expect(acked).not.toContain(again);
  }, 300_000);
});
