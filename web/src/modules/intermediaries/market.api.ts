import { api, type ListResult } from '../../app/request';

/** The public views of the 中介服务超市 API (the server's ProjectView and AgencyView, as read here). */
export interface Project {
  projectNo: string;
  title: string;
  scope: string;
  ownerName: string;
  serviceName: string;
  requiredQualification: string | null;
  requiredLevel: string | null;
  budget: number;
  mode: string;
  modeLabel: string;
  criteria: { name: string; weight: number }[];
  minCandidates: number;
  signupFrom: string;
  signupTo: string;
  bidDeadline: string | null;
  deliveryWorkdays: number;
  status: string;
  statusLabel: string;
  seedHash: string | null;
  seed: string | null;
  selection: {
    mode: string;
    candidates?: number[];
    candidateNames?: { agencyId: number; name: string }[];
    digest?: string;
    index?: number;
    picked?: number;
    bids?: { agencyId: number; name: string; price: number }[];
    ranking?: { agencyId: number; name: string; score: number }[];
  } | null;
  selectedAgency: { id: number; name: string } | null;
  selectedOn: string | null;
  publicityTo: string | null;
  price: number | null;
  contractedOn: string | null;
  deliveryDue: string | null;
  deliveredOn: string | null;
  onTime: boolean | null;
  acceptedOn: string | null;
  rating: number | null;
  cancelReason: string | null;
  signupCount: number;
  objections: { id: number; byName: string; text: string; status: string; answer: string | null }[];
  createdOn: string;
}

export interface Agency {
  id: number;
  uscc: string;
  name: string;
  contact: string;
  phone: string;
  office: string;
  staffCount: number;
  services: { id: number; name: string }[];
  qualifications: { name: string; level: string; certNo: string; expiresOn: string; valid: boolean }[];
  rating: number | null;
  ratingCount: number;
  violations: number;
  complaints: number;
}

export const marketApi = {
  projects: (q: { status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Project>>('/intermediaries/projects', q, { signal }),
  project: (no: string, signal?: AbortSignal) => api.get<Project>(`/intermediaries/projects/${encodeURIComponent(no)}`, undefined, { signal, handle: [404] }),
  agencies: (q: { keyword?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Agency>>('/intermediaries/agencies', q, { signal }),
};

export const money = (yuan: number | null) => (yuan === null ? '—' : `${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`);
