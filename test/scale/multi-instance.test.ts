/**
 * Several app instances on one PostgreSQL schema (SPEC §6): two real server processes — the first seeds
 * the demo county, the second starts on it — take window applications and run supervision sweeps at the
 * same time. Afterwards: every 201 is in the database (no lost writes), no case number twice, no
 * (subject, rule) card twice, no notification twice (kernel_outbox dedupe keys).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeIdCheckChar } from '../../src/kernel/validators/idcard';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { createBulkSink } from '../../src/kernel/db/bulk-sink';
import { modules } from '../../src/modules';
import { bulkInsertCases, type PlannedCase } from '../../src/modules/cases';
import type { ItemVersion } from '../../src/shared/catalog.types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pgUrl = inject('pgUrl');
const NOW = '2026-09-30T09:00:00+08:00';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface Instance {
  child: ChildProcess;
  base: string;
  output: () => string;
}

async function start(url: string, seed: 'demo' | 'none'): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url, ONEWINDOW_SEED: seed, ONEWINDOW_FAKE_NOW: NOW, ONEWINDOW_JOBS: '0', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${out}`);
    if (Date.now() - t0 > 150_000) throw new Error(`instance not healthy: ${out}`);
    try {
      // ready = the API answers (a first start seeds the demo county behind 503 STARTING)
      if ((await fetch(`${base}/api/v1/system/status`)).status === 200) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => out };
}

const post = async (base: string, url: string, token: string | null, body: unknown) => {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
};

const login = async (base: string, username: string) => (await post(base, '/api/v1/auth/login', null, { username, password: 'demo1234' })).body!.token as string;

function idNumber(i: number) {
  const first17 = `4305821990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

describe.skipIf(!pgUrl)('two app instances on one PostgreSQL schema', () => {
  const schema = `scale_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = `${pgUrl}${pgUrl?.includes('?') ? '&' : '?'}schema=${schema}`;
  const instances: Instance[] = [];

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    instances.push(await start(url, 'demo'));
    // Overdue and near-due accepted cases, written through the cases module's bulk path, give the two
    // concurrent sweeps cards to fight over.
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const built = await buildApp({ config, clock: new FixedClock(NOW), modules, serveWeb: false });
    try {
      const catalog = built.ctx.services.catalog;
      const codes = (await catalog.list({ pageSize: 100 })).items.map((i) => i.code);
      const items: ItemVersion[] = [];
      for (const code of codes) {
        const v = await catalog.getPublished(code);
        if (v?.applicationBased && v.kind === 'promised' && v.promisedLimit > 2) items.push(v);
      }
      const index = built.ctx.calendar.current;
      const plans: PlannedCase[] = Array.from({ length: 150 }, (_v, i) => {
        const item = items[i % items.length];
        const acceptedOn = index.addWorkdays('2026-09-30', -(item.promisedLimit + (i % 3 === 0 ? 0 : 3)));
        return {
          item,
          channel: 'window',
          applicant: { type: 'person', name: '并发测试', idNumber: idNumber(10_000 + i), phone: '13800000000' },
          applicantUserId: null,
          submittedAt: new Date(`${acceptedOn}T09:00:00+08:00`).toISOString(),
          createdBy: { id: null, name: 'test' },
          steps: [{ action: 'accept', on: acceptedOn }],
        };
      });
      const sink = createBulkSink(built.opened);
      let n = 0;
      await bulkInsertCases(sink, { index, settings: built.ctx.services.cases.settings, regionCode: config.regionCode, today: '2026-09-30', nextSeq: () => 900_000 + ++n }, plans);
      await sink.finish();
    } finally {
      await built.close();
    }
    instances.push(await start(url, 'none'));
  }, 300_000);

  afterAll(async () => {
    for (const i of instances) i.child.kill('SIGKILL');
    if (pgUrl) {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  });

  it('intake and sweeps on both at once: no duplicates, no lost writes', async () => {
    const [a, b] = instances;
    const tokens = await Promise.all(instances.map((i) => login(i.base, 'clerk')));
    const sup = await Promise.all(instances.map((i) => login(i.base, 'supervisor')));
    const items = ((await (await fetch(`${a.base}/api/v1/items?pageSize=100`)).json()) as { items: { code: string; kind: string }[] }).items;
    const itemCode = items.find((i) => i.kind === 'promised')!.code;
    const created: string[] = [];
    const failures: string[] = [];
    let seq = 0;
    const intake = async (inst: Instance, token: string, count: number) => {
      for (let k = 0; k < count; k++) {
        const r = await post(inst.base, '/api/v1/cases', token, { itemCode, channel: 'window', applicant: { type: 'person', name: '并发申请人', idNumber: idNumber(seq++), phone: '13900000000' } });
        if (r.status === 201) created.push(r.body!.caseNo as string);
        else failures.push(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    };
    let issued = 0;
    const sweeps = async (inst: Instance, token: string, count: number) => {
      for (let k = 0; k < count; k++) {
        const r = await post(inst.base, '/api/v1/supervision/sweep', token, {});
        expect(r.status).toBe(200);
        issued += Number(r.body!.issued);
      }
    };
    await Promise.all([
      ...Array.from({ length: 8 }, () => intake(a, tokens[0], 25)),
      ...Array.from({ length: 8 }, () => intake(b, tokens[1], 25)),
      sweeps(a, sup[0], 6),
      sweeps(b, sup[1], 6),
    ]);
    expect(failures).toEqual([]);
    expect(created).toHaveLength(400);
    expect(new Set(created).size).toBe(created.length);

    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    try {
      await c.query(`set search_path to ${schema}`);
      const stored = await c.query('select case_no from cases_cases where case_no = any($1)', [created]);
      expect(stored.rowCount).toBe(created.length);
      const dupCases = await c.query('select case_no from cases_cases group by case_no having count(*) > 1');
      expect(dupCases.rows).toEqual([]);
      const cards = await c.query('select cast(count(*) as integer) as n from supervision_cards');
      expect(cards.rows[0].n).toBe(issued);
      expect(issued).toBeGreaterThan(0);
      const dupCards = await c.query('select subject_type, subject_id, rule from supervision_cards group by subject_type, subject_id, rule having count(*) > 1');
      expect(dupCards.rows).toEqual([]);
      const dupOutbox = await c.query('select dedupe_key from kernel_outbox where dedupe_key is not null group by dedupe_key having count(*) > 1');
      expect(dupOutbox.rows).toEqual([]);
      const cardNotes = await c.query(`select cast(count(*) as integer) as n from kernel_outbox where template = 'supervision.card_issued'`);
      expect(cardNotes.rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  }, 240_000);
});
