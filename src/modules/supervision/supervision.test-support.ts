/**
 * Hand-made case rows for supervision and statistics tests: written straight into cases_cases (the
 * columns the sweep and the KPIs read), so every expected figure can be worked out from the test itself.
 */
import type { TestApp, AnyTestApp } from '../../../test/harness';
import type { OrgService } from '../org';
import { fakeCatalogModule } from '../cases/cases.test-support';
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

export async function deptId(t: AnyTestApp, code: string): Promise<number> {
  const d = await (t.ctx.services.org as OrgService).byCode(code);
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
  for (let i = 0; i < rows.length; i += 200) await t.ctx.db.insertInto('cases_cases').values(rows.slice(i, i + 200)).execute();
}
