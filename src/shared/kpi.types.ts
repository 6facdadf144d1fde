/**
 * A KPI as every module's API answers it: the ratio with the counts it came from, so it can be traced back
 * to records; value is null when the denominator is 0 (no data is not 0 %). Shared by server and web.
 */
export interface Kpi {
  value: number | null;
  numerator: number;
  denominator: number;
}
