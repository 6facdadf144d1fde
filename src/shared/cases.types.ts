/**
 * Cases API types shared by the server and the web app: what GET /cases/:caseNo, GET /cases and the
 * public progress lookup answer, and the enums they are made of. Types and constant lists only.
 */
import type { CaseAction } from './case-actions';
import type { ItemMaterial, LimitUnit } from './catalog.types';
import type { CaseReviewState } from './review-levels';

export const CASE_STATUSES = [
  'submitted',
  'correction_requested',
  'accepted',
  'suspended',
  'approved',
  'denied',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A case's status in a word or two, for list columns and drill-downs (the case page says it in full). */
export const CASE_STATUS_SHORT_LABELS: Readonly<Record<CaseStatus, string>> = {
  submitted: '待受理',
  correction_requested: '待补正',
  accepted: '办理中',
  suspended: '中止',
  approved: '已准予',
  denied: '不予许可',
  completed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
};

export const CHANNELS = ['window', 'online', 'mobile', 'cross_province'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 绿色通道: the window fills in the application for the applicant, or goes to their home. */
export const GREEN_CHANNEL_MODES = ['帮代办', '上门办'] as const;
export type GreenChannelMode = (typeof GREEN_CHANNEL_MODES)[number];

/** One line of a case's materials checklist. */
export interface CaseMaterial {
  name: string;
  required: boolean;
  form: ItemMaterial['form'];
  copies: number;
  /** 免提交: an e-license replaces it, so it never blocks acceptance. */
  eLicenseReplaceable: boolean;
  provided: boolean;
  /** 证照免提交: the record from another module's library that stood in for this material at intake. */
  servedBy?: MaterialSource | null;
}

/** What served a material without paper: an e-license (电子证照) found by the applicant's ID, or another record. */
export interface MaterialSource {
  kind: 'license' | 'intermediary_report' | 'other';
  /** The record's own number (license number, project number). */
  ref: string;
  /** How a clerk reads it, e.g. "食品经营许可证 JY14305210001234". */
  label: string;
}

export interface ClockSuspension {
  reason: string;
  from: string;
  to: string | null;
  noticeNo: string;
}

export interface ClockExtension {
  days: number;
  approvedOn: string;
  approverName: string;
  reason: string;
}

/** One step of a case clock's explanation (the kernel's calendar computes it, the API carries it). */
export type CaseClockStep =
  | { kind: 'start'; date: string; promisedLimit: number; legalLimit: number; unit: LimitUnit }
  | { kind: 'holiday'; from: string; to: string; days: number; names: string[]; provisional: boolean }
  | {
      kind: 'suspension';
      from: string;
      /** Resume date as given (null while open). */
      to: string | null;
      /** Last day counted as suspended (R − 1, or the reference day while open); null if no day counted. */
      lastDay: string | null;
      open: boolean;
      reason?: string;
      /** Working days of [from, to) that stop the clock (after clipping to acceptance and earlier suspensions). */
      workdays: number;
      promisedShift: number;
      legalShift: number;
      /** Due dates after this suspension (legal one before extensions). */
      promisedDueDate: string;
      legalDueDate: string;
    }
  | { kind: 'extension'; days: number; workdays: number; approvedOn?: string; previousLegalDueDate: string; legalDueDate: string }
  | { kind: 'due'; which: 'promised' | 'legal'; date: string; baseDate: string; limit: number; unit: LimitUnit; provisional: boolean };

/** The statutory clock of one case as the API shows it (cases.clock.ts computes it). */
export interface CaseClockView {
  /** intake: not yet accepted; running; suspended; stopped (completed, withdrawn, rejected). */
  phase: 'intake' | 'running' | 'suspended' | 'stopped';
  /** The status the case is in once §32 is applied (a silent intake counts as acceptance). */
  effectiveStatus: CaseStatus;
  deemedAccepted: boolean;
  submittedOn: string;
  intakeDueDate: string | null;
  /** Working days left to answer the application (intake phase only). */
  intakeWorkdaysLeft: number | null;
  acceptedOn: string | null;
  promisedLimit: number;
  legalLimit: number;
  unit: LimitUnit;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  basePromisedDueDate: string | null;
  baseLegalDueDate: string | null;
  workdaysUsed: number;
  workdaysLeft: number | null;
  suspendedWorkdays: number;
  extensionWorkdays: number;
  overdue: boolean;
  provisional: boolean;
  suspensions: Array<ClockSuspension & { workdays: number; promisedShift: number; legalShift: number; open: boolean }>;
  extensions: Array<ClockExtension & { previousLegalDueDate: string; legalDueDate: string }>;
  steps: CaseClockStep[];
  explanation: string;
}

export interface TimelineEntry {
  at: string;
  date: string;
  action: string;
  label: string;
  fromStatus: string | null;
  toStatus: string;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

/** A case as GET /cases/:caseNo answers it (SPEC §4.1). */
export interface CaseView {
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  itemCode: string;
  itemName: string;
  versionId: number;
  departmentId: number;
  departmentName: string;
  channel: Channel;
  applicant: { type: 'person' | 'organization'; name: string; idNumber?: string; creditCode?: string; phone: string | null; masked: boolean };
  submittedAt: string;
  acceptedAt: string | null;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  workdaysUsed: number;
  workdaysLeft: number | null;
  onTime: boolean | null;
  clock: CaseClockView;
  explanation: string;
  timeline: TimelineEntry[];
  materials: CaseMaterial[];
  missingMaterials: string[];
  nextStep: string;
  /** What the asking account may do now (the state machine and its role). */
  allowedActions: CaseAction[];
  /** 分级审查: the item's levels and the ones passed (detail view only). */
  review?: CaseReviewState;
  decision: { reason: string | null; decidedAt: string | null } | null;
  delivery: { method: string; trackingNo: string | null; completedOn: string | null } | null;
  bundleNo: string | null;
  greenChannel: string | null;
  crossProvince: {
    mode: string;
    partnerRegionCode: string;
    partnerRegionName: string | null;
    partnerReference: string | null;
    forwardedOn: string | null;
    forwardMethod: string | null;
    trackingNo: string | null;
  } | null;
}

/** A case in GET /cases: no timeline or materials, and only the clock's headline. */
export type CaseListItem = Omit<CaseView, 'timeline' | 'materials' | 'clock'> & {
  clock: Pick<CaseClockView, 'phase' | 'provisional' | 'overdue' | 'intakeDueDate' | 'intakeWorkdaysLeft'>;
};

/** The public progress lookup (case number + last 4 of the ID): status, clock and next step, no personal data. */
export interface CaseProgress {
  caseNo: string;
  itemName: string;
  departmentName: string;
  status: CaseStatus;
  statusLabel: string;
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  workdaysUsed: number;
  workdaysLeft: number | null;
  deemedAccepted: boolean;
  clock: Pick<
    CaseClockView,
    | 'phase'
    | 'intakeDueDate'
    | 'promisedDueDate'
    | 'legalDueDate'
    | 'workdaysUsed'
    | 'workdaysLeft'
    | 'suspendedWorkdays'
    | 'extensionWorkdays'
    | 'overdue'
    | 'provisional'
  >;
  explanation: string;
  nextStep: string;
  missingMaterials: string[];
  timeline: Array<{ date: string; label: string }>;
}

/** A case as the statistics drill-downs list it (cases.queries' caseRecords). */
export interface CaseRecord {
  caseNo: string;
  itemName: string;
  departmentId: number;
  status: string;
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  completedOn: string | null;
  onTime: boolean | null;
  workdaysUsed: number | null;
  legalLimit: number;
}

/** One stored version of a material's file, as the API lists it (no bytes); server and web share it. */
export interface MaterialFileView {
  id: number;
  materialName: string;
  version: number;
  fileName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  source: 'upload' | 'window';
  uploadedAt: string;
  uploadedByName: string | null;
  /** The newest version of its material (older ones are kept history). */
  current: boolean;
}
