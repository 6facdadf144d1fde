/**
 * What the 互联网+监管 KPIs read instead of every 监管任务 (issue 19: a province keeps millions of tasks):
 *
 * - `regulation_tasks_daily`, a day (created_on) × department roll-up of the claim counts, run by the
 *   kernel's daily roll-up (closed days summed, today and changed days counted live). A claim changes the
 *   counts of the day its task was created, and an approval that takes over a license's task moves the
 *   task to another department: both mark that day in their transaction, so the answer stays the live one.
 *   Its month layer `regulation_tasks_monthly` (month × department, the same counts) answers the whole
 *   clean months of a year: ~12 rows per department instead of ~365.
 * - `regulation_subjects` (one row per department and subject: its latest task and whether that task is not
 *   a revoke) and `regulation_subject_counts` (their sum per department): the supervised subjects that
 *   regulation.inspections divides by. Every write that adds a task or moves one to another department
 *   refreshes the pairs it touched in its own transaction (`refreshSubjects`), so the counts are exact.
 *
 * Both are filled set-based (INSERT … SELECT) by the migrations that add them and by the generator after
 * its bulk load (`rebuildSubjects`, a full roll-up run).
 */
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../kernel/db/db';
import { defineDailyRollup, readPlan, sumRolled, type MonthlyLayer } from '../../kernel/rollup/daily-rollup';
import { tablesOf } from '../../kernel/kernel.tables';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';
import type { RegulationDbOrTx, RegulationTables } from './regulation.tables';

/** Tasks created in a period, of them claimed, and of those claimed on or before their claim due day. */
export interface TaskClaimCounts {
  created: number;
  claimed: number;
  claimedOnTime: number;
}

const COUNTERS = [
  sql<number>`cast(count(*) as integer)`.as('created'),
  sql<number>`cast(coalesce(sum(case when claimed_on is not null then 1 else 0 end), 0) as integer)`.as('claimed'),
  sql<number>`cast(coalesce(sum(case when claimed_on is not null and claimed_on <= claim_due then 1 else 0 end), 0) as integer)`.as('claimed_on_time'),
];

/** The counts straight from the tasks (the reference the roll-up must agree with; also its live days). */
export async function taskClaimCountsLive(db: RegulationDbOrTx, from: string, to: string, departments: DepartmentScope): Promise<TaskClaimCounts> {
  const r = await db
    .selectFrom('regulation_tasks')
    .select(COUNTERS)
    .where('created_on', '>=', from)
    .where('created_on', '<=', to)
    .where(inDepartments('department_id', departments))
    .executeTakeFirstOrThrow();
  return { created: Number(r.created ?? 0), claimed: Number(r.claimed ?? 0), claimedOnTime: Number(r.claimed_on_time ?? 0) };
}

const CLAIM_SUMS = ['created', 'claimed', 'claimed_on_time'] as const;

/** The month layer of regulation_tasks_daily (0702_regulation_tasks_monthly). */
export const regulationTasksMonthly: MonthlyLayer = { table: 'regulation_tasks_monthly', keys: ['department_id'], sums: CLAIM_SUMS };

export const regulationTasksDaily = defineDailyRollup({
  name: 'regulation.tasks_daily',
  table: 'regulation_tasks_daily',
  monthly: regulationTasksMonthly,
  // Every write that changes a rolled day marks it; the window only re-reads the last days cheaply.
  settleDays: 2,
  async firstDay(db) {
    const r = await tablesOf<RegulationTables>(db as Db).selectFrom('regulation_tasks').select(sql<string | null>`min(created_on)`.as('d')).executeTakeFirst();
    return r?.d ?? null;
  },
  async compute(db, from, to) {
    const rows = await tablesOf<RegulationTables>(db as Db)
      .selectFrom('regulation_tasks')
      .select(['created_on', 'department_id', ...COUNTERS])
      .where('created_on', '>=', from)
      .where('created_on', '<=', to)
      .groupBy(['created_on', 'department_id'])
      .orderBy('created_on')
      .orderBy('department_id')
      .execute();
    return rows.map((r) => ({ day: r.created_on, department_id: Number(r.department_id), created: Number(r.created), claimed: Number(r.claimed), claimed_on_time: Number(r.claimed_on_time) }));
  },
});

/** The claim counts of [from, to]: rolled whole months and days from the roll-up, the others live. */
export async function taskClaimCounts(db: RegulationDbOrTx, from: string, to: string, departments: DepartmentScope): Promise<TaskClaimCounts> {
  const plan = await readPlan(db, regulationTasksDaily, from, to);
  const rolled = await sumRolled(db, regulationTasksDaily, plan.rolled, CLAIM_SUMS, (q) => q.where(inDepartments('department_id', departments)));
  const c: TaskClaimCounts = { created: rolled.created, claimed: rolled.claimed, claimedOnTime: rolled.claimed_on_time };
  for (const r of plan.live) {
    const l = await taskClaimCountsLive(db, r.from, r.to, departments);
    c.created += l.created;
    c.claimed += l.claimed;
    c.claimedOnTime += l.claimedOnTime;
  }
  return c;
}

