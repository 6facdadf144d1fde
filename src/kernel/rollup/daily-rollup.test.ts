import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import type { DbOrTx } from '../db/db';
import {
  addDays,
  daysToRanges,
  defineDailyRollup,
  markDaysChanged,
  mergeRanges,
  planRead,
  planRun,
  readPlan,
  rollupState,
  runDailyRollup,
  shanghaiDaySql,
  sumRolled,
  type DailyRollup,
} from './daily-rollup';

describe('daily roll-up planning', () => {
  it('days and ranges', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysToRanges(['2026-09-04', '2026-09-01', '2026-09-02', '2026-09-02'])).toEqual([
      { from: '2026-09-01', to: '2026-09-02' },
      { from: '2026-09-04', to: '2026-09-04' },
    ]);
    expect(mergeRanges([{ from: '2026-09-05', to: '2026-09-09' }, { from: '2026-09-01', to: '2026-09-04' }, { from: '2026-09-20', to: '2026-09-21' }])).toEqual([
      { from: '2026-09-01', to: '2026-09-09' },
      { from: '2026-09-20', to: '2026-09-21' },
    ]);
  });

  it.each([
    ['nothing rolled: all live', { through: null, dirty: [] }, { rolled: null, live: [{ from: '2026-01-01', to: '2026-12-31' }] }],
    ['rolled before the period: all live', { through: '2025-12-31', dirty: [] }, { rolled: null, live: [{ from: '2026-01-01', to: '2026-12-31' }] }],
    [
      'rolled into the period: the tail live',
      { through: '2026-09-20', dirty: [] },
      { rolled: { from: '2026-01-01', to: '2026-09-20', except: [] }, live: [{ from: '2026-09-21', to: '2026-12-31' }] },
    ],
    [
      'dirty days inside the period are live; dirty days outside it are ignored',
      { through: '2026-09-20', dirty: ['2025-06-01', '2026-03-03', '2026-03-04', '2026-09-20'] },
      {
        rolled: { from: '2026-01-01', to: '2026-09-20', except: ['2026-03-03', '2026-03-04', '2026-09-20'] },
        live: [
          { from: '2026-03-03', to: '2026-03-04' },
          { from: '2026-09-20', to: '2026-12-31' },
        ],
      },
    ],
    ['rolled past the period', { through: '2027-03-01', dirty: [] }, { rolled: { from: '2026-01-01', to: '2026-12-31', except: [] }, live: [] }],
  ])('read plan: %s', (_, state, plan) => {
    expect(planRead(state, '2026-01-01', '2026-12-31')).toEqual(plan);
  });

  it('run plan: the settle window up to yesterday plus the dirty days; full on the first run, on request, or when the clock went back', () => {
    const o = { yesterday: '2026-09-21', firstDay: '2026-01-05', settleDays: 3, full: false };
    expect(planRun({ through: null, dirty: [] }, o)).toEqual({ full: true, through: '2026-09-21', ranges: [{ from: '2026-01-05', to: '2026-09-21' }] });
    expect(planRun({ through: '2026-09-20', dirty: [] }, { ...o, full: true }).full).toBe(true);
    expect(planRun({ through: '2026-09-25', dirty: [] }, o).full).toBe(true);
    expect(planRun({ through: '2026-09-20', dirty: ['2026-02-01', '2026-09-18'] }, o)).toEqual({
      full: false,
      through: '2026-09-21',
      ranges: [
        { from: '2026-02-01', to: '2026-02-01' },
        { from: '2026-09-17', to: '2026-09-21' },
      ],
    });
    expect(planRun({ through: '2026-01-06', dirty: [] }, o).ranges).toEqual([{ from: '2026-01-05', to: '2026-09-21' }]);
    expect(planRun({ through: null, dirty: [] }, { ...o, firstDay: null }).ranges).toEqual([]);
  });

  it('names must leave room for the dirty marks in a settings key', () => {
    expect(() => defineDailyRollup({ name: 'x'.repeat(61), table: 't', settleDays: 1, firstDay: async () => null, compute: async () => [] })).toThrow();
  });
});

