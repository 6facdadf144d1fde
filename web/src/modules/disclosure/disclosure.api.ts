import { api, type ListResult } from '../../app/request';

export interface ColumnRow { id: number; departmentId: number; name: string; kind: string; kindLabel: string; updateDays: number | null; lastPublishedOn: string | null; articles: number; stale: 'empty' | 'overdue' | null }
export interface ArticleRow { id: number; columnId: number; departmentId: number; title: string; status: string; statusLabel: string; version: number; authorName: string; publishedOn: string | null; scheduledAt: string | null; updatedAt: string; rejectReason: string | null }
export interface Review { round: number; step: number; stepLabel: string; reviewerId: number; reviewerName: string; decision: string; opinion: string; createdAt: string }
export interface ArticleDetail extends ArticleRow { bodyHtml: string; authorId: number | null; round: number; reviews: Review[]; versions: Array<{ version: number; title: string; editedBy: string; createdAt: string }>; attachments: Array<{ id: number; fileName: string; size: number }>; withdrawReason: string | null }
export interface Site { departmentId: number; name: string; kind: string; columns: Array<{ id: number; name: string; kindLabel: string; articles: number; lastPublishedOn: string | null }> }
export interface PublicArticle { id: number; title: string; columnName: string | null; departmentName: string | null; publishedOn: string | null; withdrawn: boolean; withdrawnAt: string | null; withdrawReason: string | null; bodyHtml: string | null; attachments: Array<{ id: number; fileName: string; size: number }> }
export interface Policy { id: number; departmentId?: number; interpretationDueOn?: string; uninterpreted?: boolean; docNo: string; title: string; issuer: string; issuedOn: string; validUntil: string | null; body: string; interpretations: Array<{ id: number; kind: string; kindLabel: string; title: string; content: string; url: string | null; publishedOn: string }> }
export interface Consultation { id: number; departmentId?: number; title: string; body: string; questions: string[]; opensOn: string; closesOn: string; open: boolean; feedback: string | null; feedbackOn: string | null; opinions: number }
export interface RequestView {
  id: number;
  requestNo: string;
  applicantName?: string;
  description: string;
  deliveryLabel: string;
  receivedOn: string;
  status: string;
  statusLabel: string;
  dueOn: string;
  workdaysLeft: number;
  overdue: boolean;
  clockText: string;
  correction: { from: string; to: string | null; note: string | null } | null;
  extension: { days: number; approver: string | null; reason?: string | null } | null;
  suspendedWorkdays?: number;
  applicantKind?: string;
  idNumber?: string;
  phone?: string;
  purpose?: string | null;
  answer: { typeLabel: string; text: string | null; legalGround: string | null; answeredOn: string | null } | null;
  departmentName?: string | null;
}

export const ANSWER_OPTIONS = [
  { value: 'proactive', label: '已主动公开' },
  { value: 'disclose', label: '予以公开' },
  { value: 'partial', label: '部分公开' },
  { value: 'refuse', label: '不予公开' },
  { value: 'unable', label: '无法提供' },
  { value: 'not_processed', label: '不予处理' },
  { value: 'not_held', label: '非本机关掌握' },
];
export const GROUND_REQUIRED = ['partial', 'refuse', 'not_processed'];

export interface Meta { attachments: { maxBytes: number; maxFiles: number; types: Array<{ label: string; ext: string[] }> }; columnKinds: Array<{ code: string; label: string; updateDays: number | null }> }
export interface Opinion { id: number; content: string; answers: string[]; contactName: string | null; contactPhone: string | null; createdAt: string }
export interface NewMediaAccount { id: number; departmentId: number; name: string; platform: string; platformLabel: string; updateDays: number; lastUpdateOn: string | null; overdue: boolean }
export interface DutyCheck { id: number; checkedBy: string; checkedAt: string; findings: string; problems: number }
export interface Yearly { year: number; received: number; carriedIn: number; answered: Array<{ type: string; label: string; count: number }>; answeredTotal: number; carriedOut: number }
export interface Attachment { id: number; fileName: string; mime: string; size: number }
export const NEW_MEDIA_PLATFORMS = [
  { value: 'wechat', label: '微信公众号' },
  { value: 'weibo', label: '微博' },
  { value: 'douyin', label: '抖音' },
  { value: 'toutiao', label: '今日头条' },
  { value: 'other', label: '其他' },
];
export const INTERPRETATION_KINDS = [
  { value: 'text', label: '文字解读' },
  { value: 'graphic', label: '图文解读' },
  { value: 'video', label: '视频解读' },
];

