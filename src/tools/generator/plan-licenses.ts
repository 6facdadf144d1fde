/**
 * What the year's approvals left behind besides the case: the licenses their items issue (电子证照, through
 * the licenses module's bulk writer) and the 监管任务 pushed to the supervising department (审管联动, through
 * the regulation module's bulk writer), most of them claimed within the limit and many closed. Written in
 * the same batch transaction as the cases.
 */
import { bulkInsertLicenses, type PlannedLicense } from '../../modules/licenses';
import { bulkInsertRegulationTasks, claimDueOf, type PlannedTask } from '../../modules/regulation';
import type { BulkCaseResult, PlannedCase } from '../../modules/cases';
import type { World } from './world';

/** Share of tasks claimed, claimed late (after the due day), and closed once claimed. */
const CLAIMED = 0.93;
const LATE = 0.04;
const CLOSED = 0.7;

export async function writeIssues(w: World, plans: readonly PlannedCase[], results: readonly BulkCaseResult[]): Promise<void> {
  const { issue, rng, index } = w;
  const licenses: PlannedLicense[] = [];
  const tasks: PlannedTask[] = [];
  const dues = new Map<string, string>();
  const dueOf = (on: string) => dues.get(on) ?? (dues.set(on, claimDueOf(index, on, issue.claimWorkdays)), dues.get(on)!);
  plans.forEach((p, i) => {
    const approve = p.steps.find((s) => s.action === 'approve');
    if (!approve) return;
    const r = results[i];
    const at = new Date(`${approve.on}T15:00:00+08:00`).toISOString();
    const types = issue.typesByItem.get(p.item.code) ?? [];
    for (const type of types) {
      licenses.push({ type, holder: { kind: p.applicant.type, name: p.applicant.name, id: p.applicant.idNumber }, caseId: r.id, caseNo: r.caseNo, issueDate: approve.on, at });
    }
    const t: PlannedTask = {
      caseNo: r.caseNo,
      itemCode: p.item.code,
      itemName: p.item.name,
      departmentId: p.item.departmentId,
      licenseNo: null,
      subjectName: p.applicant.name,
      subjectKey: p.applicant.idNumber,
      at,
      on: approve.on,
    };
    if (rng.chance(CLAIMED)) {
      const due = dueOf(approve.on);
      const claimedOn = rng.chance(LATE) ? index.addWorkdays(due, rng.int(1, 5)) : index.addWorkdays(approve.on, rng.int(0, issue.claimWorkdays));
      if (claimedOn <= w.today) {
        t.claimedOn = claimedOn;
        const dept = issue.coverage.get(p.item.code)?.departmentId ?? p.item.departmentId;
        t.claimedBy = dept === issue.regulator.departmentId ? issue.regulator.id : null;
        const closedOn = index.addWorkdays(claimedOn, rng.int(1, 20));
        if (rng.chance(CLOSED) && closedOn <= w.today) {
          t.closedOn = closedOn;
          t.result = rng.pick(['filed', 'filed', 'inspected', 'no_action'] as const);
        }
      }
    }
    tasks.push(t);
  });
  if (licenses.length > 0) {
    const res = await w.timings.timed('licenses.bulk', () => bulkInsertLicenses(w.sink, { signer: issue.signer, regionCode: w.ctx.config.regionCode, counters: issue.counters }, licenses));
    w.counts.licenses += res.licenses;
    // A license issued on an approval joins that approval's task (as the live hook does): the first one's number.
    const byCase = new Map<string, string>();
    licenses.forEach((l, i) => {
      if (!byCase.has(l.caseNo!)) byCase.set(l.caseNo!, res.licenseNos[i]);
    });
    for (const t of tasks) t.licenseNo = byCase.get(t.caseNo) ?? null;
  }
  if (tasks.length > 0) {
    await w.timings.timed('regulation.bulk', () =>
      bulkInsertRegulationTasks(w.sink, { index, claimWorkdays: issue.claimWorkdays, coverage: issue.coverage, nextSeq: (year) => w.seqs.next(`regulation.task.${year}`) }, tasks),
    );
    w.counts.tasks += tasks.length;
  }
}
