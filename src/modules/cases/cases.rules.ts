/**
 * Pure rules of a case (办件): the state machine of SPEC §2.3, who may take which action, the materials
 * checklist, case numbers, the intake window (行政许可法 §32) and the inputs of the statutory clock.
 * No I/O and no clock: callers pass today's date.
 */
import type { Role } from '../../shared/roles';
import type { ItemMaterial, ItemVersion, LimitUnit } from '../../shared/catalog.types';
import { CASE_STATUSES, type CaseMaterial, type CaseStatus, type Channel } from '../../shared/cases.types';
import type { CaseAction } from '../../shared/case-actions';
import type { CaseClockInput, WorkdayIndex } from '../../kernel/calendar';
import { computeDueDate } from '../../kernel/calendar';

export {
  CASE_STATUSES,
  CHANNELS,
  GREEN_CHANNEL_MODES,
  type CaseMaterial,
  type CaseStatus,
  type Channel,
  type GreenChannelMode,
} from '../../shared/cases.types';
export {
  CASE_ACTIONS,
  CASE_ACTION_LABELS,
  DELIVERY_METHODS,
  FORWARD_METHODS,
  SUSPEND_REASONS,
  caseActionLabel,
  type CaseAction,
  type DeliveryMethod,
  type ForwardMethod,
  type SuspendReason,
} from '../../shared/case-actions';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '已提交待受理',
  correction_requested: '待补正',
  accepted: '已受理办理中',
  suspended: '特别程序中止',
  approved: '已准予',
  denied: '不予许可',
  completed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
};

const STATUS_SET = new Set<string>(CASE_STATUSES);
export const isCaseStatus = (s: string): s is CaseStatus => STATUS_SET.has(s);

/** Transition table: from → action → to. Actions absent from a row are invalid there (409). */
const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  submitted: { request_correction: 'correction_requested', accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  correction_requested: { supplement: 'submitted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: {
    suspend: 'suspended',
    extend: 'accepted',
    approve: 'approved',
    deny: 'denied',
    withdraw: 'withdrawn',
    forward: 'accepted',
    record_reference: 'accepted',
    review: 'accepted',
  },
  // Extensions may be granted while suspended (the legal date moves either way); a decision needs the clock running.
  suspended: { resume: 'accepted', extend: 'suspended', withdraw: 'withdrawn', record_reference: 'suspended' },
  approved: { complete: 'completed', record_reference: 'approved' },
  denied: { complete: 'completed' },
  completed: {},
  rejected: {},
  withdrawn: {},
};

export function nextStatus(from: CaseStatus, action: CaseAction): CaseStatus | null {
  return TRANSITIONS[from]?.[action] ?? null;
}

export function allowedActions(from: CaseStatus): CaseAction[] {
  return Object.keys(TRANSITIONS[from] ?? {}) as CaseAction[];
}

export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'correction_requested', 'accepted', 'suspended', 'approved', 'denied'];

/**
 * Roles that may take each action. `owner` = the citizen who filed the case; `department` roles act only
 * on their own department's cases (checked separately, and answered with 404 for other departments).
 */
export const ACTION_ROLES: Record<CaseAction, readonly (Role | 'owner')[]> = {
  request_correction: ['clerk', 'reviewer', 'admin'],
  supplement: ['clerk', 'owner', 'admin'],
  accept: ['clerk', 'reviewer', 'admin'],
  reject: ['clerk', 'reviewer', 'admin'],
  suspend: ['reviewer', 'admin'],
  resume: ['reviewer', 'admin'],
  // SPEC §1: leaders approve extensions; the approver is the acting account and is recorded.
  extend: ['leader', 'admin'],
  approve: ['reviewer', 'admin'],
  deny: ['reviewer', 'admin'],
  complete: ['clerk', 'reviewer', 'admin'],
  withdraw: ['clerk', 'owner', 'admin'],
  forward: ['clerk', 'admin'],
  record_reference: ['clerk', 'admin'],
  review: ['reviewer', 'admin'],
};