export const disclosureApi = {
  columns: () => api.get<ColumnRow[]>('/disclosure/columns'),
  articles: (q: { status?: string; page?: number }) => api.get<ListResult<ArticleRow>>('/disclosure/articles', { pageSize: 20, ...q }),
  article: (id: number) => api.get<ArticleDetail>(`/disclosure/articles/${id}`),
  createDraft: (b: { columnId: number; title: string; bodyHtml: string; scheduledAt?: string | null }) => api.post<{ id: number }>('/disclosure/articles', b, { handle: true }),
  submit: (id: number) => api.post<ArticleDetail>(`/disclosure/articles/${id}/submit`),
  review: (id: number, decision: 'pass' | 'reject', opinion: string) => api.post<ArticleDetail>(`/disclosure/articles/${id}/review`, { decision, opinion }, { handle: true }),
  withdraw: (id: number, reason: string) => api.post<ArticleDetail>(`/disclosure/articles/${id}/withdraw`, { reason }, { handle: true }),
  requests: (q: { status?: string; page?: number } = {}) => api.get<ListResult<RequestView>>('/disclosure/requests', { pageSize: 20, ...q }),
  answer: (id: number, b: { type: string; text: string; legalGround?: string }) => api.post<RequestView>(`/disclosure/requests/${id}/answer`, b, { handle: true }),
  meta: () => api.get<Meta>('/disclosure/meta'),
  articleCount: (status: string) => api.get<ListResult<ArticleRow>>('/disclosure/articles', { status, pageSize: 1 }).then((r) => r.total),
  editDraft: (id: number, b: { title: string; bodyHtml: string; scheduledAt?: string | null }) => api.put<ArticleDetail>(`/disclosure/articles/${id}`, b, { handle: true }),
  version: (id: number, v: number) => api.get<{ version: number; title: string; bodyHtml: string; editedBy: string; createdAt: string }>(`/disclosure/articles/${id}/versions/${v}`),
  upload: (id: number, b: { fileName: string; contentBase64: string }) => api.post<Attachment>(`/disclosure/articles/${id}/attachments`, b, { handle: true }),
  createColumn: (b: { departmentId: number; name: string; kind: string; updateDays?: number | null }) => api.post<{ id: number }>('/disclosure/columns', b, { handle: true }),
  staffPolicies: () => api.get<Policy[]>('/disclosure/policies'),
  createPolicy: (b: { departmentId: number; docNo: string; title: string; issuer: string; issuedOn: string; validUntil?: string | null; body: string }) => api.post<{ id: number }>('/disclosure/policies', b, { handle: true }),
  interpret: (id: number, b: { kind: string; title: string; content: string; url?: string | null }) => api.post<{ id: number }>(`/disclosure/policies/${id}/interpretations`, b, { handle: true }),
  request: (id: number) => api.get<RequestView>(`/disclosure/requests/${id}`),
  correction: (id: number, note: string) => api.post<RequestView>(`/disclosure/requests/${id}/correction`, { note }, { handle: true }),
  corrected: (id: number) => api.post<RequestView>(`/disclosure/requests/${id}/corrected`, {}, { handle: true }),
  extend: (id: number, b: { days: number; approver: string; reason: string }) => api.post<RequestView>(`/disclosure/requests/${id}/extend`, b, { handle: true }),
  yearly: (year: number) => api.get<Yearly>('/disclosure/requests-yearly', { year }),
  staffConsultations: () => api.get<Consultation[]>('/disclosure/consultations'),
  createConsultation: (b: { departmentId: number; title: string; body: string; questions: string[]; opensOn: string; closesOn: string }) => api.post<{ id: number }>('/disclosure/consultations', b, { handle: true }),
  opinions: (id: number) => api.get<Opinion[]>(`/disclosure/consultations/${id}/opinions`),
  feedback: (id: number, feedback: string) => api.post<{ ok: true }>(`/disclosure/consultations/${id}/feedback`, { feedback }, { handle: true }),
  accounts: () => api.get<NewMediaAccount[]>('/disclosure/new-media'),
  registerAccount: (b: { departmentId: number; name: string; platform: string; updateDays?: number; lastUpdateOn?: string | null }) => api.post<{ id: number }>('/disclosure/new-media', b, { handle: true }),
  touchAccount: (id: number, lastUpdateOn: string) => api.post<{ ok: true }>(`/disclosure/new-media/${id}/updated`, { lastUpdateOn }, { handle: true }),
  dutyChecks: () => api.get<DutyCheck[]>('/disclosure/duty-checks'),
  recordDutyCheck: (b: { findings: string; problems: number }) => api.post<{ id: number }>('/disclosure/duty-checks', b, { handle: true }),
  // public portal
  sites: () => api.get<Site[]>('/gk/sites'),
  columnArticles: (id: number) => api.get<{ column: { name: string; departmentName: string | null }; items: Array<{ id: number; title: string; publishedOn: string }>; total: number }>(`/gk/columns/${id}`, { pageSize: 30 }),
  publicArticle: (id: number) => api.get<PublicArticle>(`/gk/articles/${id}`),
  search: (q: string) => api.get<{ articles: Array<{ id: number; title: string; publishedOn: string }>; policies: Array<{ id: number; docNo: string; title: string }> }>('/gk/search', { q }),
  policies: () => api.get<Policy[]>('/gk/policies'),
  consultations: () => api.get<Consultation[]>('/gk/consultations'),
  opinion: (id: number, b: { content: string; contactName?: string; contactPhone?: string }) => api.post<{ id: number }>(`/gk/consultations/${id}/opinions`, b, { handle: true }),
  departments: () => api.get<Array<{ id: number; name: string }>>('/gk/departments'),
  fileRequest: (b: Record<string, unknown>) => api.post<{ requestNo: string; queryCode: string; dueOn: string }>('/gk/requests', b, { handle: true }),
  lookup: (code: string) => api.get<RequestView>(`/gk/requests/${encodeURIComponent(code)}`, undefined, { handle: true }),
};
