/**
 * The case and supervision KPI formulas of SPEC §3, as pure functions over counts. Every figure is
 * { value, numerator, denominator } so it traces back to records; value is null when the denominator is 0.
 */

import { ratio, type Kpi } from '../../shared/kpi';
export type { Kpi } from '../../shared/kpi';

export const CASE_KPI_NAMES = ['cases.onTimeRate', 'cases.statutorySpeedupRate', 'cases.completionRate', 'supervision.redCards', 'supervision.yellowCards'] as const;
export type CaseKpiName = (typeof CASE_KPI_NAMES)[number];

/** The counts of one period (and department) behind the case KPIs. */
export interface CaseCounts {
  /** Cases submitted in the period. */
  received: number;
  /** Cases completed in the period, and of them on or before the promised due date. */
  completed: number;
  completedOnTime: number;
  /** Completed cases with a working-day legal limit > 0: Σ legal limit and Σ working days used. */
  withLegal: number;
  legalSum: number;
  usedSum: number;
  /** Cases whose clock ran at some point in the period (accepted by its end, not closed before its start). */
  supervised: number;
  redCards: number;
  yellowCards: number;
}

export const emptyCounts = (): CaseCounts => ({ received: 0, completed: 0, completedOnTime: 0, withLegal: 0, legalSum: 0, usedSum: 0, supervised: 0, redCards: 0, yellowCards: 0 });

export function caseKpis(c: CaseCounts): Record<CaseKpiName, Kpi> {
  return {
    // completed on or before the promised due date / completed
    'cases.onTimeRate': ratio(c.completedOnTime, c.completed),
    // 1 − Σ used / Σ legal, written as (Σ legal − Σ used) / Σ legal so both counts stay visible
    'cases.statutorySpeedupRate': ratio(c.legalSum - c.usedSum, c.legalSum),
    // completed in the period / received in the period (may exceed 1 when a backlog is cleared)
    'cases.completionRate': ratio(c.completed, c.received),
    'supervision.redCards': ratio(c.redCards, c.supervised),
    'supervision.yellowCards': ratio(c.yellowCards, c.supervised),
  };
}

/** A case as the formulas see it (the naive baseline and the hand-worked tests count from these). */
export interface CaseFacts {
  status: string;
  departmentId: number;
  submittedOn: string;
  acceptedOn: string | null;
  closedOn: string | null;
  completedOn: string | null;
  onTime: boolean | null;
  workdaysUsed: number | null;
  legalLimit: number;
  limitUnit: 'workday' | 'natural';
}

/**
 * Counts straight from case facts (no roll-up): the definition the SQL and the daily roll-ups must match.
 * Legal-limit sums only take working-day limits (行政许可法 §82): a natural-day limit is not comparable
 * with working days used.
 */
export function countCases(cases: readonly CaseFacts[], from: string, to: string, cards: { red: number; yellow: number } = { red: 0, yellow: 0 }): CaseCounts {
  const c = emptyCounts();
  const inP = (d: string | null) => d !== null && d >= from && d <= to;
  for (const k of cases) {
    if (inP(k.submittedOn)) c.received++;
    if (k.status === 'completed' && inP(k.completedOn)) {
      c.completed++;
      if (k.onTime === true) c.completedOnTime++;
      if (k.legalLimit > 0 && k.limitUnit === 'workday') {
        c.withLegal++;
        c.legalSum += k.legalLimit;
        c.usedSum += k.workdaysUsed ?? 0;
      }
    }
    if (k.acceptedOn !== null && k.acceptedOn <= to && k.status !== 'withdrawn' && (k.closedOn === null || k.closedOn >= from)) c.supervised++;
  }
  c.redCards = cards.red;
  c.yellowCards = cards.yellow;
  return c;
}

/** Adds count records (roll-up rows, live rows) field by field. */
export function addCounts(a: CaseCounts, b: Partial<CaseCounts>): CaseCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as Array<keyof CaseCounts>) out[k] += b[k] ?? 0;
  return out;
}

/** Which record set each KPI's numerator and denominator is (for the drill-down). */
export const CASE_KPI_SETS: Record<CaseKpiName, { numerator: string; denominator: string }> = {
  'cases.onTimeRate': { numerator: 'completed_on_time', denominator: 'completed' },
  'cases.statutorySpeedupRate': { numerator: 'completed_with_legal', denominator: 'completed_with_legal' },
  'cases.completionRate': { numerator: 'completed', denominator: 'received' },
  'supervision.redCards': { numerator: 'red_cards', denominator: 'supervised' },
  'supervision.yellowCards': { numerator: 'yellow_cards', denominator: 'supervised' },
};