export function mayAct(action: CaseAction, roles: readonly Role[], isOwner: boolean): boolean {
  const allowed = ACTION_ROLES[action];
  return roles.some((r) => allowed.includes(r)) || (isOwner && allowed.includes('owner'));
}

// ---------------------------------------------------------------------------------------------------
// Materials
// ---------------------------------------------------------------------------------------------------

/** Material names are matched loosely: full-width/half-width and surrounding blanks do not matter. */
export function materialKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replaceAll('（', '(').replaceAll('）', ')');
}

/** The checklist of a case from its item version, with what the applicant says they provided. */
export function buildChecklist(materials: readonly ItemMaterial[], provided: readonly { name: string; provided: boolean }[] = []): CaseMaterial[] {
  const given = new Map(provided.map((p) => [materialKey(p.name), p.provided]));
  return materials.map((m) => ({
    name: m.name,
    required: m.required,
    form: m.form,
    copies: m.copies,
    eLicenseReplaceable: m.eLicenseReplaceable,
    provided: given.get(materialKey(m.name)) ?? false,
  }));
}

/** Names in `provided` that are not on the checklist (a typo must not silently vanish). */
export function unknownMaterials(checklist: readonly CaseMaterial[], provided: readonly { name: string }[]): string[] {
  const known = new Set(checklist.map((m) => materialKey(m.name)));
  return provided.filter((p) => !known.has(materialKey(p.name))).map((p) => p.name);
}

export function applyProvided(checklist: readonly CaseMaterial[], provided: readonly { name: string; provided: boolean }[]): CaseMaterial[] {
  const given = new Map(provided.map((p) => [materialKey(p.name), p.provided]));
  return checklist.map((m) => {
    const v = given.get(materialKey(m.name));
    return v === undefined ? m : { ...m, provided: v };
  });
}

/** Required materials still missing (e-license-replaceable ones are fetched by the window, never asked for). */
export function missingMaterials(checklist: readonly CaseMaterial[]): string[] {
  return checklist.filter((m) => m.required && !m.eLicenseReplaceable && !m.provided).map((m) => m.name);
}

export interface MergedMaterial extends Omit<CaseMaterial, 'provided'> {
  /** Item codes of the bundle that ask for this material. */
  itemCodes: string[];
}

/**
 * 一件事一次办: one materials list for several items. Materials with the same name are asked once; the
 * merged entry is required if any item requires it, and asks for the most copies.
 */
