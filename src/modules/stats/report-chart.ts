/**
 * The charts of the yearly report. One function per chart, each returning the PNG Word embeds; the report
 * calls only these, so how a chart is drawn can change without touching the report.
 */
import type { Kpi } from '../../shared/kpi';
import { barChartPng } from './png-chart';

export interface MonthKpis {
  month: string;
  kpis: Record<string, Kpi>;
}

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/** 各月按时办结率: one bar per month against the 95 % target line. */
export async function monthlyOnTimeChart(months: MonthKpis[]): Promise<ChartImage> {
  const png = barChartPng(
    months.map((m) => m.kpis['cases.onTimeRate']?.value ?? null),
    { max: 1, target: 0.95 },
  );
  return { png, width: 560, height: 228 };
}
