import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { openDb, type OpenedDb } from '../../kernel/db/db';
import { caseSequenceName } from '../../modules/cases';
import { regionOfOrderNo } from '../../modules/hotline';
import { generateCommand } from './cli';
import { generate, type GenerateReport } from './generator';

/**
 * Two tiny county-years in one database (`--counties 2`): each county under its own region code, its
 * cases filed under its own departments and numbered per region and day as intake numbers them, the same
 * for a seed on both dialects.
 */
const SEED = 5;
const INSTALLATION = '430582';
const pgUrl = inject('pgUrl');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-prov-'));
const pgSchema = `prov_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${pgSchema} cascade`);
    await c.end();
  }
});

const run = (databaseUrl: string) => generate({ scale: 'tiny', counties: 2, year: 2025, seed: SEED, databaseUrl, progress: false });
/** The report without what varies from run to run (timings, memory) and the dialect. */
const content = ({ seconds: _s, cpuSeconds: _c, dialect: _d, counties, ...rest }: GenerateReport) => ({
  ...rest,
  counties: counties?.map(({ seconds: _cs, cpuSeconds: _cc, rssMb: _r, ...c }) => c),
});

interface Back {
  cases: string[];
  /** Region of each case's department (its own code or its nearest ancestor's), by case number. */
  caseRegion: Map<string, string>;
  counters: Map<string, number>;
  /** Each work order's county and number. */
  orders: { region: string; orderNo: string }[];
  departments: { code: string; region: string | null }[];
  audit: { ok: boolean; reason?: string };
}

async function readBack(opened: OpenedDb): Promise<Back> {
  try {
    const { db } = opened;
    const depts = await db.selectFrom('kernel_departments').select(['id', 'code', 'parent_id', 'region_code']).execute();
    const byId = new Map(depts.map((d) => [Number(d.id), d]));
    const regionOf = (id: number): string => {
      for (let d = byId.get(id); d; d = d.parent_id === null ? undefined : byId.get(Number(d.parent_id))) if (d.region_code) return String(d.region_code).slice(0, 6);
      return '?';
    };
    const rows = await db.selectFrom('cases_cases').select(['case_no', 'status', 'department_id']).orderBy('id').execute();
    const seqs = await db.selectFrom('kernel_sequences').select(['name', 'value']).where('name', 'like', 'case:%').execute();
    const orders = await db.selectFrom('hotline_orders').select(['region', 'order_no']).orderBy('id').execute();
    return {
      cases: rows.map((r) => `${r.case_no} ${r.status}`),
      caseRegion: new Map(rows.map((r) => [String(r.case_no), regionOf(Number(r.department_id))])),
      counters: new Map(seqs.map((s) => [String(s.name), Number(s.value)])),
      orders: orders.map((o) => ({ region: String(o.region), orderNo: String(o.order_no) })),
      departments: depts.map((d) => ({ code: String(d.code), region: d.region_code === null ? null : String(d.region_code) })),
      audit: await verifyAuditChain(db),
    };
  } finally {
    await opened.close();
  }
}

/** Every case's county is its department's; per region and day the numbers run 1…n and the counter stands at n. */
function expectNumberedPerRegion(back: Back) {
  const byRegionDay = new Map<string, number[]>();
  for (const [caseNo, region] of back.caseRegion) {
    const [prefix, day, seq] = caseNo.split('-');
    expect(prefix, caseNo).toBe(region);
    const key = `${prefix} ${day}`;
    byRegionDay.set(key, [...(byRegionDay.get(key) ?? []), Number(seq)]);
  }
  for (const [key, seqs] of byRegionDay) {
    const [region, day] = key.split(' ');
    expect(seqs.sort((a, b) => a - b), key).toEqual(seqs.map((_s, i) => i + 1));
    expect(back.counters.get(caseSequenceName(region, day, INSTALLATION)), key).toBe(seqs.length);
  }
}