/** Rows of regulation_tasks_daily for the days up to `through`, set-based (a migration's backfill). */
export async function backfillTasksDaily(db: DbOrTx, through: string): Promise<void> {
  await sql`insert into regulation_tasks_daily (day, department_id, created, claimed, claimed_on_time)
    select created_on, department_id, count(*),
      coalesce(sum(case when claimed_on is not null then 1 else 0 end), 0),
      coalesce(sum(case when claimed_on is not null and claimed_on <= claim_due then 1 else 0 end), 0)
    from regulation_tasks where created_on <= ${through} group by created_on, department_id`.execute(db);
}

// --- supervised subjects ---------------------------------------------------------------------------

/** A subject of a department: the unit `supervisedCount` counts (its latest task decides). */
export interface SubjectOf {
  departmentId: number;
  subjectKey: string;
}

/**
 * Brings the given (department, subject) rows up to date with the tasks, in the transaction that wrote
 * them. Each row is locked first (an upsert), then its latest task read: a concurrent write of the same
 * pair waits for this one to commit and then reads its task too, so the last to commit leaves the truth.
 * The department's count moves by the change of `supervised`. Pairs are taken in one order (no deadlock
 * between two writes touching the same two pairs).
 */
export async function refreshSubjects(tx: RegulationDbOrTx, subjects: readonly SubjectOf[]): Promise<void> {
  const unique = [...new Map(subjects.map((s) => [`${s.departmentId}|${s.subjectKey}`, s])).values()].sort((a, b) =>
    a.departmentId !== b.departmentId ? a.departmentId - b.departmentId : a.subjectKey < b.subjectKey ? -1 : a.subjectKey > b.subjectKey ? 1 : 0,
  );
  const deltas = new Map<number, number>();
  for (const s of unique) {
    const before = await tx
      .insertInto('regulation_subjects')
      .values({ department_id: s.departmentId, subject_key: s.subjectKey, last_task_id: 0, supervised: 0 })
      .onConflict((oc) => oc.columns(['department_id', 'subject_key']).doUpdateSet({ last_task_id: sql`regulation_subjects.last_task_id` }))
      .returning(['supervised'])
      .executeTakeFirstOrThrow();
    const latest = await tx
      .selectFrom('regulation_tasks')
      .select(['id', 'event'])
      .where('department_id', '=', s.departmentId)
      .where('subject_key', '=', s.subjectKey)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const supervised = latest && latest.event !== 'revoke' ? 1 : 0;
    await tx
      .updateTable('regulation_subjects')
      .set({ last_task_id: latest ? Number(latest.id) : 0, supervised })
      .where('department_id', '=', s.departmentId)
      .where('subject_key', '=', s.subjectKey)
      .execute();
    const delta = supervised - Number(before.supervised);
    if (delta !== 0) deltas.set(s.departmentId, (deltas.get(s.departmentId) ?? 0) + delta);
  }
  for (const [departmentId, delta] of [...deltas.entries()].sort((a, b) => a[0] - b[0])) {
    if (delta === 0) continue;
    await tx
      .insertInto('regulation_subject_counts')
      .values({ department_id: departmentId, supervised: delta })
      .onConflict((oc) => oc.column('department_id').doUpdateSet({ supervised: sql`regulation_subject_counts.supervised + ${delta}` }))
      .execute();
  }
}

/** Rebuilds both subject tables from the tasks, set-based (a migration's backfill, the generator after its load). */
export async function rebuildSubjects(db: DbOrTx): Promise<void> {
  await sql`delete from regulation_subject_counts`.execute(db);
  await sql`delete from regulation_subjects`.execute(db);
  await sql`insert into regulation_subjects (department_id, subject_key, last_task_id, supervised)
    select t.department_id, t.subject_key, t.id, case when t.event = 'revoke' then 0 else 1 end
    from regulation_tasks t
    inner join (select max(id) as id from regulation_tasks group by department_id, subject_key) latest on latest.id = t.id`.execute(db);
  await sql`insert into regulation_subject_counts (department_id, supervised)
    select department_id, sum(supervised) from regulation_subjects group by department_id`.execute(db);
}

/** Subjects supervised by the departments in scope (each department's latest task per subject is not a revoke). */
export async function supervisedSubjects(db: RegulationDbOrTx, departments: DepartmentScope): Promise<number> {
  const r = await db
    .selectFrom('regulation_subject_counts')
    .select(sql<number>`cast(coalesce(sum(supervised), 0) as integer)`.as('n'))
    .where(inDepartments('department_id', departments))
    .executeTakeFirstOrThrow();
  return Number(r.n ?? 0);
}
