import { api, type ListResult } from '../../app/request';
import type { AgencyUpdate, AgencyView as Agency, CaseMarketCheck, ProjectSignup, ProjectView as Project } from '../../../../src/shared/intermediaries.types';

export type { AgencyUpdate, CaseMarketCheck, ProjectSignup } from '../../../../src/shared/intermediaries.types';

export interface Service {
  id: number;
  code: string;
  name: string;
  category: string;
}

export interface Qualification {
  name: string;
  level: string;
  certNo: string;
  expiresOn: string;
}

export interface CreditEntry {
  id: number;
  kind: string;
  note: string;
  score: number | null;
  projectId: number | null;
  on: string;
}

export interface Flag {
  id: number;
  caseNo: string;
  itemName: string;
  serviceName: string;
  departmentName: string;
  applicantName: string;
  on: string;
}

export interface PostProject {
  serviceId: number;
  title: string;
  scope: string;
  requiredQualification?: string;
  requiredLevel?: string;
  budget: number;
  mode: string;
  criteria?: { name: string; weight: number }[];
  signupTo: string;
  bidDeadline?: string;
  deliveryWorkdays: number;
  ownerCode?: string;
  ownerName?: string;
  agencyId?: number;
}

export const LEVELS = ['甲级', '乙级', '丙级', '丁级', '不分级'] as const;
export const MODE_OPTIONS = [
  { value: 'random', label: '随机抽取', hint: '报名截止后在符合条件的报名机构中公开抽取；种子摘要发布时即公开' },
  { value: 'bid', label: '竞价选取', hint: '报名机构密封报价，截止后开标，最低合格报价中选' },
  { value: 'merit', label: '择优选取', hint: '按发布时公布的评分标准对报名机构打分，最高分中选' },
  { value: 'direct', label: '直接选取', hint: '直接指定一家符合条件的入驻机构，结果立即公示' },
];
export const CREDIT_LABELS: Record<string, string> = { violation: '违规', complaint: '投诉', rating: '评价', suspension: '暂停', resumption: '恢复', unlisting: '下架' };

const P = '/intermediaries';
const act = (no: string, verb: string, body: unknown = {}) => api.post<Project>(`${P}/projects/${encodeURIComponent(no)}/${verb}`, body);

/** The desks of the 中介服务超市: the owner's, the intermediary's and the market admin's calls. */
export const deskApi = {
  services: (signal?: AbortSignal) => api.get<ListResult<Service>>(`${P}/services`, undefined, { signal }),
  myProjects: (signal?: AbortSignal) => api.get<ListResult<Project>>(`${P}/projects`, { mine: true, pageSize: 100 }, { signal }),
  project: (no: string, signal?: AbortSignal) => api.get<Project>(`${P}/projects/${encodeURIComponent(no)}`, undefined, { signal }),
  post: (body: PostProject) => api.post<Project>(`${P}/projects`, body),
  signups: (no: string, signal?: AbortSignal) => api.get<ListResult<ProjectSignup>>(`${P}/projects/${encodeURIComponent(no)}/signups`, undefined, { signal }),
  select: (no: string, scores?: { agencyId: number; scores: Record<string, number> }[]) => act(no, 'select', scores ? { scores } : {}),
  answer: (no: string, id: number, upheld: boolean, answer: string) => api.post<Project>(`${P}/projects/${encodeURIComponent(no)}/objections/${id}/answer`, { upheld, answer }),
  object: (no: string, text: string) => act(no, 'objections', { text }),
  contract: (no: string, contractNo: string, price?: number) => act(no, 'contract', price === undefined ? { contractNo } : { contractNo, price }),
  accept: (no: string) => act(no, 'accept'),
  rate: (no: string, rating: number, comment?: string) => act(no, 'rate', comment ? { rating, comment } : { rating }),
  cancel: (no: string, reason: string) => act(no, 'cancel', { reason }),
  signup: (no: string) => act(no, 'signup'),
  bid: (no: string, price: number) => act(no, 'bid', { price }),
  deliver: (no: string, reportNo: string) => act(no, 'deliver', { reportNo }),
  eligible: (signal?: AbortSignal) => api.get<{ agencyId: number | null; items: (Project & { problem: string | null })[] }>(`${P}/projects/eligible`, undefined, { signal }),
  myAgency: (signal?: AbortSignal) => api.get<{ agency: Agency | null }>(`${P}/agencies/mine`, undefined, { signal }),
  register: (body: AgencyUpdate & { uscc: string; name: string; qualifications: Qualification[] }) => api.post<Agency>(`${P}/agencies`, body),
  update: (id: number, body: AgencyUpdate) => api.put<Agency>(`${P}/agencies/${id}`, body),
  addQualification: (id: number, q: Qualification) => api.post<Agency>(`${P}/agencies/${id}/qualifications`, q),
  credit: (id: number, signal?: AbortSignal) => api.get<ListResult<CreditEntry>>(`${P}/agencies/${id}/credit`, undefined, { signal }),
  agencies: (q: { status?: string; keyword?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Agency>>(`${P}/agencies`, q, { signal }),
  review: (id: number, approve: boolean, note?: string) => api.post<Agency>(`${P}/agencies/${id}/review`, note ? { approve, note } : { approve }),
  suspend: (id: number, note: string) => api.post<Agency>(`${P}/agencies/${id}/suspend`, { note }),
  resume: (id: number, note: string) => api.post<Agency>(`${P}/agencies/${id}/resume`, { note }),
  recordCredit: (id: number, kind: 'violation' | 'complaint', note: string) => api.post<Agency>(`${P}/agencies/${id}/credit`, { kind, note }),
  flags: (q: { page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Flag>>(`${P}/flags`, q, { signal }),
  caseChecks: (caseNo: string, signal?: AbortSignal) => api.get<ListResult<CaseMarketCheck>>(`${P}/cases/${encodeURIComponent(caseNo)}`, undefined, { signal, handle: true }),
};
