import { api, type ListResult } from '../../app/request';
import type { Kpi } from '../../../../src/shared/kpi.types';
import type { ReplyContact, ReplyFileView } from '../../../../src/shared/hotline-reply';

export type OrderStatus = 'received' | 'answered' | 'dispatched' | 'signed' | 'returned' | 'replied' | 'callback' | 'reopened' | 'closed';

export interface WorkOrder {
  id: number;
  orderNo: string;
  channel: string;
  channelLabel: string;
  line: string;
  category: string;
  categoryLabel: string;
  urgency: 'normal' | 'urgent';
  title: string;
  content: string;
  address: string | null;
  citizen: { name: string | null; phone: string | null };
  deputy: { kind: 'npc' | 'cppcc'; name: string | null } | null;
  caseNo: string | null;
  status: OrderStatus;
  statusLabel: string;
  unitId: number | null;
  unitName: string | null;
  returnCount: number;
  signDueAt: string | null;
  finishDueAt: string | null;
  replyContent: string | null;
  answerContent: string | null;
  extensionPending: boolean;
  supervised: boolean;
  callbackAttempts: number;
  satisfaction: string | null;
  finishedAt: string | null;
  onTime: boolean | null;
  late: Array<'sign_late' | 'finish_late'>;
  createdAt: string;
}

export interface OrderDetail extends WorkOrder {
  timeline: Array<{ at: string; type: string; actorName: string | null; fromStatus: string | null; toStatus: string | null; data: Record<string, unknown> }>;
  extensions: Array<{ id: number; days: number; reason: string; status: string; requestedAt: string; newDueAt: string | null }>;
  supervisions: Array<{ id: number; auto: boolean; content: string; issuedAt: string; issuedByName: string | null; dueAt: string; answeredAt: string | null }>;
  callbacks: Array<{ at: string; reached: boolean; result: string | null; resultLabel: string | null; note: string | null }>;
  /** The centre's 派单意见 with the dispatch the unit holds the order by. */
  dispatchOpinion: string | null;
  replyResult: string | null;
  replyResultLabel: string | null;
  replyContact: ReplyContact | null;
  replyFiles: ReplyFileView[];
}

export interface KbEntry {
  id: number;
  departmentId: number;
  departmentName: string | null;
  title: string;
  content: string;
  keywords: string[];
  status: 'draft' | 'published' | 'retired';
  expiresOn: string | null;
  usageCount: number;
}

export type { Kpi } from '../../../../src/shared/kpi.types';

export interface Unit {
  id: number;
  name: string;
  shortName: string | null;
  hotlineUnit: boolean;
}

export interface Seat {
  id: number;
  departmentId: number;
  name: string;
  topics: string;
  extension: string | null;
}

export interface SupervisionLetter {
  id: number;
  orderId: number;
  orderNo: string;
  title: string;
  orderStatus: OrderStatus;
  unitName: string | null;
  auto: boolean;
  content: string;
  issuedAt: string;
  issuedByName: string | null;
  dueAt: string;
  answeredAt: string | null;
  overdue: boolean;
}

export type ActionInput = {
  action: string;
  unitId?: number;
  content?: string;
  reason?: string;
  days?: number;
  reached?: boolean;
  result?: 'satisfied' | 'basically' | 'unsatisfied';
  kbEntryId?: number;
  seatId?: number;
  note?: string;
  replyResult?: string;
  contact?: ReplyContact;
  attachments?: { name: string; contentBase64: string }[];
};

/** Where a reply file is read (the session cookie carries the permission check). */
export const replyFileUrl = (orderId: number, fileId: number) => `/api/v1/workorders/${orderId}/reply-files/${fileId}`;

export const CATEGORY_OPTIONS = [
  { value: 'consult', label: '咨询' },
  { value: 'help', label: '求助' },
  { value: 'complaint', label: '投诉' },
  { value: 'report', label: '举报' },
  { value: 'suggestion', label: '建议' },
  { value: 'praise', label: '表扬' },
];

export const STATUS_COLORS: Record<OrderStatus, string> = {
  received: 'blue',
  answered: 'green',
  dispatched: 'geekblue',
  signed: 'cyan',
  returned: 'orange',
  replied: 'purple',
  callback: 'gold',
  reopened: 'volcano',
  closed: 'green',
};

export const hotlineApi = {
  listOrders: (query: Record<string, string | number | boolean | undefined>) => api.get<ListResult<WorkOrder>>('/workorders', query),
  getOrder: (id: number) => api.get<OrderDetail>(`/workorders/${id}`),
  createOrder: (body: Record<string, unknown>) => api.post<OrderDetail>('/workorders', body),
  /** The counties the centre takes orders for (the installation's first). */
  regions: async () => (await api.get<ListResult<{ code: string; installation: boolean }>>('/hotline/regions')).items,
  act: (id: number, body: ActionInput) => api.post<OrderDetail>(`/workorders/${id}/actions`, body),
  searchKb: (q: string) => api.get<ListResult<KbEntry>>('/kb', { q, pageSize: 8 }),
  useKb: (id: number) => api.post<KbEntry>(`/kb/${id}/use`),
  units: async () => (await api.get<ListResult<Unit>>('/departments', { hotlineUnit: true })).items,
  seats: async () => (await api.get<ListResult<Seat>>('/hotline/expert-seats')).items,
  kpis: (from: string, to: string) => api.get<{ kpis: Record<string, Kpi> }>('/hotline/kpis', { from, to }),
  supervisions: (open?: boolean) => api.get<ListResult<SupervisionLetter>>('/hotline/supervisions', { open }),
  late: () => api.get<ListResult<{ id: number; orderNo: string; kind: string; unitId: number | null; dueAt: string }>>('/workorders/late'),
  deputies: (kind?: string, page = 1) =>
    api.get<ListResult<WorkOrder> & { summary: { total: number; finished: number; onTime: number } }>('/workorders/deputies', { kind, page, pageSize: 20 }),
  submitLetter: (body: Record<string, unknown>) => api.post<{ queryCode: string; orderNo: string }>('/mailbox', body),
  letter: (code: string) =>
    api.get<{ queryCode: string; title: string; statusLabel: string; status: string; createdAt: string; unitName: string | null; reply: { content: string; at: string } | null }>(`/mailbox/${encodeURIComponent(code)}`, undefined, { handle: [404] }),
  publicLetters: (page = 1) =>
    api.get<ListResult<{ id: number; title: string; content: string; categoryLabel: string; createdAt: string; unitName: string | null; reply: string; repliedAt: string }>>('/mailbox/public', { page, pageSize: 10 }),
};

/** '2026-09-30T01:00:00.000Z' → '09-30 09:00' in Shanghai time. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`;
}

export function pct(k: Kpi | undefined): string {
  if (!k || k.value === null) return '—';
  return `${(k.value * 100).toFixed(1)}%`;
}

/** The first and last day of the Shanghai month of `now`. */
export function monthRange(now = new Date()): { from: string; to: string } {
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const [y, m] = local.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${local.slice(0, 7)}-01`, to: `${local.slice(0, 7)}-${String(last).padStart(2, '0')}` };
}
