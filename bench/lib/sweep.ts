/**
 * Supervision sweep at 100k open cases (SPEC §6: work proportional to the cases near their due date,
 * ≤ 200 ms). The open cases are written through the cases module's bulk path (their stored clocks computed
 * by computeCaseClock), spread so that a realistic share is near or past its due date. The first sweep
 * issues the backlog of cards; the figure is the steady state (median of the following sweeps, as the
 * one-a-minute job runs). Baseline, same run: the naive sweep — read every open case and compute its clock.
 */
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { computeCaseClock } from '../../src/kernel/calendar';
import { systemActor } from '../../src/kernel/auth/actor';
import { modules } from '../../src/modules';
import { createBulkSink } from '../../src/kernel/db/bulk-sink';
import { Rng } from '../../src/tools/generator/rng';
import { bulkInsertCases, clockInput, type PlannedCase } from '../../src/modules/cases';
import type { ItemVersion } from '../../src/shared/catalog.types';
import { computeIdCheckChar } from '../../src/kernel/validators/idcard';
import { median, type BenchResult } from './types';

const NOW = '2026-09-30T09:00:00+08:00';
const TODAY = '2026-09-30';

export async function sweepBench(opts: { url: string; openCases: number; runs: number }): Promise<BenchResult[]> {
  const config = loadConfig({ ...process.env, DATABASE_URL: opts.url, ONEWINDOW_JOBS: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', ONEWINDOW_SQLITE_SYNCHRONOUS: 'NORMAL' });
  const built = await buildApp({ config, clock: new FixedClock(NOW), modules, serveWeb: false });
  try {
    const { ctx } = built;
    for (const m of built.modules) if (m.name === 'org' || m.name === 'catalog') await m.seed?.(ctx, { kind: 'demo' });
    const catalog = ctx.services.catalog;
    const items: ItemVersion[] = [];
    for (let page = 1; page < 10; page++) {
      const r = await catalog.list({ page, pageSize: 100 });
      for (const i of r.items) {
        const v = await catalog.getPublished(i.code);
        if (v?.applicationBased && v.kind !== 'instant' && v.promisedLimit > 0) items.push(v);
      }
      if (r.items.length < 100) break;
    }
    const index = ctx.calendar.current;
    const rng = new Rng(7);
    const sink = createBulkSink(built.opened);
    const cases = ctx.services.cases;
    const seq = new Map<string, number>();
    const clerk = { id: null, name: 'bench' };
    const t0 = performance.now();
    for (let done = 0; done < opts.openCases; ) {
      const n = Math.min(20_000, opts.openCases - done);
      const plans: PlannedCase[] = [];
      for (let k = 0; k < n; k++) {
        const item = rng.pick(items);
        // Accepted within the last ~2 promised periods: most cases are comfortably inside their limit,
        // a few percent near it or overdue (the cards the sweep must find).
        const acceptedOn = index.addWorkdays(TODAY, -rng.int(0, Math.max(1, Math.round(item.promisedLimit * 0.9))) - (rng.chance(0.03) ? item.promisedLimit : 0));
        const submitted = index.addWorkdays(acceptedOn, -rng.int(0, 1));
        const first17 = `430582198${rng.int(0, 9)}0${rng.int(1, 9)}1${rng.int(0, 9)}${String(rng.int(0, 999)).padStart(3, '0')}`;
        plans.push({
          item,
          channel: 'window',
          applicant: { type: 'person', name: '测试申请人', idNumber: first17 + computeIdCheckChar(first17), phone: null },
          applicantUserId: null,
          submittedAt: new Date(`${submitted}T09:00:00+08:00`).toISOString(),
          createdBy: clerk,
          steps: [{ action: 'accept', on: acceptedOn }],
        });
      }
      await sink.batch(() =>
        bulkInsertCases(sink, { index, settings: cases.settings, regionCode: config.regionCode, today: TODAY, nextSeq: (d) => { const v = (seq.get(d) ?? 0) + 1; seq.set(d, v); return v; } }, plans),
      );
      done += n;
    }
    await sink.finish();
    const loadSecs = (performance.now() - t0) / 1000;
    const sup = ctx.services.supervision;
    let t = performance.now();
    const first = await sup.sweep();
    const firstMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      t = performance.now();
      await sup.sweep();
      times.push(performance.now() - t);
    }
    // Naive: every open case read and its clock computed, every minute.
    const naive: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const rows = await built.opened.db.selectFrom('cases_cases').select(['accepted_on', 'promised_limit', 'legal_limit', 'limit_unit']).where('status', 'in', ['accepted', 'suspended', 'approved', 'denied']).execute();
      let overdue = 0;
      for (const r of rows) {
        const c = computeCaseClock(index, clockInput({ acceptedOn: r.accepted_on, promisedLimit: Number(r.promised_limit), legalLimit: Number(r.legal_limit), unit: r.limit_unit, suspensions: [], extensions: [], stoppedOn: null, today: TODAY }));
        if (c.overdue) overdue++;
      }
      void overdue;
      naive.push(performance.now() - t);
    }
    void systemActor;
    const m = median(times);
    const nb = median(naive);
    return [
      { name: 'sweep.steadyMs', value: m, unit: 'ms', target: 200, baseline: nb, ratio: m / nb, note: `${opts.openCases.toLocaleString('en-US')} open cases (written in ${loadSecs.toFixed(1)} s); median of ${opts.runs}; baseline = read all open cases and compute their clocks` },
      { name: 'sweep.firstMs', value: firstMs, unit: 'ms', target: null, baseline: null, ratio: null, note: `first sweep issued ${first.issued} cards (backlog)` },
    ];
  } finally {
    await built.close();
  }
}
