/**
 * Two real app processes (`node --import tsx src/cli.ts serve`) on one PostgreSQL schema sweep at the same
 * time, many times over: every (subject, rule) must end up with exactly one card and one notification.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { modules } from '../../src/modules';
import { ATTEMPT_TIMEOUT, JOURNEY_TIMEOUT, SETUP_TIMEOUT, STEP_TIMEOUT } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const pgUrl = inject('pgUrl');
const hasCases = modules.some((m) => m.name === 'cases');
const children: ChildProcess[] = [];
const schema = `t_sup2_${randomBytes(4).toString('hex')}`;

function serve(port: number): { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: pgUrl!,
      ONEWINDOW_PG_SCHEMA: schema,
      ONEWINDOW_FAKE_NOW: '2026-09-30T09:00:00+08:00',
      // The periodic jobs would sweep on their own; the test drives the sweeps itself.
      ONEWINDOW_JOBS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  children.push(child);
  return { output: () => out };
}

/** Polls the status endpoint until the server answers (a cold start migrates and seeds: slow under load). */
async function waitHealthy(port: number, output: () => string, ms = 3 * STEP_TIMEOUT) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/system/status`, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT) });
      if (res.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150)); // the polling interval, not a wait for the result
  }
  throw new Error(`server on ${port} did not become healthy:\n${output()}`);
}

/** SIGTERM, and SIGKILL if the process has not exited within one attempt; resolves when it has exited. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), ATTEMPT_TIMEOUT);
  await exited;
  clearTimeout(kill);
}

afterAll(async () => {
  // The servers hold connections to the schema: they are gone before it is dropped.
  await Promise.all(children.map(stop));
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}, SETUP_TIMEOUT);

describe.skipIf(!pgUrl || !hasCases)('supervision with two app instances on one PostgreSQL', () => {
  it('issues each card once although both instances sweep concurrently', { timeout: JOURNEY_TIMEOUT }, async () => {
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const portA = 40000 + Math.floor(Math.random() * 2000);
    const portB = portA + 1;
    const a = serve(portA);
    await waitHealthy(portA, a.output); // the first instance migrates and seeds the demo county
    const b = serve(portB);
    await waitHealthy(portB, b.output);

    // 300 hand-made open cases past or near their promised due date, straight into the shared schema.
    const dep = (await admin.query(`select id from ${schema}.kernel_departments order by id limit 1`)).rows[0].id;
    const values: string[] = [];
    for (let i = 0; i < 300; i++) {
      const due = i % 3 === 0 ? '2026-09-30' : i % 3 === 1 ? '2026-09-25' : '2026-09-28';
      values.push(
        `('P2-${i}', 'accepted', 'T', '测试事项', 1, ${dep}, 'window', 'person', '测试', '430582199003071234', '1234', '2026-09-01T02:00:00Z', '2026-09-01', '2026-09-01', '2026-09-02', 5, 20, 'workday', 'promised', 10, '${due}', '[]', '2026-09-01T02:00:00Z')`,
      );
    }
    await admin.query(
      `insert into ${schema}.cases_cases (case_no, status, item_code, item_name, version_id, department_id, channel, applicant_type, applicant_name, applicant_id_number, applicant_last4, submitted_at, submitted_on, intake_from, accepted_on, promised_limit, legal_limit, limit_unit, case_kind, extension_allowance, promised_due_date, materials_json, updated_at) values ${values.join(',')}`,
    );
    const before = Number((await admin.query(`select count(*) from ${schema}.supervision_cards`)).rows[0].count);

    const token = (
      await (await fetch(`http://127.0.0.1:${portA}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'demo1234' }) })).json()
    ).token as string;
    const sweep = (port: number) =>
      fetch(`http://127.0.0.1:${port}/api/v1/supervision/sweep`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
        expect(r.status).toBe(200);
        return ((await r.json()) as { issued: number }).issued;
      });
    const issued = await Promise.all([sweep(portA), sweep(portB), sweep(portA), sweep(portB), sweep(portA), sweep(portB)]);
    const total = issued.reduce((s, n) => s + n, 0);

    const mine = await admin.query(`select subject_id, rule from ${schema}.supervision_cards where subject_id like 'P2-%'`);
    // 100 due today (near_due) + 200 overdue (overdue) = 300 cards, each once
    expect(mine.rows.length).toBe(300);
    const after = Number((await admin.query(`select count(*) from ${schema}.supervision_cards`)).rows[0].count);
    expect(total).toBe(after - before);
    const dupes = await admin.query(`select subject_type, subject_id, rule, count(*) from ${schema}.supervision_cards group by 1, 2, 3 having count(*) > 1`);
    expect(dupes.rows).toEqual([]);
    const notes = await admin.query(`select dedupe_key, count(*) from ${schema}.kernel_outbox where template = 'supervision.card_issued' group by 1 having count(*) > 1`);
    expect(notes.rows).toEqual([]);
    const noteCount = Number((await admin.query(`select count(*) from ${schema}.kernel_outbox where template = 'supervision.card_issued' and payload_json like '%P2-%'`)).rows[0].count);
    expect(noteCount).toBe(300);
    // the audit chain stayed one chain under the concurrent writers
    const audit = await admin.query(`select count(*) from ${schema}.kernel_audit_log where action = 'supervision.card_issued' and after_json like '%P2-%'`);
    expect(Number(audit.rows[0].count)).toBe(300);
    await admin.end();
  });
});
