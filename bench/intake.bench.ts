/**
 * Intake benchmark (SPEC §6: POST /api/v1/cases sustains ≥ 1,000 cases/s on SQLite with 20 concurrent
 * clients).
 *
 *   node --import tsx bench/intake.bench.ts [--quick]
 *
 * A real listening server — every module, the demo county's catalogue, a temporary SQLite file with the
 * production durability (WAL, FULL: an answered case is on disk, src/kernel/db/sqlite-durable.ts) — takes
 * window applications (a promised item, every material provided) from 20 keep-alive clients. The baseline, measured in the same run and the same way,
 * is a bare Fastify route that does one SQLite insert per request: the ratio says what the platform costs
 * on top of "an HTTP request and a durable write" on this machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWhenMain, type BenchResult } from './lib/types';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Fastify from 'fastify';
import Database from 'better-sqlite3';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/kernel/config';
import { openDb } from '../src/kernel/db/db';
import { modules } from '../src/modules';
import type { CatalogService } from '../src/modules/catalog/catalog.contract';
import { personApplicant } from '../src/modules/cases/cases.test-support';

const TARGET = 1_000;
const CLIENTS = 20;

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSec: number;
  p50: number;
  p99: number;
}

/** 20 clients, each sending its next request when the previous answer arrived (closed loop). */
async function load(url: string, init: () => RequestInit, seconds: number, expectStatus: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, init());
        const body = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== expectStatus) {
          errors++;
          firstError ??= `${res.status} ${body.slice(0, 200)}`;
        }
      }
    }),
  );
  const took = (performance.now() - start) / 1000;
  if (firstError) console.error(`first error: ${firstError}`);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds: took,
    perSec: (latencies.length - errors) / took,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

