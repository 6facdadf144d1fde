/**
 * Bulk path of 审管联动 (county-year generator): the 监管任务 that last year's approvals pushed to the
 * supervising departments, shaped with the module's own rules — the covering 监管事项's department (else the
 * approving one), the claim due day `claimWorkdays` working days after the approval (computeDueDate), task
 * numbers per year — with what the department did: claimed on a given day, closed with a result.
 *
 * Not done here, on purpose: the audit row per task (the generator audits each written batch).
 */
import type { BulkSink } from '../../kernel/db/bulk-sink';
import type { WorkdayIndex } from '../../kernel/calendar';
import { computeDueDate } from '../../kernel/calendar/calendar.deadlines';
import type { TaskResult } from './regulation.rules';

export interface PlannedTask {
  caseNo: string;
  itemCode: string;
  itemName: string;
  /** The approving department (used when no 监管事项 covers the item). */
  departmentId: number;
  licenseNo: string | null;
  subjectName: string;
  subjectKey: string;
  /** ISO instant and Shanghai day of the approval. */
  at: string;
  on: string;
  /** What the department did, if anything by the generated day. */
  claimedOn?: string | null;
  claimedBy?: number | null;
  closedOn?: string | null;
  result?: TaskResult | null;
}

export interface BulkTasksContext {
  index: WorkdayIndex;
  claimWorkdays: number;
  /** Catalogue item code → the covering 监管事项 (id, department). */
  coverage: ReadonlyMap<string, { id: number; departmentId: number }>;
  /** Next task number of a year (`regulation.task.<year>`, saved to the kernel sequences by the caller). */
  nextSeq(year: string): number;
}

/** The claim due day of a task pushed on `on` (the service's rule, for the generator to plan claims). */
export function claimDueOf(index: WorkdayIndex, on: string, claimWorkdays: number): string {
  return computeDueDate(index, { start: on, limit: claimWorkdays, unit: 'workday' });
}

export async function bulkInsertRegulationTasks(sink: BulkSink, c: BulkTasksContext, plans: readonly PlannedTask[]): Promise<{ tasks: number }> {
  if (plans.length === 0) return { tasks: 0 };
  // Approvals of a day share their claim due day.
  const dues = new Map<string, string>();
  const dueOf = (on: string) => dues.get(on) ?? (dues.set(on, claimDueOf(c.index, on, c.claimWorkdays)), dues.get(on)!);
  const rows = plans.map((p) => {
    const year = p.on.slice(0, 4);
    const cover = c.coverage.get(p.itemCode) ?? null;
    const claimed = p.claimedOn ?? null;
    const closed = claimed ? (p.closedOn ?? null) : null;
    return {
      task_no: `JG${year}${String(c.nextSeq(year)).padStart(6, '0')}`,
      source: 'case',
      event: 'approve',
      regulation_item_id: cover?.id ?? null,
      department_id: cover?.departmentId ?? p.departmentId,
      case_no: p.caseNo,
      item_code: p.itemCode,
      item_name: p.itemName,
      license_no: p.licenseNo,
      subject_name: p.subjectName,
      subject_key: p.subjectKey,
      status: closed ? 'closed' : claimed ? 'claimed' : 'pending',
      created_at: p.at,
      created_on: p.on,
      claim_due: dueOf(p.on),
      claimed_at: claimed ? new Date(`${claimed}T09:30:00+08:00`).toISOString() : null,
      claimed_on: claimed,
      claimed_by: claimed ? (p.claimedBy ?? null) : null,
      closed_at: closed ? new Date(`${closed}T16:00:00+08:00`).toISOString() : null,
      result: closed ? (p.result ?? 'filed') : null,
      note: null,
    };
  });
  await sink.insert('regulation_tasks', rows);
  return { tasks: rows.length };
}
