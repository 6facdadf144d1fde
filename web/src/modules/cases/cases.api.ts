import { api, csrfToken, type ListResult } from '../../app/request';
import type { CaseListItem, CaseProgress, CaseView, MaterialFileView } from '../../../../src/shared/cases.types';

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

// --- 电子材料 (issue 21 item 1) ------------------------------------------------------------------------

export type MaterialFile = MaterialFileView;

export interface CaseMaterials {
  caseNo: string;
  status: string;
  canUpload: boolean;
  missing: string[];
  materials: Array<import('../../../../src/shared/cases.types').CaseMaterial & { missing: boolean; files: MaterialFile[] }>;
}

/** What the server takes (it checks the type by content; this only helps the picker and the message). */
export const MATERIAL_ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,application/pdf,image/jpeg,image/png';
export const MATERIAL_TYPES_TEXT = 'PDF、JPG/PNG 图片、Word、Excel';
const EXT_OK = /\.(pdf|jpe?g|png|docx?|xlsx?)$/i;

export const materialsApi = {
  list: (caseNo: string, signal?: AbortSignal) => api.get<CaseMaterials>(`/cases/${encodeURIComponent(caseNo)}/materials`, undefined, { signal }),
  fileUrl: (caseNo: string, id: number, download = false) => `/api/v1/cases/${encodeURIComponent(caseNo)}/materials/files/${id}${download ? '?download=true' : ''}`,
  /** A quick check before sending: the server decides by content, this saves a 10 MB upload of a .exe. */
  precheck(file: File, limitBytes: number): string | null {
    if (file.size === 0) return '文件为空，请重新选择';
    if (file.size > limitBytes) return `文件过大（${formatBytes(file.size)}）：单个材料不超过 ${formatBytes(limitBytes)}`;
    if (!EXT_OK.test(file.name)) return `不支持该文件类型：请上传 ${MATERIAL_TYPES_TEXT}`;
    return null;
  },
  /** POST the raw file; progress 0..100. Rejects with the server's Chinese message. */
  upload(caseNo: string, material: string, file: File, onProgress?: (pct: number) => void): Promise<MaterialFile> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/cases/${encodeURIComponent(caseNo)}/materials/files?material=${encodeURIComponent(material)}`);
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      xhr.setRequestHeader('accept', 'application/json');
      const csrf = csrfToken();
      if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = null;
        }
        if (xhr.status >= 200 && xhr.status < 300) return resolve(body as MaterialFile);
        const msg = (body as { error?: { message?: string } } | null)?.error?.message;
        reject(new Error(msg || (xhr.status === 413 ? '文件过大' : `上传失败（${xhr.status}）`)));
      };
      xhr.onerror = () => reject(new Error('无法连接服务器，请检查网络后重试'));
      xhr.send(file);
    });
  },
};

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
