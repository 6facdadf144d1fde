import { api, type ListResult } from '../../app/request';
import type { Kpi } from '../../../../src/shared/kpi.types';
import type { Card } from '../../../../src/shared/supervision.types';
import type { CaseRecord as SharedCaseRecord } from '../../../../src/shared/cases.types';

export type { Kpi } from '../../../../src/shared/kpi.types';

export interface Summary {
  from: string;
  to: string;
  department: number | null;
  kpis: Record<string, Kpi>;
}

export interface MonthKpis {
  month: string;
  kpis: Record<string, Kpi>;
}

export interface DepartmentRow {
  departmentId: number;
  departmentName: string;
  kpis: Record<string, Kpi>;
  openOverdue: number;
}

/** A drill-down case row: the server's record with its department's name (and days overdue on overdue lists). */
export type CaseRecord = SharedCaseRecord & { departmentName: string | null; workdaysOverdue?: number | null };

export type { Card } from '../../../../src/shared/supervision.types';

export type Drilldown = ({ kind: 'cases'; items: CaseRecord[] } | { kind: 'cards'; items: Card[] }) & { total: number; kpi: string; part: 'numerator' | 'denominator' };

export interface Period {
  from: string;
  to: string;
  department?: number;
}

export const fetchSummary = (p: Period) => api.get<Summary>('/stats/summary', { ...p });
export const fetchSeries = (p: Period) => api.get<{ months: MonthKpis[] }>('/stats/series', { ...p });
export const fetchDepartmentTable = (p: Period) => api.get<ListResult<DepartmentRow>>('/stats/departments', { from: p.from, to: p.to });
export const fetchDrilldown = (kpi: string, part: 'numerator' | 'denominator', p: Period, page: number, pageSize = 10) =>
  api.get<Drilldown>('/stats/drilldown', { kpi, part, ...p, page, pageSize });
export const fetchOverdueCases = (page: number, pageSize = 8) => api.get<ListResult<CaseRecord>>('/stats/overdue-cases', { page, pageSize });
export const fetchCards = (q: { status?: string; color?: string; department?: number; month?: string; page?: number; pageSize?: number }) =>
  api.get<ListResult<Card>>('/supervision/cards', q);
export const acknowledgeCard = (id: number, explanation: string) => api.post<Card>(`/supervision/cards/${id}/acknowledge`, { explanation });

/** KPI names, Chinese labels and how each reads (SPEC §3). */
export const KPI_META: Record<string, { label: string; unit: 'rate' | 'count' | 'days'; numerator: string; denominator: string }> = {
  'cases.onTimeRate': { label: '按时办结率', unit: 'rate', numerator: '按时办结', denominator: '办结' },
  'cases.statutorySpeedupRate': { label: '法定时限提速率', unit: 'rate', numerator: '法定时限 − 实际用时（工作日）', denominator: '法定时限合计（工作日）' },
  'cases.completionRate': { label: '办结率', unit: 'rate', numerator: '办结', denominator: '受理（收件）' },
  'supervision.redCards': { label: '红牌', unit: 'count', numerator: '红牌', denominator: '监察办件' },
  'supervision.yellowCards': { label: '黄牌', unit: 'count', numerator: '黄牌', denominator: '监察办件' },
  'catalog.onlineCapableRate': { label: '网上可办率', unit: 'rate', numerator: '可网办事项', denominator: '依申请事项' },
  'catalog.level3PlusRate': { label: '三级以上网办深度', unit: 'rate', numerator: '三级以上事项', denominator: '依申请事项' },
  'catalog.fullOnlineRate': { label: '全程网办率', unit: 'rate', numerator: '全程网办事项', denominator: '依申请事项' },
  'catalog.promiseCompressionRate': { label: '承诺时限压缩率', unit: 'rate', numerator: '压缩工作日', denominator: '法定工作日' },
  'evaluations.activeRate': { label: '主动评价率', unit: 'rate', numerator: '主动评价', denominator: '全部评价' },
  'evaluations.goodRate': { label: '好评率', unit: 'rate', numerator: '好评', denominator: '主动评价' },
  'evaluations.actualGoodRate': { label: '实际好评率', unit: 'rate', numerator: '主动评价 − 有效差评', denominator: '主动评价' },
  'evaluations.rectificationRate': { label: '差评整改率', unit: 'rate', numerator: '已整改', denominator: '有效差评' },
  'hotline.connectRate': { label: '热线接通率', unit: 'rate', numerator: '接通', denominator: '呼入' },
  'hotline.onTimeRate': { label: '工单按时办结率', unit: 'rate', numerator: '按时办结', denominator: '办结' },
  'hotline.callbackRate': { label: '回访率', unit: 'rate', numerator: '已回访', denominator: '办结' },
  'hotline.satisfactionRate': { label: '回访满意率', unit: 'rate', numerator: '满意+基本满意', denominator: '有效回访' },
  'mailbox.completionRate': { label: '市长信箱办结率', unit: 'rate', numerator: '办结', denominator: '来信' },
  'mailbox.averageDays': { label: '信件平均办理天数', unit: 'days', numerator: '办理天数合计', denominator: '办结来信' },
};

export function formatKpi(name: string, k: Kpi | undefined): string {
  if (!k) return '—';
  const unit = KPI_META[name]?.unit ?? 'rate';
  if (unit === 'count') return k.numerator.toLocaleString('zh-CN');
  if (k.value === null) return '—';
  if (unit === 'days') return k.value.toFixed(1);
  return `${(k.value * 100).toFixed(2)}%`;
}

export const CASE_STATUS_LABELS: Record<string, string> = {
  submitted: '待受理',
  correction_requested: '待补正',
  accepted: '办理中',
  suspended: '中止',
  approved: '已准予',
  denied: '不予许可',
  completed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
};
