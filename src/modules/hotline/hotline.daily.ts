import { sql, type SelectQueryBuilder } from 'kysely';
import { defineDailyRollup, planRead, readPlan, rolledParts, shanghaiDaySql, sumRolled, type DailyRollup, type MonthlyLayer } from '../../kernel/rollup/daily-rollup';
import { shanghaiDate } from '../../kernel/clock';
import type { DbOrTx } from '../../kernel/db/db';
import { installationRegion } from '../../kernel/region';
import { periodInstants } from './hotline.kpis';
import { hotlineTables, type HotlineDbOrTx, type HotlineTables } from './hotline.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

/**
 * Daily roll-ups of the hotline KPIs (definitions in hotline.kpis.ts): calls per Shanghai day, and work
 * orders and callbacks per Shanghai day × unit × county. Letters (about a hundred a year) stay live.
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

/** The month layer of hotline_calls_daily (0543): one row a month, the Σ of its days. */
export const callsMonthly: MonthlyLayer = { table: 'hotline_calls_monthly', keys: [], sums: ['offered', 'answered', 'answered_within'] };

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
    monthly: callsMonthly,
  });
}

/** `live`: straight from the calls (the reference the roll-up must agree with). */
export async function callCounts(db: HotlineDbOrTx, from: string, to: string, answerWithinSeconds: number, o: { live?: boolean } = {}): Promise<CallCounts> {
  const rollup = callsDaily(answerWithinSeconds);
  const plan = o.live ? planRead({ through: null, dirty: [] }, from, to) : await readPlan(db, rollup, from, to);
  const s = await sumRolled(db, rollup, plan.rolled, ['offered', 'answered', 'answered_within'] as const);
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

type Keyed = OrderCounters & { day: string | null; unitId: number | null; region: string | null };

/**
 * Orders received, dispatched orders finished, and rated callbacks in [from, to]: one row, or per unit
 * (`byUnit`), or per Shanghai day × unit × county (`byDay`, the roll-up's rows). Ungrouped, each part reads
 * only its covering index (migrations 0501, 0541); the unit is not in those indexes, so only a grouping
 * that needs it pays for it. A callback carries no county of its own: it is its order's (hence the join
 * when grouping by county, and the order-id subquery when narrowing to one).
 */
async function orderCountRows(db: HotlineDbOrTx, from: string, to: string, o: { byDay?: boolean; byUnit?: boolean; departmentId?: DepartmentScope; region?: string | null }): Promise<Keyed[]> {
  const p = periodInstants(from, to);
  const byUnit = !!(o.byDay || o.byUnit);
  const byDay = !!o.byDay;
  const byRegion = byDay;
  const out = new Map<string, Keyed>();
  const merge = <R extends { day?: string; unit_id?: number | null; region?: string | null }>(rows: R[], cols: Partial<Record<keyof OrderCounters, keyof R>>) => {
    for (const r of rows) {
      const day = r.day ?? null;
      const unitId = r.unit_id === null || r.unit_id === undefined ? null : Number(r.unit_id);
      const region = r.region ?? null;
      const k = `${day}|${unitId}|${region}`;
      const acc = out.get(k) ?? { ...emptyOrderCounters(), day, unitId, region };
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
    .$if(byRegion, (q) => q.select('region').groupBy('region'))
    .execute();
  merge(finishedRows, { finished: 'n', finished_on_time: 'on_time', finished_with_callback: 'cb' });

  const ratedCols = [countAll().as('n'), int(`hotline_callbacks.result in ('satisfied', 'basically')`).as('ok')];
  const callbacks = db
    .selectFrom('hotline_callbacks')
    .where('hotline_callbacks.at', '>=', p.start)
    .where('hotline_callbacks.at', '<', p.end)
    .where('hotline_callbacks.reached', '=', 1)
    .where('hotline_callbacks.result', 'is not', null);
  if (byRegion) {
    // Per day × unit × the order's county: the roll-up's rows (the unit is the callback's own).
    const callbackDay = shanghaiDaySql(db, 'hotline_callbacks.at');
    const ratedRows = await callbacks
      .innerJoin('hotline_orders', 'hotline_orders.id', 'hotline_callbacks.order_id')
      .select([...ratedCols, 'hotline_callbacks.unit_id', 'hotline_orders.region', callbackDay.as('day')])
      .groupBy(['hotline_callbacks.unit_id', 'hotline_orders.region', callbackDay])
      .execute();
    merge(ratedRows, { callbacks_rated: 'n', callbacks_satisfied: 'ok' });
  } else {
    let rated = callbacks;
    if (o.region) rated = rated.where('hotline_callbacks.order_id', 'in', db.selectFrom('hotline_orders').select('id').where(inOrderRegion('region', o.region)));
    else if (o.departmentId != null) rated = rated.where(inDepartments('hotline_callbacks.unit_id', o.departmentId));
    const ratedRows = await rated
      .select(ratedCols)
      .$if(byUnit, (q) => q.select('hotline_callbacks.unit_id').groupBy('hotline_callbacks.unit_id'))
      .execute();
    merge(ratedRows, { callbacks_rated: 'n', callbacks_satisfied: 'ok' });
  }

  const receivedDay = shanghaiDaySql(db, 'created_at');
  let received = orders.where('created_at', '>=', p.start).where('created_at', '<', p.end);
  if (o.region) received = received.where(inOrderRegion('region', o.region));
  else if (o.departmentId != null) received = received.where(inDepartments('unit_id', o.departmentId));
  const receivedRows = await received
    .select([countAll().as('n'), int(`status = 'answered'`).as('direct')])
    .$if(byUnit, (q) => q.select('unit_id').groupBy('unit_id'))
    .$if(byDay, (q) => q.select(receivedDay.as('day')).groupBy(receivedDay))
    .$if(byRegion, (q) => q.select('region').groupBy('region'))
    .execute();
  merge(receivedRows, { received: 'n', answered_directly: 'direct' });
  return [...out.values()];
}

/** The month layer of hotline_orders_daily (0543): month × unit × county, the Σ of its days. */
export const ordersMonthly: MonthlyLayer = { table: 'hotline_orders_monthly', keys: ['unit_id', 'region'], sums: ORDER_COUNTERS };

/**
 * Day × unit × county roll-up of the order and callback counts (`region`: the order's own county, null for
 * orders from before 0540, which `inOrderRegion` gives to the installation's county when it is read). An
 * order changes long after its days (dispatched, finished, called back, reopened): every write of an
 * order's action (OrderLifecycle.run) marks the days it touches. Its county is fixed at intake and never
 * changes, so no write moves an order's counts from one county to another.
 */
export const ordersDaily = defineDailyRollup({
  name: 'hotline.orders-daily',
  table: 'hotline_orders_daily',
  settleDays: 3,
  monthly: ordersMonthly,
  async firstDay(db) {
    // Orders are finished and called back after they were created; callbacks have no life of their own.
    const r = await hotlineTables(db).selectFrom('hotline_orders').select(sql<string | null>`min(created_at)`.as('t')).executeTakeFirst();
    return r?.t ? shanghaiDate(new Date(r.t)) : null;
  },
  async compute(db, from, to) {
    // In day order, so that summing a period reads neighbouring rows (SQLite keeps rows in insertion order).
    const key = (r: Keyed) => `${r.day}|${String(r.unitId ?? -1).padStart(12, '0')}|${r.region ?? ''}`;
    const rows = (await orderCountRows(hotlineTables(db), from, to, { byDay: true })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return rows.map(({ day, unitId, region, ...c }) => ({ day: day!, unit_id: unitId, region, ...c }));
  },
});

/**
 * The roll-up rows of every day up to `through`, set-based (migration 0542, which added the county to rows
 * rolled without it): the same counts as `compute`, in one statement. The caller deletes the old rows.
 */
export async function rebuildOrdersDaily(db: DbOrTx, through: string): Promise<void> {
  const end = periodInstants(through, through).end;
  const day = (column: string) => shanghaiDaySql(db, column);
  await sql`insert into hotline_orders_daily (day, unit_id, region, received, answered_directly, finished, finished_on_time, finished_with_callback, callbacks_rated, callbacks_satisfied)
    select day, unit_id, region, sum(received), sum(answered_directly), sum(finished), sum(finished_on_time), sum(finished_with_callback), sum(callbacks_rated), sum(callbacks_satisfied)
    from (
      select ${day('created_at')} as day, unit_id, region, 1 as received, case when status = 'answered' then 1 else 0 end as answered_directly,
        0 as finished, 0 as finished_on_time, 0 as finished_with_callback, 0 as callbacks_rated, 0 as callbacks_satisfied
      from hotline_orders where created_at < ${end}
      union all
      select ${day('finished_at')}, unit_id, region, 0, 0, 1, case when on_time = 1 then 1 else 0 end, case when callback_attempts > 0 then 1 else 0 end, 0, 0
      from hotline_orders where finished_at < ${end} and status = 'closed' and dispatch_count > 0
      union all
      select ${day('c.at')}, c.unit_id, o.region, 0, 0, 0, 0, 0, 1, case when c.result in ('satisfied', 'basically') then 1 else 0 end
      from hotline_callbacks c join hotline_orders o on o.id = c.order_id
      where c.at < ${end} and c.reached = 1 and c.result is not null
    ) counted
    group by day, unit_id, region
    order by day, unit_id, region`.execute(db);
}

/**
 * Order and callback counts of [from, to]: of one unit or department scope (the units holding the orders),
 * or of one county (`region`: the orders of the county, whoever holds them — a city centre's orders are
 * held by units of several counties; the department scope is then not applied, as in the live count), or
 * all. Rolled days summed, the rest live.
 */
export async function orderCounts(db: HotlineDbOrTx, from: string, to: string, departmentId?: DepartmentScope, o: { live?: boolean; region?: string | null } = {}): Promise<OrderCounters> {
  const plan = o.live ? planRead({ through: null, dirty: [] }, from, to) : await readPlan(db, ordersDaily, from, to);
  const region = o.region;
  const narrow = (q: SelectQueryBuilder<HotlineTables, 'hotline_orders_daily', object>) =>
    region ? q.where(inOrderRegion('region', region)) : departmentId == null ? q : q.where(inDepartments('unit_id', departmentId));
  const c = await sumRolled(db, ordersDaily, plan.rolled, ORDER_COUNTERS, narrow);
  for (const r of plan.live) for (const row of await orderCountRows(db, r.from, r.to, { departmentId, region })) addOrderCounters(c, row);
  return c;
}

/** The same counts per unit (null: orders not with a unit), for the unit table. */
export async function orderCountsByUnit(db: HotlineDbOrTx, from: string, to: string): Promise<Map<number | null, OrderCounters>> {
  const plan = await readPlan(db, ordersDaily, from, to);
  const out = new Map<number | null, OrderCounters>();
  const add = (unitId: number | null, c: Partial<OrderCounters>) => out.set(unitId, addOrderCounters(out.get(unitId) ?? emptyOrderCounters(), c));
  for (const part of rolledParts(ordersDaily, plan.rolled)) {
    const q = db.selectFrom(part.table as 'hotline_orders_daily').select(['unit_id', ...ORDER_COUNTERS.map((c) => sql<number>`cast(coalesce(sum(${sql.ref(c)}), 0) as integer)`.as(c))]).groupBy('unit_id');
    for (const r of await part.where(q).execute()) add(r.unit_id === null ? null : Number(r.unit_id), r);
  }
  for (const r of plan.live) for (const row of await orderCountRows(db, r.from, r.to, { byUnit: true })) add(row.unitId, row);
  return out;
}
