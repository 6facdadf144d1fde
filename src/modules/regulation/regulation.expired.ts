/**
 * 风险核查 "expired license still referenced" (issue 14 item 11): a license past its valid-to that something
 * still leans on — a material it served on a case that is still open (or that took it after it expired), or
 * an open 监管任务 of its subject. Asked of the license library (`licenseLibrary`, when installed).
 */
import { tablesOf } from '../../kernel/kernel.tables';
import type { RegulationNeedsContext } from './regulation.context';
import type { RegulationDb, RegulationTables } from './regulation.tables';

export interface ExpiredFlag {
  kind: 'license_expired_served' | 'license_expired_task';
  licenseNo: string;
  subjectName: string;
  /** The department the flag (and its card) goes to. */
  departmentId: number;
  /** The license's last valid day. */
  validTo: string;
  /** The case or 监管任务 that still references it. */
  reference: string;
}

export const EXPIRED_KIND_LABELS: Record<ExpiredFlag['kind'], string> = {
  license_expired_served: '过期证照仍被办件引用',
  license_expired_task: '证照已过期但监管任务未办结',
};

export class ExpiredLicenseCheck {
  private readonly db: RegulationDb;
  constructor(private readonly ctx: RegulationNeedsContext) {
    this.db = tablesOf<RegulationTables>(ctx.db);
  }

  async flags(today: string): Promise<ExpiredFlag[]> {
    const library = this.ctx.services.licenseLibrary;
    if (!library) return [];
    const out: ExpiredFlag[] = [];
    // Materials it served: the case is still open, or it took the license after its last valid day.
    const served = await library.expiredServed(today);
    const reads = this.ctx.services.caseReads;
    const states = reads && served.length ? await reads.states([...new Set(served.map((s) => s.caseNo))]) : [];
    const open = new Set(states.filter((c) => c.closedOn === null).map((c) => c.caseNo));
    for (const s of served) {
      if (!open.has(s.caseNo) && s.servedOn <= s.validTo) continue;
      out.push({ kind: 'license_expired_served', licenseNo: s.licenseNo, subjectName: s.holderName, departmentId: s.caseDepartmentId, validTo: s.validTo, reference: `办件 ${s.caseNo}` });
    }
    // Open 监管任务 whose license has expired since.
    const tasks = await this.db.selectFrom('regulation_tasks').select(['task_no', 'license_no', 'subject_name', 'department_id']).where('status', '<>', 'closed').where('license_no', 'is not', null).orderBy('id').execute();
    if (tasks.length) {
      const expired = new Map((await library.expiredAmong(tasks.map((t) => t.license_no!), today)).map((e) => [e.licenseNo, e]));
      for (const t of tasks) {
        const e = expired.get(t.license_no!);
        if (e) out.push({ kind: 'license_expired_task', licenseNo: e.licenseNo, subjectName: t.subject_name, departmentId: t.department_id, validTo: e.validTo, reference: `监管任务 ${t.task_no}` });
      }
    }
    return out;
  }
}
