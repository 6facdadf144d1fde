import { api, type ListResult } from '../../app/request';

export interface Material {
  name: string;
  required: boolean;
  form: string;
  copies: number;
  eLicenseReplaceable: boolean;
  provided: boolean;
}

export interface ClockStepSuspension {
  reason: string;
  from: string;
  to: string | null;
  noticeNo: string;
  workdays: number;
  promisedShift: number;
  legalShift: number;
  open: boolean;
}

export interface CaseClock {
  phase: 'intake' | 'running' | 'suspended' | 'stopped';
  deemedAccepted: boolean;
  submittedOn: string;
  intakeDueDate: string | null;
  intakeWorkdaysLeft: number | null;
  acceptedOn: string | null;
  promisedLimit: number;
  legalLimit: number;
  unit: 'workday' | 'natural';
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
  suspensions: ClockStepSuspension[];
  extensions: Array<{ days: number; approvedOn: string; approverName: string; reason: string; legalDueDate: string }>;
  explanation: string;
}

export interface TimelineEntry {
  at: string;
  date: string;
  action: string;
  label: string;
  toStatus: string;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface CaseView {
  caseNo: string;
  status: string;
  statusLabel: string;
  itemCode: string;
  itemName: string;
  versionId: number;
  departmentId: number;
  departmentName: string;
  channel: string;
  applicant: { type: 'person' | 'organization'; name: string; idNumber?: string; creditCode?: string; phone: string | null; masked: boolean };
  submittedAt: string;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  promisedDueDate: string | null;
  legalDueDate: string | null;
  workdaysUsed: number;
  workdaysLeft: number | null;
  onTime: boolean | null;
  clock: CaseClock;
  explanation: string;
  timeline: TimelineEntry[];
  materials: Material[];
  missingMaterials: string[];
  nextStep: string;
  allowedActions: string[];
  decision: { reason: string | null; decidedAt: string | null } | null;
  delivery: { method: string; trackingNo: string | null; completedOn: string | null } | null;
  bundleNo: string | null;
  greenChannel: string | null;
  crossProvince: { mode: string; partnerRegionName: string | null; partnerReference: string | null; forwardedOn: string | null; forwardMethod: string | null; trackingNo: string | null } | null;
}

export interface ItemOption {
  code: string;
  name: string;
  departmentName: string;
  promisedLimit: number;
  legalLimit: number;
  limitUnit: 'workday' | 'natural';
  kind: string;
}

export interface ItemDetail extends ItemOption {
  materials: Array<{ name: string; required: boolean; eLicenseReplaceable: boolean; form: string; copies: number }>;
}

export interface Applicant {
  type: 'person' | 'organization';
  name: string;
  idNumber?: string;
  creditCode?: string;
  phone?: string;
}

export interface Bundle {
  code: string;
  name: string;
  description: string | null;
  departments: string[];
  items: Array<{ code: string; name: string; departmentName: string | null; promisedLimit: number | null; available: boolean }>;
  materials: Array<{ name: string; required: boolean; eLicenseReplaceable: boolean; itemCodes: string[] }>;
  materialsSaved: number;
  promisedDays: number | null;
}

export interface BundleApplication {
  bundleNo: string;
  bundleName: string;
  status: string;
  statusLabel: string;
  dueDate: string | null;
  submittedAt: string;
  greenChannel: string | null;
  greenNote: string | null;
  applicantName: string;
  cases: CaseView[];
  casesTotal: number;
  casesCompleted: number;
}

export interface Progress {
  caseNo: string;
  itemName: string;
  departmentName: string;
  status: string;
  statusLabel: string;
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  workdaysUsed: number;
  workdaysLeft: number | null;
  clock: Pick<CaseClock, 'phase' | 'intakeDueDate' | 'promisedDueDate' | 'legalDueDate' | 'workdaysUsed' | 'workdaysLeft' | 'overdue' | 'provisional'>;
  explanation: string;
  nextStep: string;
  missingMaterials: string[];
  timeline: Array<{ date: string; label: string }>;
}

/** A fresh key per submission attempt: a retried click or a flaky network never files two cases. */
export const newIdempotencyKey = () => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export const casesApi = {
  searchItems: (q: string) => api.get<ListResult<ItemOption>>('/items', { q, pageSize: 20 }),
  item: (code: string) => api.get<ItemDetail>(`/items/${encodeURIComponent(code)}`),
  submit: (body: { itemCode: string; channel: string; applicant: Applicant; materials: Array<{ name: string; provided: boolean }> }, key: string) =>
    api.post<CaseView>('/cases', body, { headers: { 'idempotency-key': key }, handle: [422] }),
  list: (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) => api.get<ListResult<CaseView>>('/cases', query, { signal }),
  get: (caseNo: string, signal?: AbortSignal) => api.get<CaseView>(`/cases/${encodeURIComponent(caseNo)}`, undefined, { signal }),
  act: (caseNo: string, body: Record<string, unknown>) => api.post<CaseView>(`/cases/${encodeURIComponent(caseNo)}/actions`, body, { handle: [409, 422] }),
  bundles: () => api.get<ListResult<Bundle>>('/bundles'),
  applyBundle: (code: string, body: Record<string, unknown>) => api.post<BundleApplication>(`/bundles/${encodeURIComponent(code)}/applications`, body, { handle: [422] }),
  bundleApplications: (query: Record<string, string | number | boolean | undefined>) => api.get<ListResult<BundleApplication>>('/bundle-applications', query),
  progress: (caseNo: string, last4: string) => api.get<Progress>('/public/progress', { caseNo, last4 }, { handle: true }),
};

export const CHANNEL_LABELS: Record<string, string> = { window: '窗口', online: '网上', mobile: '移动端', cross_province: '跨省通办' };

/** The colour of a deadline: red past it, orange on its last working day or the one before, green otherwise. */
export function dueColor(c: { workdaysLeft: number | null; clock?: { overdue?: boolean } }): string {
  if (c.clock?.overdue || (c.workdaysLeft !== null && c.workdaysLeft < 0)) return 'red';
  if (c.workdaysLeft !== null && c.workdaysLeft <= 1) return 'orange';
  return 'green';
}

export function daysLeftText(c: { status: string; workdaysLeft: number | null; clock?: { overdue?: boolean; phase?: string } }): string {
  if (c.status === 'completed') return '已办结';
  if (c.clock?.phase === 'suspended') return '中止中（不计时）';
  if (c.workdaysLeft === null) return '待受理';
  if (c.workdaysLeft < 0) return `超期 ${-c.workdaysLeft} 个工作日`;
  if (c.workdaysLeft === 0) return c.clock?.overdue ? '已超期' : '今日到期';
  return `剩 ${c.workdaysLeft} 个工作日`;
}
