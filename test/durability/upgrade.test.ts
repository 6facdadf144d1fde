import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { allMigrations, buildApp, type BuiltApp } from '../../src/app';
import { loadConfig, type Dialect } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb, type OpenedDb } from '../../src/kernel/db/db';
import { buildMigrator } from '../../src/kernel/db/migrator';
import { auditHash, verifyAuditChain } from '../../src/kernel/audit/audit';
import { hashPassword } from '../../src/kernel/auth/password';
import { modules } from '../../src/modules';
import { dialects } from '../harness';

/**
 * Upgrades: migrations only go forward, and a database made by an older release keeps its rows, its
 * accounts and its audit chain when the new release migrates it. The oldest state is the first kernel
 * migration alone; the out-of-order case is a release that adds a module whose block sorts before one
 * already applied.
 */

const clock = new FixedClock('2026-09-30T09:00:00+08:00');

async function freshDb(dialect: Dialect): Promise<{ opened: OpenedDb; schema?: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const opened = openDb({ dialect: 'sqlite', url: ':memory:' });
    return { opened, drop: async () => undefined };
  }
  const url = inject('pgUrl')!;
  const schema = `upg_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  const opened = openDb({ dialect: 'postgres', url, schema, poolSize: 3 });
  return {
    opened,
    schema,
    async drop() {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
    },
  };
}

async function upgrade(dialect: Dialect, opened: OpenedDb): Promise<BuiltApp> {
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: dialect === 'sqlite' ? 'file::memory:' : inject('pgUrl')! });
  return buildApp({ config, clock, opened, serveWeb: false });
}

describe.each(dialects)('upgrades on %s', (dialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('migrates a database built at the first kernel migration, keeping rows, accounts and the audit chain', async () => {
    const { opened, schema, drop } = await freshDb(dialect);
    const migrations = allMigrations(modules);
    const first = Object.keys(migrations).sort()[0];
    expect(first).toBe('0001_kernel_base');
    const old = await buildMigrator(opened.db, migrations, schema).migrateTo(first);
    expect(old.error).toBeUndefined();

    // What the oldest release could hold: a department, an account, its session, audit rows, a notification.
    const db = opened.db;
    const dept = await db.insertInto('kernel_departments').values({ code: 'OLD-1', name: '旧部门', kind: 'department', sort: 0, hotline_unit: 0, active: 1 }).returning('id').executeTakeFirstOrThrow();
    const now = clock.now().toISOString();
    await db
      .insertInto('kernel_users')
      .values({ username: 'veteran', name: '老用户', password_hash: await hashPassword('Veteran-pass-2020'), roles: 'admin', department_id: dept.id, active: 1, is_demo: 0, created_at: now, password_changed_at: now })
      .execute();
    // Audit rows as the oldest release wrote them: one chain, seq from the single head row, the old hash rule.
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 5; seq++) {
      const row = { seq, at: now, actor_id: null, actor_name: 'old-release', ip: null, action: 'old.event', subject_type: 'department', subject_id: String(dept.id), before_json: null, after_json: JSON.stringify({ i: seq - 1 }) };
      const hash = auditHash(prev, row);
      await db.insertInto('kernel_audit_log').values({ ...row, prev_hash: prev, hash }).execute();
      await db.updateTable('kernel_audit_head').set({ seq, hash }).where('id', '=', 1).execute();
      prev = hash;
    }
    await db.insertInto('kernel_outbox').values({ created_at: now, channel: 'sms', recipient: 'x', template: 't', payload_json: '{}', status: 'pending', attempts: 0 }).execute();

    const built = await upgrade(dialect, opened);
    cleanups.push(async () => {
      await built.close();
      await drop();
    });
    const applied = await built.opened.db.selectFrom('kernel_migrations').select('name').execute();
    expect(applied.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());

    expect(await built.opened.db.selectFrom('kernel_departments').select('name').where('code', '=', 'OLD-1').executeTakeFirst()).toEqual({ name: '旧部门' });
    const login = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'veteran', password: 'Veteran-pass-2020' } });
    expect(login.statusCode).toBe(200);
    expect(Number((await built.opened.db.selectFrom('kernel_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
    // The old rows stay one verifiable legacy chain; the new release's rows go to the region's chain.
    const chain = await verifyAuditChain(built.opened.db);
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBe(6); // 5 old rows + the login
    expect(chain.chains.map((c) => [c.chain, c.checked])).toEqual([
      ['legacy', 5],
      ['430582', 1],
    ]);
    // Forward only: running the migrations again changes nothing.
    const again = await buildMigrator(built.opened.db, migrations, schema).migrateToLatest();
    expect(again.results).toEqual([]);
  }, 120_000);

  it('applies a module added by a later release even when its block sorts before one already applied', async () => {
    const { opened, schema, drop } = await freshDb(dialect);
    const all = allMigrations(modules);
    // The release before: every module but the one whose block is second to last (e.g. evaluations 0400
    // shipped after hotline 0500 went live). Removing a late block keeps earlier blocks' dependencies whole.
    const firstName = (m: (typeof modules)[number]) => Object.keys(m.migrations ?? {}).sort()[0];
    const withMigrations = modules.filter((m) => Object.keys(m.migrations ?? {}).length > 0).sort((a, b) => firstName(a).localeCompare(firstName(b)));
    expect(withMigrations.length).toBeGreaterThanOrEqual(2);
    const late = withMigrations[withMigrations.length - 2];
    const lateNames = new Set(Object.keys(late.migrations ?? {}));
    const earlier = Object.fromEntries(Object.entries(all).filter(([n]) => !lateNames.has(n)));
    const before = await buildMigrator(opened.db, earlier, schema).migrateToLatest();
    expect(before.error).toBeUndefined();
    const laterBlocks = Object.keys(earlier).filter((n) => n > [...lateNames].sort()[0]);
    expect(laterBlocks.length, `some applied migration sorts after ${late.name}'s`).toBeGreaterThan(0);

    const built = await upgrade(dialect, opened);
    cleanups.push(async () => {
      await built.close();
      await drop();
    });
    const applied = new Set((await built.opened.db.selectFrom('kernel_migrations').select('name').execute()).map((r) => r.name));
    for (const n of lateNames) expect(applied.has(n), n).toBe(true);
    expect((await sql`select 1 as one`.execute(built.opened.db)).rows).toHaveLength(1);
  }, 120_000);
});
