/**
 * Received cases per day and department, for the report's case figures (cases.kpis.ts): a province keeps
 * millions of cases, and counting a year of them live cost 1.3–2.2 s (issue 19). Closed days are summed
 * from `cases_received_daily` (the kernel's daily roll-up), today and changed days are counted live.
 *
 * How it stays exact: a case is received on the day it is written (intake, 一件事, the generator's bulk
 * path, which rebuilds the roll-up after its load), and its day, department, green channel and partner
 * county are not changed afterwards; an action that ever did change one marks the old and new day in its
 * transaction (`receivedDaysTouched`, called next to the supervision roll-up's mark in cases.actions.ts).
 *
 * Its month layer `cases_received_monthly` (month × department) answers the whole clean months of a year.
 */
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../kernel/db/db';
import { defineDailyRollup, readPlan, sumRolled, type MonthlyLayer } from '../../kernel/rollup/daily-rollup';
import { tablesOf } from '../../kernel/kernel.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import type { CasesDbOrTx, CasesTables } from './cases.tables';

export interface ReceivedCounts {
  received: number;
  /** Of those, received through the green channel (绿色通道). */
  greenChannel: number;
  /** Of those, received for or from a partner county (跨省通办). */
  crossProvince: number;
}

const COUNTERS = [
  sql<number>`cast(count(*) as integer)`.as('received'),
  sql<number>`cast(coalesce(sum(case when green_channel is not null then 1 else 0 end), 0) as integer)`.as('green_channel'),
  sql<number>`cast(coalesce(sum(case when partner_region_code is not null then 1 else 0 end), 0) as integer)`.as('cross_province'),
];

/** The counts straight from the cases (the reference the roll-up must agree with; also its live days). */
export async function receivedCountsLive(db: CasesDbOrTx, from: string, to: string, departments: DepartmentScope): Promise<ReceivedCounts> {
  const r = await db
    .selectFrom('cases_cases')
    .select(COUNTERS)
    .where('submitted_on', '>=', from)
    .where('submitted_on', '<=', to)
    .where(inDepartments('department_id', departments))
    .executeTakeFirstOrThrow();
  return { received: Number(r.received ?? 0), greenChannel: Number(r.green_channel ?? 0), crossProvince: Number(r.cross_province ?? 0) };
}

const RECEIVED_SUMS = ['received', 'green_channel', 'cross_province'] as const;

/** The month layer of cases_received_daily (0273_cases_received_monthly). */
export const casesReceivedMonthly: MonthlyLayer = { table: 'cases_received_monthly', keys: ['department_id'], sums: RECEIVED_SUMS };

export const casesReceivedDaily = defineDailyRollup({
  name: 'cases.received_daily',
  table: 'cases_received_daily',
  monthly: casesReceivedMonthly,
  settleDays: 2,
  async firstDay(db) {
    const r = await tablesOf<CasesTables>(db as Db).selectFrom('cases_cases').select(sql<string | null>`min(submitted_on)`.as('d')).executeTakeFirst();
    return r?.d ?? null;
  },
  async compute(db, from, to) {
    const rows = await tablesOf<CasesTables>(db as Db)
      .selectFrom('cases_cases')
      .select(['submitted_on', 'department_id', ...COUNTERS])
      .where('submitted_on', '>=', from)
      .where('submitted_on', '<=', to)
      .groupBy(['submitted_on', 'department_id'])
      .orderBy('submitted_on')
      .orderBy('department_id')
      .execute();
    return rows.map((r) => ({ day: r.submitted_on, department_id: Number(r.department_id), received: Number(r.received), green_channel: Number(r.green_channel), cross_province: Number(r.cross_province) }));
  },
});

/** The counts of [from, to]: rolled whole months and days from the roll-up, the others live. */
export async function receivedCounts(db: CasesDbOrTx, from: string, to: string, departments: DepartmentScope): Promise<ReceivedCounts> {
  const plan = await readPlan(db, casesReceivedDaily, from, to);
  const rolled = await sumRolled(db, casesReceivedDaily, plan.rolled, RECEIVED_SUMS, (q) => q.where(inDepartments('department_id', departments)));
  const c: ReceivedCounts = { received: rolled.received, greenChannel: rolled.green_channel, crossProvince: rolled.cross_province };
  for (const r of plan.live) {
    const l = await receivedCountsLive(db, r.from, r.to, departments);
    c.received += l.received;
    c.greenChannel += l.greenChannel;
    c.crossProvince += l.crossProvince;
  }
  return c;
}

/** Rows of cases_received_daily for the days up to `through`, set-based (a migration's backfill). */
export async function backfillReceivedDaily(db: DbOrTx, through: string): Promise<void> {
  await sql`insert into cases_received_daily (day, department_id, received, green_channel, cross_province)
    select submitted_on, department_id, count(*),
      coalesce(sum(case when green_channel is not null then 1 else 0 end), 0),
      coalesce(sum(case when partner_region_code is not null then 1 else 0 end), 0)
    from cases_cases where submitted_on <= ${through} group by submitted_on, department_id`.execute(db);
}

interface ReceivedFields {
  submitted_on: string;
  department_id: number;
  green_channel: string | null;
  partner_region_code: string | null;
}

/** The days whose received counts a change of one case row alters (none unless a counted field moved). */
export function receivedDaysTouched(before: ReceivedFields, after: ReceivedFields): string[] {
  const same =
    before.submitted_on === after.submitted_on &&
    before.department_id === after.department_id &&
    (before.green_channel === null) === (after.green_channel === null) &&
    (before.partner_region_code === null) === (after.partner_region_code === null);
  return same ? [] : [...new Set([before.submitted_on, after.submitted_on])];
}
