import { sql } from 'kysely';
import { defineDailyRollup, planRead, readPlan, shanghaiDaySql, sumRolled, type DailyRollup } from '../../kernel/rollup/daily-rollup';
import { shanghaiDate } from '../../kernel/clock';
import { installationRegion } from '../../kernel/region';
import { periodInstants } from './hotline.kpis';
import { hotlineTables, type HotlineDbOrTx } from './hotline.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

/**
 * Daily roll-ups of the hotline KPIs (definitions in hotline.kpis.ts): calls per Shanghai day, and work
 * orders and callbacks per Shanghai day × unit. Letters (about a hundred a year) stay live.
 */

const int = (cond: string) => sql<number>`cast(coalesce(sum(case when ${sql.raw(cond)} then 1 else 0 end), 0) as integer)`;
const countAll = () => sql<number>`cast(count(*) as integer)`;

// --- calls -----------------------------------------------------------------------------------------

export interface CallCounts {
  offered: number;
  answered: number;
  answeredWithin: number;
}

export const CALLS_DAILY_NAME = 'hotline.calls-daily';

/** Calls started in [from, to] (the index hotline_calls_started covers it), per Shanghai day when `byDay`. */
async function callCountRows(db: HotlineDbOrTx, from: string, to: string, answerWithinSeconds: number, byDay: boolean) {
  const p = periodInstants(from, to);
  const day = shanghaiDaySql(db, 'started_at');
  const rows = await db
    .selectFrom('hotline_calls')
    .select([countAll().as('offered'), int('answered = 1').as('answered'), int(`answered = 1 and wait_seconds <= ${Math.trunc(answerWithinSeconds)}`).as('within')])
    .where('started_at', '>=', p.start)
    .where('started_at', '<', p.end)
    .$if(byDay, (q) => q.select(day.as('day')).groupBy(day))
    .execute();
  return rows.map((r) => ({ day: r.day ?? null, offered: Number(r.offered), answered: Number(r.answered), answeredWithin: Number(r.within) }));
}

/**
 * The call roll-up for one 15-second threshold (`answerWithinSeconds` is configurable): its rows hold the
 * count within the threshold they were computed with, so a changed threshold leaves them unread until
 * the next run rebuilds them.
 */
export function callsDaily(answerWithinSeconds: number): DailyRollup<{ day: string; offered: number; answered: number; answered_within: number }> {
  return defineDailyRollup({
    name: CALLS_DAILY_NAME,
    table: 'hotline_calls_daily',
    // The phone system may deliver a record late; its insert marks the day, the window is a safety margin.
    settleDays: 3,
    async firstDay(db) {
      const r = await hotlineTables(db).selectFrom('hotline_calls').select(sql<string | null>`min(started_at)`.as('t')).executeTakeFirst();
      return r?.t ? shanghaiDate(new Date(r.t)) : null;
    },
    async compute(db, from, to) {
      return (await callCountRows(hotlineTables(db), from, to, answerWithinSeconds, true)).map((r) => ({ day: r.day!, offered: r.offered, answered: r.answered, answered_within: r.answeredWithin }));
    },
    params: async () => ({ answerWithinSeconds }),
  });
}

/** `live`: straight from the calls (the reference the roll-up must agree with). */
export async function callCounts(db: HotlineDbOrTx, from: string, to: string, answerWithinSeconds: number, o: { live?: boolean } = {}): Promise<CallCounts> {
  const rollup = callsDaily(answerWithinSeconds);
  const plan = o.live ? planRead({ through: null, dirty: [] }, from, to) : await readPlan(db, rollup, from, to);
  const s = await sumRolled(db, rollup.table, plan.rolled, ['offered', 'answered', 'answered_within'] as const);
  const c: CallCounts = { offered: s.offered, answered: s.answered, answeredWithin: s.answered_within };
  for (const r of plan.live) {
    const [l] = await callCountRows(db, r.from, r.to, answerWithinSeconds, false);
    c.offered += l.offered;
    c.answered += l.answered;
    c.answeredWithin += l.answeredWithin;
  }
  return c;
}

/**
 * The condition "the order belongs to county `region`": its own `region`, or null for orders from before
 * hotline migration 0540 and the installation's own county, which are the installation's.
 */
