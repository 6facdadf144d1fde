/**
 * Province bench (issue 19): the figures of one installation serving a province, measured against a
 * province database generated beforehand (`onewindow generate --scale province-year …`; this bench never
 * generates it):
 *
 *   npm run bench -- --db postgres --only province --province-db <url> [--replica-url <url>]
 *
 * Over HTTP against the whole platform (its own worker thread, so the clients do not share its core):
 * the KPI summary of the province (target ≤ 250 ms) and of one county (≤ 50 ms), median of ≥ 9 after a
 * warm-up; 1,000 rows of a filtered case list (10 pages of LIMITS.pageSize = 100); an Excel export of a
 * filtered list; and a short intake burst (POST /api/v1/cases, 20 clients; the ratio to the bare insert
 * route of bench/intake.bench.ts on the same PostgreSQL server). With --replica-url every figure is
 * measured twice: reads on the primary, then with DATABASE_READ_URL on the standby.
 *
 * The intake burst writes real cases (dated today) into the province database.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/kernel/config';
import { countyOf } from '../src/kernel/region';
import { modules } from '../src/modules';
import { personApplicant } from '../src/modules/cases/cases.test-support';
import { baseline, load } from './intake.bench';
import { line, median, type BenchResult } from './lib/types';

const CLIENTS = 20;
const SUMMARY_PROVINCE_MS = 250;
const SUMMARY_COUNTY_MS = 50;

interface Setup {
  port: number;
  /** A leader's bearer token (reads every department). */
  leader: string;
  /** A clerk's bearer token (intake). */
  clerk: string;
  year: number;
  county: string;
  countyDepartments: number;
  counties: number;
  /** A department of that county with cases, for the list and the export. */
  department: number;
  payloads: string[];
  replicaRoute: string | null;
}

/** Runs in the worker: the platform on the province database (reads on the standby when readUrl is set). */
async function serve(url: string, readUrl: string | null) {
  const config = loadConfig({ ...process.env, DATABASE_URL: url, ...(readUrl ? { DATABASE_READ_URL: readUrl } : { DATABASE_READ_URL: '' }), ONEWINDOW_JOBS: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const built = await buildApp({ config, modules, serveWeb: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (built.app.server.address() as { port: number }).port;
  const login = async (username: string) => {
    const r = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    return r.json().token as string;
  };
  const db = built.ctx.db;
  // The generated year: the last one before this year (this bench's own intake bursts are dated today).
  const thisYear = `${built.ctx.calendar.today().slice(0, 4)}-01-01`;
  const last = (await sql<{ d: string | null }>`select coalesce((select max(submitted_on) from cases_cases where submitted_on < ${thisYear}), (select max(submitted_on) from cases_cases)) as d`.execute(db)).rows[0];
  const year = Number(String(last?.d ?? '2025').slice(0, 4));
  // The county with the most departments, and its department with the most cases in the year.
  const org = built.ctx.services.org;
  const byCounty = new Map<string, number[]>();
  for (const d of await org.all()) {
    const c = (await org.regionOf(d.id)) ?? null;
    if (c) byCounty.set(c, [...(byCounty.get(c) ?? []), d.id]);
  }
  const [county, ids] = [...byCounty.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [config.regionCode, []];
  const top = (
    await sql<{ department_id: number }>`select department_id, count(*) as n from cases_cases
      where department_id in (${sql.join(ids.length ? ids : [-1])}) and submitted_on >= ${`${year}-01-01`} and submitted_on <= ${`${year}-12-31`}
      group by department_id order by n desc limit 1`.execute(db)
  ).rows[0];
  // Intake: a promised application item with materials per county (each county numbers and audits on its own rows).
  const catalog = built.ctx.services.catalog;
  const perCounty = new Map<string, string>();
  for (let page = 1; page <= 20 && perCounty.size < CLIENTS; page++) {
    const list = await catalog.list({ pageSize: 100, page });
    for (const { code } of list.items) {
      const v = await catalog.getPublished(code);
      if (!v?.applicationBased || v.kind !== 'promised' || v.materials.length === 0) continue;
      const c = countyOf(await org.regionOf(v.departmentId)) ?? config.regionCode;
      if (!perCounty.has(c)) perCounty.set(c, JSON.stringify({ itemCode: v.code, channel: 'window', applicant: personApplicant(), materials: v.materials.map((m) => ({ name: m.name, provided: true })) }));
    }
    if (list.items.length < 100) break;
  }
  // Start-up does not wait for the first replica probe: wait for it here (at most 10 s).
  for (let i = 0; readUrl && built.opened.replica && built.opened.replica.route() !== 'replica' && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
  const setup: Setup = {
    port,
    leader: await login('leader'),
    clerk: await login('clerk'),
    year,
    county,
    countyDepartments: ids.length,
    counties: byCounty.size,
    department: Number(top?.department_id ?? ids[0] ?? 1),
    payloads: [...perCounty.values()],
    replicaRoute: built.opened.replica ? built.opened.replica.route() : null,
  };
  return { setup, built };
}

/** Where the summary's time goes: each KPI source once for the province and once for the county, asked as the summary asks (departments and region), in ms on the primary. */
async function sourceTimes(built: Awaited<ReturnType<typeof serve>>['built'], s: Setup): Promise<string> {
  const ids = await built.ctx.services.org.departmentsOfRegion(s.county);
  const period = { from: `${s.year}-01-01`, to: `${s.year}-12-31` };
  const parts: string[] = [];
  for (const { module: name, source } of built.ctx.extensions.kpiSources) {
    const t0 = performance.now();
    await source.kpis(period, null);
    const t1 = performance.now();
    await source.kpis(period, ids, s.county);
    parts.push(`${name} ${Math.round(t1 - t0)}/${Math.round(performance.now() - t1)}`);
  }
  return `per source ms (province/county): ${parts.join(', ')}`;
}

if (!isMainThread && (workerData as { provinceBench?: boolean } | null)?.provinceBench) {
  const { url, readUrl } = workerData as { url: string; readUrl: string | null };
  serve(url, readUrl).then(
    ({ setup, built }) => {
      parentPort!.postMessage({ setup });
      parentPort!.on('message', async (m: string) => {
        if (m === 'routed') parentPort!.postMessage({ routed: built.opened.replica ? { ...built.opened.replica.routed } : null });
        if (m === 'sources') parentPort!.postMessage({ sources: await sourceTimes(built, setup) });
        if (m === 'close') {
          await built.close();
          parentPort!.postMessage({ closed: true });
        }
      });
    },
    (err) => parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) }),
  );
}

async function withServer<T>(url: string, readUrl: string | null, use: (s: Setup) => Promise<T>): Promise<T & { routed: Record<string, number> | null }> {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { provinceBench: true, url, readUrl } });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    const first = await next();
    if (first.error) throw new Error(String(first.error));
    const result = await use(first.setup as Setup);
    worker.postMessage('sources');
    const { sources } = (await next()) as { sources: string };
    console.log(`  ${sources}`);
    worker.postMessage('routed');
    const { routed } = (await next()) as { routed: Record<string, number> | null };
    worker.postMessage('close');
    await next();
    return { ...result, routed };
  } finally {
    await worker.terminate();
  }
}

