import { sql } from 'kysely';
import { defineDailyRollup, readPlan, rolledParts, sumRolled, type MonthlyLayer } from '../../kernel/rollup/daily-rollup';
import { evaluationsTables, type EvaluationsDb } from './evaluations.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

/** What the KPIs need from the evaluations themselves (valid bad reviews are few and counted live). */
export interface RatedCounts {
  total: number;
  active: number;
  activeGood: number;
}

const COUNTERS = [
  sql<number>`cast(count(*) as integer)`.as('total'),
  sql<number>`cast(coalesce(sum(active), 0) as integer)`.as('active'),
  // 好评 = level ≥ 3 (基本满意 and better) among the active ratings.
  sql<number>`cast(coalesce(sum(case when active = 1 and level >= 3 then 1 else 0 end), 0) as integer)`.as('active_good'),
];

const RATED_SUMS = ['total', 'active', 'active_good'] as const;

/** The month layer of evaluations_daily (0411_evaluations_monthly). */
export const evaluationsMonthly: MonthlyLayer = { table: 'evaluations_monthly', keys: ['department_id'], sums: RATED_SUMS };

/** Live counts of the evaluations rated in [from, to]; the index evaluations_kpi_day covers the query. */
export async function ratedCountsLive(db: EvaluationsDb, from: string, to: string, departmentId?: DepartmentScope): Promise<RatedCounts> {
  let q = db.selectFrom('evaluations_evaluations').select(COUNTERS).where('rated_on', '>=', from).where('rated_on', '<=', to);
  if (departmentId != null) q = q.where(inDepartments('department_id', departmentId));
  const r = await q.executeTakeFirstOrThrow();
  return { total: Number(r.total), active: Number(r.active), activeGood: Number(r.active_good) };
}

/**
 * Day × department roll-up of the rating counts. Ratings are only inserted (never updated), but a default
 * rating is dated the day after its rating window closed, which can be a rolled day: insertEvaluation marks
 * that day in its transaction. The settle window covers a default job that was down for a while.
 * Its month layer `evaluations_monthly` (month × department) answers the whole clean months of a year.
 */
export const evaluationsDaily = defineDailyRollup({
  name: 'evaluations.daily',
  table: 'evaluations_daily',
  monthly: evaluationsMonthly,
  settleDays: 7,
  async firstDay(db) {
    const r = await evaluationsTables(db).selectFrom('evaluations_evaluations').select(sql<string | null>`min(rated_on)`.as('d')).executeTakeFirst();
    return r?.d ?? null;
  },
  async compute(db, from, to) {
    const rows = await evaluationsTables(db)
      .selectFrom('evaluations_evaluations')
      .select(['rated_on', 'department_id', ...COUNTERS])
      .where('rated_on', '>=', from)
      .where('rated_on', '<=', to)
      .groupBy(['rated_on', 'department_id'])
      // In day order, so that summing a period reads neighbouring rows (SQLite keeps rows in insertion order).
      .orderBy('rated_on')
      .orderBy('department_id')
      .execute();
    return rows.map((r) => ({ day: r.rated_on, department_id: Number(r.department_id), total: Number(r.total), active: Number(r.active), active_good: Number(r.active_good) }));
  },
});

/** The counts of [from, to]: rolled whole months and days from the roll-up, dirty and recent days live. */
export async function ratedCounts(db: EvaluationsDb, from: string, to: string, departmentId?: DepartmentScope): Promise<RatedCounts> {
  const plan = await readPlan(db, evaluationsDaily, from, to);
  const rolled = await sumRolled(db, evaluationsDaily, plan.rolled, RATED_SUMS, (q) =>
    departmentId == null ? q : q.where(inDepartments('department_id', departmentId)),
  );
  const c: RatedCounts = { total: rolled.total, active: rolled.active, activeGood: rolled.active_good };
  for (const r of plan.live) {
    const l = await ratedCountsLive(db, r.from, r.to, departmentId);
    c.total += l.total;
    c.active += l.active;
    c.activeGood += l.activeGood;
  }
  return c;
}

/**
 * The departments rated at least once in [from, to]: rolled whole months and days from the roll-up (a
 * row exists only for a day, or month, and department with ratings), dirty and recent days from the evaluations.
 */
export async function ratedDepartmentIds(db: EvaluationsDb, from: string, to: string): Promise<Set<number>> {
  const plan = await readPlan(db, evaluationsDaily, from, to);
  const out = new Set<number>();
  for (const part of rolledParts(evaluationsDaily, plan.rolled)) {
    const q = db.selectFrom(part.table as 'evaluations_daily').select('department_id').distinct().where('total', '>', 0);
    for (const r of await part.where(q).execute()) out.add(Number((r as { department_id: number }).department_id));
  }
  for (const r of plan.live) {
    const rows = await db.selectFrom('evaluations_evaluations').select('department_id').distinct().where('rated_on', '>=', r.from).where('rated_on', '<=', r.to).execute();
    for (const x of rows) out.add(Number(x.department_id));
  }
  return out;
}