export function mergeMaterials(items: readonly { code: string; materials: readonly ItemMaterial[] }[]): MergedMaterial[] {
  const byKey = new Map<string, MergedMaterial>();
  for (const item of items) {
    for (const m of item.materials) {
      const key = materialKey(m.name);
      const existing = byKey.get(key);
      if (!existing) {
        byKey.set(key, {
          name: m.name,
          required: m.required,
          form: m.form,
          copies: m.copies,
          eLicenseReplaceable: m.eLicenseReplaceable,
          itemCodes: [item.code],
        });
      } else {
        existing.required ||= m.required;
        existing.copies = Math.max(existing.copies, m.copies);
        // Replaceable only if every item accepts the e-license instead.
        existing.eLicenseReplaceable &&= m.eLicenseReplaceable;
        if (existing.form !== m.form) existing.form = 'original_and_copy';
        if (!existing.itemCodes.includes(item.code)) existing.itemCodes.push(item.code);
      }
    }
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------

export const CASE_SEQ_DIGITS = 6;

/** `{region}-{yyyyMMdd}-{seq}`, e.g. 430582-20260930-000017. */
export function formatCaseNo(region: string, date: string, seq: number): string {
  return `${region}-${date.replaceAll('-', '')}-${String(seq).padStart(CASE_SEQ_DIGITS, '0')}`;
}

/** `{region}-YJS-{yyyyMMdd}-{seq}`: a bundle (一件事) application number. */
/**
 * The counter of one region's case numbers on one day (kernel nextSequence): a row per county and day, so
 * counties taking applications at once never wait on each other's number. The installation's own region
 * keeps the name single-county versions used (`case:<day>`), so an upgraded database, the generator and
 * the bulk paths continue its counters without a migration; other counties count in `case:<region>:<day>`.
 */
export const caseSequenceName = (region: string, date: string, installationRegion: string) =>
  region === installationRegion ? `case:${date.replaceAll('-', '')}` : `case:${region}:${date.replaceAll('-', '')}`;
export const bundleSequenceName = (region: string, date: string, installationRegion: string) =>
  region === installationRegion ? `bundle:${date.replaceAll('-', '')}` : `bundle:${region}:${date.replaceAll('-', '')}`;

/** The county a case belongs to: the first six digits of its number. */
export const regionOfCaseNo = (caseNo: string) => caseNo.slice(0, 6);

export function formatBundleNo(region: string, date: string, seq: number): string {
  return `${region}-YJS-${date.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

/** The last 4 characters of the applicant's ID / credit code: the progress-lookup secret. */
export function last4(idOrCode: string): string {
  return idOrCode.normalize('NFKC').trim().toUpperCase().slice(-4);
}

// ---------------------------------------------------------------------------------------------------
// Intake window and clock inputs
// ---------------------------------------------------------------------------------------------------

/**
 * 行政许可法 §32: the window must accept, ask for correction or reject within N working days (default 5)
 * of a (re)submission; the day it is due is the N-th working day after submission.
 */
export function intakeDueDate(index: WorkdayIndex, submittedOn: string, windowWorkdays: number): string {
  return computeDueDate(index, { start: submittedOn, limit: windowWorkdays, unit: 'workday' });
}

/** A submitted case not answered by its intake due date counts as accepted on its submission date. */
/** What a new case row holds at submission; the intake service and the bulk path both start from it. */
export interface NewCaseFacts {
  caseNo: string;
  item: Pick<ItemVersion, 'code' | 'name' | 'versionId' | 'departmentId' | 'kind' | 'promisedLimit' | 'legalLimit' | 'limitUnit' | 'extensionAllowance'>;
  channel: Channel;
  applicant: { type: 'person' | 'organization'; name: string; idNumber: string; phone: string | null };
  applicantUserId: number | null;
  submittedAt: string;
  submittedOn: string;
  intakeDueDate: string;
  defaultExtensionAllowance: number;
  materialsJson: string;
  bundleAppId: number | null;
  greenChannel: string | null;
  cross: { regionCode: string; mode: string; reference: string | null } | null;
  createdBy: number | null;
}

export function newCaseRow(f: NewCaseFacts) {
  return {
    case_no: f.caseNo,
    status: 'submitted' as CaseStatus,
    item_code: f.item.code,
    item_name: f.item.name,
    version_id: f.item.versionId,
    department_id: f.item.departmentId,
    channel: f.channel,
    applicant_type: f.applicant.type,
    applicant_name: f.applicant.name,
    applicant_id_number: f.applicant.idNumber,
    applicant_phone: f.applicant.phone,
    applicant_last4: last4(f.applicant.idNumber),
    applicant_user_id: f.applicantUserId,
    submitted_at: f.submittedAt,
    submitted_on: f.submittedOn,
    intake_from: f.submittedOn,
    intake_due_date: f.intakeDueDate as string | null,
    accepted_at: null as string | null,
    accepted_on: null as string | null,
    deemed_accepted: 0,
    promised_limit: f.item.kind === 'instant' ? 0 : f.item.promisedLimit,
    legal_limit: f.item.legalLimit,
    limit_unit: f.item.limitUnit,
    case_kind: f.item.kind,
    extension_allowance: f.item.extensionAllowance ?? f.defaultExtensionAllowance,
    promised_due_date: null as string | null,
    legal_due_date: null as string | null,
    provisional: 0,
    decided_at: null as string | null,
    decision_reason: null as string | null,
    closed_at: null as string | null,
    closed_on: null as string | null,
    completed_on: null as string | null,
    on_time: null as number | null,
    workdays_used: null as number | null,
    delivery_method: null as string | null,
    delivery_tracking_no: null as string | null,
    materials_json: f.materialsJson,
    bundle_app_id: f.bundleAppId,
    green_channel: f.greenChannel,
    cross_mode: f.cross?.mode ?? null,
    partner_region_code: f.cross?.regionCode ?? null,
    partner_reference: f.cross?.reference ?? null,
    forwarded_on: null as string | null,
    forward_method: null as string | null,
    forward_tracking_no: null as string | null,
    created_by: f.createdBy,
    updated_at: f.submittedAt,
    row_version: 0,
  };
}

export function isDeemedAccepted(status: CaseStatus, intakeDue: string | null, today: string): boolean {
  return status === 'submitted' && intakeDue !== null && today > intakeDue;
}

export interface ClockFacts {
  acceptedOn: string;
  promisedLimit: number;
  legalLimit: number;
  unit: LimitUnit;
  suspensions: readonly { from: string; to: string | null; reason: string }[];
  extensions: readonly { days: number; approvedOn: string }[];
  /** Completion (delivery) date, or the date a case stopped early (withdrawn). */
  stoppedOn: string | null;
  today: string;
}

export function clockInput(f: ClockFacts): CaseClockInput {
  return {
    acceptedOn: f.acceptedOn,
    promisedLimit: f.promisedLimit,
    legalLimit: f.legalLimit,
    unit: f.unit,
    suspensions: f.suspensions.map((s) => ({ from: s.from, to: s.to, reason: s.reason })),
    extensions: f.extensions.map((e) => ({ days: e.days, approvedOn: e.approvedOn })),
    completedOn: f.stoppedOn,
    // A case is never read before it was accepted; a stopped case keeps its stop date as "today".
    today: f.today < f.acceptedOn ? f.acceptedOn : f.today,
  };
}

/** Working days an extension may still add: the item's allowance minus what was granted. */
export function extensionRoom(allowance: number, granted: readonly { days: number }[]): number {
  return Math.max(0, allowance - granted.reduce((s, e) => s + e.days, 0));
}

/** The next step, in plain Chinese, for the applicant and the progress lookup. */
export function nextStepOf(status: CaseStatus, opts: { missing?: string[]; deliveryMethod?: string | null; suspendReason?: string | null } = {}): string {
  switch (status) {
    case 'submitted':
      return '窗口将在 5 个工作日内审查材料，作出受理、一次性告知补正或不予受理的决定。';
    case 'correction_requested':
      return opts.missing && opts.missing.length > 0
        ? `请补齐以下材料：${opts.missing.join('、')}；补齐后重新计算审查期限。`
        : '请按补正告知书补齐材料。';
    case 'accepted':
      return '已受理，承办部门正在审查，请留意办结日期。';
    case 'suspended':
      return `因${opts.suspendReason ?? '特别程序'}中止办理，特别程序所需时间不计入办理时限，结束后恢复办理。`;
    case 'approved':
      return '已作出准予决定，正在制证送达，请按选择的方式领取结果。';
    case 'denied':
      return '已作出不予许可决定，将书面告知理由及申请行政复议或提起行政诉讼的权利。';
    case 'completed':
      return opts.deliveryMethod ? `已办结，结果已通过“${opts.deliveryMethod}”送达。` : '已办结。';
    case 'rejected':
      return '不予受理，可按告知的理由补充条件后重新申请。';
    case 'withdrawn':
      return '申请已撤回。';
  }
}
