/**
 * What other modules may read of cases (through `ctx.services.caseReads`): the facts supervision raises
 * cards and counts KPIs from, and the facts 好差评 rates. Read-only; other modules never query the cases
 * tables themselves (docs/modules.md).
 */
import { sql } from 'kysely';
import type { CasesDb, CasesDbOrTx } from './cases.tables';
import {
  caseDayCounts,
  caseRecords,
  casesDueBy,
  caseStates,
  completedLateCases,
  intakeLateCases,
  openOverdueByDepartment,
  type CaseDayCounts,
  type CaseSet,
  type CaseSetQuery,
  type CaseStateRow,
  type CompletedLateRow,
  type DueCaseRow,
  type IntakeLateRow,
} from './cases.queries';
import {
  caseForRating,
  casesCompletedBy,
  completedCases,
  completedCasesOfApplicant,
  completedCasesUpTo,
  type CaseForRating,
  type CompletedCursor,
} from './cases.evaluation-queries';
import type { CaseRecord } from '../../shared/cases.types';
import { inDepartments, type DepartmentScope } from '../../kernel/db/department-scope';

export class CaseReads {
  constructor(private readonly db: CasesDb) {}

  // --- for supervision: card rules and KPI counts ---------------------------------------------------

  /** Open cases whose clock runs, due between the two dates (inclusive). */
  dueBy(dueOnOrBefore: string, dueOnOrAfter?: string): Promise<DueCaseRow[]> {
    return casesDueBy(this.db, dueOnOrBefore, dueOnOrAfter);
  }

  /** Applications left past their intake window (行政许可法 §32), and deemed acceptances since a day. */
  intakeLate(today: string, deemedSince: string): Promise<IntakeLateRow[]> {
    return intakeLateCases(this.db, today, deemedSince);
  }

  /** Cases completed after their promised due date, since a day. */
  completedLate(since: string, today: string): Promise<CompletedLateRow[]> {
    return completedLateCases(this.db, since, today);
  }

  /** The current state of these cases (open, closed, due dates). */
  states(caseNos: readonly string[]): Promise<CaseStateRow[]> {
    return caseStates(this.db, caseNos);
  }

  /**
   * Day × department counts behind the case KPIs. `db`: a roll-up reads inside its own transaction
   * (SQLite has one connection: a read outside it would wait for the transaction forever).
   */
  dayCounts(from: string, to: string, departments?: DepartmentScope, db: CasesDbOrTx = this.db): Promise<CaseDayCounts[]> {
    return caseDayCounts(db, from, to, departments);
  }

  /** Cases accepted in [from, to], withdrawn ones left out (the live tail of the supervised count). */
  async acceptedCount(from: string, to: string, departments?: DepartmentScope): Promise<number> {
    let q = this.db.selectFrom('cases_cases').where('accepted_on', '>=', from).where('accepted_on', '<=', to).where('status', '<>', 'withdrawn');
    if (departments != null) q = q.where(inDepartments('department_id', departments));
    return Number((await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
  }

  /** Accepted cases closed in [from, to], withdrawn ones left out. */
  async closedAfterAcceptanceCount(from: string, to: string, departments?: DepartmentScope): Promise<number> {
    let q = this.db
      .selectFrom('cases_cases')
      .where('closed_on', '>=', from)
      .where('closed_on', '<=', to)
      .where('accepted_on', 'is not', null)
      .where('status', '<>', 'withdrawn');
    if (departments != null) q = q.where(inDepartments('department_id', departments));
    return Number((await q.select(sql<number>`cast(count(*) as integer)`.as('n')).executeTakeFirstOrThrow()).n);
  }

  /** The cases of one KPI set (numerator or denominator), one page. */
  records(set: CaseSet, q: CaseSetQuery): Promise<{ items: CaseRecord[]; total: number }> {
    return caseRecords(this.db, set, q);
  }

  openOverdueByDepartment(today: string): Promise<Array<{ departmentId: number; n: number }>> {
    return openOverdueByDepartment(this.db, today);
  }

  /** The first day any case was submitted (null: none yet): where a KPI roll-up starts. */
  async firstSubmittedOn(db: CasesDbOrTx = this.db): Promise<string | null> {
    const r = await db
      .selectFrom('cases_cases').select(sql<string | null>`min(submitted_on)`.as('d')).executeTakeFirst();
    return r?.d ?? null;
  }

  // --- for 好差评: the cases people rate -------------------------------------------------------------

  forRating(caseNo: string): Promise<CaseForRating | null> {
    return caseForRating(this.db, caseNo);
  }

  /** Completed cases of a citizen's account, newest first (the "to rate" list). */
  completedOfApplicant(userId: number, limit?: number): Promise<CaseForRating[]> {
    return completedCasesOfApplicant(this.db, userId, limit);
  }

  /** Cases completed on `date` by any of these accounts (a window device's queue), newest first. */
  completedBy(userIds: number[], date: string, limit?: number): Promise<CaseForRating[]> {
    return casesCompletedBy(this.db, userIds, date, limit);
  }

  /** Every completed case, oldest completion first (the demo seed rates them). */
  completed(limit?: number): Promise<CaseForRating[]> {
    return completedCases(this.db, limit);
  }

  /** Completed cases with completed_on ≤ cutoff after a cursor, in (completed_on, id) order: a walk in batches. */
  completedUpTo(cutoff: string, after: CompletedCursor | null, limit: number): Promise<CaseForRating[]> {
    return completedCasesUpTo(this.db, cutoff, after, limit);
  }
}
