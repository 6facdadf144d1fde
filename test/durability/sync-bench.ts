/**
 * SQLite synchronous=FULL vs NORMAL, measured (docs/operations.md quotes the figures):
 *   node --import tsx test/durability/sync-bench.ts [rounds]
 * 1. commit rate: small transactions (one insert + one audit-like insert) straight on better-sqlite3;
 * 2. intake throughput: the real server process, 8 concurrent clients POSTing writes that each commit a
 *    transaction with an audit row (departments, or cases when the cases module is registered).
 * Rounds alternate the two modes so machine noise hits both alike; medians are printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { departmentWriter, disposeBundle, driveLoad, loginToken, startServer, useBundle, waitHealthy } from './server';
import { intakeWriter } from './intake';

const rounds = Number(process.argv[2] ?? 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-syncbench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function commitRate(mode: 'FULL' | 'NORMAL', n = 2000): number {
  const file = path.join(tmp, `raw-${mode}-${Math.random().toString(36).slice(2)}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${mode}`);
  db.exec('create table t (id integer primary key, v text); create table a (seq integer primary key, h text)');
  const ins = db.prepare('insert into t (v) values (?)');
  const aud = db.prepare('insert into a (h) values (?)');
  const tx = db.transaction((i: number) => {
    ins.run(`row ${i}`);
    aud.run(`hash ${i}`);
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tx(i);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function intakeRate(mode: 'FULL' | 'NORMAL'): Promise<number> {
  const file = path.join(tmp, `srv-${mode}-${Math.random().toString(36).slice(2)}.db`);
  const s = startServer({ DATABASE_URL: `file:${file}`, ONEWINDOW_SQLITE_SYNCHRONOUS: mode, ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00' });
  try {
    await waitHealthy(s, 180_000);
    const writer = intakeWriter() ?? departmentWriter;
    const token = await loginToken(s, writer.name === 'cases' ? 'clerk' : 'admin');
    await driveLoad(s, token, writer, { clients: 8, maxPerClient: 10 }); // warm-up
    const r = await driveLoad(s, token, writer, { clients: 8, maxPerClient: 60 });
    return r.acked.length / (r.ms / 1000);
  } finally {
    s.child.kill('SIGTERM');
    await s.exited;
  }
}

await useBundle();
const results: Record<string, { commits: number[]; intake: number[] }> = { FULL: { commits: [], intake: [] }, NORMAL: { commits: [], intake: [] } };
for (let r = 0; r < rounds; r++) {
  for (const mode of (r % 2 ? ['NORMAL', 'FULL'] : ['FULL', 'NORMAL']) as Array<'FULL' | 'NORMAL'>) {
    results[mode].commits.push(commitRate(mode));
    results[mode].intake.push(await intakeRate(mode));
    console.log(`round ${r + 1} ${mode}: ${results[mode].commits.at(-1)!.toFixed(0)} commits/s, ${results[mode].intake.at(-1)!.toFixed(1)} writes/s over HTTP`);
  }
}
console.log(`writer: ${(intakeWriter() ?? departmentWriter).name}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const mode of ['FULL', 'NORMAL']) {
  console.log(`${mode}: median ${median(results[mode].commits).toFixed(0)} commits/s (raw), ${median(results[mode].intake).toFixed(1)} writes/s (server, 8 clients)`);
}
fs.rmSync(tmp, { recursive: true, force: true });
disposeBundle();
process.exit(0);
