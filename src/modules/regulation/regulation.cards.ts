import type { CardSource } from '../../kernel/module';
import type { TasksService } from './regulation.tasks';
import type { DrawsService } from './regulation.draws';
import type { ExpiredLicenseCheck } from './regulation.expired';

/**
 * 电子监察 over 互联网+监管 (issue 14 items 9 and 11): a 监管任务 not claimed by its claim due day gets a
 * yellow card; 风险核查 flags are red cards — a license issued whose task is still unclaimed after its due
 * day, and an inspection that found a problem not rectified by its deadline.
 */
export function regulationCardSource(tasks: TasksService, draws: DrawsService, expired: ExpiredLicenseCheck): CardSource {
  return {
    name: 'regulation',
    candidates: async (_now, today) => {
      const late = await tasks.unclaimedLate(today);
      const rectify = await draws.rectifyOverdue(today);
      const stale = await expired.flags(today);
      return [
        ...late.map((t) => ({
          subjectType: 'regulation_task',
          subjectId: t.task_no,
          subjectLabel: `${t.task_no} ${t.subject_name}`,
          rule: 'regulation_claim_late',
          color: 'yellow' as const,
          departmentId: t.department_id,
          dueAt: t.claim_due,
          detail: { taskNo: t.task_no, caseNo: t.case_no, itemName: t.item_name, claimDue: t.claim_due },
        })),
        ...late
          .filter((t) => t.license_no !== null)
          .map((t) => ({
            subjectType: 'regulation_task',
            subjectId: t.task_no,
            subjectLabel: `${t.license_no} ${t.subject_name}`,
            rule: 'regulation_license_unclaimed',
            color: 'red' as const,
            departmentId: t.department_id,
            dueAt: t.claim_due,
            detail: { taskNo: t.task_no, licenseNo: t.license_no, claimDue: t.claim_due },
          })),
        ...rectify.map((r) => ({
          subjectType: 'regulation_inspection',
          subjectId: String(r.id),
          subjectLabel: r.subject_name,
          rule: 'regulation_rectify_late',
          color: 'red' as const,
          departmentId: r.department_id,
          dueAt: r.rectify_due,
          detail: { inspectedOn: r.inspected_on, outcome: r.outcome, rectifyDue: r.rectify_due },
        })),
        // 风险核查: an expired license still referenced (by an open case's material or an open 监管任务).
        ...stale.map((f) => ({
          subjectType: 'license',
          subjectId: `${f.licenseNo}|${f.reference}`,
          subjectLabel: `${f.licenseNo} ${f.subjectName}`,
          rule: 'regulation_license_expired',
          color: 'red' as const,
          departmentId: f.departmentId,
          dueAt: f.validTo,
          detail: { licenseNo: f.licenseNo, validTo: f.validTo, reference: f.reference, kind: f.kind },
        })),
      ];
    },
  };
}
