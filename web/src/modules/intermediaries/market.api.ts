import { api, type ListResult } from '../../app/request';

/** The public views of the 中介服务超市 API, as the server declares them. */
export type { AgencyView as Agency, ProjectView as Project } from '../../../../src/shared/intermediaries.types';
import type { AgencyView as Agency, ProjectView as Project } from '../../../../src/shared/intermediaries.types';

export const marketApi = {
  projects: (q: { status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Project>>('/intermediaries/projects', q, { signal }),
  project: (no: string, signal?: AbortSignal) => api.get<Project>(`/intermediaries/projects/${encodeURIComponent(no)}`, undefined, { signal, handle: [404] }),
  agencies: (q: { keyword?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<ListResult<Agency>>('/intermediaries/agencies', q, { signal }),
};

export const money = (yuan: number | null) => (yuan === null ? '—' : `${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`);
