import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import type { DbOrTx } from '../db/db';
import {
  addDays,
  addMonths,
  daysToRanges,
  lastDayOf,
  monthsOfRanges,
  rollMonths,
  rolledParts,
  splitRolled,
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
import { monthRowsAndDaySums, rolledGrains } from './daily-rollup.test-support';

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

  it('months: last days, month arithmetic, months touched by ranges', () => {
    expect([lastDayOf('2024-02'), lastDayOf('2025-02'), lastDayOf('1900-02'), lastDayOf('2000-02'), lastDayOf('2025-04'), lastDayOf('2025-12')]).toEqual([
      '2024-02-29',
      '2025-02-28',
      '1900-02-28',
      '2000-02-29',
      '2025-04-30',
      '2025-12-31',
    ]);
    expect([addMonths('2025-12', 1), addMonths('2025-01', -1), addMonths('0001-01', 0), addMonths('2025-03', 25)]).toEqual(['2026-01', '2024-12', '0001-01', '2027-04']);
    expect(
      monthsOfRanges([
        { from: '2026-03-30', to: '2026-04-02' },
        { from: '2026-01-05', to: '2026-01-05' },
        { from: '2026-05-01', to: '2026-05-03' },
        { from: '2026-08-09', to: '2026-08-09' },
      ]),
    ).toEqual([
      { from: '2026-01', to: '2026-01' },
      { from: '2026-03', to: '2026-05' },
      { from: '2026-08', to: '2026-08' },
    ]);
  });

  it.each([
    ['nothing rolled', null, { months: [], days: [], except: [] }],
    ['a whole year, clean: twelve months', { from: '2025-01-01', to: '2025-12-31', except: [] }, { months: [{ from: '2025-01', to: '2025-12' }], days: [], except: [] }],
    [
      'a year rolled to mid-September: whole months, then the days of September',
      { from: '2025-01-01', to: '2025-09-14', except: [] },
      { months: [{ from: '2025-01', to: '2025-08' }], days: [{ from: '2025-09-01', to: '2025-09-14' }], except: [] },
    ],
    [
      'a dirty day: its month is read by days without it',
      { from: '2025-01-01', to: '2025-12-31', except: ['2025-03-04'] },
      {
        months: [
          { from: '2025-01', to: '2025-02' },
          { from: '2025-04', to: '2025-12' },
        ],
        days: [{ from: '2025-03-01', to: '2025-03-31' }],
        except: ['2025-03-04'],
      },
    ],
    [
      'partial months at both ends, and dirty days in the last whole month and the tail merge into one day range',
      { from: '2025-01-15', to: '2025-06-10', except: ['2025-06-02', '2025-05-31', '2025-01-20'] },
      {
        months: [{ from: '2025-02', to: '2025-04' }],
        days: [
          { from: '2025-01-15', to: '2025-01-31' },
          { from: '2025-05-01', to: '2025-06-10' },
        ],
        except: ['2025-01-20', '2025-05-31', '2025-06-02'],
      },
    ],
    ['within one month: days only', { from: '2025-03-02', to: '2025-03-31', except: [] }, { months: [], days: [{ from: '2025-03-02', to: '2025-03-31' }], except: [] }],
    ['one whole month', { from: '2024-02-01', to: '2024-02-29', except: [] }, { months: [{ from: '2024-02', to: '2024-02' }], days: [], except: [] }],
    ['February without its leap day is not whole', { from: '2024-02-01', to: '2024-02-28', except: [] }, { months: [], days: [{ from: '2024-02-01', to: '2024-02-28' }], except: [] }],
    [
      'from year one (the supervised figure) to a day: every month before it whole',
      { from: '0001-01-01', to: '2025-01-09', except: ['2024-12-31'] },
      { months: [{ from: '0001-01', to: '2024-11' }], days: [{ from: '2024-12-01', to: '2025-01-09' }], except: ['2024-12-31'] },
    ],
  ])('split of the rolled days into months and days: %s', (_, rolled, split) => {
    expect(splitRolled(rolled)).toEqual(split);
  });

  it('a roll-up without a month layer reads its rolled days from the day table only', () => {
    const parts = rolledParts({ table: 'd' }, { from: '2025-01-01', to: '2025-12-31', except: [] });
    expect(parts.map((p) => [p.grain, p.table])).toEqual([['day', 'd']]);
    expect(rolledParts({ table: 'd', monthly: { table: 'm', keys: [], sums: ['n'] } }, { from: '2025-01-01', to: '2025-12-31', except: [] }).map((p) => [p.grain, p.table])).toEqual([
      ['month', 'm'],
    ]);
    expect(rolledParts({ table: 'd' }, null)).toEqual([]);
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

// A toy roll-up with a key and a month layer: a year is read from month rows wherever that is exact.
describe.each(dialects)('daily roll-up with a month layer on %s', (dialect) => {
  let t: TestApp<[]>;
  const rollup = defineDailyRollup({
    name: 'test.mevents_daily',
    table: 'test_mevents_daily',
    settleDays: 12,
    monthly: { table: 'test_mevents_monthly', keys: ['dept'], sums: ['total', 'cnt'] },
    firstDay: async (db) => ((await db.selectFrom('test_mevents').select(sql<string>`min(day)`.as('d')).executeTakeFirst())?.d as string | null) ?? null,
    async compute(db, from, to) {
      const rows = await db
        .selectFrom('test_mevents')
        .select(['day', 'dept', sql<number>`cast(sum(n) as integer)`.as('total'), sql<number>`cast(count(*) as integer)`.as('cnt')])
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy(['day', 'dept'])
        .execute();
      return rows.map((r) => ({ day: r.day as string, dept: Number(r.dept), total: Number(r.total), cnt: Number(r.cnt) }));
    },
  });
  const db = () => t.opened.db as unknown as DbOrTx;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const narrowTo = (dept: number | null) => (q: any) => (dept == null ? q : q.where('dept', '=', dept));

  const live = async (from: string, to: string, dept: number | null) => {
    const r = await narrowTo(dept)(
      db()
        .selectFrom('test_mevents')
        .select([sql<number>`cast(coalesce(sum(n), 0) as integer)`.as('total'), sql<number>`cast(count(*) as integer)`.as('cnt')])
        .where('day', '>=', from)
        .where('day', '<=', to),
    ).executeTakeFirstOrThrow();
    return { total: Number(r.total), cnt: Number(r.cnt) };
  };
  const viaRollup = async (from: string, to: string, dept: number | null) => {
    const plan = await readPlan(db(), rollup, from, to);
    const sum = await sumRolled(db(), rollup, plan.rolled, ['total', 'cnt'] as const, narrowTo(dept));
    for (const r of plan.live) {
      const l = await live(r.from, r.to, dept);
      sum.total += l.total;
      sum.cnt += l.cnt;
    }
    return sum;
  };
  const expectExact = async () => {
    for (const [from, to] of [
      ['2026-01-01', '2026-12-31'],
      ['2026-02-01', '2026-03-31'],
      ['2026-02-10', '2026-03-05'],
      ['0001-01-01', '2026-03-31'],
    ]) {
      for (const dept of [null, 1, 2]) expect(await viaRollup(from, to, dept)).toEqual(await live(from, to, dept));
    }
  };
  const monthRows = () => monthRowsAndDaySums(db(), rollup);
  const write = (day: string, dept: number, n: number, mark = true) =>
    t.opened.db.transaction().execute(async (tx) => {
      await tx.insertInto('test_mevents').values({ day, dept, n }).execute();
      if (mark) await markDaysChanged(tx, rollup, [day]);
    });
  const run = (today: string, full = false) => runDailyRollup(t.opened.db, rollup, { today, now: `${today}T00:00:00.000Z`, full });
  const grains = (from: string, to: string) => rolledGrains(db(), rollup, from, to);

  beforeAll(async () => {
    t = await buildTestApp({ dialect, modules: [], seed: [] });
    const s = t.opened.db.schema;
    await s.createTable('test_mevents').addColumn('day', 'varchar(10)', (c) => c.notNull()).addColumn('dept', 'integer', (c) => c.notNull()).addColumn('n', 'integer', (c) => c.notNull()).execute();
    await s
      .createTable('test_mevents_daily')
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('dept', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('cnt', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('test_mevents_daily_pk', ['day', 'dept'])
      .execute();
    await s
      .createTable('test_mevents_monthly')
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('dept', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('cnt', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('test_mevents_monthly_pk', ['month', 'dept'])
      .execute();
    // 2025-12-20 … 2026-04-10, two departments, a few events a day.
    const rows = [];
    for (let d = '2025-12-20'; d <= '2026-04-10'; d = addDays(d, 1)) {
      const k = Number(d.slice(8, 10));
      rows.push({ day: d, dept: 1, n: k }, { day: d, dept: 2, n: 2 * k + 1 });
      if (k % 3 === 0) rows.push({ day: d, dept: 2, n: 5 });
    }
    for (let i = 0; i < rows.length; i += 200) await t.opened.db.insertInto('test_mevents').values(rows.slice(i, i + 200)).execute();
  });
  afterAll(async () => t?.close());

  it('a full run fills the month rows from the day rows; a year reads whole months from them and the rest by days, exactly', async () => {
    await expectExact();
    expect(await run('2026-04-11', true)).toMatchObject({ full: true, through: '2026-04-10' });
    const { months, fromDays } = await monthRows();
    expect(months.map((m) => m.month)).toEqual(['2025-12', '2025-12', '2026-01', '2026-01', '2026-02', '2026-02', '2026-03', '2026-03', '2026-04', '2026-04']);
    expect(months).toEqual(fromDays);
    expect(splitRolled((await readPlan(db(), rollup, '2026-01-01', '2026-12-31')).rolled)).toEqual({
      months: [{ from: '2026-01', to: '2026-03' }],
      days: [{ from: '2026-04-01', to: '2026-04-10' }],
      except: [],
    });
    expect(await grains('2026-01-01', '2026-12-31')).toEqual(['month', 'day']);
    expect(await grains('2026-02-10', '2026-03-05')).toEqual(['day']);
    await expectExact();
  });

  it('a dirty day inside a closed month: that month is read by days (the dirty day live); the next run recomputes the month', async () => {
    await write('2026-02-10', 1, 100);
    await write('2026-02-10', 2, 7);
    expect(splitRolled((await readPlan(db(), rollup, '2026-01-01', '2026-12-31')).rolled)).toEqual({
      months: [
        { from: '2026-01', to: '2026-01' },
        { from: '2026-03', to: '2026-03' },
      ],
      days: [
        { from: '2026-02-01', to: '2026-02-28' },
        { from: '2026-04-01', to: '2026-04-10' },
      ],
      except: ['2026-02-10'],
    });
    await expectExact();
    const r = await run('2026-04-12');
    expect(r.ranges).toEqual([
      { from: '2026-02-10', to: '2026-02-10' },
      { from: '2026-03-29', to: '2026-04-11' },
    ]);
    const { months, fromDays } = await monthRows();
    expect(months).toEqual(fromDays);
    expect(months.find((m) => m.month === '2026-02' && m.dept === 1)).toEqual({ month: '2026-02', dept: 1, total: (28 * 29) / 2 + 100, cnt: 29 });
    expect(splitRolled((await readPlan(db(), rollup, '2026-01-01', '2026-12-31')).rolled).months).toEqual([{ from: '2026-01', to: '2026-03' }]);
    await expectExact();
  });

  it('the settle window: a late unmarked write into the last days of a closed month is in its month row after the next run', async () => {
    await write('2026-03-31', 2, 1000, false);
    await run('2026-04-13'); // settle window from 2026-03-30
    const { months, fromDays } = await monthRows();
    expect(months).toEqual(fromDays);
    await expectExact();
  });

  it('a month rolled partly is not read as a month until a run has rolled its last day', async () => {
    expect(await grains('2026-04-01', '2026-04-30')).toEqual(['day']);
    for (let d = '2026-04-11'; d <= '2026-05-02'; d = addDays(d, 1)) await write(d, 1, 3);
    await run('2026-05-01'); // through 2026-04-30: April is whole now
    expect(await grains('2026-04-01', '2026-04-30')).toEqual(['month']);
    const { months, fromDays } = await monthRows();
    expect(months).toEqual(fromDays);
    await expectExact();
  });

  it('a full run drops the month rows of days that lost their rows, and rollMonths(null) rebuilds the same rows (a migration backfill)', async () => {
    await t.opened.db.deleteFrom('test_mevents').where('day', '<', '2026-01-01').execute();
    await run('2026-05-03', true);
    const { months, fromDays } = await monthRows();
    expect(months.some((m) => m.month === '2025-12')).toBe(false);
    expect(months).toEqual(fromDays);
    await t.opened.db.deleteFrom('test_mevents_monthly').execute();
    await rollMonths(db(), rollup as Required<typeof rollup>, null);
    expect((await monthRows()).months).toEqual(months);
    await expectExact();
  });

  it('asking a month layer for a column it does not sum is an error, not a silent day read', async () => {
    await expect(sumRolled(db(), rollup, { from: '2026-01-01', to: '2026-01-31', except: [] }, ['dept'] as const)).rejects.toThrow(/no month sums/);
  });
});
