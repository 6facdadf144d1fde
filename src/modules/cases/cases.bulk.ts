/**
 * Bulk path of the cases module (the county-year generator, imports): whole case histories are written in
 * batches, but every row is what the service would have stored for the same actions on the same days —
 * the action sequence is replayed through `nextStatus` (an impossible step throws), the intake window comes
 * from `intakeDueDate`, the stored clock and the on-time / days-used KPI fields from `computeCaseClock`
 * exactly as `CasesService.act` computes them, and every action gets its timeline event.
 *
 * What it deliberately does not do: notifications (history must not send SMS) and one audit row per case
 * (the generator records one audit row per batch, naming the case-number range, so the chain stays intact).
 * The transport (`BulkSink`) only moves the finished rows.
 */
import { computeCaseClock, shanghaiDate, type WorkdayIndex } from '../../kernel/calendar';
import type { ItemVersion } from '../../shared/catalog.types';
import type { BulkSink } from '../../kernel/db/bulk-sink';
import type { Db } from '../../kernel/db/db';
import type { CasesSettings } from './cases.settings';
import {
  CASE_ACTIONS,
  DELIVERY_METHODS,
  SUSPEND_REASONS,
  buildChecklist,
  newCaseRow,
  clockInput,
  formatBundleNo,
  formatCaseNo,
  mergeMaterials,
  intakeDueDate,
  last4,
  nextStatus,
  type CaseAction,
  type CaseStatus,
  type Channel,
} from './cases.rules';

export interface BulkActor {
  id: number | null;
  name: string;
}

/** One action of a planned history, on a Shanghai date (the instant defaults to 10:00 that day). */
export interface PlannedStep {
  action: CaseAction;
  on: string;
  at?: string;
  actor?: BulkActor;
  reason?: string;
  days?: number;
  deliveryMethod?: (typeof DELIVERY_METHODS)[number];
  trackingNo?: string;
  missing?: string[];
}

export interface PlannedCase {
  item: ItemVersion;
  channel: Channel;
  applicant: { type: 'person' | 'organization'; name: string; idNumber: string; phone: string | null };
  applicantUserId: number | null;
  submittedAt: string;
  createdBy: BulkActor;
  bundleAppId?: number | null;
  greenChannel?: string | null;
  steps: PlannedStep[];
}

export interface BulkCaseContext {
  index: WorkdayIndex;
  settings: CasesSettings;
  regionCode: string;
  /** The day the history is read on (open cases' clocks run to it). */
  today: string;
  /** Per-day case-number sequence (continues whatever the day already used). */
  nextSeq(day: string): number;
}

export interface BulkCaseResult {
  id: number;
  caseNo: string;
  status: CaseStatus;
  departmentId: number;
  itemName: string;
  applicantName: string;
  applicantUserId: number | null;
  completedOn: string | null;
  completedBy: number | null;
  createdBy: number | null;
  onTime: number | null;
}

const SUSPEND_SET = new Set<string>(SUSPEND_REASONS);
/** Every planned application is complete at intake: one checklist text per catalogue version. */
const checklistJson = new WeakMap<ItemVersion, string>();
const ACTION_SET = new Set<string>(CASE_ACTIONS);
const at10 = (day: string) => new Date(`${day}T10:00:00+08:00`).toISOString();

/**
 * Before a bulk load of a year: the secondary indexes of the wide case tables are dropped and rebuilt once
 * by `sink.finish()` (SQLite; a no-op on PostgreSQL).
 */
export function deferCasesIndexes(sink: BulkSink): Promise<void> {
  return sink.deferIndexes(['cases_cases', 'cases_events']);
}

/**
 * Builds and writes the rows of `plans` (cases, events, suspensions, extensions) through `sink`, inside
 * the caller's batch. Returns what the next modules need (evaluations rate completed cases).
 */