/** Every work order belongs to a county and is numbered in it: `GD<day><seq>` at home, `GD<region>-<day>-<seq>` elsewhere, gapless per county and day. */
function expectOrdersPerRegion(back: Back) {
  const byRegionDay = new Map<string, number[]>();
  for (const o of back.orders) {
    expect(regionOfOrderNo(o.orderNo, INSTALLATION), o.orderNo).toBe(o.region);
    const m = o.region === INSTALLATION ? /^GD(\d{8})(\d+)$/.exec(o.orderNo) : /^GD\d{6}-(\d{8})-(\d+)$/.exec(o.orderNo);
    expect(m, o.orderNo).not.toBeNull();
    const key = `${o.region} ${m![1]}`;
    byRegionDay.set(key, [...(byRegionDay.get(key) ?? []), Number(m![2])]);
  }
  expect(new Set(back.orders.map((o) => o.region))).toEqual(new Set([INSTALLATION, '430502']));
  for (const [key, seqs] of byRegionDay) expect(seqs.sort((a, b) => a - b), key).toEqual(seqs.map((_s, i) => i + 1));
}

describe('generate --scale tiny --counties 2', () => {
  let first: GenerateReport;
  let firstBack: Back;

  it('writes two counties on SQLite, each under its own region and numbered per region and day', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'a.db');
    first = await run(`file:${file}`);
    expect(first.counties?.map((c) => c.region)).toEqual([INSTALLATION, '430502']);
    for (const c of first.counties!) {
      expect(c.cases).toBeGreaterThanOrEqual(600);
      expect(c.orders).toBeGreaterThan(0);
      expect(c.evaluations).toBeGreaterThan(0);
    }
    expect(first.counties![1].departments).toBe(first.counties![0].departments);
    expect(first.cases).toBe(first.counties!.reduce((s, c) => s + c.cases, 0));
    expect(first.orders).toBe(first.counties!.reduce((s, c) => s + c.orders, 0));
    expect(first.rows.cases_cases).toBe(first.cases);
    expect(first.rows.evaluations_evaluations).toBe(first.evaluations);
    expect(first.rows.hotline_orders).toBe(first.orders);

    firstBack = await readBack(openDb({ dialect: 'sqlite', url: file }));
    expect(firstBack.audit.ok, firstBack.audit.reason).toBe(true);
    const perRegion = new Map<string, number>();
    for (const region of firstBack.caseRegion.values()) perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
    expect([...perRegion.keys()].sort()).toEqual(['430502', INSTALLATION]);
    // The demo seed's own few cases belong to the installation's county.
    expect(perRegion.get('430502')).toBe(first.counties![1].cases);
    expect(perRegion.get(INSTALLATION)).toBeGreaterThanOrEqual(first.counties![0].cases);
    expectNumberedPerRegion(firstBack);
    expectOrdersPerRegion(firstBack);
    // Another county counts in `case:<region>:<day>`, the installation's in `case:<day>`.
    expect([...firstBack.counters.keys()].some((n) => n.startsWith('case:430502:'))).toBe(true);
    expect(firstBack.departments.find((d) => d.code === '430502-000')).toEqual({ code: '430502-000', region: '430502' });
  });

  it.skipIf(!pgUrl)('writes the same two counties on PostgreSQL', { timeout: 300_000 }, async () => {
    const report = await run(`${pgUrl}${pgUrl?.includes('?') ? '&' : '?'}schema=${pgSchema}`);
    expect(report.dialect).toBe('postgres');
    expect(content(report)).toEqual(content(first));
    const back = await readBack(openDb({ dialect: 'postgres', url: pgUrl!, schema: pgSchema }));
    expect(back.audit.ok, back.audit.reason).toBe(true);
    expect(back.cases).toEqual(firstBack.cases);
    expectNumberedPerRegion(back);
    expectOrdersPerRegion(back);
  });
});

describe('onewindow generate --counties', () => {
  it.each([[{ scale: 'province-year', counties: '0', quiet: true }], [{ scale: 'tiny', counties: '99', quiet: true }], [{ scale: 'tiny', counties: 'x', quiet: true }]])('refuses %j with the usage and exit code 2', async (args) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await generateCommand(args)).toBe(2);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('usage: onewindow generate'));
    } finally {
      error.mockRestore();
    }
  });
});