export function inOrderRegion(column: string, region: string) {
  return region === installationRegion() ? sql<boolean>`(${sql.ref(column)} = ${region} or ${sql.ref(column)} is null)` : sql<boolean>`${sql.ref(column)} = ${region}`;
}

// --- work orders and callbacks ---------------------------------------------------------------------

export const ORDER_COUNTERS = ['received', 'answered_directly', 'finished', 'finished_on_time', 'finished_with_callback', 'callbacks_rated', 'callbacks_satisfied'] as const;
export type OrderCounters = Record<(typeof ORDER_COUNTERS)[number], number>;
export const emptyOrderCounters = (): OrderCounters => Object.fromEntries(ORDER_COUNTERS.map((c) => [c, 0])) as OrderCounters;
const addOrderCounters = (a: OrderCounters, b: Partial<OrderCounters>) => {
  for (const c of ORDER_COUNTERS) a[c] += Number(b[c] ?? 0);
  return a;
};

type Keyed = OrderCounters & { day: string | null; unitId: number | null };

/**
 * Orders received, dispatched orders finished, and rated callbacks in [from, to]: one row, or per unit
 * (`byUnit`), or per Shanghai day × unit (`byDay`). Ungrouped, each part reads only its covering index
 * (migration 0501); the unit is not in those indexes, so only a grouping that needs it pays for it.
 */
async function orderCountRows(db: HotlineDbOrTx, from: string, to: string, o: { byDay?: boolean; byUnit?: boolean; departmentId?: DepartmentScope; region?: string | null }): Promise<Keyed[]> {
  const p = periodInstants(from, to);
  const byUnit = !!(o.byDay || o.byUnit);
  const byDay = !!o.byDay;
  const out = new Map<string, Keyed>();
  const merge = <R extends { day?: string; unit_id?: number | null }>(rows: R[], cols: Partial<Record<keyof OrderCounters, keyof R>>) => {
    for (const r of rows) {
      const day = r.day ?? null;
      const unitId = r.unit_id === null || r.unit_id === undefined ? null : Number(r.unit_id);
      const k = `${day}|${unitId}`;
      const acc = out.get(k) ?? { ...emptyOrderCounters(), day, unitId };
      for (const counter of ORDER_COUNTERS) {
        const alias = cols[counter];
        if (alias !== undefined) acc[counter] += Number(r[alias] ?? 0);
      }
      out.set(k, acc);
    }
  };
  const orders = db.selectFrom('hotline_orders');

  // Dispatched orders closed in the period: direct answers are measured by directAnswerRate instead.
  const finishedDay = shanghaiDaySql(db, 'finished_at');
  let finished = orders.where('finished_at', '>=', p.start).where('finished_at', '<', p.end).where('status', '=', 'closed').where('dispatch_count', '>', 0);
  if (o.region) finished = finished.where(inOrderRegion('region', o.region));
  else if (o.departmentId != null) finished = finished.where(inDepartments('unit_id', o.departmentId));
  const finishedRows = await finished
    .select([countAll().as('n'), int('on_time = 1').as('on_time'), int('callback_attempts > 0').as('cb')])
    .$if(byUnit, (q) => q.select('unit_id').groupBy('unit_id'))
    .$if(byDay, (q) => q.select(finishedDay.as('day')).groupBy(finishedDay))
    .execute();
  merge(finishedRows, { finished: 'n', finished_on_time: 'on_time', finished_with_callback: 'cb' });

  const callbackDay = shanghaiDaySql(db, 'at');
  let rated = db.selectFrom('hotline_callbacks').where('at', '>=', p.start).where('at', '<', p.end).where('reached', '=', 1).where('result', 'is not', null);
  // A callback is its order's county's (callbacks carry no county of their own).
  if (o.region) rated = rated.where('order_id', 'in', db.selectFrom('hotline_orders').select('id').where(inOrderRegion('region', o.region)));
  else if (o.departmentId != null) rated = rated.where(inDepartments('unit_id', o.departmentId));
  const ratedRows = await rated
    .select([countAll().as('n'), int(`result in ('satisfied', 'basically')`).as('ok')])
    .$if(byUnit, (q) => q.select('unit_id').groupBy('unit_id'))
    .$if(byDay, (q) => q.select(callbackDay.as('day')).groupBy(callbackDay))
    .execute();
  merge(ratedRows, { callbacks_rated: 'n', callbacks_satisfied: 'ok' });

  const receivedDay = shanghaiDaySql(db, 'created_at');
  let received = orders.where('created_at', '>=', p.start).where('created_at', '<', p.end);
  if (o.region) received = received.where(inOrderRegion('region', o.region));
  else if (o.departmentId != null) received = received.where(inDepartments('unit_id', o.departmentId));
  const receivedRows = await received
    .select([countAll().as('n'), int(`status = 'answered'`).as('direct')])
    .$if(byUnit, (q) => q.select('unit_id').groupBy('unit_id'))
    .$if(byDay, (q) => q.select(receivedDay.as('day')).groupBy(receivedDay))
    .execute();
  merge(receivedRows, { received: 'n', answered_directly: 'direct' });
  return [...out.values()];
}