// A toy base table (events with an amount per day) and its roll-up: the helper knows nothing else.
describe.each(dialects)('daily roll-up on %s', (dialect) => {
  let t: TestApp<[]>;
  let threshold = 0;
  let gate: Promise<void> | null = null;
  const rollup: DailyRollup<{ day: string; total: number; big: number }> = defineDailyRollup({
    name: 'test.events_daily',
    table: 'test_events_daily',
    settleDays: 2,
    firstDay: async (db) => ((await db.selectFrom('test_events').select(sql<string>`min(day)`.as('d')).executeTakeFirst())?.d as string | null) ?? null,
    async compute(db, from, to) {
      if (gate) await gate;
      const rows = await db
        .selectFrom('test_events')
        .select(['day', sql<number>`cast(sum(n) as integer)`.as('total'), sql<number>`cast(sum(case when n > ${threshold} then 1 else 0 end) as integer)`.as('big')])
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy('day')
        .execute();
      return rows.map((r) => ({ day: r.day as string, total: Number(r.total), big: Number(r.big) }));
    },
    params: async () => ({ threshold }),
  });

  const live = async (db: DbOrTx, from: string, to: string) => {
    const r = await db
      .selectFrom('test_events')
      .select([sql<number>`cast(coalesce(sum(n), 0) as integer)`.as('total'), sql<number>`cast(coalesce(sum(case when n > ${threshold} then 1 else 0 end), 0) as integer)`.as('big')])
      .where('day', '>=', from)
      .where('day', '<=', to)
      .executeTakeFirstOrThrow();
    return { total: Number(r.total), big: Number(r.big) };
  };
  const viaRollup = async (from: string, to: string) => {
    const plan = await readPlan(t.opened.db, rollup, from, to);
    const sum = await sumRolled(t.opened.db, rollup.table, plan.rolled, ['total', 'big'] as const);
    for (const r of plan.live) {
      const l = await live(t.opened.db, r.from, r.to);
      sum.total += l.total;
      sum.big += l.big;
    }
    return sum;
  };
  const expectExact = async () => {
    for (const [from, to] of [
      ['2026-09-01', '2026-09-30'],
      ['2026-09-05', '2026-09-05'],
      ['2026-08-01', '2026-09-19'],
    ]) {
      expect(await viaRollup(from, to)).toEqual(await live(t.opened.db, from, to));
    }
  };
  const write = (day: string, n: number) =>
    t.opened.db.transaction().execute(async (tx) => {
      await tx.insertInto('test_events').values({ day, n }).execute();
      await markDaysChanged(tx, rollup, [day]);
    });
  const run = (today: string, full = false) => runDailyRollup(t.opened.db, rollup, { today, now: `${today}T00:00:00.000Z`, full });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, modules: [], seed: [] });
    await t.opened.db.schema.createTable('test_events').addColumn('day', 'varchar(10)', (c) => c.notNull()).addColumn('n', 'integer', (c) => c.notNull()).execute();
    await t.opened.db.schema
      .createTable('test_events_daily')
      .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('big', 'integer', (c) => c.notNull())
      .execute();
    const rows = [];
    for (let d = 1; d <= 20; d++) rows.push({ day: `2026-09-${String(d).padStart(2, '0')}`, n: d }, { day: `2026-09-${String(d).padStart(2, '0')}`, n: 1 });
    await t.opened.db.insertInto('test_events').values(rows).execute();
  });
  afterAll(async () => t?.close());

  it('a full run rolls up to yesterday; readers agree with the live sum', async () => {
    await expectExact();
    expect(await run('2026-09-21', true)).toMatchObject({ full: true, through: '2026-09-20', ranges: [{ from: '2026-09-01', to: '2026-09-20' }], rows: 20 });
    expect((await readPlan(t.opened.db, rollup, '2026-09-01', '2026-09-30')).live).toEqual([{ from: '2026-09-21', to: '2026-09-30' }]);
    await expectExact();
  });

  it('a write to a rolled day marks it dirty in its transaction; readers read it live; the next run recomputes it', async () => {
    await write('2026-09-05', 100);
    await write('2026-09-25', 7); // not rolled yet: no mark
    expect((await rollupState(t.opened.db, rollup.name)).dirty).toEqual(['2026-09-05']);
    expect((await readPlan(t.opened.db, rollup, '2026-09-01', '2026-09-30')).rolled?.except).toEqual(['2026-09-05']);
    await expectExact();
    const r = await run('2026-09-22');
    expect(r).toMatchObject({ full: false, through: '2026-09-21', ranges: [{ from: '2026-09-05', to: '2026-09-05' }, { from: '2026-09-18', to: '2026-09-21' }] });
    expect((await rollupState(t.opened.db, rollup.name)).dirty).toEqual([]);
    await expectExact();
  });

  it('a rolled-back write leaves no mark', async () => {
    await expect(
      t.opened.db.transaction().execute(async (tx) => {
        await tx.insertInto('test_events').values({ day: '2026-09-06', n: 5 }).execute();
        await markDaysChanged(tx, rollup, ['2026-09-06']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await rollupState(t.opened.db, rollup.name)).dirty).toEqual([]);
    await expectExact();
  });

  it('changed parameters: the roll-up is not read until a run rebuilds it', async () => {
    threshold = 10;
    expect((await readPlan(t.opened.db, rollup, '2026-09-01', '2026-09-30')).rolled).toBeNull();
    await expectExact();
    expect((await run('2026-09-22')).full).toBe(true);
    expect((await readPlan(t.opened.db, rollup, '2026-09-01', '2026-09-30')).rolled).not.toBeNull();
    await expectExact();
  });

  it('a write that commits while a run waits for it is seen by the run', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let marked!: () => void;
    const didMark = new Promise<void>((r) => (marked = r));
    // The write starts first (day 2026-09-22 is not rolled yet), holds its transaction open …
    const w = t.opened.db.transaction().execute(async (tx) => {
      await tx.insertInto('test_events').values({ day: '2026-09-22', n: 3 }).execute();
      await markDaysChanged(tx, rollup, ['2026-09-22']);
      marked();
      await held;
    });
    await didMark;
    // … while a run that rolls that day up starts: it must wait for the write, then see its row.
    const r = run('2026-09-23');
    await new Promise((res) => setTimeout(res, 100));
    release();
    await w;
    expect((await r).through).toBe('2026-09-22');
    expect((await rollupState(t.opened.db, rollup.name)).dirty).toEqual([]);
    expect(await viaRollup('2026-09-22', '2026-09-22')).toEqual(await live(t.opened.db, '2026-09-22', '2026-09-22'));
    await expectExact();
  });

  it('a write that reaches its mark while a run computes waits for the run and then marks its day', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    const r = run('2026-09-24'); // rolls up 2026-09-23, stopped inside its compute
    await new Promise((res) => setTimeout(res, 50));
    const w = write('2026-09-23', 11);
    await new Promise((res) => setTimeout(res, 100));
    gate = null;
    release();
    await r;
    await w;
    expect((await rollupState(t.opened.db, rollup.name)).through).toBe('2026-09-23');
    const plan = await readPlan(t.opened.db, rollup, '2026-09-01', '2026-09-30');
    // On PostgreSQL the write inserted while the run computed and marked its day after the run; on SQLite
    // it waited for the run's transaction and marked it too. Either way the reader is exact.
    expect(plan.rolled?.except).toEqual(['2026-09-23']);
    expect(await viaRollup('2026-09-23', '2026-09-23')).toEqual(await live(t.opened.db, '2026-09-23', '2026-09-23'));
    await expectExact();
  });

  it('another roll-up whose name differs only where a LIKE pattern would match any character is not read as ours', async () => {
    await t.opened.db.insertInto('kernel_settings').values({ key: 'test.eventsXdaily:dirty:2026-09-07', value_json: '{}', updated_at: '1970-01-01T00:00:00.000Z' }).execute();
    expect((await rollupState(t.opened.db, rollup.name)).dirty).not.toContain('2026-09-07');
    await run('2026-09-24');
    expect(await t.opened.db.selectFrom('kernel_settings').select('key').where('key', '=', 'test.eventsXdaily:dirty:2026-09-07').executeTakeFirst()).toBeDefined();
  });

  it('markDaysChanged refuses to run outside a transaction', async () => {
    await expect(markDaysChanged(t.opened.db as never, rollup, ['2026-09-01'])).rejects.toThrow(/transaction/);
  });

  it('the Shanghai day of an instant in SQL matches shanghaiDate', async () => {
    const instants = ['2026-08-31T15:59:59.999Z', '2026-08-31T16:00:00.000Z', '2026-12-31T23:30:00.000Z', '2024-02-28T16:00:00.000Z'];
    const r = await sql<{ d: string }>`select ${shanghaiDaySql(t.opened.db, 'x')} as d from (${sql.join(instants.map((i) => sql`select ${i} as x`), sql` union all `)}) s`.execute(t.opened.db);
    expect(r.rows.map((x) => x.d).sort()).toEqual(['2024-02-29', '2026-08-31', '2026-09-01', '2027-01-01']);
  });
});
