import { api, type ListResult } from '../../app/request';
import type { CaseListItem, CaseProgress, CaseView } from '../../../../src/shared/cases.types';

// The API's response types, shared with the server (src/shared).
export type { CaseClockView as CaseClock, CaseListItem, CaseMaterial as Material, CaseView, TimelineEntry } from '../../../../src/shared/cases.types';
export type Progress = CaseProgress;

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
  cases: CaseListItem[];
  casesTotal: number;
  casesCompleted: number;
}

/** A fresh key per submission attempt: a retried click or a flaky network never files two cases. */
export const newIdempotencyKey = () => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export const casesApi = {
  searchItems: (q: string) => api.get<ListResult<ItemOption>>('/items', { q, pageSize: 20 }),
  item: (code: string) => api.get<ItemDetail>(`/items/${encodeURIComponent(code)}`),
  submit: (body: { itemCode: string; channel: string; applicant: Applicant; materials: Array<{ name: string; provided: boolean }>; acceptNow?: boolean }, key: string) =>
    api.post<CaseView>('/cases', body, { headers: { 'idempotency-key': key }, handle: [422] }),
  list: (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) => api.get<ListResult<CaseListItem>>('/cases', query, { signal }),
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
  if (c.status === 'withdrawn') return '已撤回';
  if (c.status === 'rejected') return '不予受理';
  if (c.clock?.phase === 'suspended') return '中止中（不计时）';
  if (c.workdaysLeft === null) return '待受理';
  if (c.workdaysLeft < 0) return `超期 ${-c.workdaysLeft} 个工作日`;
  if (c.workdaysLeft === 0) return c.clock?.overdue ? '已超期' : '今日到期';
  return `剩 ${c.workdaysLeft} 个工作日`;
}
