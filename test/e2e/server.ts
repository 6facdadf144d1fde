/**
 * A real listening onewindow server for browser tests: in-memory SQLite, a fixed clock, the demo seed,
 * and the built web app served at / (rebuilt first when web/ sources are newer than web/dist, then
 * served from a private copy so parallel rebuilds cannot break a running server).
 * No vitest imports here, so a script can start the same server by hand.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp, seedIfEmpty, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb } from '../../src/kernel/db/db';
import { securityHeaders } from '../../src/kernel/http/security';
import { modules as allModules } from '../../src/modules';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
const LOCK = path.join(ROOT, 'node_modules', '.cache', 'onewindow-web-build.lock');

/** The instant browser tests stand on unless they say otherwise: a Monday in November (next year's calendar is due). */
export const E2E_NOW = '2026-11-30T09:30:00+08:00';

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

export function webIsStale(): boolean {
  if (!fs.existsSync(DIST_INDEX)) return true;
  const sources = Math.max(
    newest(path.join(WEB, 'src')),
    newest(path.join(WEB, 'index.html')),
    newest(path.join(WEB, 'vite.config.ts')),
    newest(path.join(ROOT, 'src', 'shared')),
  );
  return sources > fs.statSync(DIST_INDEX).mtimeMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds web/dist when stale. Test files run in parallel processes: a lock directory makes one of them
 * build while the others wait (a stale lock older than 3 minutes is taken over).
 */
/** Runs `fn` holding the web build lock (a directory; one taken over after 3 minutes is stale). */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.existsSync(LOCK) ? fs.statSync(LOCK).mtimeMs : Date.now());
      if (age > 180_000) fs.rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds web/dist when stale. Test files run in parallel processes: the lock makes one of them build
 * while the others wait.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (!webIsStale()) return;
  await withBuildLock(async () => {
    if (!webIsStale()) return;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  });
}

export interface E2eServerOptions {
  /** Instant of the server's fixed clock (default E2E_NOW). */
  now?: string;
  /** Module seeds to run, by module name (['org'] = departments and demo accounts only); default 'all', a full demo install. */
  seed?: string[] | 'all';
  /** Port to listen on (default: a free one). */
  port?: number;
}

export interface E2eServer {
  /** http://127.0.0.1:<port> */
  url: string;
  built: BuiltApp;
  clock: FixedClock;
  close(): Promise<void>;
}

/** Asset files index.html refers to. */
function referencedAssets(dir: string): string[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
}

/**
 * Copies web/dist to a private directory, so that a rebuild by a parallel test file (other engineers
 * edit web/ while tests run) cannot pull the files out from under this server. Taken under the build
 * lock; retried while a build outside the lock is half written.
 */
async function snapshotWeb(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    await ensureWebBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-web-'));
    await withBuildLock(async () => {
      fs.cpSync(path.join(WEB, 'dist'), dir, { recursive: true });
    });
    const ok = fs.existsSync(path.join(dir, 'index.html')) && referencedAssets(dir).every((a) => fs.existsSync(path.join(dir, a)));
    if (ok) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    if (attempt >= 40) throw new Error('web/dist stays incomplete (a build is running outside the lock?)');
    await sleep(1000);
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const SERVER_PREFIXES = ['/api/', '/open311/', '/docs', '/openapi.json', '/healthz'];

/** Serves the web snapshot for page and asset GETs and hands everything else to the Fastify app. */
function frontServer(built: BuiltApp, webDir: string): http.Server {
  return http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (!isGet || SERVER_PREFIXES.some((p) => url.startsWith(p))) {
      built.app.routing(req, res);
      return;
    }
    let file = path.resolve(webDir, `.${url}`);
    if (!file.startsWith(webDir + path.sep)) file = path.join(webDir, 'index.html');
    const exists = fs.existsSync(file) && fs.statSync(file).isFile();
    if (!exists) {
      // SPA fallback for page paths; a missing asset is a 404 from the app
      if (path.extname(url)) {
        built.app.routing(req, res);
        return;
      }
      file = path.join(webDir, 'index.html');
    }
    // the same policy headers (CSP …) the app server puts on the pages it serves
    res.writeHead(200, {
      ...securityHeaders(url, { hsts: false }),
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
}

export async function startE2eServer(opts: E2eServerOptions = {}): Promise<E2eServer> {
  const webDir = await snapshotWeb();
  const clock = new FixedClock(opts.now ?? E2E_NOW);
  const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: 'file::memory:' });
  const opened = openDb({ dialect: 'sqlite', url: ':memory:' });
  const built = await buildApp({ config, clock, opened, modules: allModules, serveWeb: false });
  const seed = opts.seed ?? 'all';
  if (seed === 'all') await seedIfEmpty(built);
  else for (const m of allModules) if (seed.includes(m.name)) await m.seed?.(built.ctx, { kind: 'demo' });
  const server = frontServer(built, webDir);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    built,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    },
  };
}