export async function bulkInsertCases(sink: BulkSink, c: BulkCaseContext, plans: readonly PlannedCase[]): Promise<BulkCaseResult[]> {
  if (plans.length === 0) return [];
  const firstId = await sink.reserveIds('cases_cases', plans.length);
  const cases: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const suspensions: Record<string, unknown>[] = [];
  const extensions: Record<string, unknown>[] = [];
  const out: BulkCaseResult[] = [];

  plans.forEach((p, i) => {
    const id = firstId + i;
    const submittedOn = shanghaiDate(new Date(p.submittedAt));
    if (submittedOn > c.today) throw new RangeError(`case submitted after today (${submittedOn} > ${c.today})`);
    const caseNo = formatCaseNo(c.regionCode, submittedOn, c.nextSeq(submittedOn));
    const item = p.item;
    let materialsJson = checklistJson.get(item);
    if (materialsJson === undefined) {
      materialsJson = JSON.stringify(buildChecklist(item.materials, item.materials.map((m) => ({ name: m.name, provided: true }))));
      checklistJson.set(item, materialsJson);
    }
    const row: Record<string, unknown> = {
      id,
      ...newCaseRow({
        caseNo,
        item,
        channel: p.channel,
        applicant: p.applicant,
        applicantUserId: p.applicantUserId,
        submittedAt: p.submittedAt,
        submittedOn,
        intakeDueDate: intakeDueDate(c.index, submittedOn, c.settings.intakeWindowWorkdays),
        defaultExtensionAllowance: c.settings.defaultExtensionAllowance,
        materialsJson,
        bundleAppId: p.bundleAppId ?? null,
        greenChannel: p.greenChannel ?? null,
        cross: null,
        createdBy: p.createdBy.id,
      }),
    };
    events.push({ case_id: id, case_submitted_on: submittedOn, at: p.submittedAt, on_date: submittedOn, action: 'submit', from_status: null, to_status: 'submitted', actor_id: p.createdBy.id, actor_name: p.createdBy.name, data_json: JSON.stringify({ channel: p.channel }) });

    let status: CaseStatus = 'submitted';
    const susp: { reason: string; from: string; to: string | null }[] = [];
    const ext: { days: number; approvedOn: string }[] = [];
    let completedBy: number | null = null;
    let last = submittedOn;
    for (const s of p.steps) {
      if (!ACTION_SET.has(s.action)) throw new RangeError(`unknown action ${s.action}`);
      if (s.on < last) throw new RangeError(`${caseNo}: ${s.action} on ${s.on} before the previous step (${last})`);
      if (s.on > c.today) throw new RangeError(`${caseNo}: ${s.action} on ${s.on} is after today (${c.today})`);
      last = s.on;
      const to = nextStatus(status, s.action);
      if (!to) throw new RangeError(`${caseNo}: cannot ${s.action} from ${status}`);
      const at = s.at ?? at10(s.on);
      const actor = s.actor ?? p.createdBy;
      const data: Record<string, unknown> = {};
      switch (s.action) {
        case 'request_correction':
          row.intake_due_date = null;
          data.missing = s.missing ?? [item.materials[0]?.name ?? '申请材料'];
          break;
        case 'supplement':
          row.intake_from = s.on;
          row.intake_due_date = intakeDueDate(c.index, s.on, c.settings.intakeWindowWorkdays);
          break;
        case 'accept':
          row.accepted_at = at;
          row.accepted_on = s.on;
          break;
        case 'reject':
        case 'deny': {
          const reason = (s.reason ?? '').trim();
          if (reason.length < 2) throw new RangeError(`${caseNo}: ${s.action} needs a reason`);
          row.decision_reason = reason;
          row.decided_at = at;
          data.reason = reason;
          if (s.action === 'reject') {
            row.closed_at = at;
            row.closed_on = s.on;
            row.intake_due_date = null;
          }
          break;
        }
        case 'suspend': {
          const reason = s.reason ?? '';
          if (!SUSPEND_SET.has(reason)) throw new RangeError(`${caseNo}: suspension reason ${reason} is not statutory`);
          const noticeNo = `${caseNo}-TZ${susp.length + 1}`;
          susp.push({ reason, from: s.on, to: null });
          suspensions.push({
            case_id: id,
            case_submitted_on: submittedOn,
            reason,
            from_date: s.on,
            to_date: null,
            notice_no: noticeNo,
            notice_text: `${p.applicant.name}：您申请的“${item.name}”（办件号 ${caseNo}）需进行${reason}，自 ${s.on} 起中止办理，${reason}所需时间不计入办理时限（《行政许可法》第四十五条），结束后恢复办理并书面告知。`,
            note: null,
          });
          Object.assign(data, { reason, noticeNo });
          break;
        }
        case 'resume': {
          const open = susp.find((x) => x.to === null);
          if (!open) throw new RangeError(`${caseNo}: resume without a suspension`);
          open.to = s.on;
          // The suspension row written above is the last one of this case.
          for (let k = suspensions.length - 1; k >= 0; k--) {
            if (suspensions[k].case_id === id && suspensions[k].to_date === null) {
              suspensions[k].to_date = s.on;
              break;
            }
          }
          Object.assign(data, { reason: open.reason, from: open.from });
          break;
        }
        case 'extend': {
          const room = Number(row.extension_allowance) - ext.reduce((a, e) => a + e.days, 0);
          if (!s.days || s.days < 1 || s.days > room) throw new RangeError(`${caseNo}: extension of ${s.days} exceeds the allowance`);
          ext.push({ days: s.days, approvedOn: s.on });
          extensions.push({ case_id: id, case_submitted_on: submittedOn, days: s.days, approved_on: s.on, approver_id: actor.id, approver_name: actor.name, reason: s.reason ?? '需要现场核查，经批准延长办理期限' });
          Object.assign(data, { days: s.days, reason: s.reason ?? '需要现场核查，经批准延长办理期限', approver: actor.name });
          break;
        }
        case 'approve':
          row.decided_at = at;
          break;
        case 'complete': {
          const method = s.deliveryMethod ?? '窗口领取';
          row.delivery_method = method;
          row.delivery_tracking_no = method === '邮寄' ? (s.trackingNo ?? `YZ${id}`) : null;
          row.completed_on = s.on;
          row.closed_at = at;
          row.closed_on = s.on;
          completedBy = actor.id;
          data.deliveryMethod = method;
          break;
        }
        case 'withdraw': {
          row.closed_at = at;
          row.closed_on = s.on;
          row.intake_due_date = null;
          const open = susp.find((x) => x.to === null);
          if (open) throw new RangeError(`${caseNo}: withdrawing a suspended case is not planned here`);
          break;
        }
        default:
          throw new RangeError(`${caseNo}: ${s.action} is not supported by the bulk path`);
      }
      events.push({ case_id: id, case_submitted_on: submittedOn, at, on_date: s.on, action: s.action, from_status: status, to_status: to, actor_id: actor.id, actor_name: actor.name, data_json: JSON.stringify(data) });
      status = to;
      row.status = to;
      row.updated_at = at;
      row.row_version = Number(row.row_version) + 1;
    }
    // The stored clock after the last action, as CasesService.storedClock computed it on that day (each
    // earlier action's value was overwritten by the next one, so only the last computation is kept).
    if (row.accepted_on) {
      const stoppedOn = (row.completed_on ?? row.closed_on) as string | null;
      const clock = computeCaseClock(
        c.index,
        clockInput({
          acceptedOn: row.accepted_on as string,
          promisedLimit: Number(row.promised_limit),
          legalLimit: Number(row.legal_limit),
          unit: row.limit_unit as 'workday' | 'natural',
          suspensions: susp,
          extensions: ext,
          stoppedOn,
          today: last,
        }),
      );
      row.promised_due_date = clock.promisedDueDate;
      row.legal_due_date = clock.legalDueDate;
      row.provisional = clock.provisional ? 1 : 0;
      if (status === 'completed') {
        // CasesService.act('complete'): on time = completed on or before the promised due date.
        row.on_time = (row.completed_on as string) <= clock.promisedDueDate ? 1 : 0;
        row.workdays_used = clock.workdaysUsed;
      }
    }
    cases.push(row);
    out.push({
      id,
      caseNo,
      status,
      departmentId: item.departmentId,
      itemName: item.name,
      applicantName: p.applicant.name,
      applicantUserId: p.applicantUserId,
      completedOn: (row.completed_on as string | null) ?? null,
      completedBy,
      createdBy: p.createdBy.id,
      onTime: (row.on_time as number | null) ?? null,
    });
  });

  await sink.insert('cases_cases', cases);
  await sink.insert('cases_events', events);
  await sink.insert('cases_suspensions', suspensions);
  await sink.insert('cases_extensions', extensions);
  return out;
}


