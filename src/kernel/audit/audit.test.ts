import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dialects } from '../../../test/harness';
import { FixedClock } from '../clock';
import { openDb, type OpenedDb } from '../db/db';
import { migrateToLatest } from '../db/migrator';
import { kernelMigrations } from '../kernel.migrations';
import { systemActor } from '../auth/actor';
import { auditHash, recordAudit, recordAudits, reserveAudits, verifyAuditChain, writeReservedAudits } from './audit';
import { nextSequence } from '../db/db';
import { setInstallationRegion } from '../region';
import type { Dialect } from '../config';

const GENESIS = '0'.repeat(64);
const clock = new FixedClock('2026-09-30T09:00:00+08:00');
const actor = systemActor('test');
const upTo = (last: string) => Object.fromEntries(Object.entries(kernelMigrations).filter(([name]) => name <= last));

interface Fresh {
  opened: OpenedDb;
  /** SQLite file or PostgreSQL URL with ?schema= (for the CLI). */
  url: string;
  close(): Promise<void>;
}

async function fresh(dialect: Dialect): Promise<Fresh> {
  if (dialect === 'postgres') {
    const url = inject('pgUrl')!;
    const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const opened = openDb({ dialect: 'postgres', url, schema, poolSize: 8 });
    return {
      opened,
      url: `${url}?schema=${schema}`,
      async close() {
        await opened.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-chains-'));
  const file = path.join(dir, 'a.db');
  const opened = openDb({ dialect: 'sqlite', url: file });
  return {
    opened,
    url: `file:${file}`,
    async close() {
      await opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropUpdateGuard(f: Fresh, dialect: Dialect) {
  if (dialect === 'postgres') await sql`alter table kernel_audit_log disable trigger kernel_audit_log_no_update`.execute(f.opened.db);
  else await sql`drop trigger kernel_audit_log_no_update`.execute(f.opened.db);
}

/** Appends `n` rows to `region`'s chain, each in its own transaction, all at once. */
async function appendConcurrently(f: Fresh, region: string, n: number) {
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      f.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.write', subjectType: 'case', subjectId: `${region}-${i}`, after: { i }, region })),
    ),
  );
}

const CLI = [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('src/cli.ts')];
const verifyCli = (url: string, ...args: string[]) =>
  spawnSync(process.execPath, [...CLI, 'verify-audit', ...args], { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url }, encoding: 'utf8' });

describe.each(dialects)('per-region audit chains on %s', (dialect) => {
  let f: Fresh | null = null;
  afterEach(async () => {
    await f?.close();
    f = null;
    setInstallationRegion('430582');
  });

  it('keeps one chain per region under concurrent appends, each verifiable on its own', async () => {
    f = await fresh(dialect);
    await migrateToLatest(f.opened.db, kernelMigrations);
    await Promise.all([appendConcurrently(f, '430582', 30), appendConcurrently(f, '430581', 30), appendConcurrently(f, '430581102000', 10)]);
    // No region: the installation's chain.
    setInstallationRegion('430502');
    await f.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.config', subjectType: 'setting', subjectId: 'x' }));
    const all = await verifyAuditChain(f.opened.db);
    expect(all.ok).toBe(true);
    expect(all.checked).toBe(71);
    expect(all.chains.map((c) => [c.chain, c.checked])).toEqual([
      ['legacy', 0],
      ['430502', 1],
      ['430581', 40],
      ['430582', 30],
    ]);
    const one = await verifyAuditChain(f.opened.db, { region: '430581' });
    expect(one).toMatchObject({ ok: true, checked: 40 });
    expect(await verifyAuditChain(f.opened.db, { region: '430599' })).toMatchObject({ ok: false, reason: 'no audit chain for region 430599' });
  });

  it('writes a batch of rows over several chains exactly as one recordAudit after another would', async () => {
    f = await fresh(dialect);
    await migrateToLatest(f.opened.db, kernelMigrations);
    const entries = ['430582', '430581', '430582', null, '430581', '430582'].map((region, i) => ({ action: 'test.write', subjectType: 'case', subjectId: `b-${i}`, after: { i }, region }));
    // Chains that already have rows and one that starts in the batch.
    await f.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.first', subjectType: 'case', subjectId: 'a', region: '430582' }));
    await f.opened.db.transaction().execute((tx) => recordAudits(tx, clock, entries.map((entry) => ({ actor, entry }))));
    const batched = await f.opened.db.selectFrom('kernel_audit_log').select(['chain', 'chain_seq', 'subject_id', 'prev_hash', 'hash']).orderBy('chain').orderBy('chain_seq').execute();
    const g = await fresh(dialect);
    try {
      await migrateToLatest(g.opened.db, kernelMigrations);
      await g.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.first', subjectType: 'case', subjectId: 'a', region: '430582' }));
      for (const entry of entries) await g.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, entry));
      const single = await g.opened.db.selectFrom('kernel_audit_log').select(['chain', 'chain_seq', 'subject_id', 'prev_hash', 'hash']).orderBy('chain').orderBy('chain_seq').execute();
      expect(batched).toEqual(single);
      expect(await g.opened.db.selectFrom('kernel_audit_chains').selectAll().orderBy('chain').execute()).toEqual(await f.opened.db.selectFrom('kernel_audit_chains').selectAll().orderBy('chain').execute());
    } finally {
      await g.close();
    }
    const all = await verifyAuditChain(f.opened.db);
    expect(all).toMatchObject({ ok: true, checked: 7 });
  });

  it('takes counters\' number blocks with the audit positions, and the reserved rows chain as recordAudit\'s would', async () => {
    f = await fresh(dialect);
    await migrateToLatest(f.opened.db, kernelMigrations);
    await f.opened.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.first', subjectType: 'case', subjectId: 'a', region: '430582' }));
    await f.opened.db.transaction().execute(async (tx) => {
      await nextSequence(tx, 'case:20260930');
      await nextSequence(tx, 'case:20260930');
    });
    const regions = ['430582', '430581', '430582'];
    const { blocks } = await f.opened.db.transaction().execute(async (tx) => {
      const r = await reserveAudits(tx, regions, new Map([['case:20260930', 2], ['case:430581:20260930', 1]]));
      // Rows that do not fill the reservation would leave holes in the chains.
      await expect(writeReservedAudits(tx, clock, r.audit, [{ actor, entry: { action: 'x', subjectType: 'case', subjectId: 'x', region: '430582' } }])).rejects.toThrow(/do not fill/);
      await writeReservedAudits(
        tx,
        clock,
        r.audit,
        regions.map((region, i) => ({ actor, entry: { action: 'test.write', subjectType: 'case', subjectId: `r-${i}`, region } })),
      );
      return r;
    });
    // The first values of each block: the day's counter continues after 2, the other county's starts at 1.
    expect(Object.fromEntries(blocks)).toEqual({ 'case:20260930': 3, 'case:430581:20260930': 1 });
    const values = await f.opened.db.selectFrom('kernel_sequences').select(['name', 'value']).orderBy('name').execute();
    expect(values.map((v) => [v.name, Number(v.value)])).toEqual([
      ['case:20260930', 4],
      ['case:430581:20260930', 1],
    ]);
    const rows = await f.opened.db.selectFrom('kernel_audit_log').select(['chain', 'chain_seq', 'subject_id']).orderBy('chain').orderBy('chain_seq').execute();
    expect(rows.map((r) => [r.chain, Number(r.chain_seq), r.subject_id])).toEqual([
      ['430581', 1, 'r-1'],
      ['430582', 1, 'a'],
      ['430582', 2, 'r-0'],
      ['430582', 3, 'r-2'],
    ]);
    expect(await verifyAuditChain(f.opened.db)).toMatchObject({ ok: true, checked: 4 });
  });

  it('finds a tampered row in its own region chain only; verify-audit --region checks one chain', async () => {
    f = await fresh(dialect);
    await migrateToLatest(f.opened.db, kernelMigrations);
    await appendConcurrently(f, '430582', 12);
    await appendConcurrently(f, '430581', 12);
    await dropUpdateGuard(f, dialect);
    await sql`update kernel_audit_log set actor_name = 'mallory' where chain = '430581' and chain_seq = 7`.execute(f.opened.db);
    const all = await verifyAuditChain(f.opened.db);
    expect(all).toMatchObject({ ok: false, brokenChain: '430581', firstBrokenSeq: 7 });
    expect(all.chains.find((c) => c.chain === '430582')).toMatchObject({ ok: true, checked: 12 });
    expect(all.chains.find((c) => c.chain === '430581')).toMatchObject({ ok: false, checked: 6, reason: 'row 7 was altered (hash mismatch)' });

    const good = verifyCli(f.url, '--region', '430582');
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/chain 430582: 12 rows intact/);
    expect(good.stdout).toMatch(/audit chain intact: 12 rows in 1 chain\b/);
    const bad = verifyCli(f.url);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/chain 430582: 12 rows intact/);
    expect(bad.stderr).toMatch(/chain 430581: BROKEN at row 7/);
    const badOne = verifyCli(f.url, '--region', '430581');
    expect(badOne.status).toBe(1);
    // A deleted tail is caught by the region's head row.
    if (dialect === 'postgres') await sql`alter table kernel_audit_log disable trigger kernel_audit_log_no_update`.execute(f.opened.db);
    else await sql`drop trigger kernel_audit_log_no_delete`.execute(f.opened.db);
    await sql`delete from kernel_audit_log where chain = '430582' and chain_seq = 12`.execute(f.opened.db);
    expect(await verifyAuditChain(f.opened.db, { region: '430582' })).toMatchObject({ ok: false, reason: 'chain ends at 11 but the head says 12 (rows deleted?)' });
  }, 60_000);

  it('keeps a single chain written before the split verifiable as the legacy chain beside the new ones', async () => {
    f = await fresh(dialect);
    await migrateToLatest(f.opened.db, upTo('0003_kernel_rate_limits'));
    // Rows as the single-chain code wrote them: seq from the one head row, hashed with the old rule.
    let prev = GENESIS;
    for (let seq = 1; seq <= 25; seq++) {
      const row = { seq, at: clock.now().toISOString(), actor_id: null, actor_name: 'old', ip: null, action: 'old.write', subject_type: 'case', subject_id: String(seq), before_json: null, after_json: JSON.stringify({ seq }) };
      const hash = auditHash(prev, row);
      await f.opened.db.insertInto('kernel_audit_log').values({ ...row, prev_hash: prev, hash }).execute();
      await f.opened.db.updateTable('kernel_audit_head').set({ seq, hash }).where('id', '=', 1).execute();
      prev = hash;
    }
    await migrateToLatest(f.opened.db, kernelMigrations);
    await Promise.all([appendConcurrently(f, '430582', 10), appendConcurrently(f, '430581', 10)]);
    const all = await verifyAuditChain(f.opened.db);
    expect(all.ok, all.reason).toBe(true);
    expect(all.chains.map((c) => [c.chain, c.checked])).toEqual([
      ['legacy', 25],
      ['430581', 10],
      ['430582', 10],
    ]);
    // The table-wide seq continues after the legacy rows.
    const max = await f.opened.db.selectFrom('kernel_audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    expect(Number(max.m)).toBe(45);
    await dropUpdateGuard(f, dialect);
    await sql`update kernel_audit_log set after_json = '{}' where seq = 9`.execute(f.opened.db);
    const broken = await verifyAuditChain(f.opened.db);
    expect(broken).toMatchObject({ ok: false, brokenChain: 'legacy', firstBrokenSeq: 9 });
    expect(broken.chains.filter((c) => c.ok).map((c) => c.chain)).toEqual(['430581', '430582']);
  });
});
