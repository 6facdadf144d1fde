/**
 * Pure rules of 绩效目标与自评: the scoring rule of an indicator, the grade of a total, what a target must
 * state, the table's state machine, the evidence file types, and the budget and asset rates.
 */
import type { UploadKind } from '../../kernel/validators/upload-sniff';
import type { KpiFormat } from '../../shared/kpi-labels';
import type { Kpi } from '../../shared/kpi.types';
import { DIRECTIONS, INDICATOR_LEVELS, type Direction, type Grade, type IndicatorOutcome, type Level1, type TableStatus } from '../../shared/performance.types';

export interface ScoreInput {
  direction: Direction;
  target: number;
  /** ≥: below this the indicator scores 0; ≤: above this it scores 0; =: a deviation beyond |floor − target| scores 0. */
  floor: number | null;
  weight: number;
  actual: number | null;
}

export interface ScoreResult {
  score: number;
  outcome: IndicatorOutcome;
  met: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const EPS = 1e-9;

/**
 * The stated scoring rule (全额/比例/零分): full weight when the target is met; below it, the weight in
 * proportion (≥: actual ÷ target; ≤: target ÷ actual; =: 1 − |actual − target| ÷ |target|); zero beyond
 * the floor, and zero with no actual value.
 */
export function scoreIndicator(i: ScoreInput): ScoreResult {
  if (i.actual === null || !Number.isFinite(i.actual)) return { score: 0, outcome: 'no_data', met: false };
  const a = i.actual;
  const t = i.target;
  let met: boolean;
  let beyondFloor = false;
  let share: number;
  switch (i.direction) {
    case '>=':
      met = a >= t - EPS;
      beyondFloor = i.floor !== null && a < i.floor - EPS;
      share = t > 0 ? a / t : 0;
      break;
    case '<=':
      met = a <= t + EPS;
      beyondFloor = i.floor !== null && a > i.floor + EPS;
      share = a > 0 ? t / a : 0;
      break;
    case '=':
      met = Math.abs(a - t) <= EPS;
      beyondFloor = i.floor !== null && Math.abs(a - t) > Math.abs(i.floor - t) + EPS;
      share = t !== 0 ? 1 - Math.abs(a - t) / Math.abs(t) : 0;
      break;
  }
  if (met) return { score: round2(i.weight), outcome: 'met', met: true };
  if (beyondFloor) return { score: 0, outcome: 'zero', met: false };
  const score = round2(i.weight * Math.min(1, Math.max(0, share)));
  return { score, outcome: score > 0 ? 'partial' : 'zero', met: false };
}

/** 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60. */
export function gradeOf(total: number): Grade {
  if (total >= 90 - EPS) return '优';
  if (total >= 80 - EPS) return '良';
  if (total >= 60 - EPS) return '中';
  return '差';
}

/** The sum of the weights (分值), to two decimals. */
export const weightSum = (weights: readonly number[]) => round2(weights.reduce((s, w) => s + w, 0));
export const totalScore = (scores: readonly number[]) => round2(scores.reduce((s, w) => s + w, 0));

export interface TargetInput {
  level1?: string;
  level2?: string;
  name?: string;
  direction?: string;
  target?: number | null;
  unit?: string;
  floor?: number | null;
  weight?: number;
  source?: string;
  kpiKey?: string | null;
}

export interface Problem {
  code: string;
  field: string;
  message: string;
}

/** What is wrong with a target as entered (the first problem), or null. */
export function targetProblem(t: TargetInput): Problem | null {
  if (!t.level1 || !Object.hasOwn(INDICATOR_LEVELS, t.level1)) return { code: 'LEVEL1_INVALID', field: 'level1', message: '一级指标须为 产出、效益 或 满意度' };
  const level2s = INDICATOR_LEVELS[t.level1 as Level1] as readonly string[];
  if (!t.level2 || !level2s.includes(t.level2)) return { code: 'LEVEL2_INVALID', field: 'level2', message: `“${t.level1}”下的二级指标须为：${level2s.join('、')}` };
  if (!t.name?.trim()) return { code: 'INDICATOR_NAME_REQUIRED', field: 'name', message: '请填写三级指标名称' };
  if (!t.direction) return { code: 'TARGET_DIRECTION_REQUIRED', field: 'direction', message: '请选择目标值的方向（≥、≤ 或 =）' };
  if (!(DIRECTIONS as readonly string[]).includes(t.direction)) return { code: 'TARGET_DIRECTION_INVALID', field: 'direction', message: '目标值的方向须为 ≥、≤ 或 =' };
  if (t.target === undefined || t.target === null || !Number.isFinite(t.target)) return { code: 'TARGET_VALUE_REQUIRED', field: 'target', message: '请填写目标值' };
  if (!t.unit?.trim()) return { code: 'TARGET_UNIT_REQUIRED', field: 'unit', message: '请填写目标值的计量单位（如 %、件、天）' };
  if (t.weight === undefined || !Number.isFinite(t.weight) || t.weight <= 0 || t.weight > 100) return { code: 'WEIGHT_INVALID', field: 'weight', message: '分值须大于 0 且不超过 100' };
  if (t.floor !== undefined && t.floor !== null) {
    if (t.direction === '>=' && t.floor > t.target) return { code: 'FLOOR_INVALID', field: 'floor', message: '“≥”指标的不得分底线不能高于目标值' };
    if (t.direction === '<=' && t.floor < t.target) return { code: 'FLOOR_INVALID', field: 'floor', message: '“≤”指标的不得分上限不能低于目标值' };
  }
  if (t.source !== 'kpi' && t.source !== 'manual') return { code: 'SOURCE_INVALID', field: 'source', message: '实际值来源须为“平台指标”或“手工填报”' };
  if (t.source === 'kpi' && !t.kpiKey) return { code: 'KPI_KEY_REQUIRED', field: 'kpiKey', message: '请选择绑定的平台指标' };
  return null;
}

/** A KPI in an indicator's unit: a percentage reads as 96.87 (for 96.87 %), a count as its numerator, a number as its value. */
export function kpiActual(format: KpiFormat, k: Kpi | undefined): number | null {
  if (!k) return null;
  if (format === 'count') return k.numerator;
  if (k.value === null) return null;
  return format === 'percent' ? round2(k.value * 100) : round2(k.value);
}

/** A percentage KPI is compared in %; refuse another unit so that 0.95 is never compared with 95. */
export function unitProblem(format: KpiFormat, unit: string): Problem | null {
  if (format === 'percent' && unit.trim() !== '%') return { code: 'UNIT_MISMATCH', field: 'unit', message: '绑定的平台指标是百分比，计量单位须为 %' };
  return null;
}

/** The table's commands and the statuses each is allowed from. */
export const TABLE_TRANSITIONS = {
  edit: ['draft', 'submitted'],
  submit: ['draft'],
  explain: ['draft', 'submitted'],
  sign: ['submitted'],
  revise: ['signed'],
} as const satisfies Record<string, readonly TableStatus[]>;
export type TableAction = keyof typeof TABLE_TRANSITIONS;

const REFUSALS: Record<TableAction, string> = {
  edit: '绩效目标表已签批锁定，如需修改请先发起修订（新版本）',
  submit: '只有编制中的绩效目标表可以提交',
  explain: '绩效目标表已签批锁定，如需修改请先发起修订（新版本）',
  sign: '绩效目标表须先提交（分值合计 100）后才能签批',
  revise: '只有已签批的绩效目标表可以发起修订',
};

/** Null when `action` is allowed on a table in `status`; the Chinese refusal otherwise. */
export function checkTable(action: TableAction, status: TableStatus): string | null {
  return (TABLE_TRANSITIONS[action] as readonly TableStatus[]).includes(status) ? null : REFUSALS[action];
}

/** 佐证材料: PDF or a picture (a scan or a screenshot), recognised by content (kernel upload-sniff). */
export const EVIDENCE_KINDS: readonly UploadKind[] = ['pdf', 'png', 'jpeg'];

/** 执行率 = 执行数 ÷ (预算数 + 调整数); null when the adjusted budget is 0. */
export function executionRate(budget: number, adjustment: number, executed: number): number | null {
  const adjusted = budget + adjustment;
  return adjusted > 0 ? executed / adjusted : null;
}
