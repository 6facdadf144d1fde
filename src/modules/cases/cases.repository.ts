/**
 * Queries and writes on the cases tables that several use cases share (intake, actions, views, the §32
 * job). No rules and no permissions here: callers decide, this reads and writes.
 */
import { sql, type Compilable, type Kysely } from 'kysely';
import { withAuditWrite, writeAuditRows, type ReservedAuditWrite } from '../../kernel/audit/audit';
import { dialectOf } from '../../kernel/db/db';
import { prepared, preparedInsert, preparedInsertMany, type PreparedQuery } from '../../kernel/db/prepared';
import { caseChanged } from './cases.errors';
import type { CaseEventRow, CaseRow, CasesDbOrTx, CasesTables, CasesTx, ExtensionRow, SuspensionRow } from './cases.tables';

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

/**
 * A batch's new cases, the `submit` event of each (`events[i]` is `cases[i]`'s, its `case_id` left to this
 * function) and, when given, their audit rows (a `reservedAuditWrite` of the positions the transaction
 * reserved); returns the new ids by case number. PostgreSQL: one statement — the events' insert takes each
 * case's id from the cases' insert by its number, the audit rows and the heads' new hashes ride along
 * (data-modifying WITH clauses) — so the county's rows are held for one round trip here. SQLite: one
 * statement per table (local calls).
 */
export async function insertCasesAndEvents(
  tx: CasesTx,
  cases: readonly Omit<CaseRow, 'id'>[],
  events: readonly Omit<CaseEventRow, 'id' | 'case_id'>[],
  audit: ReservedAuditWrite | null = null,
): Promise<Map<string, number>> {
  if (dialectOf(tx) !== 'postgres') {
    const ids = new Map((await insertCaseRows.execute(tx, cases)).map((r) => [r.case_no, Number(r.id)]));
    await insertEventRows.execute(
      tx,
      events.map((e, i) => ({ case_id: ids.get(cases[i].case_no)!, ...e })),
    );
    if (audit) await writeAuditRows(tx, audit);
    return ids;
  }
  const caseColumns = Object.keys(cases[0]) as (keyof Omit<CaseRow, 'id'>)[];
  const eventColumns = Object.keys(events[0]) as (keyof Omit<CaseEventRow, 'id' | 'case_id'>)[];
  const auditShape = audit ? [audit.rows.length, audit.chains] : null;
  const key = `${cases.length}:${caseColumns.join(',')}:${eventColumns.join(',')}:${auditShape?.join(',') ?? '-'}`;
  let q = casesAndEvents.get(key);
  if (!q) {
    const n = cases.length;
    q = prepared<Record<string, unknown>, { id: number | bigint; case_no: string }>((d, p) => {
      const db = d as unknown as Kysely<CasesTables>;
      const caseValues = Array.from({ length: n }, (_, i) => Object.fromEntries(caseColumns.map((c) => [c, p[`c${i}:${c}`]])) as unknown as Omit<CaseRow, 'id'>);
      const eventValues = Array.from(
        { length: n },
        (_, i) => ({ case_id: sql<number>`(select id from c where case_no = ${p[`c${i}:case_no`]})`, ...Object.fromEntries(eventColumns.map((c) => [c, p[`e${i}:${c}`]])) }) as unknown as Omit<CaseEventRow, 'id'>,
      );
      const written = db.with('c', (w) => w.insertInto('cases_cases').values(caseValues).returning(['id', 'case_no'])).with('e', (w) => w.insertInto('cases_events').values(eventValues));
      if (!auditShape) return written.selectFrom('c').select(['c.id', 'c.case_no']);
      return withAuditWrite(written, p, auditShape[0], auditShape[1])
        .selectFrom('c')
        .select(['c.id', 'c.case_no']) as unknown as Compilable<{ id: number | bigint; case_no: string }>;
      // Parsed and planned once per connection on PostgreSQL: it runs while the county's rows are locked.
    }, { serverPrepared: true });
    casesAndEvents.set(key, q);
  }
  const params: Record<string, unknown> = { ...audit?.params };
  cases.forEach((row, i) => {
    for (const c of caseColumns) {
      if (row[c] === undefined) throw new Error(`insertCasesAndEvents: column ${c} is undefined in case ${i}`);
      params[`c${i}:${c}`] = row[c];
    }
    const event = events[i];
    for (const c of eventColumns) {
      if (event[c] === undefined) throw new Error(`insertCasesAndEvents: column ${c} is undefined in event ${i}`);
      params[`e${i}:${c}`] = event[c];
    }
  });
  return new Map((await q.execute(tx, params)).map((r) => [r.case_no, Number(r.id)]));
}
const casesAndEvents = new Map<string, PreparedQuery<Record<string, unknown>, { id: number | bigint; case_no: string }>>();
