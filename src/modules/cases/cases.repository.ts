/**
 * Queries and writes on the cases tables that several use cases share (intake, actions, views, the §32
 * job). No rules and no permissions here: callers decide, this reads and writes.
 */
import { preparedInsert, preparedInsertMany } from '../../kernel/db/prepared';
import { caseChanged } from './cases.errors';
import type { CaseEventRow, CaseRow, CasesDbOrTx, CasesTx, ExtensionRow, SuspensionRow } from './cases.tables';

/** What an update of a case row may set. */
export type CaseChanges = Partial<Omit<CaseRow, 'id'>>;

/** Numbers come back as strings or bigints from some drivers; make the row's numeric columns numbers. */
export function normalizeRow(r: CaseRow): CaseRow {
  return {
    ...r,
    id: Number(r.id),
    version_id: Number(r.version_id),
    department_id: Number(r.department_id),
    applicant_user_id: r.applicant_user_id === null ? null : Number(r.applicant_user_id),
    bundle_app_id: r.bundle_app_id === null ? null : Number(r.bundle_app_id),
    created_by: r.created_by === null ? null : Number(r.created_by),
    row_version: Number(r.row_version),
    promised_limit: Number(r.promised_limit),
    legal_limit: Number(r.legal_limit),
    extension_allowance: Number(r.extension_allowance),
  };
}

export async function caseByNo(db: CasesDbOrTx, caseNo: string): Promise<CaseRow | null> {
  const row = await db.selectFrom('cases_cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  return row ? normalizeRow(row) : null;
}

export async function caseById(db: CasesDbOrTx, id: number): Promise<CaseRow> {
  return normalizeRow(await db.selectFrom('cases_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** The suspensions and extensions of these cases (what their clocks are computed from), by case id. */
export async function clockRecords(db: CasesDbOrTx, caseIds: number[]) {
  const susp = new Map<number, SuspensionRow[]>();
  const ext = new Map<number, ExtensionRow[]>();
  if (caseIds.length === 0) return { susp, ext };
  const [s, e] = await Promise.all([
    db.selectFrom('cases_suspensions').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute(),
    db.selectFrom('cases_extensions').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute(),
  ]);
  for (const r of s) {
    const k = Number(r.case_id);
    if (!susp.has(k)) susp.set(k, []);
    susp.get(k)!.push(r);
  }
  for (const r of e) {
    const k = Number(r.case_id);
    if (!ext.has(k)) ext.set(k, []);
    ext.get(k)!.push({ ...r, days: Number(r.days) });
  }
  return { susp, ext };
}

/** The timeline of one case, oldest first. */
export function eventsOf(db: CasesDbOrTx, caseId: number): Promise<CaseEventRow[]> {
  return db.selectFrom('cases_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/**
 * Writes `changes` if nobody changed the case since `row` was read (its row_version), else 409 CASE_CHANGED:
 * two windows acting on one case at once never both win.
 */
export async function updateCase(tx: CasesTx, row: CaseRow, changes: CaseChanges): Promise<void> {
  const res = await tx.updateTable('cases_cases').set(changes).where('id', '=', row.id).where('row_version', '=', row.row_version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw caseChanged(row.status);
}

export async function insertEvent(tx: CasesTx, e: Omit<CaseEventRow, 'id'>): Promise<void> {
  await tx.insertInto('cases_events').values(e).execute();
}

export async function bundleNoOf(db: CasesDbOrTx, bundleAppId: number): Promise<string | null> {
  return (await db.selectFrom('cases_bundle_apps').select('bundle_no').where('id', '=', bundleAppId).executeTakeFirst())?.bundle_no ?? null;
}

export async function bundleNosOf(db: CasesDbOrTx, bundleAppIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (bundleAppIds.length === 0) return out;
  for (const b of await db.selectFrom('cases_bundle_apps').select(['id', 'bundle_no']).where('id', 'in', bundleAppIds).execute()) out.set(Number(b.id), b.bundle_no);
  return out;
}

export async function bundleAppIdOf(db: CasesDbOrTx, bundleNo: string): Promise<number | null> {
  const app = await db.selectFrom('cases_bundle_apps').select('id').where('bundle_no', '=', bundleNo).executeTakeFirst();
  return app ? Number(app.id) : null;
}

export async function partnerNameOf(db: CasesDbOrTx, regionCode: string): Promise<string | null> {
  return (await db.selectFrom('cases_partner_regions').select('name').where('region_code', '=', regionCode).executeTakeFirst())?.name ?? null;
}

export async function partnerRegion(db: CasesDbOrTx, regionCode: string) {
  return db.selectFrom('cases_partner_regions').selectAll().where('region_code', '=', regionCode).executeTakeFirst();
}

// Intake's two inserts (SPEC §6: ≥ 1,000 cases/s) are compiled once (kernel/db/prepared.ts).
export const insertCaseRow = preparedInsert<{ id: number | bigint }>('cases_cases', { returning: ['id'] });
export const insertEventRow = preparedInsert('cases_events');
// A group-committed batch of intakes: one statement per table (kernel/db/prepared.ts).
export const insertCaseRows = preparedInsertMany<{ id: number | bigint; case_no: string }>('cases_cases', { returning: ['id', 'case_no'] });
export const insertEventRows = preparedInsertMany('cases_events');
