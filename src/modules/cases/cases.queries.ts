/**
 * Read-only queries over the cases tables for supervision (the sweep) and statistics (KPIs, series,
 * drill-downs), served to those modules through CaseReads (case-reads.ts). Every query
 * here is shaped for an index of 0200_cases_base so that work stays proportional to what is asked:
 *   - (status, promised_due_date): open cases near/past their due date, recently late completions;
 *   - (status, intake_due_date): applications past their intake window;
 *   - (submitted_on): cases received in a period.
 * Completion-period aggregates have no index of their own and are meant to be rolled up per day by the
 * stats module (see stats_daily), with only the days not yet rolled up read live.
 */
import { sql, type NotNull } from 'kysely';
import type { CasesDbOrTx } from './cases.tables';
import type { CaseRecord } from '../../shared/cases.types';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

/** Statuses in which the promised clock runs (decided cases still owe delivery); suspended = clock stopped. */
export const CLOCK_RUNNING_STATUSES = ['accepted', 'approved', 'denied'] as const;
/** Statuses a case can have after acceptance (a deemed acceptance keeps its intake due date). */
export const ACCEPTED_STATUSES = ['accepted', 'suspended', 'approved', 'denied', 'completed'] as const;

export interface DueCaseRow {
  id: number;
  caseNo: string;
  departmentId: number;
  status: string;
  promisedDueDate: string;
  acceptedOn: string | null;
  itemName: string;
}

/**
 * Open cases with the clock running whose promised due date is on or before `dueOnOrBefore` (and, when
 * given, on or after `dueOnOrAfter`: the minute-by-minute sweep only needs the recently due ones).
 */
export async function casesDueBy(db: CasesDbOrTx, dueOnOrBefore: string, dueOnOrAfter?: string): Promise<DueCaseRow[]> {
  let q = db
    .selectFrom('cases_cases')
    .select(['id', 'case_no', 'department_id', 'status', 'promised_due_date', 'accepted_on', 'item_name'])
    .where('status', 'in', [...CLOCK_RUNNING_STATUSES])
    .where('promised_due_date', '<=', dueOnOrBefore);
  if (dueOnOrAfter) q = q.where('promised_due_date', '>=', dueOnOrAfter);
  const rows = await q.$narrowType<{ promised_due_date: NotNull }>().execute();
  return rows.map((r) => ({
    id: Number(r.id),
    caseNo: r.case_no,
    departmentId: Number(r.department_id),
    status: r.status,
    promisedDueDate: r.promised_due_date,
    acceptedOn: r.accepted_on,
    itemName: r.item_name,
  }));
}

export interface IntakeLateRow {
  id: number;
  caseNo: string;
  departmentId: number;
  status: string;
  intakeDueDate: string;
  itemName: string;
}

/**
 * Applications left unanswered past their intake window: still `submitted`, or already deemed accepted
 * (行政许可法 §32) with the window ending on/after `deemedSince` (the deemed-acceptance job may run before
 * the sweep; the look-back bounds that part of the scan).
 */
export async function intakeLateCases(db: CasesDbOrTx, today: string, deemedSince: string): Promise<IntakeLateRow[]> {
  const cols = ['id', 'case_no', 'department_id', 'status', 'intake_due_date', 'item_name'] as const;
  const waiting = await db
    .selectFrom('cases_cases')
    .select(cols)
    .where('status', '=', 'submitted')
    .where('intake_due_date', '<', today)
    .$narrowType<{ intake_due_date: NotNull }>()
    .execute();
  const deemed = await db
    .selectFrom('cases_cases')
    .select(cols)
    .where('status', 'in', [...ACCEPTED_STATUSES])
    .where('intake_due_date', '>=', deemedSince)
    .where('intake_due_date', '<', today)
    .where('deemed_accepted', '=', 1)
    .$narrowType<{ intake_due_date: NotNull }>()
    .execute();
  return [...waiting, ...deemed].map((r) => ({
    id: Number(r.id),
    caseNo: r.case_no,
    departmentId: Number(r.department_id),
    status: r.status,
    intakeDueDate: r.intake_due_date,
    itemName: r.item_name,
  }));
}