/** Wall time of `fn` (ms) and this process's CPU time (the clients' side only: the server has its own thread). */
async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function get(s: Setup, path: string, token = s.leader): Promise<Response> {
  const res = await fetch(`http://127.0.0.1:${s.port}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

/**
 * Each figure's time budget: a figure stops repeating once its calls (warm-up included) have taken this
 * long, so a slow database gives fewer runs (the note says how many) instead of a pass that never ends —
 * the primary pass of the first province run was killed by an outside 1,200 s timeout.
 */
const FIGURE_BUDGET_MS = 90_000;

/** Median of up to `runs` after up to `warm` warm-up calls, within FIGURE_BUDGET_MS (at least one measured call). */
async function medianOf(runs: number, warm: number, fn: () => Promise<void>): Promise<{ median: number; min: number; max: number; runs: number }> {
  const t0 = performance.now();
  const over = () => performance.now() - t0 > FIGURE_BUDGET_MS;
  for (let i = 0; i < warm && !over(); i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs && (xs.length === 0 || !over()); i++) xs.push(await timed(fn));
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(url: string, readUrl: string | null, o: { runs: number; seconds: number; label: string }): Promise<BenchResult[]> {
  const r = await withServer(url, readUrl, async (s) => {
    const period = `from=${s.year}-01-01&to=${s.year}-12-31`;
    // Printed as measured too: on a loaded machine a pass can take many minutes.
    const out = { push: (r: BenchResult) => (console.log(`  ${line(r)}`), list_.push(r)) };
    const list_: BenchResult[] = [];
    const note = (extra: string) => `${extra}; load ${loadavg()}`;
    const prov = await medianOf(o.runs, 2, async () => void (await (await get(s, `/api/v1/stats/summary?${period}`)).json()));
    out.push({ name: `province.${o.label}.summaryProvinceMs`, value: prov.median, unit: 'ms', target: SUMMARY_PROVINCE_MS, baseline: null, ratio: null, note: note(`median of ${prov.runs} (min ${prov.min.toFixed(0)}, max ${prov.max.toFixed(0)}), ${s.counties} counties, year ${s.year}`) });
    const county = await medianOf(o.runs, 2, async () => void (await (await get(s, `/api/v1/stats/summary?${period}&region=${s.county}`)).json()));
    out.push({ name: `province.${o.label}.summaryCountyMs`, value: county.median, unit: 'ms', target: SUMMARY_COUNTY_MS, baseline: null, ratio: null, note: note(`median of ${county.runs} (min ${county.min.toFixed(0)}, max ${county.max.toFixed(0)}), county ${s.county} with ${s.countyDepartments} departments`) });
    // 1,000 rows of a filtered list: one department's cases of the year, 10 pages of 100 (the page-size limit).
    let rows = 0;
    const list = await medianOf(Math.max(3, Math.floor(o.runs / 3)), 1, async () => {
      rows = 0;
      for (let page = 1; page <= 10; page++) rows += ((await (await get(s, `/api/v1/cases?${period}&department=${s.department}&sort=submitted&pageSize=100&page=${page}`)).json()) as { items: unknown[] }).items.length;
    });
    out.push({ name: `province.${o.label}.list1000RowsMs`, value: list.median, unit: 'ms', target: null, baseline: null, ratio: null, note: note(`${rows} rows as 10 pages of 100, department ${s.department}, median of ${list.runs}`) });
    // An export of a filtered list: the department's cases of one month, narrowed until under the export limit.
    let bytes = 0;
    let exportPeriod = '';
    for (const [from, to] of [[`${s.year}-06-01`, `${s.year}-06-30`], [`${s.year}-06-01`, `${s.year}-06-10`], [`${s.year}-06-01`, `${s.year}-06-01`]]) {
      const res = await fetch(`http://127.0.0.1:${s.port}/api/v1/cases/export.xlsx?from=${from}&to=${to}&department=${s.department}`, { headers: { authorization: `Bearer ${s.leader}` } });
      await res.arrayBuffer();
      if (res.status === 200) {
        exportPeriod = `from=${from}&to=${to}`;
        break;
      }
    }
    if (exportPeriod) {
      const ex = await medianOf(3, 0, async () => void (bytes = (await (await get(s, `/api/v1/cases/export.xlsx?${exportPeriod}&department=${s.department}`)).arrayBuffer()).byteLength));
      out.push({ name: `province.${o.label}.exportMs`, value: ex.median, unit: 'ms', target: null, baseline: null, ratio: null, note: note(`${exportPeriod.replace('&', '..')}, department ${s.department}, ${Math.round(bytes / 1024)} KiB`) });
    }
    // Intake: 20 clients spread over the counties' items.
    const init = (client: number) => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.clerk}` }, body: s.payloads[client % s.payloads.length] });
    await load(`http://127.0.0.1:${s.port}/api/v1/cases`, init, 0.5, 201);
    const intake = await load(`http://127.0.0.1:${s.port}/api/v1/cases`, init, o.seconds, 201);
    return { out: list_, intake, setup: s };
  });
  const results = r.out;
  results.push({
    name: `province.${o.label}.intakeCasesPerSec`,
    value: r.intake.perSec,
    unit: '/s',
    target: null,
    baseline: null,
    ratio: null,
    note: `${CLIENTS} clients over ${r.setup.payloads.length} counties' items, ${r.intake.requests} requests in ${r.intake.seconds.toFixed(1)} s, ${r.intake.errors} errors, p50 ${r.intake.p50.toFixed(1)} ms, p99 ${r.intake.p99.toFixed(1)} ms; load ${loadavg()}`,
  });
  if (readUrl) console.log(`  ${o.label}: replica route at start ${r.setup.replicaRoute}; reads routed ${JSON.stringify(r.routed)}`);
  return results;
}

