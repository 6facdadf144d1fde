/**
 * KPI formulas share one shape (SPEC §3): every figure is { value, numerator, denominator } so it can be
 * traced back to counts; value is null when the denominator is 0 (no data is not 0 %).
 */
import type { Kpi } from './kpi.types';
export type { Kpi } from './kpi.types';

export function ratio(numerator: number, denominator: number): Kpi {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}
