import { api, type ListResult } from '../../app/request';
import type { LicenseHistoryView, LicenseTypeView, LicenseView } from '../../../../src/shared/licenses.types';

export type { LicenseHistoryView, LicenseTypeView, LicenseView } from '../../../../src/shared/licenses.types';

export interface TypeInput {
  code: string;
  name: string;
  departmentId: number;
  holderKind: 'person' | 'organization';
  validityYears: number | null;
  itemCodes: string[];
  replaces: string[];
  active?: boolean;
}

export interface LicenseDetail {
  license: LicenseView;
  history: LicenseHistoryView[];
  signatureValid: boolean;
}

export interface LicensePrint {
  license: LicenseView;
  verifyPath: string;
  verifyUrl: string;
  qrSvg: string;
  signatureValid: boolean;
}

export type LicenseActionCode = 'change' | 'renew' | 'cancel' | 'revoke' | 'withdraw';

export const STATUS_OPTIONS = [
  { value: 'valid', label: '有效' },
  { value: 'cancelled', label: '已注销' },
  { value: 'revoked', label: '已吊销' },
  { value: 'withdrawn', label: '已撤销' },
];

export const ACTION_OPTIONS: { value: LicenseActionCode; label: string; danger?: boolean }[] = [
  { value: 'change', label: '变更' },
  { value: 'renew', label: '延续' },
  { value: 'cancel', label: '注销', danger: true },
  { value: 'revoke', label: '吊销', danger: true },
  { value: 'withdraw', label: '撤销', danger: true },
];

export const HOLDER_KIND_LABELS = { person: '个人', organization: '单位' } as const;

export const licensesApi = {
  types: (signal?: AbortSignal) => api.get<ListResult<LicenseTypeView>>('/licenses/types', undefined, { signal }),
  createType: (body: TypeInput) => api.post<LicenseTypeView>('/licenses/types', body),
  updateType: (id: number, body: TypeInput) => api.put<LicenseTypeView>(`/licenses/types/${id}`, body),
  list: (q: { q?: string; typeCode?: string; status?: string; page: number; pageSize: number }, signal?: AbortSignal) => api.get<ListResult<LicenseView>>('/licenses', q, { signal }),
  detail: (no: string, signal?: AbortSignal) => api.get<LicenseDetail>(`/licenses/${encodeURIComponent(no)}`, undefined, { signal }),
  print: (no: string, signal?: AbortSignal) => api.get<LicensePrint>(`/licenses/${encodeURIComponent(no)}/print`, undefined, { signal }),
  ofCase: (caseNo: string, signal?: AbortSignal) => api.get<ListResult<LicenseView>>(`/licenses/of-case/${encodeURIComponent(caseNo)}`, undefined, { signal, handle: true }),
  act: (no: string, body: { action: LicenseActionCode; reason: string; holderName?: string; data?: Record<string, string>; validTo?: string | null }) =>
    api.post<LicenseView>(`/licenses/${encodeURIComponent(no)}/actions`, body),
};

/** 有效 / 已过期 / 已注销 … as a tag color and label. */
export function stateTag(l: Pick<LicenseView, 'status' | 'state'>): { color: string; label: string } {
  if (l.status !== 'valid') return { color: 'red', label: STATUS_OPTIONS.find((s) => s.value === l.status)?.label ?? l.status };
  return l.state === 'expired' ? { color: 'orange', label: '已过期' } : { color: 'green', label: '有效' };
}

/** The signature's short fingerprint printed on the license (first and last characters of the base64url). */
export const fingerprint = (l: Pick<LicenseView, 'kid' | 'signature'>) => `${l.kid} · ${l.signature.slice(0, 12)}…${l.signature.slice(-8)}`;
