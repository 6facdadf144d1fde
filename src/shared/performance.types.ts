/**
 * 绩效目标与自评 (issue 18): the provincial self-evaluation table's levels, directions, grades and the
 * views the web pages read. Plain data shared by server and web.
 */

/** 一级指标 → its 二级指标, in the provincial table's order. */
export const INDICATOR_LEVELS = {
  产出: ['数量', '质量', '时效', '成本'],
  效益: ['社会效益', '可持续影响'],
  满意度: ['服务对象满意度'],
} as const;
export type Level1 = keyof typeof INDICATOR_LEVELS;
export const LEVEL1 = Object.keys(INDICATOR_LEVELS) as Level1[];

/** How the actual compares with the target: ≥ (at least), ≤ (at most), = (exactly). */
export const DIRECTIONS = ['>=', '<=', '='] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** The table's life: 编制中 → 已提交 (weights checked) → 已签批 (locked); a revision reopens it as 编制中. */
export const TABLE_STATUSES = ['draft', 'submitted', 'signed'] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];
export const TABLE_STATUS_LABELS: Record<TableStatus, string> = { draft: '编制中', submitted: '已提交待签批', signed: '已签批' };

export type Grade = '优' | '良' | '中' | '差';

export type IndicatorOutcome = 'met' | 'partial' | 'zero' | 'no_data';
export const OUTCOME_LABELS: Record<IndicatorOutcome, string> = { met: '达成', partial: '未达成（按比例得分）', zero: '未达成（低于底线，不得分）', no_data: '无实际值' };

export interface IndicatorView {
  id: number;
  sort: number;
  level1: Level1;
  level2: string;
  name: string;
  direction: Direction;
  target: number;
  unit: string;
  /** The value beyond which the indicator scores zero (≥: below it; ≤: above it); null: proportional down to 0. */
  floor: number | null;
  weight: number;
  source: 'kpi' | 'manual';
  kpiKey: string | null;
  kpiLabel: string | null;
  /** Actual in the indicator's unit (a percentage KPI reads as 96.87 for 96.87 %); null when none yet. */
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  manualNote: string | null;
  evidence: { id: number; fileName: string; mime: string; size: number } | null;
  authorName: string | null;
  score: number;
  outcome: IndicatorOutcome;
  met: boolean;
  deviationReason: string | null;
}

export interface RevisionView {
  revision: number;
  reason: string;
  openedByName: string | null;
  openedAt: string;
  signedByName: string | null;
  signedAt: string | null;
  totalScore: number | null;
  grade: Grade | null;
}

export interface PerformanceTableView {
  year: number;
  status: TableStatus;
  statusLabel: string;
  revision: number;
  /** The period the KPI actuals cover (1 January to the year's end or today). */
  from: string;
  to: string;
  weightSum: number;
  totalScore: number;
  grade: Grade;
  submittedByName: string | null;
  submittedAt: string | null;
  signedByName: string | null;
  signedAt: string | null;
  indicators: IndicatorView[];
  /** Indicators not met that have no 偏差原因 yet (sign-off refuses while any remain). */
  missingReasons: number[];
}

export const BUDGET_CATEGORIES = ['basic', 'project'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];
export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = { basic: '基本支出', project: '项目支出' };

export const ASSET_CHECK_RESULTS = ['match', 'mismatch', 'missing'] as const;
export type AssetCheckResult = (typeof ASSET_CHECK_RESULTS)[number];
export const ASSET_CHECK_LABELS: Record<AssetCheckResult, string> = { match: '账实相符', mismatch: '账实不符', missing: '盘亏（未找到）' };
