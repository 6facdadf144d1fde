/**
 * Hand-made case rows for supervision and statistics tests: written straight into cases_cases (the
 * columns the sweep and the KPIs read), so every expected figure can be worked out from the test itself.
 */
import type { AnyTestApp } from '../../../test/harness';
import { fakeCatalogModule } from '../../../test/fixtures';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { supervisionModule } from '.';

export const supervisionTestModules = [orgModule, fakeCatalogModule, casesModule, supervisionModule] as const;

export interface HandCase {
  caseNo: string;
  dept?: string;
  status: string;
  submittedOn: string;
  acceptedOn?: string | null;
  promisedDueDate?: string | null;
  intakeDueDate?: string | null;
  completedOn?: string | null;
  closedOn?: string | null;
  onTime?: 0 | 1 | null;
  workdaysUsed?: number | null;
  legalLimit?: number;
  limitUnit?: 'workday' | 'natural';
  deemed?: boolean;
}

/**
 * The case-KPI fixture (case-kpis.test.ts, stats.case-routes.test.ts): nine hand-made cases (A = 市场监管局, B = 公安局). Worked answers for September 2026:
 *  received  = K1 K2 K4 K5 K7 K8 K9                 = 7
 *  completed = K1 K2 K3 K9 = 4, on time K1 K3 K9     = 3      → onTimeRate 3/4
 *  legal (working-day, > 0) = K1 (20, used 6) + K2 (10, used 16) → speedup (30 − 22)/30 = 8/30
 *    (K3's limit is in natural days, K9 is an instant case with legal 0: both stay out)
 *  completionRate = 4/7
 *  supervised = accepted by 09-30, not withdrawn, not closed before 09-01: K1 K2 K3 K4 K8 K9 = 6
 *    (K6 closed in August, K7 withdrawn, K5 never accepted)
 * For 10-01…10-09 (today): completed K8 (on time, legal 20, used 3); received none → completionRate null;
 * supervised K4 (open) + K8 = 2; the sweep on 10-09 issues 2 red cards (K4 overdue, K2 completed late).
 */
export const KPI_CASES: HandCase[] = [
  { caseNo: 'K1', status: 'completed', submittedOn: '2026-09-01', acceptedOn: '2026-09-02', promisedDueDate: '2026-09-20', completedOn: '2026-09-10', onTime: 1, workdaysUsed: 6, legalLimit: 20 },
  { caseNo: 'K2', status: 'completed', submittedOn: '2026-09-03', acceptedOn: '2026-09-03', promisedDueDate: '2026-09-15', completedOn: '2026-09-25', onTime: 0, workdaysUsed: 16, legalLimit: 10 },
  { caseNo: 'K3', status: 'completed', submittedOn: '2026-08-20', acceptedOn: '2026-08-21', promisedDueDate: '2026-09-10', completedOn: '2026-09-05', onTime: 1, workdaysUsed: 10, legalLimit: 20, limitUnit: 'natural' },
  { caseNo: 'K4', dept: '430582-002', status: 'accepted', submittedOn: '2026-09-15', acceptedOn: '2026-09-16', promisedDueDate: '2026-09-25' },
  { caseNo: 'K5', dept: '430582-002', status: 'submitted', submittedOn: '2026-09-20', intakeDueDate: '2026-10-09' },
  { caseNo: 'K6', status: 'completed', submittedOn: '2026-07-01', acceptedOn: '2026-07-02', promisedDueDate: '2026-07-20', completedOn: '2026-08-15', onTime: 0, workdaysUsed: 30, legalLimit: 20 },
  { caseNo: 'K7', dept: '430582-002', status: 'withdrawn', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', closedOn: '2026-09-12' },
  { caseNo: 'K8', status: 'completed', submittedOn: '2026-09-28', acceptedOn: '2026-09-29', promisedDueDate: '2026-10-12', completedOn: '2026-10-02', onTime: 1, workdaysUsed: 3, legalLimit: 20 },
  { caseNo: 'K9', dept: '430582-002', status: 'completed', submittedOn: '2026-09-05', acceptedOn: '2026-09-06', promisedDueDate: '2026-09-06', completedOn: '2026-09-20', onTime: 1, workdaysUsed: 5, legalLimit: 0 },
];

export async function deptId(t: AnyTestApp, code: string): Promise<number> {
  const d = await t.ctx.services.org.byCode(code);
  if (!d) throw new Error(`no department ${code}`);
  return d.id;
}

export async function insertCases(t: AnyTestApp, cases: HandCase[]): Promise<void> {
  const ids = new Map<string, number>();
  for (const c of cases) {
    const code = c.dept ?? '430582-001';
    if (!ids.has(code)) ids.set(code, await deptId(t, code));
  }
  const rows = cases.map((c) => ({
    case_no: c.caseNo,
    status: c.status,
    item_code: 'T-FOOD',
    item_name: '食品经营许可（新办）',
    version_id: 1,
    department_id: ids.get(c.dept ?? '430582-001')!,
    channel: 'window',
    applicant_type: 'person',
    applicant_name: '王小明',
    applicant_id_number: '430582199003071234',
    applicant_phone: null,
    applicant_last4: '1234',
    applicant_user_id: null,
    submitted_at: `${c.submittedOn}T02:00:00.000Z`,
    submitted_on: c.submittedOn,
    intake_from: c.submittedOn,
    intake_due_date: c.intakeDueDate ?? null,
    accepted_at: c.acceptedOn ? `${c.acceptedOn}T02:00:00.000Z` : null,
    accepted_on: c.acceptedOn ?? null,
    deemed_accepted: c.deemed ? 1 : 0,
    promised_limit: 5,
    legal_limit: c.legalLimit ?? 20,
    limit_unit: c.limitUnit ?? 'workday',
    case_kind: 'promised',
    extension_allowance: 10,
    promised_due_date: c.promisedDueDate ?? null,
    legal_due_date: null,
    provisional: 0,
    closed_at: c.closedOn ? `${c.closedOn}T08:00:00.000Z` : null,
    closed_on: c.closedOn ?? (c.completedOn ?? null),
    completed_on: c.completedOn ?? null,
    on_time: c.onTime ?? null,
    workdays_used: c.workdaysUsed ?? null,
    materials_json: '[]',
    updated_at: '2026-01-01T00:00:00.000Z',
  }));
  for (let i = 0; i < rows.length; i += 200) await t.opened.db.insertInto('cases_cases').values(rows.slice(i, i + 200)).execute();
}
