import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

// The real process: CLI entry, config from the environment, migrations, seed, listen, signals.
const ROOT = path.resolve(__dirname, '..');
const CLI = [ '--import', 'tsx', path.join(ROOT, 'src', 'cli.ts') ];
const children: ChildProcess[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-proc-'));

function serve(env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    env: { ...process.env, NODE_ENV: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  children.push(child);
  return { child, output: () => output };
}

async function waitHealthy(port: number, ms = 90_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} did not become healthy`);
}

async function waitReady(port: number, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/system/status`).catch(() => null);
    if (r?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${port} did not finish starting`);
}

const login = (port: number, username: string) =>
  fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('the server process', { timeout: 180_000 }, () => {
  it('answers /healthz at once on a first start, seeds the demo county behind 503 STARTING, starts its clock at ONEWINDOW_FAKE_NOW', async () => {
    const port = 39000 + Math.floor(Math.random() * 500);
    const { child } = serve({ DATABASE_URL: `file:${path.join(tmp, 'demo.db')}`, ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00' }, port);
    await waitHealthy(port);
    const early = await login(port, 'clerk');
    if (early.status === 503) {
      expect((await early.json()).error.code).toBe('STARTING');
      expect(early.headers.get('retry-after')).toBe('5');
    }
    await waitReady(port);
    expect((await login(port, 'clerk')).status).toBe(200);
    const status = await (await fetch(`http://127.0.0.1:${port}/api/v1/system/status`)).json();
    expect(status.today).toBe('2026-09-30');
    expect(status.now).toMatch(/^2026-09-30T09:0\d:\d\d\+08:00$/);
    expect(status.fakeClock).toBe(true);
    expect(status.nextWorkday).toBe('2026-10-08'); // 2026 国庆 break is 10-01..10-07
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
  });

  it('never seeds demo accounts in production', async () => {
    const port = 39500 + Math.floor(Math.random() * 400);
    serve({ NODE_ENV: 'production', DATABASE_URL: `file:${path.join(tmp, 'prod.db')}`, ONEWINDOW_SEED: 'demo' }, port);
    await waitHealthy(port);
    await waitReady(port);
    expect((await login(port, 'admin')).status).toBe(401);
  });

  it('refuses a fake clock in production', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve'], {
      env: { ...process.env, NODE_ENV: 'production', ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00', DATABASE_URL: `file:${path.join(tmp, 'x.db')}` },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/ONEWINDOW_FAKE_NOW is refused/);
  });

  it('verify-audit exits 0 on an intact chain and names the first broken row', () => {
    const db = path.join(tmp, 'demo.db');
    const env = { ...process.env, DATABASE_URL: `file:${db}` };
    const ok = spawnSync(process.execPath, [...CLI, 'verify-audit'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ rows/);
    const raw = new Database(db);
    raw.exec('drop trigger kernel_audit_log_no_update');
    raw.prepare('update kernel_audit_log set actor_name = ? where seq = 7').run('mallory');
    raw.close();
    const bad = spawnSync(process.execPath, [...CLI, 'verify-audit'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BROKEN at row 7/);
  });
});