export interface CompletedLateRow {
  id: number;
  caseNo: string;
  departmentId: number;
  promisedDueDate: string;
  completedOn: string;
  itemName: string;
}

/** Completed after the promised due date, with the due date in [since, today). */
export async function completedLateCases(db: CasesDbOrTx, since: string, today: string): Promise<CompletedLateRow[]> {
  const rows = await db
    .selectFrom('cases_cases')
    .select(['id', 'case_no', 'department_id', 'promised_due_date', 'completed_on', 'item_name'])
    .where('status', '=', 'completed')
    .where('promised_due_date', '>=', since)
    .where('promised_due_date', '<', today)
    .whereRef('completed_on', '>', 'promised_due_date')
    .$narrowType<{ promised_due_date: NotNull; completed_on: NotNull }>()
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    caseNo: r.case_no,
    departmentId: Number(r.department_id),
    promisedDueDate: r.promised_due_date,
    completedOn: r.completed_on,
    itemName: r.item_name,
  }));
}

export interface CaseStateRow {
  id: number;
  caseNo: string;
  departmentId: number;
  status: string;
  promisedDueDate: string | null;
  completedOn: string | null;
  closedOn: string | null;
  onTime: number | null;
  itemName: string;
}

/** The current state of the given cases (by the unique case number, in chunks). */
export async function caseStates(db: CasesDbOrTx, caseNos: readonly string[]): Promise<CaseStateRow[]> {
  const out: CaseStateRow[] = [];
  for (let i = 0; i < caseNos.length; i += 500) {
    const chunk = caseNos.slice(i, i + 500);
    const rows = await db
      .selectFrom('cases_cases')
      .select(['id', 'case_no', 'department_id', 'status', 'promised_due_date', 'completed_on', 'closed_on', 'on_time', 'item_name'])
      .where('case_no', 'in', chunk)
      .execute();
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        caseNo: r.case_no,
        departmentId: Number(r.department_id),
        status: r.status,
        promisedDueDate: r.promised_due_date,
        completedOn: r.completed_on,
        closedOn: r.closed_on,
        onTime: r.on_time === null ? null : Number(r.on_time),
        itemName: r.item_name,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ KPI counts

/**
 * The raw counts behind the case KPIs, per day and department, over [from, to]:
 *  - received: cases submitted that day;
 *  - completed / completedOnTime: cases completed that day (on or before the promised due date);
 *  - legalSum / usedSum / withLegal: working-day legal limits and working days used of completed cases
 *    with a working-day legal limit > 0;
 *  - accepted: cases (not withdrawn) whose clock started that day; acceptedClosed: those of them closed that
 *    day. "Supervised" cases of a period (the card denominator) = accepted ≤ to − acceptedClosed < from.
 */
export interface CaseDayCounts {
  day: string;
  departmentId: number;
  received: number;
  completed: number;
  completedOnTime: number;
  withLegal: number;
  legalSum: number;
  usedSum: number;
  accepted: number;
  acceptedClosed: number;
}

const int = (expr: string) => sql<number>`cast(coalesce(sum(case when ${sql.raw(expr)} then 1 else 0 end), 0) as integer)`;
const LEGAL = `completed_on is not null and legal_limit > 0 and limit_unit = 'workday'`;

/** Day × department counts over [from, to]; the four queries each read one date column's range. */
/** The daily roll-up of caseDayCounts (run and read by the supervision module's CaseKpiService). */
export const CASE_DAILY_ROLLUP = { name: 'supervision.case_daily' } as const;

interface DayFields {
  status: string;
  submitted_on: string;
  accepted_on: string | null;
  completed_on: string | null;
  closed_on: string | null;
  on_time: number | null;
  workdays_used: number | null;
  legal_limit: number | null;
  department_id: number;
}

/**
 * The days whose caseDayCounts a change of one case row alters (the caller marks the rolled ones dirty).
 * Each count is keyed by one day and depends on a few fields; a day is touched only when the figure it
 * holds for this row changes — accepting a case today does not touch the day it was received.
 */
export function caseDaysTouched(before: DayFields, after: DayFields): string[] {
  const measures: Array<{ day: (r: DayFields) => string | null; figure: (r: DayFields) => unknown[] }> = [
    { day: (r) => r.submitted_on, figure: (r) => [r.department_id] },
    { day: (r) => r.accepted_on, figure: (r) => [r.department_id, r.status === 'withdrawn'] },
    { day: (r) => (r.status === 'completed' ? r.completed_on : null), figure: (r) => [r.department_id, r.on_time, r.workdays_used, r.legal_limit] },
    { day: (r) => (r.accepted_on !== null && r.status !== 'withdrawn' ? r.closed_on : null), figure: (r) => [r.department_id] },
  ];
  const days = new Set<string>();
  for (const m of measures) {
    const [b, a] = [m.day(before), m.day(after)];
    if (b === a && (b === null || JSON.stringify(m.figure(before)) === JSON.stringify(m.figure(after)))) continue;
    if (b) days.add(b);
    if (a) days.add(a);
  }
  return [...days].sort();
}

export async function caseDayCounts(db: CasesDbOrTx, from: string, to: string, departments?: DepartmentScope): Promise<CaseDayCounts[]> {
  const map = new Map<string, CaseDayCounts>();
  const get = (day: string, dep: number) => {
    const k = `${day}|${dep}`;
    let c = map.get(k);
    if (!c) {
      c = { day, departmentId: dep, received: 0, completed: 0, completedOnTime: 0, withLegal: 0, legalSum: 0, usedSum: 0, accepted: 0, acceptedClosed: 0 };
      map.set(k, c);
    }
    return c;
  };
  const dep = <Q extends { where: (...a: any[]) => Q }>(q: Q): Q => (departments == null ? q : q.where(inDepartments('department_id', departments))); // eslint-disable-line @typescript-eslint/no-explicit-any

  const received = await dep(db.selectFrom('cases_cases').where('submitted_on', '>=', from).where('submitted_on', '<=', to))
    .select(['submitted_on as day', 'department_id', sql<number>`cast(count(*) as integer)`.as('n')])
    .groupBy(['submitted_on', 'department_id'])
    .execute();
  for (const r of received) get(r.day, Number(r.department_id)).received = Number(r.n);

  const completed = await dep(db.selectFrom('cases_cases').where('status', '=', 'completed').where('completed_on', '>=', from).where('completed_on', '<=', to))
    .select([
      'completed_on as day',
      'department_id',
      sql<number>`cast(count(*) as integer)`.as('n'),
      int('on_time = 1').as('onTime'),
      int(LEGAL).as('withLegal'),
      sql<number>`cast(coalesce(sum(case when ${sql.raw(LEGAL)} then legal_limit else 0 end), 0) as integer)`.as('legalSum'),
      sql<number>`cast(coalesce(sum(case when ${sql.raw(LEGAL)} then coalesce(workdays_used, 0) else 0 end), 0) as integer)`.as('usedSum'),
    ])
    .groupBy(['completed_on', 'department_id'])
    .$narrowType<{ day: NotNull }>()
    .execute();
  for (const r of completed) {
    const c = get(r.day, Number(r.department_id));
    c.completed = Number(r.n);
    c.completedOnTime = Number(r.onTime);
    c.withLegal = Number(r.withLegal);
    c.legalSum = Number(r.legalSum);
    c.usedSum = Number(r.usedSum);
  }

  const accepted = await dep(db.selectFrom('cases_cases').where('accepted_on', '>=', from).where('accepted_on', '<=', to).where('status', '<>', 'withdrawn'))
    .select(['accepted_on as day', 'department_id', sql<number>`cast(count(*) as integer)`.as('n')])
    .groupBy(['accepted_on', 'department_id'])
    .$narrowType<{ day: NotNull }>()
    .execute();
  for (const r of accepted) get(r.day, Number(r.department_id)).accepted = Number(r.n);

  const closed = await dep(
    db.selectFrom('cases_cases').where('closed_on', '>=', from).where('closed_on', '<=', to).where('accepted_on', 'is not', null).where('status', '<>', 'withdrawn'),
  )
    .select(['closed_on as day', 'department_id', sql<number>`cast(count(*) as integer)`.as('n')])
    .groupBy(['closed_on', 'department_id'])
    .$narrowType<{ day: NotNull }>()
    .execute();
  for (const r of closed) get(r.day, Number(r.department_id)).acceptedClosed = Number(r.n);

  return [...map.values()].sort((a, b) => (a.day === b.day ? a.departmentId - b.departmentId : a.day < b.day ? -1 : 1));
}

// ------------------------------------------------------------------------------------------ drill-down

/** The record sets behind the case KPIs' numerators and denominators. */
export const CASE_SETS = ['received', 'completed', 'completed_on_time', 'completed_with_legal', 'supervised', 'open_overdue'] as const;
export type CaseSet = (typeof CASE_SETS)[number];

export type { CaseRecord } from '../../shared/cases.types';

export interface CaseSetQuery {
  from: string;
  to: string;
  departmentId?: DepartmentScope;
  /** Today, for `open_overdue`. */
  today?: string;
  offset: number;
  limit: number;
}

/** A page of the cases in a set, newest first, with the set's total. */
export async function caseRecords(db: CasesDbOrTx, set: CaseSet, q: CaseSetQuery): Promise<{ items: CaseRecord[]; total: number }> {
  let base = db.selectFrom('cases_cases');
  if (q.departmentId != null) base = base.where(inDepartments('department_id', q.departmentId));
  let order: 'submitted_on' | 'completed_on' | 'accepted_on' | 'promised_due_date' = 'completed_on';
  switch (set) {
    case 'received':
      base = base.where('submitted_on', '>=', q.from).where('submitted_on', '<=', q.to);
      order = 'submitted_on';
      break;
    case 'completed':
    case 'completed_on_time':
    case 'completed_with_legal':
      base = base.where('status', '=', 'completed').where('completed_on', '>=', q.from).where('completed_on', '<=', q.to);
      if (set === 'completed_on_time') base = base.where('on_time', '=', 1);
      if (set === 'completed_with_legal') base = base.where('legal_limit', '>', 0).where('limit_unit', '=', 'workday');
      break;
    case 'supervised':
      base = base
        .where('accepted_on', 'is not', null)
        .where('accepted_on', '<=', q.to)
        .where('status', '<>', 'withdrawn')
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', q.from)]));
      order = 'accepted_on';
      break;
    case 'open_overdue':
      base = base.where('status', 'in', [...CLOCK_RUNNING_STATUSES]).where('promised_due_date', '<', q.today ?? q.to);
      order = 'promised_due_date';
      break;
  }
  const total = await base.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['case_no', 'item_name', 'department_id', 'status', 'submitted_on', 'accepted_on', 'promised_due_date', 'completed_on', 'on_time', 'workdays_used', 'legal_limit'])
    .orderBy(order, set === 'open_overdue' ? 'asc' : 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      caseNo: r.case_no,
      itemName: r.item_name,
      departmentId: Number(r.department_id),
      status: r.status,
      submittedOn: r.submitted_on,
      acceptedOn: r.accepted_on,
      promisedDueDate: r.promised_due_date,
      completedOn: r.completed_on,
      onTime: r.on_time === null ? null : Number(r.on_time) === 1,
      workdaysUsed: r.workdays_used === null ? null : Number(r.workdays_used),
      legalLimit: Number(r.legal_limit),
    })),
  };
}

/** Open cases past their promised due date, per department (the dashboard's overdue table). */
export async function openOverdueByDepartment(db: CasesDbOrTx, today: string): Promise<Array<{ departmentId: number; n: number }>> {
  const rows = await db
    .selectFrom('cases_cases')
    .where('status', 'in', [...CLOCK_RUNNING_STATUSES])
    .where('promised_due_date', '<', today)
    .select(['department_id', sql<number>`cast(count(*) as integer)`.as('n')])
    .groupBy('department_id')
    .execute();
  return rows.map((r) => ({ departmentId: Number(r.department_id), n: Number(r.n) }));
}
