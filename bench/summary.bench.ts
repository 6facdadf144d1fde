/**
 * Shared fixture of bench/summary.bench.ts and bench/sweep.bench.ts: an app (org, test catalogue, cases,
 * supervision, stats) on a fresh SQLite file or PostgreSQL schema, and a fast bulk writer of case rows
 * (the columns the sweep and the KPIs read), so the benches measure reads, not the intake path.
 */
import fs from 'node:fs';
import { median, mulberry32, runWhenMain, type BenchResult } from './lib/types';
import { sql } from 'kysely';
import { CASE_KPI_ROLLUP_KEY as ROLLUP_SETTING_KEY } from '../src/modules/supervision';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../src/app';
import type { ServicesOf } from '../src/kernel/module';
import { loadConfig } from '../src/kernel/config';
import { FixedClock } from '../src/kernel/clock';
import { openDb, optimizeSqlite } from '../src/kernel/db/db';
import { orgModule } from '../src/modules/org';
import { casesModule } from '../src/modules/cases';
import { fakeCatalogModule } from '../src/modules/cases/cases.test-support';
import { supervisionModule } from '../src/modules/supervision';
import { statsModule } from '../src/modules/stats';

export const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const benchModules = [orgModule, fakeCatalogModule, casesModule, supervisionModule, statsModule] as const;

export interface Fixture {
  built: BuiltApp<ServicesOf<typeof benchModules>>;
  clock: FixedClock;
  insert(rows: CaseRowInput[]): Promise<void>;
  close(): Promise<void>;
}

export interface CaseRowInput {
  caseNo: string;
  departmentId: number;
  status: string;
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  completedOn: string | null;
  onTime: number | null;
  workdaysUsed: number | null;
  legalLimit: number;
}

const COLS = [
  'case_no', 'status', 'item_code', 'item_name', 'version_id', 'department_id', 'channel', 'applicant_type', 'applicant_name', 'applicant_id_number', 'applicant_last4',
  'submitted_at', 'submitted_on', 'intake_from', 'accepted_on', 'promised_limit', 'legal_limit', 'limit_unit', 'case_kind', 'extension_allowance', 'promised_due_date',
  'closed_on', 'completed_on', 'on_time', 'workdays_used', 'materials_json', 'updated_at',
] as const;

function values(r: CaseRowInput): unknown[] {
  return [
    r.caseNo, r.status, 'B-ITEM', '食品经营许可（新办）', 1, r.departmentId, 'window', 'person', '测试', '430582199003071234', '1234',
    `${r.submittedOn}T02:00:00.000Z`, r.submittedOn, r.submittedOn, r.acceptedOn, 5, r.legalLimit, 'workday', 'promised', 10, r.promisedDueDate,
    r.completedOn, r.completedOn, r.onTime, r.workdaysUsed, '[]', '2026-01-01T00:00:00.000Z',
  ];
}

export async function fixture(dialect: 'sqlite' | 'postgres', now: string): Promise<Fixture> {
  const clock = new FixedClock(now);
  let drop: () => Promise<void>;
  let opened;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-bench-sup-'));
    opened = openDb({ dialect: 'sqlite', url: path.join(dir, 'bench.db'), sqliteSynchronous: 'NORMAL' });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_sup_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    opened = openDb({ dialect: 'postgres', url: PG_URL, schema, poolSize: 5 });
    drop = async () => {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`drop schema if exists ${schema} cascade`);
      await d.end();
    };
  }
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', LOG_LEVEL: 'silent', DATABASE_URL: dialect === 'sqlite' ? 'file::memory:' : PG_URL });
  const built = await buildApp({ config, clock, opened, modules: benchModules, serveWeb: false });
  await orgModule.seed!(built.ctx, { kind: 'demo' });
  return {
    built,
    clock,
    async insert(rows) {
      if (opened.sqlite) {
        const stmt = opened.sqlite.prepare(`insert into cases_cases (${COLS.join(',')}) values (${COLS.map(() => '?').join(',')})`);
        opened.sqlite.transaction((rs: CaseRowInput[]) => {
          for (const r of rs) stmt.run(...(values(r) as never[]));
        })(rows);
        return;
      }
      // PostgreSQL: one insert … select from unnest(…) per 10k rows (≈ 120k rows/s here, see STACK.md).
      const types = ['text', 'text', 'text', 'text', 'int', 'int', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int', 'int', 'text', 'text', 'int', 'text', 'text', 'text', 'int', 'int', 'text', 'text'];
      for (let i = 0; i < rows.length; i += 10_000) {
        const chunk = rows.slice(i, i + 10_000).map(values);
        const cols = COLS.map((_, j) => chunk.map((v) => v[j]));
        await opened.pool!.query(
          `insert into cases_cases (${COLS.join(',')}) select * from unnest(${types.map((t, j) => `$${j + 1}::${t}[]`).join(',')})`,
          cols,
        );
      }
    },
    async close() {
      await built.close();
      await drop();
    },
  };
}

