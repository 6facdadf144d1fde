import { api, type ListResult } from '../../app/request';

export interface ColumnRow { id: number; departmentId: number; name: string; kind: string; kindLabel: string; updateDays: number | null; lastPublishedOn: string | null; articles: number }
export interface ArticleRow { id: number; columnId: number; title: string; status: string; statusLabel: string; version: number; authorName: string; publishedOn: string | null; scheduledAt: string | null; updatedAt: string; rejectReason: string | null }
export interface Review { round: number; step: number; stepLabel: string; reviewerName: string; decision: string; opinion: string; createdAt: string }
export interface ArticleDetail extends ArticleRow { bodyHtml: string; round: number; reviews: Review[]; versions: Array<{ version: number; title: string; editedBy: string; createdAt: string }>; attachments: Array<{ id: number; fileName: string; size: number }>; withdrawReason: string | null }
export interface Site { departmentId: number; name: string; kind: string; columns: Array<{ id: number; name: string; kindLabel: string; articles: number; lastPublishedOn: string | null }> }
export interface PublicArticle { id: number; title: string; columnName: string | null; departmentName: string | null; publishedOn: string | null; withdrawn: boolean; withdrawnAt: string | null; withdrawReason: string | null; bodyHtml: string | null; attachments: Array<{ id: number; fileName: string; size: number }> }
export interface Policy { id: number; docNo: string; title: string; issuer: string; issuedOn: string; validUntil: string | null; body: string; interpretations: Array<{ id: number; kind: string; kindLabel: string; title: string; content: string; url: string | null; publishedOn: string }> }
export interface Consultation { id: number; title: string; body: string; questions: string[]; opensOn: string; closesOn: string; open: boolean; feedback: string | null; feedbackOn: string | null; opinions: number }
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
  extension: { days: number; approver: string | null } | null;
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

export const disclosureApi = {
  columns: () => api.get<ColumnRow[]>('/disclosure/columns'),
  articles: (q: { status?: string; page?: number }) => api.get<ListResult<ArticleRow>>('/disclosure/articles', { pageSize: 20, ...q }),
  article: (id: number) => api.get<ArticleDetail>(`/disclosure/articles/${id}`),
  createDraft: (b: { columnId: number; title: string; bodyHtml: string; scheduledAt?: string | null }) => api.post<{ id: number }>('/disclosure/articles', b, { handle: true }),
  submit: (id: number) => api.post<ArticleDetail>(`/disclosure/articles/${id}/submit`),
  review: (id: number, decision: 'pass' | 'reject', opinion: string) => api.post<ArticleDetail>(`/disclosure/articles/${id}/review`, { decision, opinion }, { handle: true }),
  withdraw: (id: number, reason: string) => api.post<ArticleDetail>(`/disclosure/articles/${id}/withdraw`, { reason }, { handle: true }),
  requests: () => api.get<ListResult<RequestView>>('/disclosure/requests', { pageSize: 50 }),
  answer: (id: number, b: { type: string; text: string; legalGround?: string }) => api.post<RequestView>(`/disclosure/requests/${id}/answer`, b, { handle: true }),
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
