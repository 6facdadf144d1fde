import { api, type ListResult } from '../../app/request';

export interface Task {
  taskNo: string;
  eventLabel: string;
  regulationItemName: string | null;
  departmentName: string | null;
  caseNo: string | null;
  itemName: string | null;
  licenseNo: string | null;
  subjectName: string;
  subjectKey: string;
  status: 'pending' | 'claimed' | 'closed';
  statusLabel: string;
  createdAt: string;
  claimDue: string;
  overdue: boolean;
  claimedOn: string | null;
  claimedOnTime: boolean | null;
  resultLabel: string | null;
  note: string | null;
}
export interface TaskList extends ListResult<Task> {
  counts: { pending: number; claimed: number; closed: number; overdue: number };
}
export interface RegItem {
  code: string;
  name: string;
  parentCode: string | null;
  legalBasis: string;
  departmentId: number;
  departmentName: string | null;
  items: { code: string; name: string | null }[];
}
export interface RegItemInput {
  name: string;
  parentCode?: string | null;
  legalBasis: string;
  departmentId?: number;
  itemCodes: string[];
}
export interface Inspector {
  id: number;
  name: string;
  certNo: string;
  validTo: string;
  valid: boolean;
  phone: string | null;
  departmentName: string | null;
}
export interface DrawSummary {
  drawNo: string;
  title: string;
  departmentName: string | null;
  status: 'committed' | 'drawn';
  statusLabel: string;
  createdAt: string;
  drawnAt: string | null;
  seedHash: string;
  inspectorsWanted: number;
  subjectsWanted: number;
}
export interface DrawDetail extends DrawSummary {
  seed: string | null;
  inspectorPool: { name: string; certNo: string }[];
  subjectPool: { name: string; key: string }[];
  result: {
    inspectors: { index: number; id?: number; name: string; certNo: string }[];
    subjects: { index: number; name: string; key: string; subjectKey?: string }[];
  } | null;
}
export interface Inspection {
  id: number;
  drawNo: string | null;
  subjectName: string;
  subjectKey: string;
  inspectedOn: string;
  outcomeLabel: string;
  rectifyDue: string | null;
  rectifiedOn: string | null;
  rectifyOverdue: boolean;
  note: string | null;
}
export interface Risk {
  kind: string;
  kindLabel: string;
  subject: string;
  reference: string;
  departmentName: string | null;
  since: string;
}

export const OUTCOME_OPTIONS = [
  { value: 'no_problem', label: '未发现问题' },
  { value: 'rectify', label: '责令整改' },
  { value: 'case_filed', label: '立案查处' },
  { value: 'not_found', label: '未找到检查对象' },
];
export const RESULT_OPTIONS = [
  { value: 'filed', label: '纳入监管对象库' },
  { value: 'inspected', label: '已实地核查' },
  { value: 'no_action', label: '无需现场监管' },
];

export const regulationApi = {
  tasks: (q: { status?: string; overdue?: boolean; q?: string; page?: number; pageSize?: number }) => api.get<TaskList>('/regulation/tasks', q),
  claim: (taskNo: string) => api.post<Task>(`/regulation/tasks/${taskNo}/claim`),
  close: (taskNo: string, body: { result: string; note?: string }) => api.post<Task>(`/regulation/tasks/${taskNo}/close`, body),
  items: (page: number) => api.get<ListResult<RegItem>>('/regulation/items', { page, pageSize: 20 }),
  createItem: (body: RegItemInput & { code: string }) => api.post<{ code: string }>('/regulation/items', body),
  updateItem: (code: string, body: RegItemInput) => api.put<{ code: string }>(`/regulation/items/${encodeURIComponent(code)}`, body),
  inspectors: (page: number) => api.get<ListResult<Inspector>>('/regulation/inspectors', { page, pageSize: 20 }),
  addInspector: (body: { name: string; certNo: string; validTo: string; phone?: string }) => api.post('/regulation/inspectors', body),
  draws: () => api.get<ListResult<DrawSummary>>('/regulation/draws', { pageSize: 50 }),
  draw: (drawNo: string) => api.get<DrawDetail>(`/regulation/draws/${drawNo}`),
  commitDraw: (body: { title: string; inspectors: number; subjects: number }) => api.post<{ drawNo: string; seedHash: string }>('/regulation/draws', body),
  runDraw: (drawNo: string) => api.post<DrawDetail>(`/regulation/draws/${drawNo}/run`),
  inspections: (page: number) => api.get<ListResult<Inspection>>('/regulation/inspections', { page, pageSize: 20 }),
  addInspection: (body: Record<string, unknown>) => api.post('/regulation/inspections', body),
  rectified: (id: number, on: string) => api.post(`/regulation/inspections/${id}/rectified`, { on }),
  risks: () => api.get<ListResult<Risk>>('/regulation/risks'),
  publicDraws: () => api.get<ListResult<DrawSummary>>('/regulation/public/draws', { pageSize: 50 }),
  publicDraw: (drawNo: string) => api.get<DrawDetail>(`/regulation/public/draws/${drawNo}`),
};

const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
/** 2026/07/17 15:42 in Shanghai time. */
export const shortTime = (iso: string | null) => (iso ? TIME.format(new Date(iso)) : '—');
