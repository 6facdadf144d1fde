import { api, readCookie, type ListResult } from '../../app/request';
import type { CatalogItem, ImportJob, ItemSummary, VersionInfo } from '../../../../src/shared/catalog.types';

export type { ImportError, ImportJob, ItemSummary, VersionInfo } from '../../../../src/shared/catalog.types';
/** A full version (GET /items/:code and the editing endpoints). */
export type Item = CatalogItem;

export type ItemQuery = Record<string, string | number | boolean | undefined>;

export const catalogApi = {
  list: (q: ItemQuery, signal?: AbortSignal) => api.get<ListResult<ItemSummary>>('/items', q, { signal }),
  guide: (code: string, signal?: AbortSignal) => api.get<Item>(`/items/${encodeURIComponent(code)}`, undefined, { signal, handle: [404] }),
  manage: (q: ItemQuery, signal?: AbortSignal) => api.get<ListResult<ItemSummary>>('/catalog/items', q, { signal }),
  counts: (signal?: AbortSignal) => api.get<Record<string, number>>('/catalog/counts', undefined, { signal }),
  latest: (code: string, signal?: AbortSignal) => api.get<Item>(`/items/${encodeURIComponent(code)}/latest`, undefined, { signal }),
  versions: (code: string, signal?: AbortSignal) => api.get<ListResult<VersionInfo>>(`/items/${encodeURIComponent(code)}/versions`, undefined, { signal }),
  version: (code: string, n: number, signal?: AbortSignal) => api.get<Item>(`/items/${encodeURIComponent(code)}/versions/${n}`, undefined, { signal }),
  create: (body: unknown) => api.post<Item>('/items', body, { handle: [422, 409] }),
  update: (code: string, body: unknown) => api.patch<Item>(`/items/${encodeURIComponent(code)}`, body, { handle: [422] }),
  submit: (code: string) => api.post<Item>(`/items/${encodeURIComponent(code)}/submit`),
  publish: (code: string) => api.post<Item>(`/items/${encodeURIComponent(code)}/publish`),
  reject: (code: string, reason: string) => api.post<Item>(`/items/${encodeURIComponent(code)}/reject`, { reason }),
  retire: (code: string, reason: string) => api.post<Item>(`/items/${encodeURIComponent(code)}/retire`, { reason }),
  queue: (all: boolean, signal?: AbortSignal) => api.get<ListResult<ItemSummary>>('/catalog/review-queue', { all }, { signal }),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  quality: (department: number | undefined, signal?: AbortSignal) => api.get<any>('/catalog/quality', { department }, { signal }),
  job: (id: number) => api.get<ImportJob>(`/catalog/import/${id}`),
};

/** Uploads an .xlsx as the raw body (the JSON client cannot send files); answers the job. */
export async function uploadCatalog(file: File, publish: boolean): Promise<ImportJob> {
  const headers: Record<string, string> = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', accept: 'application/json' };
  const csrf = readCookie('ow_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  const qs = new URLSearchParams({ async: 'true', fileName: file.name, ...(publish ? { publish: 'true' } : {}) });
  const res = await fetch(`/api/v1/catalog/import?${qs}`, { method: 'POST', body: file, headers, credentials: 'include' });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `导入失败（${res.status}）`);
  return body as ImportJob;
}
