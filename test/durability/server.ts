import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Helpers to run the real server process and drive it with concurrent HTTP clients. Shared by the
 * durability tests and the synchronous benchmark. The process runs an esbuild bundle of src/cli.ts, as
 * `npm start` does (dist/server/cli.mjs): compiling every module through tsx on each of the dozen
 * spawns would cost ~10 s apiece on a busy CI machine.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export let CLI = ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts')];

/** Bundles src/cli.ts once for this test file (beside node_modules so packages resolve). */
export async function useBundle(): Promise<void> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'onewindow-durability');
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `cli-${process.pid}-${Date.now().toString(36)}.mjs`);
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'cli.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  CLI = [outfile];
}

/** Removes this file's bundle (each test run makes its own). */
export function disposeBundle(): void {
  if (CLI.length === 1 && CLI[0].includes(`${path.sep}onewindow-durability${path.sep}`)) fs.rmSync(CLI[0], { force: true });
}

export interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function randomPort(): number {
  return 40000 + Math.floor(Math.random() * 15000);
}

export function startServer(env: Record<string, string>, port = randomPort()): Server {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

export async function waitHealthy(s: Server, ms = 90_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (s.child.exitCode !== null) throw new Error(`server exited with ${s.child.exitCode}:\n${s.output()}`);
    try {
      // ready = the API answers (a first start seeds the demo county behind 503 STARTING)
      const r = await fetch(`${s.url}/api/v1/system/status`);
      if (r.status === 200) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${s.port} did not become healthy:\n${s.output()}`);
}

export function runCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: '', LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
}

export async function loginToken(s: Server, username: string, password = 'demo1234'): Promise<string> {
  const r = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** One kind of acknowledged write: how to make one and how to check afterwards that it survived. */
export interface Writer {
  name: string;
  /** Performs one write; returns its key when the server acknowledged it (2xx), null otherwise. */
  write(s: Server, token: string, client: number, n: number): Promise<string | null>;
  /** Keys (of those given) that the server does not have. */
  missing(s: Server, token: string, keys: string[]): Promise<string[]>;
}

/** Departments (POST /api/v1/departments, admin): a short transaction with an audit row, like intake. */
export const departmentWriter: Writer = {
  name: 'departments',
  async write(s, token, client, n) {
    const code = `crash-${client}-${n}-${Math.random().toString(36).slice(2, 7)}`;
    const r = await fetch(`${s.url}/api/v1/departments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ code, name: `压测部门${client}-${n}`, kind: 'department' }),
    });
    await r.arrayBuffer();
    return r.status === 201 ? code : null;
  },
  async missing(s, _token, keys) {
    const r = await fetch(`${s.url}/api/v1/departments?kind=department`);
    const have = new Set(((await r.json()) as { items: Array<{ code: string }> }).items.map((d) => d.code));
    return keys.filter((k) => !have.has(k));
  },
};

export interface LoadResult {
  acked: string[];
  attempts: number;
  errors: number;
  ms: number;
}

/**
 * Runs `clients` loops of writes until `stop()` says so (or `maxPerClient` each). A write counts as
 * acknowledged only when its 2xx response arrived; connection errors (the server was killed) end a loop.
 */
export async function driveLoad(
  s: Server,
  token: string,
  writer: Writer,
  opts: { clients: number; maxPerClient?: number; stop?: () => boolean; onAck?: (total: number) => void },
): Promise<LoadResult> {
  const acked: string[] = [];
  let attempts = 0;
  let errors = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: opts.clients }, async (_x, client) => {
      for (let n = 0; n < (opts.maxPerClient ?? Infinity); n++) {
        if (opts.stop?.()) return;
        attempts++;
        try {
          const key = await writer.write(s, token, client, n);
          if (key) {
            acked.push(key);
            opts.onAck?.(acked.length);
          } else errors++;
        } catch {
          errors++;
          return; // connection refused / reset: the server is gone
        }
      }
    }),
  );
  return { acked, attempts, errors, ms: Date.now() - t0 };
}
