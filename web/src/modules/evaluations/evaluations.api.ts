import { api, request, type ListResult } from '../../app/request';
import type { Kpi } from '../../../../src/shared/kpi.types';
import {
  REVIEW_STATUS_LABELS,
  type Channel,
  type EvaluationView,
  type RateInput,
  type ReviewAction,
  type ReviewStatus,
  type ReviewView,
} from '../../../../src/shared/evaluations.types';

export type { Channel, ReviewAction, ReviewState, ReviewStatus } from '../../../../src/shared/evaluations.types';

export const LEVELS = [
  { level: 5, label: '非常满意', face: '😄', color: '#2e9d4c' },
  { level: 4, label: '满意', face: '😊', color: '#6bb34a' },
  { level: 3, label: '基本满意', face: '😐', color: '#d4a21a' },
  { level: 2, label: '不满意', face: '😞', color: '#e07a2f' },
  { level: 1, label: '非常不满意', face: '😠', color: '#d4380d' },
] as const;

export const STATUS_LABELS: Record<ReviewStatus, string> = REVIEW_STATUS_LABELS;

export const STATUS_COLORS: Record<ReviewStatus, string> = {
  verifying: 'gold',
  appealed: 'purple',
  rectifying: 'blue',
  callback: 'cyan',
  closed: 'default',
};

export const ACTION_LABELS: Record<ReviewAction, string> = {
  verify: '核实',
  appeal: '申诉',
  decide_appeal: '申诉复核',
  rectify: '登记整改',
  callback: '回访',
};

/** An evaluation as the API answers it. */
export type Evaluation = EvaluationView;

export interface CaseRating {
  caseNo: string;
  itemName: string;
  departmentName: string | null;
  status: string;
  completedOn: string | null;
  ratingDeadline: string | null;
  ratingOpen: boolean;
  channelsAvailable: Channel[];
  indicators: { online: Record<string, string>; offline: Record<string, string> };
  evaluations: Evaluation[];
}

export interface DeviceQueue {
  device: { id: number; windowNo: string; name: string };
  indicators: Record<string, string>;
  items: { caseNo: string; itemName: string; applicantName: string; completedOn: string | null }[];
}

/** A review (差评 loop); GET /evaluations/reviews/:id adds its trail. */
export type Review = ReviewView & {
  trail?: { seq: number; at: string; actorName: string | null; action: string; after: Record<string, unknown> | null }[];
};

export type { Kpi } from '../../../../src/shared/kpi.types';

export interface RankedSubject {
  key: string;
  name: string;
  departmentName: string | null;
  rank: number;
  score: number;
  active: number;
  good: number;
  validBad: number;
  cards: number;
  goodRate: number | null;
  candidate: boolean;
}

export interface Ranking {
  month: string;
  snapshot: boolean;
  computedAt: string;
  weights: { goodRate: number; volume: number; badReview: number; card: number };
  windows: RankedSubject[];
  staff: RankedSubject[];
}

export interface Display {
  generatedAt: string;
  today: { total: number; active: number; good: number; goodRate: number | null };
  month: { total: number; active: number; good: number; goodRate: number | null; actualGoodRate: number | null };
  year: { total: number; active: number; good: number; goodRate: number | null };
  levels: { level: number; label: string; count: number }[];
  recent: { level: number; levelLabel: string; channelLabel: string; comment: string; itemName: string; departmentName: string | null; rater: string; ratedAt: string }[];
}

export type RateBody = RateInput;

const DEVICE_KEY = 'ow_device_key';
export const deviceKey = {
  get: () => window.localStorage.getItem(DEVICE_KEY),
  set: (k: string) => window.localStorage.setItem(DEVICE_KEY, k),
  clear: () => window.localStorage.removeItem(DEVICE_KEY),
};

const deviceHeaders = (key: string) => ({ 'x-device-key': key });

export const evaluationsApi = {
  deviceQueue: (key: string) => request<DeviceQueue>('/evaluations/device/queue', { headers: deviceHeaders(key), handle: true }),
  deviceCase: (key: string, caseNo: string) => request<CaseRating>(`/evaluations/cases/${encodeURIComponent(caseNo)}`, { headers: deviceHeaders(key), handle: [404] }),
  deviceRate: (key: string, body: RateBody) => request<Evaluation>('/evaluations', { method: 'POST', body, headers: deviceHeaders(key), handle: true }),
  forCase: (caseNo: string) => api.get<CaseRating>(`/evaluations/cases/${encodeURIComponent(caseNo)}`),
  rate: (body: RateBody) => api.post<Evaluation>('/evaluations', body, { handle: true }),
  mine: () => api.get<ListResult<{ caseNo: string; itemName: string; completedOn: string; ratingDeadline: string; ratingOpen: boolean; myLevel: number | null; defaulted: boolean }>>('/evaluations/mine'),
  reviews: (q: { status?: string; overdue?: boolean; page?: number; pageSize?: number }) => api.get<ListResult<Review>>('/evaluations/reviews', q),
  review: (id: number) => api.get<Review>(`/evaluations/reviews/${id}`),
  act: (id: number, body: Record<string, unknown>) => api.post<Review>(`/evaluations/reviews/${id}/actions`, body),
  kpis: (from: string, to: string) => api.get<{ kpis: Record<string, Kpi> }>('/evaluations/kpis', { from, to }),
  ranking: (month: string) => api.get<Ranking>('/evaluations/rankings', { month }),
  snapshot: (month: string) => api.post<Ranking>(`/evaluations/rankings/${month}/snapshot`),
  display: () => request<Display>('/public/evaluations/display', { handle: true }),
  devices: () => api.get<ListResult<{ id: number; windowNo: string; name: string; keyHint: string; active: boolean; lastSeenAt: string | null }>>('/evaluations/devices'),
  registerDevice: (body: { windowNo: string; name: string }) => api.post<{ device: { id: number }; key: string }>('/evaluations/devices', body),
  list: (q: Record<string, string | number | boolean | undefined>) => api.get<ListResult<Evaluation>>('/evaluations', q),
};

export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);