export interface PlannedBundleApp {
  bundleId: number;
  items: readonly ItemVersion[];
  channel: Channel;
  applicant: { name: string; idNumber: string };
  applicantUserId: number | null;
  submittedAt: string;
  createdBy: BulkActor;
  greenChannel?: string | null;
}

/**
 * 一件事一次办 applications (the bundle row with its merged materials list, shared materials asked once via
 * `mergeMaterials`); their per-item cases (one per item: `case_count` is the number of items) are planned by
 * the caller with `bundleAppId` set to the id returned here, as `BundlesService.apply` does.
 */
export async function bulkInsertBundleApps(sink: BulkSink, c: Pick<BulkCaseContext, 'regionCode'> & { nextBundleSeq(day: string): number }, apps: readonly PlannedBundleApp[]): Promise<{ id: number; bundleNo: string }[]> {
  if (apps.length === 0) return [];
  const first = await sink.reserveIds('cases_bundle_apps', apps.length);
  const rows = apps.map((a, i) => {
    const day = shanghaiDate(new Date(a.submittedAt));
    const merged = mergeMaterials(a.items.map((v) => ({ code: v.code, materials: v.materials })));
    return {
      id: first + i,
      bundle_no: formatBundleNo(c.regionCode, day, c.nextBundleSeq(day)),
      bundle_id: a.bundleId,
      channel: a.channel,
      applicant_name: a.applicant.name,
      applicant_last4: last4(a.applicant.idNumber),
      applicant_user_id: a.applicantUserId,
      green_channel: a.greenChannel ?? null,
      green_note: null,
      materials_json: JSON.stringify(merged.map((m) => ({ ...m, provided: true }))),
      submitted_at: a.submittedAt,
      submitted_on: day,
      created_by: a.createdBy.id,
      case_count: a.items.length,
    };
  });
  await sink.insert('cases_bundle_apps', rows);
  return rows.map((r) => ({ id: r.id, bundleNo: r.bundle_no }));
}

/** The id of a defined 一件事 (`BundlesService.define` answers with its description, which has no id). */
export async function bundleIdOf(db: Db, code: string): Promise<number> {
  const row = await db.selectFrom('cases_bundles').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return Number(row.id);
}
