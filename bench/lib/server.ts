/**
 * The server as a process: time from spawn to the first 200 on /healthz (the bundled server that
 * `npm start` runs, and the tsx path), idle RSS, and RSS under intake load (SPEC §6: idle ≤ 150 MB,
 * start to /healthz ≤ 5 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeIdCheckChar } from '../../src/kernel/validators/idcard';
import { load } from './load';
import type { BenchResult } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  port: number;
  startMs: number;
  startCpuMs: number;
  stop(): Promise<void>;
  rssMb(): number;
  /** CPU the process has used so far (user + system), ms. */
  cpuMs(): number;
  peakMb(): number;
}

/** Spawns `args` and resolves when /healthz answers 200 (or rejects after the timeout, with the output). */
export async function spawnServer(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Spawned> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`server exited before /healthz answered:\n${out}`);
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`no /healthz within ${timeoutMs} ms:\n${out}`);
    }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - t0;
  // The first start seeds the demo county after listening (API 503 STARTING meanwhile): wait for it, so
  // what follows measures a ready server.
  for (;;) {
    if (exited) throw new Error(`server exited while starting:\n${out}`);
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`API not ready within ${timeoutMs} ms:\n${out}`);
    }
    if ((await fetch(`http://127.0.0.1:${port}/api/v1/system/status`).catch(() => null))?.status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // CPU the process used to get there (utime + stime, clock ticks of 10 ms): unlike the wall time it does
  // not grow when other processes compete for the two cores.
  const cpuMs = () => {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(stat[11]) + Number(stat[12])) * 10;
  };
  const startCpuMs = cpuMs();
  const status = (field: string) => {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  };
  return {
    child,
    port,
    startMs,
    startCpuMs,
    rssMb: () => status('VmRSS'),
    cpuMs,
    peakMb: () => status('VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function applicant(i: number) {
  const first17 = `4305821985${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return { type: 'person', name: '压测申请人', idNumber: first17 + computeIdCheckChar(first17), phone: '13800000000' };
}

export async function serverBench(opts: { databaseUrl: string; quick: boolean }): Promise<BenchResult[]> {
  const { buildServerIfStale, SERVER_BUNDLE, SERVER_NODE_ARGS, SERVER_ENV } = (await import(path.join(ROOT, 'scripts', 'start.mjs') as string)) as {
    buildServerIfStale(): Promise<void>;
    SERVER_BUNDLE: string;
    SERVER_NODE_ARGS: string[];
    SERVER_ENV: Record<string, string>;
  };
  await buildServerIfStale();
  // Exactly the process `npm start` launches: same bundle, node flags and environment (an operator's own
  // value wins there, as here). BENCH_SERVER_NODE_ARGS="…" compares other flags.
  const env = { DATABASE_URL: opts.databaseUrl, ONEWINDOW_SEED: 'demo' };
  const serverEnv = { ...Object.fromEntries(Object.entries(SERVER_ENV).filter(([k]) => process.env[k] === undefined)), ...env };
  const bundle = [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? SERVER_NODE_ARGS), SERVER_BUNDLE, 'serve'];
  // First start "after install": empty database, so migrations and the demo seed run before listening.
  const first = await spawnServer(bundle, serverEnv);
  await first.stop();
  // Restart on the now-seeded database: what every later `npm start` costs.
  const again = await spawnServer(bundle, serverEnv);
  // Idle means settled: the server hands its start-up memory back in steps, the last once it has been
  // quiet for 5 s, ≥ 6 s after it is ready (src/main.ts, releaseStartupGarbage). Right after the first
  // start the demo seed's notifications still go out for a few seconds; RSS is flat from 15 s on.
  await new Promise((r) => setTimeout(r, 15_000));
  const idle = again.rssMb();
  const base = `http://127.0.0.1:${again.port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: 'demo1234' }) });
  const { token } = (await login.json()) as { token: string };
  const itemsRes = await fetch(`${base}/api/v1/items?pageSize=100`);
  const items = ((await itemsRes.json()) as { items: { code: string; kind: string }[] }).items;
  const itemCode = items.find((i) => i.kind === 'promised')?.code ?? items[0]?.code;
  let n = 0;
  // One intake first: a route's validator and serializer are compiled on its first request (≈ 0.1 s once,
  // src/kernel/http/validation.ts), which the quick run's few hundred requests would otherwise share.
  const warm = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ itemCode, channel: 'window', applicant: applicant(n++) }) });
  if (warm.status !== 201) throw new Error(`warm-up intake answered ${warm.status}: ${await warm.text()}`);
  const cpuBefore = again.cpuMs();
  const loaded = await load({
    url: `${base}/api/v1/cases`,
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: () => JSON.stringify({ itemCode, channel: 'window', applicant: applicant(n++) }),
    clients: 20,
    seconds: opts.quick ? 3 : 10,
    expect: 201,
  });
  const loadedRss = again.rssMb();
  // CPU per intake request: unlike requests per second it hardly moves when other processes share the
  // cores, so a change of node flags (semi-space size, --optimize-for-size) shows its real cost.
  const cpuPerRequest = (again.cpuMs() - cpuBefore) / Math.max(1, loaded.requests);
  const peak = again.peakMb();
  await again.stop();
  // The development path (tsx compiles on the fly): same seeded database.
  const tsx = await spawnServer(['--import', 'tsx', 'src/cli.ts', 'serve'], env);
  await tsx.stop();
  const note = loaded.errors ? `; ${loaded.errors} errors, first: ${loaded.firstError}` : '';
  return [
    { name: 'server.firstStartToHealthzMs', value: first.startMs, unit: 'ms', target: 5000, baseline: null, ratio: null, note: `bundled server, empty database: migrations + demo seed before listening; CPU ${first.startCpuMs} ms` },
    { name: 'server.restartToHealthzMs', value: again.startMs, unit: 'ms', target: 5000, baseline: null, ratio: null, note: `bundled server (npm start), seeded database; CPU ${again.startCpuMs} ms` },
    { name: 'server.tsxStartToHealthzMs', value: tsx.startMs, unit: 'ms', target: null, baseline: again.startMs, ratio: tsx.startMs / again.startMs, note: `node --import tsx src/cli.ts serve, seeded database (baseline = bundle); CPU ${tsx.startCpuMs} ms` },
    { name: 'server.idleRssMb', value: idle, unit: 'MB', target: 100, baseline: null, ratio: null, note: 'issue 19: ≤ 100 MB on SQLite' },
    { name: 'server.intakeCpuMsPerRequest', value: cpuPerRequest, unit: 'ms', target: null, baseline: null, ratio: null, note: `server CPU (user + system) per intake POST under the load below; node flags: ${bundle.slice(0, -2).join(' ')}` },
    { name: 'server.loadedRssMb', value: loadedRss, unit: 'MB', target: null, baseline: idle, ratio: loadedRss / idle, note: `after ${loaded.requests} intake POSTs from 20 clients (${Math.round(loaded.perSec)}/s, p99 ${loaded.p99.toFixed(0)} ms${note}); peak ${peak.toFixed(0)} MB` },
  ];
}
