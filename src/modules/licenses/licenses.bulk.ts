/**
 * Bulk path of the license library (county-year generator): the licenses its completed cases were issued,
 * shaped with the module's own rules — numbered per type and year (`licenseNo`, counters kept by the caller
 * and written to the kernel sequences at the end with `licenseSequences`), valid for the type's years
 * (`validToOf`), signed like any issued license — plus their 颁发 history row.
 *
 * Not done here, on purpose: the audit row per license and the `licenseEvents` announcement (history must
 * not push 监管任务 for last year's approvals).
 */
import type { BulkSink } from '../../kernel/db/bulk-sink';
import type { SigningKeyStore } from '../../kernel/signing';
import { licenseNo, sequenceName, validToOf, type HolderKind } from './licenses.rules';
import { signedOf } from './licenses.views';

export interface PlannedLicense {
  type: { code: string; name: string; departmentId: number; issuer: string; validityYears: number | null };
  holder: { kind: HolderKind; name: string; id: string };
  caseId: number | null;
  caseNo: string | null;
  issueDate: string;
  /** ISO instant of the issue (the approval's). */
  at: string;
  /**
   * `case` (default): issued on an approval here. `import`: a license of an earlier year or another system
   * loaded into the library (not counted as issued by the platform, as `licenses.import.ts` marks its rows).
   */
  source?: 'case' | 'import';
}

export interface BulkLicensesContext {
  signer: SigningKeyStore;
  regionCode: string;
  /** Last number used per sequence name (`licenses.<type>.<year>`), carried from batch to batch. */
  counters: Map<string, number>;
}

export interface BulkLicensesResult {
  licenses: number;
  /** The numbers given, in the order of the plans. */
  licenseNos: string[];
}

export async function bulkInsertLicenses(sink: BulkSink, c: BulkLicensesContext, plans: readonly PlannedLicense[]): Promise<BulkLicensesResult> {
  if (plans.length === 0) return { licenses: 0, licenseNos: [] };
  const firstId = await sink.reserveIds('licenses_licenses', plans.length);
  const licenses: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  plans.forEach((p, i) => {
    const year = p.issueDate.slice(0, 4);
    const name = sequenceName(p.type.code, year);
    const seq = (c.counters.get(name) ?? 0) + 1;
    c.counters.set(name, seq);
    const base = {
      license_no: licenseNo(p.type.code, c.regionCode, year, seq),
      type_code: p.type.code,
      type_name: p.type.name,
      holder_kind: p.holder.kind,
      holder_name: p.holder.name,
      holder_id: p.holder.id,
      department_id: p.type.departmentId,
      issuer: p.type.issuer,
      issue_date: p.issueDate,
      valid_from: p.issueDate,
      valid_to: validToOf(p.issueDate, p.type.validityYears),
      status: 'valid',
      case_id: p.caseId,
      case_no: p.caseNo,
      source: p.source ?? 'case',
      data_json: '{}',
      version: 1,
      created_at: p.at,
      updated_at: p.at,
    };
    const sig = c.signer.sign(signedOf(base));
    const id = firstId + i;
    licenses.push({ id, ...base, kid: sig.kid, signature: sig.signature });
    history.push({ license_id: id, at: p.at, action: p.source === 'import' ? 'import' : 'issue', actor_name: '系统', reason: null, data_json: JSON.stringify({ licenseNo: base.license_no, caseNo: p.caseNo }) });
  });
  await sink.insert('licenses_licenses', licenses);
  await sink.insert('licenses_history', history);
  return { licenses: plans.length, licenseNos: licenses.map((l) => String(l.license_no)) };
}

/** The kernel sequence values after a bulk run: name → last number used. */
export function licenseSequences(counters: Map<string, number>): { name: string; value: number }[] {
  return [...counters].map(([name, value]) => ({ name, value }));
}
