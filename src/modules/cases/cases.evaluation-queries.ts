/**
 * Read-only case facts 好差评 needs (who applied as a user, which clerk handled and completed the case,
 * completed cases to rate), served to the evaluations module through CaseReads. Nothing here writes.
 */
import type { CaseRow, CasesDbOrTx } from './cases.tables';

export interface CaseForRating {
  id: number;
  caseNo: string;
  status: string;
  departmentId: number;
  itemName: string;
  applicantName: string;
  applicantUserId: number | null;
  completedOn: string | null;
  /** The account that took the application (the clerk at a window, or the citizen online). */
  createdBy: number | null;
  /** The account that delivered the result (`complete`). */
  completedBy: number | null;
}

const COLUMNS = ['id', 'case_no', 'status', 'department_id', 'item_name', 'applicant_name', 'applicant_user_id', 'completed_on', 'created_by'] as const;
type Row = Pick<CaseRow, (typeof COLUMNS)[number]>;

async function completers(db: CasesDbOrTx, caseIds: number[]): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('cases_events')
    .select(['case_id', 'actor_id'])
    .where('case_id', 'in', caseIds)
    .where('action', '=', 'complete')
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(Number(r.case_id), r.actor_id === null ? null : Number(r.actor_id));
  return out;
}

function toCase(r: Row, completedBy: number | null): CaseForRating {
  return {
    id: Number(r.id),
    caseNo: r.case_no,
    status: r.status,
    departmentId: Number(r.department_id),
    itemName: r.item_name,
    applicantName: r.applicant_name,
    applicantUserId: r.applicant_user_id === null ? null : Number(r.applicant_user_id),
    completedOn: r.completed_on,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    completedBy,
  };
}

export async function caseForRating(db: CasesDbOrTx, caseNo: string): Promise<CaseForRating | null> {
  const r = await db.selectFrom('cases_cases').select([...COLUMNS]).where('case_no', '=', caseNo).executeTakeFirst();
  if (!r) return null;
  const by = await completers(db, [Number(r.id)]);
  return toCase(r, by.get(Number(r.id)) ?? null);
}

/** Where a walk over completed cases stopped: the last case's completion day and id. */
export interface CompletedCursor {
  completedOn: string;
  id: number;
}

/**
 * Completed cases with completed_on ≤ cutoff after `after`, in (completed_on, id) order, `limit` at a
 * time: the default-evaluation job walks them and skips those already rated.
 */
export async function completedCasesUpTo(db: CasesDbOrTx, cutoff: string, after: CompletedCursor | null, limit: number): Promise<CaseForRating[]> {
  let q = db.selectFrom('cases_cases').select([...COLUMNS]).where('status', '=', 'completed').where('completed_on', '<=', cutoff);
  if (after) {
    q = q.where((eb) => eb.or([eb('completed_on', '>', after.completedOn), eb.and([eb('completed_on', '=', after.completedOn), eb('id', '>', after.id)])]));
  }
  const rows = await q.orderBy('completed_on').orderBy('id').limit(limit).execute();
  const by = await completers(db, rows.map((r) => Number(r.id)));
  return rows.map((r) => toCase(r, by.get(Number(r.id)) ?? null));
}

/** Completed cases of the applicant's account, newest first (the citizen's "to rate" list). */
export async function completedCasesOfApplicant(db: CasesDbOrTx, userId: number, limit = 50): Promise<CaseForRating[]> {
  const rows = await db
    .selectFrom('cases_cases')
    .select([...COLUMNS])
    .where('applicant_user_id', '=', userId)
    .where('status', '=', 'completed')
    .orderBy('completed_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const by = await completers(db, rows.map((r) => Number(r.id)));
  return rows.map((r) => toCase(r, by.get(Number(r.id)) ?? null));
}

/** Cases completed on `date` by any of these accounts (the window device's queue), newest first. */
export async function casesCompletedBy(db: CasesDbOrTx, userIds: number[], date: string, limit = 20): Promise<CaseForRating[]> {
  if (userIds.length === 0) return [];
  const ids = await db
    .selectFrom('cases_events')
    .select('case_id')
    .where('action', '=', 'complete')
    .where('on_date', '=', date)
    .where('actor_id', 'in', userIds)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (ids.length === 0) return [];
  const caseIds = ids.map((r) => Number(r.case_id));
  const rows = await db.selectFrom('cases_cases').select([...COLUMNS]).where('id', 'in', caseIds).execute();
  const by = await completers(db, caseIds);
  const order = new Map(caseIds.map((id, i) => [id, i]));
  return rows.map((r) => toCase(r, by.get(Number(r.id)) ?? null)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** Every completed case, oldest completion first (the demo seed rates them). */
export async function completedCases(db: CasesDbOrTx, limit = 5000): Promise<CaseForRating[]> {
  const rows = await db
    .selectFrom('cases_cases')
    .select([...COLUMNS])
    .where('status', '=', 'completed')
    .orderBy('completed_on')
    .orderBy('id')
    .limit(limit)
    .execute();
  const out: CaseForRating[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const by = await completers(db, part.map((r) => Number(r.id)));
    out.push(...part.map((r) => toCase(r, by.get(Number(r.id)) ?? null)));
  }
  return out;
}