function tempDb(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onewindow-bench-${name}-`));
  return path.join(dir, 'bench.db');
}

interface Served {
  port: number;
  token: string | null;
  /** The application the clients send (intake: a demo-catalogue item with every material provided). */
  payload: string;
  close(): Promise<void>;
  count(): Promise<{ n: number; distinct: number }>;
}

/** Runs in the worker: the server under test, on its own thread so the clients do not share its core. */
async function serve(kind: 'baseline' | 'intake', file: string): Promise<Served> {
  if (kind === 'baseline') {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key autoincrement, no text not null, body text not null, at text not null)');
    const insert = db.prepare('insert into t (no, body, at) values (?, ?, ?)');
    const app = Fastify({ logger: false });
    let n = 0;
    app.post('/insert', async (req, reply) => {
      const info = insert.run(String(++n), JSON.stringify(req.body), new Date().toISOString());
      return reply.status(201).send({ id: Number(info.lastInsertRowid) });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      port: (app.server.address() as { port: number }).port,
      token: null,
      payload: JSON.stringify({ itemCode: 'DEMO', channel: 'window', applicant: personApplicant() }),
      async close() {
        await app.close();
        db.close();
      },
      async count() {
        const r = db.prepare('select count(*) as n, count(distinct no) as d from t').get() as { n: number; d: number };
        return { n: r.n, distinct: r.d };
      },
    };
  }
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' });
  // The production pragmas (openDb's default synchronous=FULL): an acknowledged case survives power loss.
  const opened = openDb({ dialect: 'sqlite', url: file });
  // The whole platform (every module's tables, indexes and hooks) on the demo county's catalogue.
  const built = await buildApp({ config, opened, modules, serveWeb: false });
  for (const m of modules) if (m.name === 'org' || m.name === 'catalog') await m.seed?.(built.ctx, { kind: 'demo' });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (built.app.server.address() as { port: number }).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: 'demo1234' }) });
  const { token } = (await login.json()) as { token: string };
  const catalog = built.ctx.services.catalog as CatalogService & { list(q: { pageSize: number }): Promise<{ items: { code: string }[] }> };
  let item = null;
  for (const { code } of (await catalog.list({ pageSize: 100 })).items) {
    const v = await catalog.getPublished(code);
    if (v?.applicationBased && v.kind === 'promised' && v.materials.length > 0) {
      item = v;
      break;
    }
  }
  if (!item) throw new Error('no promised application-based item with materials in the demo catalogue');
  const payload = JSON.stringify({ itemCode: item.code, channel: 'window', applicant: personApplicant(), materials: item.materials.map((m) => ({ name: m.name, provided: true })) });
  return {
    port,
    token,
    payload,
    close: () => built.close(),
    async count() {
      const r = await built.ctx.db
        .selectFrom('cases_cases')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('case_no').distinct().as('d')])
        .executeTakeFirstOrThrow();
      return { n: Number(r.n), distinct: Number(r.d) };
    },
  };
}

if (!isMainThread && (workerData as { intakeBench?: boolean } | null)?.intakeBench) {
  const { kind, file } = workerData as { kind: 'baseline' | 'intake'; file: string };
  serve(kind, file).then((s) => {
    parentPort!.postMessage({ port: s.port, token: s.token, payload: s.payload });
    parentPort!.on('message', async (m: string) => {
      if (m === 'count') parentPort!.postMessage({ count: await s.count() });
      if (m === 'close') {
        await s.close();
        parentPort!.postMessage({ closed: true });
      }
    });
  });
}

async function inWorker<T>(kind: 'baseline' | 'intake', use: (port: number, token: string | null, payload: string) => Promise<T>): Promise<T & { rows: { n: number; distinct: number } }> {
  const file = tempDb(kind);
  // A worker does not inherit the tsx loader: register it in the worker, then load this file there.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { intakeBench: true, kind, file } });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    const { port, token, payload } = (await next()) as { port: number; token: string | null; payload: string };
    const result = await use(port, token, payload);
    worker.postMessage('count');
    const { count } = (await next()) as { count: { n: number; distinct: number } };
    worker.postMessage('close');
    await next();
    return { ...result, rows: count };
  } finally {
    await worker.terminate();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function baseline(seconds: number) {
  return inWorker('baseline', async (port, _token, payload) => {
    const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    await load(`http://127.0.0.1:${port}/insert`, init, 0.5, 201);
    return load(`http://127.0.0.1:${port}/insert`, init, seconds, 201);
  });
}

async function intake(seconds: number) {
  return inWorker('intake', async (port, token, payload) => {
    const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: payload });
    await load(`http://127.0.0.1:${port}/api/v1/cases`, init, 0.5, 201);
    return load(`http://127.0.0.1:${port}/api/v1/cases`, init, seconds, 201);
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 10;
  const base = await baseline(seconds);
  const cases = await intake(seconds);
  const ratio = cases.perSec / base.perSec;
  console.log(`intake.casesPerSec ${fmt(cases.perSec)} /s (target ≥ ${fmt(TARGET)} /s; ${CLIENTS} clients, ${fmt(cases.requests)} requests in ${cases.seconds.toFixed(1)} s, ${cases.errors} errors, p50 ${cases.p50.toFixed(1)} ms, p99 ${cases.p99.toFixed(1)} ms)`);
  console.log(`intake.baselineInsertsPerSec ${fmt(base.perSec)} /s (bare Fastify route, one SQLite insert; p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms)`);
  const duplicates = cases.rows.n - cases.rows.distinct;
  console.log(`intake.ratio ${ratio.toFixed(2)}x the baseline; ${fmt(cases.rows.n)} cases written, ${duplicates} duplicate numbers`);
  if (duplicates > 0) throw new Error(`${duplicates} duplicate case numbers`);
  return [
    { name: 'intake.casesPerSec', value: cases.perSec, unit: '/s', target: TARGET, baseline: base.perSec, ratio },
    { name: 'intake.p99Ms', value: cases.p99, unit: 'ms', target: null, baseline: base.p99, ratio: null },
  ];
}

if (isMainThread) runWhenMain(import.meta.url, run);
