import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { listPartitions } from '../../kernel/db/partitions';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { openDb, type OpenedDb } from '../../kernel/db/db';
import { generateCommand } from './cli';
import { generate, type GenerateReport } from './generator';

/**
 * A tiny county-year (600 cases) written end to end: deterministic for a seed, on both dialects, the
 * report's totals being the rows written, one audit row per batch keeping the hash chain intact.
 */
const SEED = 11;
const pgUrl = inject('pgUrl');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-gen-'));
const pgSchema = `gen_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${pgSchema} cascade`);
    await c.end();
  }
});

const sqliteFile = (name: string) => path.join(dir, `${name}.db`);
const quietly = (databaseUrl: string) => generate({ scale: 'tiny', year: 2025, seed: SEED, databaseUrl, progress: false });
/** The report without its timings (which vary from run to run) and the dialect. */
const content = ({ seconds: _s, cpuSeconds: _c, dialect: _d, ...rest }: GenerateReport) => rest;

async function withDb<T>(opened: OpenedDb, f: (o: OpenedDb) => Promise<T>): Promise<T> {
  try {
    return await f(opened);
  } finally {
    await opened.close();
  }
}

/** What the written year looks like: every case number with its status, and the audit chain's verdict. */
const readBack = (opened: OpenedDb) =>
  withDb(opened, async ({ db }) => ({
    cases: (await db.selectFrom('cases_cases').select(['case_no', 'status']).orderBy('id').execute()).map((r) => `${r.case_no} ${r.status}`),
    audit: await verifyAuditChain(db),
    // Each 一件事 application carries the number of cases it opened (read by the KPI instead of the cases).
    bundles: {
      apps: Number((await db.selectFrom('cases_bundle_apps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      carried: Number((await db.selectFrom('cases_bundle_apps').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('case_count'), eb.lit(0)).as('n')).executeTakeFirstOrThrow()).n),
      opened: Number((await db.selectFrom('cases_cases').select((eb) => eb.fn.countAll<number>().as('n')).where('bundle_app_id', 'is not', null).executeTakeFirstOrThrow()).n),
    },
  }));

describe('generate --scale tiny', () => {
  let first: GenerateReport;

  it('writes the year on SQLite, its totals being the rows written, the audit chain intact', { timeout: 300_000 }, async () => {
    first = await quietly(`file:${sqliteFile('a')}`);
    expect(first.rows.cases_cases).toBe(first.cases);
    expect(first.rows.evaluations_evaluations).toBe(first.evaluations);
    expect(first.rows.evaluations_reviews).toBe(first.reviews);
    expect(first.rows.hotline_orders).toBe(first.orders);
    expect(first.rows.hotline_calls).toBe(first.calls);
    expect(first.rows.hotline_letters).toBe(first.letters);
    expect(first.rows.licenses_licenses).toBe(first.licenses);
    expect(first.rows.regulation_tasks).toBe(first.tasks);
    expect(first.licenses).toBeGreaterThan(0);
    expect(first.tasks).toBeGreaterThan(first.licenses);
    expect(first.cases).toBeGreaterThanOrEqual(600);
    expect(first.openCases).toBeGreaterThan(0);
    expect(first.reviews).toBeGreaterThan(0);
    expect(first.rollup).not.toBeNull();
    const back = await readBack(openDb({ dialect: 'sqlite', url: sqliteFile('a') }));
    expect(back.audit.ok, back.audit.reason).toBe(true);
    expect(back.bundles.apps).toBeGreaterThan(0);
    expect(back.bundles.carried).toBe(back.bundles.opened);
    // The demo seed's own cases come first; the generated ones follow.
    expect(back.cases.length).toBeGreaterThanOrEqual(first.cases);
  });

  it('writes the same year again for the same seed', { timeout: 300_000 }, async () => {
    const again = await quietly(`file:${sqliteFile('b')}`);
    expect(content(again)).toEqual(content(first));
    const [a, b] = [await readBack(openDb({ dialect: 'sqlite', url: sqliteFile('a') })), await readBack(openDb({ dialect: 'sqlite', url: sqliteFile('b') }))];
    expect(b.cases).toEqual(a.cases);
  });

  it.skipIf(!pgUrl)('writes the same year on PostgreSQL', { timeout: 300_000 }, async () => {
    const report = await quietly(`${pgUrl}${pgUrl?.includes('?') ? '&' : '?'}schema=${pgSchema}`);
    expect(report.dialect).toBe('postgres');
    expect(content(report)).toEqual(content(first));
    const [onPg, onSqlite] = [await readBack(openDb({ dialect: 'postgres', url: pgUrl!, schema: pgSchema })), await readBack(openDb({ dialect: 'sqlite', url: sqliteFile('a') }))];
    expect(onPg.audit.ok, onPg.audit.reason).toBe(true);
    expect(onPg.cases).toEqual(onSqlite.cases);
    // The generated year's rows sit in their year's partitions, none in a DEFAULT partition.
    const parts = await withDb(openDb({ dialect: 'postgres', url: pgUrl!, schema: pgSchema }), ({ db }) => listPartitions(db));
    expect(parts.filter((p) => p.year === null && p.rows > 0).map((p) => p.partition)).toEqual([]);
    expect(parts.find((p) => p.partition === `evaluations_evaluations_y${report.year}`)?.rows).toBeGreaterThan(0);
  });
});

describe('onewindow generate', () => {
  it.each([[{ scale: 'huge', quiet: true }], [{ year: '1999', quiet: true }], [{ seed: 'x', quiet: true }]])('refuses %j with the usage and exit code 2', async (args) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await generateCommand(args)).toBe(2);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('usage: onewindow generate'));
    } finally {
      error.mockRestore();
    }
  });
});
