import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { allMigrations } from '../../app';
import { modules } from '../../modules';
import { FixedClock, shanghaiDate } from '../clock';
import { openDb, type OpenedDb } from './db';
import { migrateToLatest } from './migrator';
import { recordAudit, verifyAuditChain } from '../audit/audit';
import { systemActor } from '../auth/actor';
import { attachYear, detachYear, ensurePartitionsAhead, listPartitions, PartitionError } from './partitions';

const pgUrl = inject('pgUrl');
const actor = systemActor('test');
const PARTITION_MIGRATIONS = /_partitions$/;
const CLI = [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('src/cli.ts')];

interface Fresh {
  opened: OpenedDb;
  url: string;
  close(): Promise<void>;
}

async function fresh(): Promise<Fresh> {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl! });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const opened = openDb({ dialect: 'postgres', url: pgUrl!, schema, poolSize: 4 });
  return {
    opened,
    url: `${pgUrl}?schema=${schema}`,
    async close() {
      await opened.close();
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

const all = allMigrations(modules);
const before = Object.fromEntries(Object.entries(all).filter(([name]) => !PARTITION_MIGRATIONS.test(name)));

/** A case row with only what the schema requires. */
async function insertCase(o: OpenedDb, id: number, day: string) {
  const caseNo = `430582-${day.replaceAll('-', '')}-${String(id).padStart(6, '0')}`;
  await o.db
    .insertInto('cases_cases')
    .values({
      id, case_no: caseNo, status: 'accepted', item_code: 'X', item_name: 'X', version_id: 1, department_id: 1, channel: 'window', applicant_type: 'person',
      applicant_name: '王', applicant_id_number: '1', applicant_last4: '0001', submitted_at: `${day}T02:00:00.000Z`, submitted_on: day, intake_from: day,
      promised_limit: 5, legal_limit: 20, limit_unit: 'workday', case_kind: 'commit', extension_allowance: 0, materials_json: '[]', updated_at: `${day}T02:00:00.000Z`,
    })
    .execute();
  return caseNo;
}

/** An event of a case; `caseDay` (its case's submitted_on) once cases_cases is partitioned (cases 0275). */
async function insertEvent(o: OpenedDb, caseId: number, day: string, caseDay?: string) {
  const carried = caseDay === undefined ? {} : { case_submitted_on: caseDay };
  await o.db
    .insertInto('cases_events')
    .values({ case_id: caseId, ...carried, at: `${day}T03:00:00.000Z`, on_date: day, action: 'accept', to_status: 'accepted' } as never)
    .execute();
}

async function explain(o: OpenedDb, query: string): Promise<string> {
  return o.db.transaction().execute(async (tx) => {
    // The test tables are too small for the planner to choose an index unprompted.
    await sql`set local enable_seqscan = off`.execute(tx);
    return (await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/**
 * A work order with its `created` event, a callback and a call; `shanghaiDay` is its created_on (the carried
 * key of its children) once hotline_orders is partitioned (hotline 0546); before, the migration computes it.
 */
async function insertOrder(o: OpenedDb, id: number, at: string, shanghaiDay?: string) {
  const day = shanghaiDay ?? shanghaiDate(new Date(at));
  const own = shanghaiDay === undefined ? {} : { created_on: shanghaiDay };
  const carried = shanghaiDay === undefined ? {} : { order_created_on: shanghaiDay };
  await o.db
    .insertInto('hotline_orders')
    .values({ id, order_no: `GD${day.replaceAll('-', '')}${id}`, ...own, channel: 'phone', category: 'consult', urgency: 'normal', title: 't', content: 'c', status: 'new', created_at: at, updated_at: at } as never)
    .execute();
  await o.db.insertInto('hotline_events').values({ order_id: id, ...carried, at, type: 'created' } as never).execute();
  await o.db.insertInto('hotline_callbacks').values({ order_id: id, ...carried, at, reached: 1 } as never).execute();
  await o.db.insertInto('hotline_calls').values({ started_at: at, answered: 1, wait_seconds: 3, order_id: id, created_at: at, external_id: `call-${id}` } as never).execute();
}

const partitionOf = async (o: OpenedDb, table: string, where: string) =>
  (await sql<{ p: string }>`select tableoid::regclass::text as p from ${sql.table(table)} where ${sql.raw(where)}`.execute(o.db)).rows.map((r) => r.p.replace(/^.*\./, ''));

describe.runIf(pgUrl)('yearly partitions on PostgreSQL', () => {
  let f: Fresh | null = null;
  afterEach(async () => {
    await f?.close();
    f = null;
  });

  it('migrates rows of two years into their partitions, keeps every row and the audit chains verifiable', async () => {
    f = await fresh();
    const o = f.opened;
    await migrateToLatest(o.db, before);
    for (const [i, day] of ['2024-03-01', '2024-12-31', '2025-01-01', '2025-06-30'].entries()) {
      await insertCase(o, i + 1, day);
      await insertEvent(o, i + 1, day);
      await insertEvent(o, i + 1, day);
      await insertOrder(o, i + 1, `${day}T04:00:00.000Z`);
      const clock = new FixedClock(`${day}T10:00:00+08:00`);
      await o.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.write', subjectType: 'case', subjectId: i + 1, region: i % 2 ? '430581' : '430582' }));
    }
    const count = async (t: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(o.db)).rows[0].n);
    // Ratings of two years, one with its bad-review loop (the referencing child of a partitioned table).
    for (const [i, day] of ['2024-12-30', '2025-01-02'].entries()) {
      await o.db
        .insertInto('evaluations_evaluations')
        .values({ id: i + 1, case_id: i + 1, case_no: 'n', channel: 'web', level: 1, is_default: 0, active: 1, bad: 1, tags_json: '[]', indicators_json: '{}', department_id: 1, item_name: 'x', applicant_name: '王', rated_at: `${day}T02:00:00.000Z`, rated_on: day })
        .execute();
      await o.db
        .insertInto('evaluations_reviews')
        .values({ evaluation_id: i + 1, case_no: 'n', department_id: 1, level: 1, status: 'open', rated_on: day, verify_due: day, updated_at: `${day}T02:00:00.000Z` })
        .execute();
    }
    // An order of the evening of 31 December (UTC) is of 1 January in Shanghai: its number's day and its year.
    await insertOrder(o, 5, '2024-12-31T20:00:00.000Z');
    const hotlineCounts = async () => ({ orders: await count('hotline_orders'), events: await count('hotline_events'), callbacks: await count('hotline_callbacks'), calls: await count('hotline_calls') });
    const counts = { events: await count('cases_events'), audit: await count('kernel_audit_log'), hotline: await hotlineCounts() };
    expect(counts).toEqual({ events: 8, audit: 4, hotline: { orders: 5, events: 5, callbacks: 5, calls: 5 } });

    await migrateToLatest(o.db, all);
    expect({ events: await count('cases_events'), audit: await count('kernel_audit_log'), hotline: await hotlineCounts() }).toEqual(counts);
    expect(await partitionOf(o, 'cases_events', `on_date = '2024-12-31'`)).toEqual(['cases_events_y2024', 'cases_events_y2024']);
    expect(await partitionOf(o, 'cases_events', `on_date = '2025-01-01'`)).toEqual(['cases_events_y2025', 'cases_events_y2025']);
    // An instant is partitioned by its UTC year (2025-01-01T10:00+08:00 is 02:00Z, still 2025).
    expect(await partitionOf(o, 'kernel_audit_log', `subject_id = '3'`)).toEqual(['kernel_audit_log_y2025']);
    expect(await partitionOf(o, 'hotline_events', `order_id = 2`)).toEqual(['hotline_events_y2024']);

    const verified = await verifyAuditChain(o.db);
    expect(verified.ok, verified.reason).toBe(true);
    expect(verified.checked).toBe(4);
    // New appends continue the chains and the table-wide seq.
    const clock = new FixedClock('2026-09-30T09:00:00+08:00');
    const seq = await o.db.transaction().execute((tx) => recordAudit(tx, clock, actor, { action: 'test.write', subjectType: 'case', subjectId: 9, region: '430582' }));
    expect(seq).toBe(5);
    expect(await verifyAuditChain(o.db)).toMatchObject({ ok: true, checked: 5 });
    // Still append-only on every partition.
    await expect(sql`update kernel_audit_log set actor_name = 'x' where seq = 1`.execute(o.db)).rejects.toThrow(/append-only/);
    // Foreign keys still hold on the partitioned children.
    await expect(insertEvent(o, 999, '2025-02-02', '2025-02-02')).rejects.toThrow(/foreign key/);

    // The cases: in the year of their submission day, their events with them (by the carried day, not the
    // event's own: an event of 2025 of a case of 2024 stays with its case), the composite key enforced.
    expect(await partitionOf(o, 'cases_cases', 'id = 2')).toEqual(['cases_cases_y2024']);
    expect(await partitionOf(o, 'cases_cases', 'id = 3')).toEqual(['cases_cases_y2025']);
    await insertEvent(o, 2, '2025-01-03', '2024-12-31');
    expect(await partitionOf(o, 'cases_events', `on_date = '2025-01-03'`)).toEqual(['cases_events_y2024']);
    await expect(insertEvent(o, 2, '2025-01-03', '2025-01-03')).rejects.toThrow(/foreign key/);
    await expect(sql`delete from cases_cases where id = 2`.execute(o.db)).rejects.toThrow(/foreign key/);
    // case_no stays unique: the index is (case_no, submitted_on), and a number embeds its day.
    await expect(insertCase(o, 50, '2024-12-31').then(() => sql`update cases_cases set case_no = (select case_no from cases_cases where id = 2) where id = 50`.execute(o.db))).rejects.toThrow(/duplicate key/);
    // New cases take their ids from the moved identity.
    const { id: nextId } = await o.db
      .insertInto('cases_cases')
      .values({
        case_no: '430582-20250701-000001', status: 'accepted', item_code: 'X', item_name: 'X', version_id: 1, department_id: 1, channel: 'window', applicant_type: 'person', applicant_name: '王',
        applicant_id_number: '1', applicant_last4: '0001', submitted_at: '2025-07-01T02:00:00.000Z', submitted_on: '2025-07-01', intake_from: '2025-07-01', promised_limit: 5, legal_limit: 20,
        limit_unit: 'workday', case_kind: 'commit', extension_allowance: 0, materials_json: '[]', updated_at: '2025-07-01T02:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(nextId)).toBe(5);
    // A case is read by its id alone through the (id, submitted_on) index of each year.
    expect(await explain(o, 'select * from cases_cases where id = 3')).toMatch(/Index.*cases_cases_y2025/);
    expect(await explain(o, `select * from cases_cases where case_no = '430582-20250101-000003'`)).toMatch(/Index.*cases_cases_y2025/);
    // Detaching 2024's cases without their timeline is refused, and nothing is detached.
    await expect(detachYear(o.db, 2024, '2026-09-30', ['cases_cases'])).rejects.toThrow(PartitionError);
    expect(await partitionOf(o, 'cases_cases', 'id = 2')).toEqual(['cases_cases_y2024']);

    // The work orders: in the year of their Shanghai creation day (computed by the migration), their
    // children with them by the carried day, the composite keys enforced; calls by their own instant.
    const days = await sql<{ id: number; created_on: string }>`select id, created_on from hotline_orders order by id`.execute(o.db);
    expect(days.rows.map((r) => r.created_on)).toEqual(['2024-03-01', '2024-12-31', '2025-01-01', '2025-06-30', '2025-01-01']);
    expect(await partitionOf(o, 'hotline_orders', 'id in (2, 5) order by id')).toEqual(['hotline_orders_y2024', 'hotline_orders_y2025']);
    expect(await partitionOf(o, 'hotline_events', 'order_id = 5')).toEqual(['hotline_events_y2025']);
    expect(await partitionOf(o, 'hotline_callbacks', 'order_id in (2, 5) order by order_id')).toEqual(['hotline_callbacks_y2024', 'hotline_callbacks_y2025']);
    // A call is partitioned by its UTC instant (the evening of 31 December 2024 UTC stays in 2024).
    expect(await partitionOf(o, 'hotline_calls', 'order_id in (2, 5) order by order_id')).toEqual(['hotline_calls_y2024', 'hotline_calls_y2024']);
    // An event of 2025 of an order of 2024 stays with its order; a wrong carried day or a deleted order is refused.
    await o.db.insertInto('hotline_events').values({ order_id: 2, order_created_on: '2024-12-31', at: '2025-01-03T02:00:00.000Z', type: 'reply' } as never).execute();
    expect(await partitionOf(o, 'hotline_events', `order_id = 2 and type = 'reply'`)).toEqual(['hotline_events_y2024']);
    await expect(o.db.insertInto('hotline_events').values({ order_id: 2, order_created_on: '2025-01-03', at: '2025-01-03T02:00:00.000Z', type: 'reply' } as never).execute()).rejects.toThrow(/foreign key/);
    await expect(o.db.insertInto('hotline_letters').values({ order_id: 2, order_created_on: '2025-01-03', query_code: 'Q1', title: 't', publish_consent: 0, created_at: 'x' } as never).execute()).rejects.toThrow(/foreign key/);
    await expect(sql`delete from hotline_orders where id = 2`.execute(o.db)).rejects.toThrow(/foreign key/);
    // order_no stays unique: the index is (order_no, created_on), and a number embeds its Shanghai day.
    await expect(insertOrder(o, 50, '2024-12-31T05:00:00.000Z', '2024-12-31').then(() => sql`update hotline_orders set order_no = 'GD202412312' where id = 50`.execute(o.db))).rejects.toThrow(/duplicate key/);
    // New orders and calls take their ids from the moved identities; an order is read by its id alone
    // through the (id, created_on) index of each year.
    const { id: nextOrder } = await o.db
      .insertInto('hotline_orders')
      .values({ order_no: 'GD202507010001', created_on: '2025-07-01', channel: 'phone', category: 'consult', urgency: 'normal', title: 't', content: 'c', status: 'received', created_at: '2025-07-01T02:00:00.000Z', updated_at: '2025-07-01T02:00:00.000Z' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(nextOrder)).toBe(6);
    expect(await explain(o, 'select * from hotline_orders where id = 3')).toMatch(/Index.*hotline_orders_y2025/);
    expect(await explain(o, `select * from hotline_orders where order_no = 'GD202501013'`)).toMatch(/Index.*hotline_orders_y2025/);
    expect(await explain(o, 'select * from hotline_events where order_id = 3 order by id')).toMatch(/Index.*hotline_events_y2025/);
    // Detaching 2024's orders without their children is refused, and nothing is detached.
    await expect(detachYear(o.db, 2024, '2026-09-30', ['hotline_orders'])).rejects.toThrow(PartitionError);
    expect(await partitionOf(o, 'hotline_orders', 'id = 2')).toEqual(['hotline_orders_y2024']);

    // The ratings: their year partitions, the review's composite foreign key enforced, lookups by id indexed.
    expect(await partitionOf(o, 'evaluations_evaluations', 'id = 1')).toEqual(['evaluations_evaluations_y2024']);
    expect(await partitionOf(o, 'evaluations_reviews', 'evaluation_id = 2')).toEqual(['evaluations_reviews_y2025']);
    await expect(
      o.db.insertInto('evaluations_reviews').values({ evaluation_id: 1, case_no: 'n', department_id: 1, level: 1, status: 'open', rated_on: '2025-03-03', verify_due: '2025-03-03', updated_at: 'x' }).execute(),
    ).rejects.toThrow(/foreign key/);
    await expect(sql`delete from evaluations_evaluations where id = 2`.execute(o.db)).rejects.toThrow(/foreign key/);
    // Detaching 2024's ratings alone is refused while its reviews are attached (PostgreSQL checks the key).
    await expect(detachYear(o.db, 2024, '2026-09-30', ['evaluations_evaluations'])).rejects.toThrow(PartitionError);
    const byId = await o.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return (await sql<{ 'QUERY PLAN': string }>`explain select * from evaluations_evaluations where id = 2`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(byId).toMatch(/Index.*evaluations_evaluations_y2025/);

    const list = await listPartitions(o.db);
    expect(list.filter((p) => p.table === 'cases_events').map((p) => [p.partition, p.rows])).toEqual([
      ['cases_events_default', 0],
      ['cases_events_y2024', 5],
      ['cases_events_y2025', 4],
      ['cases_events_y2026', 0],
      ['cases_events_y2027', 0],
    ]);
    // The lookup by case has its index on each partition (the test tables are too small for the planner to
    // choose it unprompted).
    const plan = await o.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return (await sql<{ 'QUERY PLAN': string }>`explain select * from cases_events where case_id = 3 order by id`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index.*cases_events_y2025/);
  }, 120_000);

  it('puts a new year into its partition, the ahead job creates next year and empties the default; detach and attach round trip', async () => {
    f = await fresh();
    const o = f.opened;
    await migrateToLatest(o.db, all);
    const thisYear = new Date().getUTCFullYear();
    await insertCase(o, 1, `${thisYear + 1}-02-01`);
    await insertEvent(o, 1, `${thisYear + 1}-02-01`, `${thisYear + 1}-02-01`);
    expect(await partitionOf(o, 'cases_events', 'case_id = 1')).toEqual([`cases_events_y${thisYear + 1}`]);
    await insertOrder(o, 1, `${thisYear + 1}-02-01T04:00:00.000Z`, `${thisYear + 1}-02-01`);
    expect(await partitionOf(o, 'hotline_events', 'order_id = 1')).toEqual([`hotline_events_y${thisYear + 1}`]);
    // A year with no partition yet never fails: the DEFAULT partition takes it…
    const far = `${thisYear + 3}-01-05`;
    await insertCase(o, 2, far);
    await insertEvent(o, 2, far, far);
    await insertOrder(o, 2, `${far}T04:00:00.000Z`, far);
    expect(await partitionOf(o, 'hotline_orders', 'id = 2')).toEqual(['hotline_orders_default']);
    expect(await partitionOf(o, 'hotline_calls', 'order_id = 2')).toEqual(['hotline_calls_default']);
    expect(await partitionOf(o, 'cases_cases', 'id = 2')).toEqual(['cases_cases_default']);
    expect(await partitionOf(o, 'cases_events', `on_date like '${thisYear + 3}%'`)).toEqual(['cases_events_default']);
    // …until the ahead job (run as in that year's spring) creates it and the next one, moving the rows,
    // the referenced case too (its events are held aside while it moves).
    const created = await ensurePartitionsAhead(o.db, `${thisYear + 3}-04-01`);
    expect(created).toContain(`cases_events_y${thisYear + 3}`);
    expect(created).toContain(`cases_cases_y${thisYear + 3}`);
    expect(created).toContain(`kernel_audit_log_y${thisYear + 4}`);
    expect(await partitionOf(o, 'cases_events', `on_date like '${thisYear + 3}%'`)).toEqual([`cases_events_y${thisYear + 3}`]);
    expect(await partitionOf(o, 'cases_cases', 'id = 2')).toEqual([`cases_cases_y${thisYear + 3}`]);
    expect(Number((await sql<{ n: number }>`select count(*) as n from cases_events where case_id = 2`.execute(o.db)).rows[0].n)).toBe(1);
    // The order likewise, its event and callback held aside and put back; the call by its own instant.
    expect(created).toEqual(expect.arrayContaining([`hotline_orders_y${thisYear + 3}`, `hotline_events_y${thisYear + 3}`, `hotline_calls_y${thisYear + 3}`, `hotline_orders_y${thisYear + 4}`]));
    for (const t of ['hotline_orders', 'hotline_events', 'hotline_callbacks', 'hotline_calls']) {
      expect(await partitionOf(o, t, t === 'hotline_orders' ? 'id = 2' : 'order_id = 2')).toEqual([`${t}_y${thisYear + 3}`]);
    }
    expect(await ensurePartitionsAhead(o.db, `${thisYear + 3}-04-02`)).toEqual([]);

    // Detach: the current and the previous year are refused.
    const today = `${thisYear + 3}-04-01`;
    await expect(detachYear(o.db, thisYear + 2, today)).rejects.toThrow(PartitionError);
    await expect(detachYear(o.db, thisYear + 3, today)).rejects.toThrow(/refusing to detach/);
    const detached = await detachYear(o.db, thisYear + 1, today);
    const yearTables = [
      'cases_cases', 'cases_events', 'cases_extensions', 'cases_suspensions', 'evaluations_evaluations', 'evaluations_reviews',
      'hotline_callbacks', 'hotline_calls', 'hotline_events', 'hotline_extensions', 'hotline_letters', 'hotline_open311_tokens', 'hotline_orders', 'hotline_reply_files', 'hotline_supervisions',
    ].map(
      (t) => `${t}_y${thisYear + 1}`,
    );
    expect([...detached].sort()).toEqual(yearTables);
    // The reviews leave before the ratings they reference, a case's timeline before the cases.
    expect(detached.indexOf(`evaluations_reviews_y${thisYear + 1}`)).toBeLessThan(detached.indexOf(`evaluations_evaluations_y${thisYear + 1}`));
    expect(detached.indexOf(`cases_events_y${thisYear + 1}`)).toBeLessThan(detached.indexOf(`cases_cases_y${thisYear + 1}`));
    for (const child of ['hotline_events', 'hotline_callbacks', 'hotline_letters', 'hotline_reply_files']) {
      expect(detached.indexOf(`${child}_y${thisYear + 1}`)).toBeLessThan(detached.indexOf(`hotline_orders_y${thisYear + 1}`));
    }
    // The order's year left with its timeline: nothing of order 1 is read through the parents.
    expect(await partitionOf(o, 'hotline_orders', 'id = 1')).toEqual([]);
    expect(await partitionOf(o, 'hotline_events', 'order_id = 1')).toEqual([]);
    // Detached: a plain table with its rows, no longer read through the parent.
    expect(await partitionOf(o, 'cases_events', 'case_id = 1')).toEqual([]);
    expect(await partitionOf(o, 'cases_cases', 'id in (1, 2)')).toEqual([`cases_cases_y${thisYear + 3}`]);
    const kept = await sql<{ n: number }>`select count(*) as n from ${sql.table(`cases_events_y${thisYear + 1}`)}`.execute(o.db);
    expect(Number(kept.rows[0].n)).toBe(1);
    expect((await listPartitions(o.db)).some((p) => p.partition === `cases_events_y${thisYear + 1}`)).toBe(false);
    expect((await attachYear(o.db, thisYear + 1)).sort()).toEqual(yearTables);
    expect(await partitionOf(o, 'cases_events', 'case_id in (1, 2) order by case_id')).toEqual([`cases_events_y${thisYear + 1}`, `cases_events_y${thisYear + 3}`]);
    // Attached again, the year's keys hold once more (cloned from the parents and validated).
    await expect(insertEvent(o, 1, `${thisYear + 1}-03-01`, `${thisYear + 1}-03-02`)).rejects.toThrow(/foreign key/);
    expect(await partitionOf(o, 'hotline_orders', 'id = 1')).toEqual([`hotline_orders_y${thisYear + 1}`]);
    await expect(o.db.insertInto('hotline_events').values({ order_id: 1, order_created_on: `${thisYear + 1}-02-02`, at: `${thisYear + 1}-03-01T00:00:00.000Z`, type: 'x' } as never).execute()).rejects.toThrow(/foreign key/);

    // The CLI lists the same partitions and refuses an open year with a clear message.
    const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: f.url };
    const list = spawnSync(process.execPath, [...CLI, 'partitions', 'list'], { env, encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`cases_events_y${thisYear + 1}\\s+${thisYear + 1}\\s+1\\b`));
    const refused = spawnSync(process.execPath, [...CLI, 'partitions', 'detach', '--year', String(thisYear)], { env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to detach/);
  }, 120_000);
});

describe('the carried keys on SQLite (no partitions)', () => {
  it('hotline 0546 gives existing orders their Shanghai creation day and their children the same', async () => {
    const o = openDb({ dialect: 'sqlite', url: ':memory:' });
    try {
      await migrateToLatest(o.db, before);
      // The evening of 31 December (UTC) is 1 January in Shanghai; the morning stays on its day.
      await insertOrder(o, 1, '2024-12-31T20:00:00.000Z');
      await insertOrder(o, 2, '2024-12-31T04:00:00.000Z');
      await migrateToLatest(o.db, all);
      const orders = await sql<{ id: number; created_on: string }>`select id, created_on from hotline_orders order by id`.execute(o.db);
      expect(orders.rows.map((r) => [Number(r.id), r.created_on])).toEqual([
        [1, '2025-01-01'],
        [2, '2024-12-31'],
      ]);
      for (const t of ['hotline_events', 'hotline_callbacks']) {
        const rows = await sql<{ order_id: number; order_created_on: string }>`select order_id, order_created_on from ${sql.table(t)} order by order_id`.execute(o.db);
        expect(rows.rows.map((r) => r.order_created_on)).toEqual(['2025-01-01', '2024-12-31']);
      }
    } finally {
      await o.close();
    }
  }, 60_000);
});
