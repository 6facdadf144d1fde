import { api, type ListResult } from '../../app/request';
import type { Kpi } from '../../../../src/shared/kpi.types';
import type { Card } from '../../../../src/shared/supervision.types';
import type { CaseRecord as SharedCaseRecord } from '../../../../src/shared/cases.types';
import type { MonthKpis } from '../../../../src/shared/charts/on-time';

export type { Kpi } from '../../../../src/shared/kpi.types';

export interface Summary {
  from: string;
  to: string;
  department: number | null;
  region: string | null;
  kpis: Record<string, Kpi>;
}

/** One month of the series: the shape the shared chart builder (src/shared/charts/on-time.ts) draws. */
export type { MonthKpis } from '../../../../src/shared/charts/on-time';

export interface DepartmentRow {
  departmentId: number;
  departmentName: string;
  kpis: Record<string, Kpi>;
  openOverdue: number;
}

/** A drill-down case row: the server's record with its department's name (and days overdue on overdue lists). */
export type CaseRecord = SharedCaseRecord & { departmentName: string | null; workdaysOverdue?: number | null };

export type { Card } from '../../../../src/shared/supervision.types';

/** The records behind the 12345 reach figures (hotline.reach.ts). */
export interface HotlineOrderRecord {
  id: number;
  orderNo: string;
  channelLabel: string;
  title: string;
  statusLabel: string;
  createdAt: string;
  finishedAt: string | null;
}
export interface RosterRecord {
  id?: number;
  code?: string;
  name: string;
  departmentName?: string;
  topics?: string;
  units?: string[];
  since?: string | null;
  active?: boolean;
  hasKbEntry?: boolean;
  rated?: boolean;
}

interface DrilldownPage {
  total: number;
  kpi: string;
  part: 'numerator' | 'denominator';
}

/** The record kinds the dashboard's drawer has its own columns for. */
export type KnownDrilldown = (
  | { kind: 'cases'; items: CaseRecord[] }
  | { kind: 'cards'; items: Card[] }
  | { kind: 'hotline_order'; items: HotlineOrderRecord[] }
  | { kind: 'hotline_expert_seat' | 'hotline_line' | 'department'; items: RosterRecord[] }
) &
  DrilldownPage;

/** Any other record kind (hall tickets, licences, posts, walks …): read through `recordSummary`. */
export type Drilldown = KnownDrilldown | ({ kind: string; items: unknown[] } & DrilldownPage);

const KNOWN_KINDS: ReadonlySet<string> = new Set(['cases', 'cards', 'hotline_order', 'hotline_expert_seat', 'hotline_line', 'department']);
export const isKnownDrilldown = (d: Drilldown): d is KnownDrilldown => KNOWN_KINDS.has(d.kind);

export interface Period {
  from: string;
  to: string;
  department?: number;
  /** A county of a province installation (行政区划代码); never together with `department`. */
  region?: string;
}

/** A county the installation serves (GET /regions). */
export interface Region {
  code: string;
  name: string;
  installation: boolean;
  departments: number;
}

export const fetchSummary = (p: Period) => api.get<Summary>('/stats/summary', { ...p });
export const fetchSeries = (p: Period) => api.get<{ months: MonthKpis[] }>('/stats/series', { ...p });
export const fetchDepartmentTable = (p: Period) => api.get<ListResult<DepartmentRow>>('/stats/departments', { from: p.from, to: p.to, region: p.region });
export const fetchDrilldown = (kpi: string, part: 'numerator' | 'denominator', p: Period, page: number, pageSize = 10) =>
  api.get<Drilldown>('/stats/drilldown', { kpi, part, ...p, page, pageSize });
export const fetchOverdueCases = (page: number, pageSize = 8, region?: string) => api.get<ListResult<CaseRecord>>('/stats/overdue-cases', { page, pageSize, region });
export const fetchRegions = () => api.get<ListResult<Region>>('/regions');
export const fetchCards = (q: { status?: string; color?: string; department?: number; region?: string; month?: string; from?: string; to?: string; page?: number; pageSize?: number }) =>
  api.get<ListResult<Card>>('/supervision/cards', q);
export const acknowledgeCard = (id: number, explanation: string) => api.post<Card>(`/supervision/cards/${id}/acknowledge`, { explanation });
export const acknowledgeCards = (ids: number[], explanation: string) => api.post<{ acknowledged: number }>('/supervision/cards/acknowledge', { ids, explanation });

import { CASE_STATUS_SHORT_LABELS } from '../../../../src/shared/cases.types';

/** KPI labels and formats: the one table the report, the Excel export and this dashboard read. */
export { KPI_LABELS, KPI_NAMES, formatKpi, kpiLabel } from '../../../../src/shared/kpi-labels';

/** Case statuses as the drill-down lists print them. */
export const CASE_STATUS_LABELS: Readonly<Record<string, string>> = CASE_STATUS_SHORT_LABELS;