export async function run(o: { quick: boolean; provinceDb?: string | null; replicaUrl?: string | null; replicaOnly?: boolean }): Promise<BenchResult[]> {
  if (!o.provinceDb) {
    console.log('province: skipped (no --province-db <url>: this bench measures an existing generated province database, it does not generate one)');
    return [];
  }
  const runs = o.quick ? 9 : 15;
  const seconds = o.quick ? 3 : 5;
  const base = await baseline(seconds, { dialect: 'postgres', pgUrl: o.provinceDb });
  const out: BenchResult[] = [{ name: 'province.baselineInsertsPerSec', value: base.perSec, unit: '/s', target: null, baseline: null, ratio: null, note: `bare Fastify route, one insert, same PostgreSQL server; p50 ${base.p50.toFixed(1)} ms` }];
  // --replica-only: the standby pass alone (the primary pass measured by an earlier run on the same data).
  const passes = [...(o.replicaOnly && o.replicaUrl ? [] : [['primary', null]]), ...(o.replicaUrl ? [['replica', o.replicaUrl]] : [])] as Array<[string, string | null]>;
  for (const [label, readUrl] of passes) {
    const rs = await measure(o.provinceDb, readUrl, { runs, seconds, label });
    for (const r of rs) if (r.name.endsWith('intakeCasesPerSec')) Object.assign(r, { baseline: base.perSec, ratio: r.value / base.perSec });
    out.push(...rs);
  }
  return out;
}