// ---------------------------------------------------------------------------------------------- the bench

/**
 * KPI summary for a county-year (SPEC §6: ≤ 250 ms on SQLite, ≤ 500 ms on PostgreSQL).
 *
 *   node --import tsx bench/summary.bench.ts [--quick]
 *
 * ≈ 600k cases over 2026 (quick: 60k) in 30 departments, 6k cards; the clock stands on 2026-12-31 so the
 * whole year is asked for. Measured: GET /api/v1/stats/summary (HTTP inject, all providers of this app)
 * after the daily roll-up, median of several runs; baseline in the same run: the same KPIs with the
 * roll-up switched off (every count read live from cases_cases over the date indexes = a full-year scan).
 */

const NOW = '2026-12-31T20:00:00+08:00';

function dayOf(n: number): string {
  return new Date(Date.UTC(2026, 0, 1) + n * 86400_000).toISOString().slice(0, 10);
}

export function yearOfCases(count: number, departmentIds: number[], seed = 42): CaseRowInput[] {
  const rnd = mulberry32(seed);
  const rows: CaseRowInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const sub = Math.floor(rnd() * 360);
    const acc = sub + Math.floor(rnd() * 2);
    const legal = [0, 10, 20, 20, 30][Math.floor(rnd() * 5)];
    const promisedDays = Math.max(0, Math.round(legal * 0.4));
    const due = acc + Math.round(promisedDays * 1.4);
    const r = rnd();
    const completed = r < 0.93 && acc + 1 < 365;
    const late = rnd() < 0.06;
    const doneDay = Math.min(364, completed ? (late ? due + 1 + Math.floor(rnd() * 5) : acc + Math.floor(rnd() * (due - acc + 1))) : 0);
    rows[i] = {
      caseNo: `B${String(i).padStart(7, '0')}`,
      departmentId: departmentIds[i % departmentIds.length],
      status: completed ? 'completed' : r < 0.97 ? 'accepted' : 'submitted',
      submittedOn: dayOf(sub),
      acceptedOn: r < 0.97 ? dayOf(acc) : null,
      promisedDueDate: r < 0.97 ? dayOf(due) : null,
      completedOn: completed ? dayOf(doneDay) : null,
      onTime: completed ? (doneDay <= due ? 1 : 0) : null,
      workdaysUsed: completed ? Math.max(0, Math.round((doneDay - acc) * 0.7)) : null,
      legalLimit: legal,
    };
  }
  return rows;
}

