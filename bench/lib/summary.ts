/**
 * KPI summary on a generated county-year (SPEC §6: ≤ 250 ms on SQLite, ≤ 500 ms on PostgreSQL): the time
 * of GET-equivalent `stats.summary({ from, to })` for the whole year, median of several runs, against a
 * naive baseline measured in the same run — the same case and evaluation counts straight from the base
 * tables, without roll-ups.
 */
import { sql } from 'kysely';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { modules } from '../../src/modules';
import { median, type BenchResult } from './types';

export async function summaryBench(opts: { url: string; year: number; asOf: string; runs: number; label: string }): Promise<BenchResult[]> {
  const config = loadConfig({ ...process.env, DATABASE_URL: opts.url, ONEWINDOW_JOBS: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const built = await buildApp({ config, clock: new FixedClock(opts.asOf), modules, serveWeb: false });
  try {
    const stats = built.ctx.services.stats;
    const from = `${opts.year}-01-01`;
    const to = `${opts.year}-12-31`;
    const first = performance.now();
    const warm = await stats.summary({ from, to });
    const coldMs = performance.now() - first;
    const times: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const t = performance.now();
      await stats.summary({ from, to });
      times.push(performance.now() - t);
    }
    // Per provider: where the time goes (the figure to fix first).
    const parts: string[] = [];
    for (const { module: name, source: p } of built.ctx.extensions.kpiSources) {
      const t = performance.now();
      await p.kpis({ from, to } as never, null);
      parts.push(`${name} ${Math.round(performance.now() - t)}`);
    }
    const db = built.ctx.db;
    const naive: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(opts.runs / 2)); i++) {
      const t = performance.now();
      await sql`select cast(count(*) as integer) as received,
          cast(sum(case when completed_on between ${from} and ${to} then 1 else 0 end) as integer) as completed,
          cast(sum(case when completed_on between ${from} and ${to} and on_time = 1 then 1 else 0 end) as integer) as on_time,
          cast(sum(case when completed_on between ${from} and ${to} then workdays_used else 0 end) as integer) as used
        from cases_cases`.execute(db);
      await sql`select cast(count(*) as integer) as total, cast(sum(active) as integer) as active,
          cast(sum(case when active = 1 and level >= 3 then 1 else 0 end) as integer) as good
        from evaluations_evaluations where rated_on between ${from} and ${to}`.execute(db);
      naive.push(performance.now() - t);
    }
    const target = built.opened.dialect === 'sqlite' ? 250 : 500;
    const m = median(times);
    const nb = median(naive);
    const onTime = warm.kpis['cases.onTimeRate'];
    return [
      {
        name: `summary.${opts.label}Ms`,
        value: m,
        unit: 'ms',
        target,
        baseline: nb,
        ratio: m / nb,
        note: `median of ${opts.runs}; first ${Math.round(coldMs)} ms; providers ms: ${parts.join(', ')}; onTime ${onTime?.numerator}/${onTime?.denominator}`,
      },
    ];
  } finally {
    await built.close();
  }
}
