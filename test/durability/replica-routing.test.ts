/**
 * Which reads the replica router sends where, on the run's PostgreSQL server without a second cluster: the
 * "replica" is the same server through a second pool (not in recovery, so never behind), which is enough to
 * see the routing decisions in the counts. The real standby, lag and failover: replica.postgres.test.ts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb, type OpenedDb } from '../../src/kernel/db/db';
import { primaryReads, replicaReads } from '../../src/kernel/db/read-replica';
import { orgModule } from '../../src/modules/org';
import { casesModule } from '../../src/modules/cases';
import { statsModule } from '../../src/modules/stats';
import { PERSON_ID, at, fakeCatalogModule, personApplicant } from '../fixtures';

const pgUrl = inject('pgUrl');
const modules = [orgModule, fakeCatalogModule, casesModule, statsModule] as const;

describe.skipIf(!pgUrl)('read routing between the primary and a replica', () => {
  const schema = `rr_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let opened: OpenedDb;
  let built: BuiltApp<object>;
  let clerk = '';
  let admin = '';

  const replicaCount = () => opened.replica!.routed.replica;
  const get = (url: string, token: string) => built.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    // A probe period far beyond the test: the state is what the probes the test calls (and markDown) set.
    opened = openDb({ dialect: 'postgres', url: pgUrl!, schema, poolSize: 3, replica: { url: pgUrl!, schema, maxLagSeconds: 5, probeMs: 600_000 } });
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: pgUrl!, LOG_LEVEL: 'silent' });
    built = (await buildApp({ config, clock: new FixedClock(at('2026-09-24')), opened, modules, serveWeb: false })) as unknown as BuiltApp<object>;
    for (const m of built.modules) await m.seed?.(built.ctx, { kind: 'demo' });
    await opened.replica!.probe();
    const login = async (username: string) => (await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } })).json().token as string;
    clerk = await login('clerk');
    admin = await login('admin');
  }, 120_000);

  afterAll(async () => {
    await built?.close();
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('declared routes read from the replica; writes, undeclared routes and transactions from the primary', async () => {
    expect(opened.replica!.route()).toBe('replica');
    let n = replicaCount();
    const created = await built.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${clerk}` },
      payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant() },
    });
    expect(created.statusCode).toBe(201);
    const caseNo = created.json().caseNo as string;
    expect(replicaCount()).toBe(n);
    expect((await get(`/api/v1/cases/${caseNo}`, clerk)).statusCode).toBe(200);
    expect(replicaCount()).toBe(n);

    for (const url of ['/api/v1/cases', '/api/v1/stats/summary?from=2026-01-01&to=2026-09-24', `/api/v1/public/progress?caseNo=${caseNo}&last4=${PERSON_ID.slice(-4)}`]) {
      const res = await get(url, url.includes('stats') ? admin : clerk);
      expect(res.statusCode, url).toBe(200);
      expect(replicaCount(), url).toBeGreaterThan(n);
      n = replicaCount();
    }

    const ctx = built.ctx as unknown as { db: OpenedDb['db']; readDb: OpenedDb['db'] };
    await ctx.db.selectFrom('kernel_users').select('id').execute();
    expect(replicaCount()).toBe(n);
    await ctx.readDb.selectFrom('kernel_users').select('id').execute();
    expect(replicaCount()).toBe(n + 1);
    await replicaReads(() => ctx.db.selectFrom('kernel_users').select('id').execute());
    expect(replicaCount()).toBe(n + 2);
    await replicaReads(() => ctx.db.transaction().execute((tx) => tx.selectFrom('kernel_users').select('id').execute()));
    await replicaReads(() => primaryReads(() => ctx.db.selectFrom('kernel_users').select('id').execute()));
    await replicaReads(() => sql`select id from kernel_users for update`.execute(ctx.db));
    expect(replicaCount()).toBe(n + 2);

    const metrics = (await get('/metrics', admin)).body;
    expect(metrics).toContain('onewindow_replica_up 1');
    expect(metrics).toContain('onewindow_replica_in_use 1');
    expect(metrics).toMatch(/onewindow_replica_reads_total\{target="replica",reason="healthy"\} [1-9]/);
  });

  it('a replica marked down: the same reads answer from the primary and are counted as fallbacks', async () => {
    opened.replica!.markDown(new Error('test'));
    const n = replicaCount();
    const down = opened.replica!.routed.down;
    expect((await get('/api/v1/cases', clerk)).statusCode).toBe(200);
    expect(replicaCount()).toBe(n);
    expect(opened.replica!.routed.down).toBeGreaterThan(down);
    expect((await get('/metrics', admin)).body).toContain('onewindow_replica_in_use 0');
    await opened.replica!.probe();
    expect(opened.replica!.route()).toBe('replica');
  });
});