/**
 * Day × unit roll-up of the order and callback counts. An order changes long after its days (dispatched,
 * finished, called back, reopened): every write of an order's action (OrderLifecycle.run) marks the days it touches.
 */
export const ordersDaily = defineDailyRollup({
  name: 'hotline.orders-daily',
  table: 'hotline_orders_daily',
  settleDays: 3,
  async firstDay(db) {
    // Orders are finished and called back after they were created; callbacks have no life of their own.
    const r = await hotlineTables(db).selectFrom('hotline_orders').select(sql<string | null>`min(created_at)`.as('t')).executeTakeFirst();
    return r?.t ? shanghaiDate(new Date(r.t)) : null;
  },
  async compute(db, from, to) {
    // In day order, so that summing a period reads neighbouring rows (SQLite keeps rows in insertion order).
    const rows = (await orderCountRows(hotlineTables(db), from, to, { byDay: true })).sort((a, b) => (a.day! < b.day! ? -1 : a.day! > b.day! ? 1 : (a.unitId ?? -1) - (b.unitId ?? -1)));
    return rows.map(({ day, unitId, ...c }) => ({ day: day!, unit_id: unitId, ...c }));
  },
});

/**
 * Order and callback counts of [from, to] (one unit, or all): rolled days summed, the rest live. With a
 * county (`region`) the orders are those of the county, whoever holds them (a city centre's orders are
 * held by units of several counties), read live: the roll-up is per day × unit, not per county.
 */
export async function orderCounts(db: HotlineDbOrTx, from: string, to: string, departmentId?: DepartmentScope, o: { live?: boolean; region?: string | null } = {}): Promise<OrderCounters> {
  const plan = o.live || o.region ? planRead({ through: null, dirty: [] }, from, to) : await readPlan(db, ordersDaily, from, to);
  const c = await sumRolled(db, ordersDaily.table, plan.rolled, ORDER_COUNTERS, (q) => (departmentId == null ? q : q.where(inDepartments('unit_id', departmentId))));
  for (const r of plan.live) for (const row of await orderCountRows(db, r.from, r.to, { departmentId, region: o.region })) addOrderCounters(c, row);
  return c;
}

/** The same counts per unit (null: orders not with a unit), for the unit table. */
export async function orderCountsByUnit(db: HotlineDbOrTx, from: string, to: string): Promise<Map<number | null, OrderCounters>> {
  const plan = await readPlan(db, ordersDaily, from, to);
  const out = new Map<number | null, OrderCounters>();
  const add = (unitId: number | null, c: Partial<OrderCounters>) => out.set(unitId, addOrderCounters(out.get(unitId) ?? emptyOrderCounters(), c));
  if (plan.rolled) {
    let q = db
      .selectFrom('hotline_orders_daily')
      .select(['unit_id', ...ORDER_COUNTERS.map((c) => sql<number>`cast(coalesce(sum(${sql.ref(c)}), 0) as integer)`.as(c))])
      .where('day', '>=', plan.rolled.from)
      .where('day', '<=', plan.rolled.to)
      .groupBy('unit_id');
    if (plan.rolled.except.length > 0) q = q.where('day', 'not in', plan.rolled.except);
    for (const r of await q.execute()) add(r.unit_id === null ? null : Number(r.unit_id), r);
  }
  for (const r of plan.live) for (const row of await orderCountRows(db, r.from, r.to, { byUnit: true })) add(row.unitId, row);
  return out;
}