async function one(dialect: 'sqlite' | 'postgres', cases: number, runs: number): Promise<BenchResult[]> {
  const f = await fixture(dialect, NOW);
  try {
    const { ctx } = f.built;
    const deps = (await ctx.db.selectFrom('kernel_departments').select('id').where('kind', '=', 'department').execute()).map((d) => Number(d.id)).slice(0, 30);
    let t = performance.now();
    await f.insert(yearOfCases(cases, deps));
    const cards = [];
    for (let i = 0; i < cases / 100; i++) {
      cards.push({ subject_type: 'case', subject_id: `B${String(i * 97).padStart(7, '0')}`, rule: i % 3 === 0 ? 'overdue' : 'near_due', color: i % 3 === 0 ? 'red' : 'yellow', department_id: deps[i % deps.length], issued_at: '2026-06-01T01:00:00.000Z', issued_on: dayOf(i % 360), detail_json: '{}', status: 'open', subject_closed: 0 });
    }
    for (let i = 0; i < cards.length; i += 500) await f.built.opened.db.insertInto('supervision_cards').values(cards.slice(i, i + 500)).execute();
    // Planner statistics, as the hourly kernel.sqlite_optimize job (autovacuum on PostgreSQL) leaves them.
    if (dialect === 'postgres') await sql`analyze`.execute(ctx.db);
    else optimizeSqlite(f.built.opened.sqlite!);
    const loadSecs = (performance.now() - t) / 1000;
    const svc = ctx.services.caseKpis!;
    t = performance.now();
    await svc.rollup({ full: true });
    const rollupMs = performance.now() - t;
    // steady state of the 5-minute job: only the settle window is recomputed
    t = performance.now();
    await svc.rollup();
    const incrementalMs = performance.now() - t;

    const login = await f.built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader', password: 'demo1234' } });
    const auth = { authorization: `Bearer ${login.json().token}` };
    const url = '/api/v1/stats/summary?from=2026-01-01&to=2026-12-31';
    const ask = async () => {
      const t0 = performance.now();
      const r = await f.built.app.inject({ method: 'GET', url, headers: auth });
      if (r.statusCode !== 200) throw new Error(`summary ${r.statusCode} ${r.body}`);
      return { ms: performance.now() - t0, body: r.json() };
    };
    const rolledFirst = await ask();
    const rolled: number[] = [];
    for (let i = 0; i < runs; i++) rolled.push((await ask()).ms);

    // Baseline: the same answer without the roll-up (live aggregates over the whole year).
    const saved = await ctx.db.selectFrom('kernel_settings').selectAll().where('key', '=', ROLLUP_SETTING_KEY).executeTakeFirstOrThrow();
    await ctx.db.deleteFrom('kernel_settings').where('key', '=', ROLLUP_SETTING_KEY).execute();
    const naive: number[] = [];
    let naiveBody: unknown = null;
    for (let i = 0; i < Math.max(2, Math.floor(runs / 2)); i++) {
      const r = await ask();
      naive.push(r.ms);
      naiveBody = r.body;
    }
    await ctx.db.insertInto('kernel_settings').values(saved).execute();
    const same = JSON.stringify((naiveBody as { kpis: unknown }).kpis) === JSON.stringify(rolledFirst.body.kpis);
    if (!same) throw new Error(`roll-up and live answers differ:\n${JSON.stringify(rolledFirst.body.kpis)}\n${JSON.stringify((naiveBody as { kpis: unknown }).kpis)}`);
    const m = median(rolled);
    const nb = median(naive);
    const k = rolledFirst.body.kpis['cases.onTimeRate'];
    const target = dialect === 'sqlite' ? 250 : 500;
    console.log(
      `summary.${dialect}Ms ${m.toFixed(1)} ms (target ≤ ${target}; naive full scan ${nb.toFixed(1)} ms, ${(nb / m).toFixed(1)}× slower; ${cases.toLocaleString('en-US')} cases loaded in ${loadSecs.toFixed(1)} s; full roll-up ${rollupMs.toFixed(0)} ms, incremental ${incrementalMs.toFixed(0)} ms; onTime ${k.numerator}/${k.denominator}; answers identical)`,
    );
    return [
      { name: `summary.${dialect}Ms`, value: m, unit: 'ms', target, baseline: nb, ratio: m / nb, note: `median of ${runs}; ${cases} cases; roll-up full ${Math.round(rollupMs)} ms / incremental ${Math.round(incrementalMs)} ms` },
      { name: `summary.${dialect}RollupIncrementalMs`, value: incrementalMs, unit: 'ms', target: null, baseline: rollupMs, ratio: incrementalMs / rollupMs },
    ];
  } finally {
    await f.close();
  }
}

/** Standalone: both dialects (PostgreSQL when it answers). From `npm run bench`: the run's dialect only. */
export async function run({ quick, dialect }: { quick: boolean; dialect?: 'sqlite' | 'postgres' }): Promise<BenchResult[]> {
  const cases = quick ? 60_000 : 600_000;
  const runs = quick ? 5 : 9;
  const out: BenchResult[] = [];
  if (dialect !== 'postgres') out.push(...(await one('sqlite', cases, runs)));
  if (dialect === 'postgres' || (!dialect && (await pgAvailable()))) out.push(...(await one('postgres', cases, runs)));
  else if (!dialect) console.log('summary.postgres skipped: no PostgreSQL at', PG_URL);
  return out;
}

runWhenMain(import.meta.url, run);
