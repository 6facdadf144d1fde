/**
 * Supervision sweep at 100k open cases (SPEC §6: work proportional to the cases near their due date,
 * ≤ 200 ms).
 *
 *   node --import tsx bench/sweep.bench.ts [--quick]
 *
 * 100k open cases (quick: 20k) with promised due dates from 5 working days ago to 60 days ahead (≈ 4 %
 * overdue, ≈ 3 % near due). The first sweep issues the backlog of cards (each audited and notified); the
 * figure is the steady state — the sweep the one-a-minute job runs, median of several. Baseline, same run:
 * the naive sweep that reads every open case and classifies it in code.
 */
import { optimizeSqlite } from '../src/kernel/db/db';
import { median, mulberry32, runWhenMain, type BenchResult } from './lib/types';
import { CLOCK_RUNNING_STATUSES } from '../src/modules/cases';
import { dueCaseCandidates } from '../src/modules/supervision';
import { fixture, pgAvailable, PG_URL, type CaseRowInput } from './summary.bench';

const NOW = '2026-09-30T09:00:00+08:00';
const TODAY = '2026-09-30';

async function one(dialect: 'sqlite' | 'postgres', open: number, runs: number): Promise<BenchResult[]> {
  const f = await fixture(dialect, NOW);
  try {
    const { ctx } = f.built;
    const idx = ctx.calendar.current;
    const deps = (await ctx.db.selectFrom('kernel_departments').select('id').where('kind', '=', 'department').execute()).map((d) => Number(d.id));
    const rnd = mulberry32(7);
    const rows: CaseRowInput[] = [];
    for (let i = 0; i < open; i++) {
      const offset = rnd() < 0.04 ? -1 - Math.floor(rnd() * 5) : Math.floor(rnd() * 45);
      const due = idx.addWorkdays(TODAY, offset);
      rows.push({ caseNo: `S${String(i).padStart(7, '0')}`, departmentId: deps[i % deps.length], status: 'accepted', submittedOn: '2026-09-01', acceptedOn: '2026-09-02', promisedDueDate: due, completedOn: null, onTime: null, workdaysUsed: null, legalLimit: 20 });
    }
    await f.insert(rows);
    // Planner statistics, as the hourly kernel.sqlite_optimize job (autovacuum on PostgreSQL) leaves them.
    if (dialect === 'postgres') await (f.built.opened.pool as { query(q: string): Promise<unknown> }).query('analyze');
    else optimizeSqlite(f.built.opened.sqlite!);
    const sup = ctx.services.supervision;
    let t = performance.now();
    const first = await sup.sweep();
    const firstMs = performance.now() - t;
    const steady: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const r = await sup.sweep();
      steady.push(performance.now() - t);
      if (r.issued !== 0) throw new Error(`steady sweep issued ${r.issued}`);
    }
    // Naive: every open case, classified in code (no index range, no existing-card check).
    const naive: number[] = [];
    let naiveCards = 0;
    const cfg = await sup.config();
    for (let i = 0; i < Math.max(2, Math.floor(runs / 2)); i++) {
      t = performance.now();
      const all = await f.built.opened.db.selectFrom('cases_cases').select(['id', 'case_no', 'department_id', 'promised_due_date', 'accepted_on', 'item_name']).where('status', 'in', [...CLOCK_RUNNING_STATUSES]).execute();
      const c = dueCaseCandidates(
        all.map((r) => ({ id: Number(r.id), caseNo: r.case_no, departmentId: Number(r.department_id), promisedDueDate: r.promised_due_date, acceptedOn: r.accepted_on, itemName: r.item_name })),
        TODAY,
        idx,
        cfg,
      );
      naive.push(performance.now() - t);
      naiveCards = c.length;
    }
    const m = median(steady);
    const nb = median(naive);
    console.log(
      `sweep.${dialect}Ms ${m.toFixed(1)} ms steady (target ≤ 200; naive full read ${nb.toFixed(1)} ms; ${open.toLocaleString('en-US')} open cases; first sweep issued ${first.issued} cards in ${firstMs.toFixed(0)} ms; naive finds ${naiveCards})`,
    );
    if (naiveCards !== first.issued) throw new Error(`sweep issued ${first.issued} but the naive classification finds ${naiveCards}`);
    return [
      { name: `sweep.${dialect}Ms`, value: m, unit: 'ms', target: 200, baseline: nb, ratio: m / nb, note: `${open} open cases; steady state median of ${runs}` },
      { name: `sweep.${dialect}FirstMs`, value: firstMs, unit: 'ms', target: null, baseline: null, ratio: null, note: `issued ${first.issued} cards (audit + outbox each)` },
    ];
  } finally {
    await f.close();
  }
}

/** Standalone: both dialects (PostgreSQL when it answers). From `npm run bench`: the run's dialect only. */
export async function run({ quick, dialect }: { quick: boolean; dialect?: 'sqlite' | 'postgres' }): Promise<BenchResult[]> {
  const open = quick ? 20_000 : 100_000;
  const runs = quick ? 5 : 9;
  const out: BenchResult[] = [];
  if (dialect !== 'postgres') out.push(...(await one('sqlite', open, runs)));
  if (dialect === 'postgres' || (!dialect && (await pgAvailable()))) out.push(...(await one('postgres', open, runs)));
  else if (!dialect) console.log('sweep.postgres skipped: no PostgreSQL at', PG_URL);
  return out;
}

runWhenMain(import.meta.url, run);
