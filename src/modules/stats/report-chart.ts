/**
 * The charts of the yearly report. One function per chart, each returning the PNG Word embeds; the report
 * calls only these, so how a chart is drawn can change without touching the report. Each chart is the
 * dashboard's own ECharts option (src/shared/charts), rendered on the server (chart-render.ts).
 */
import { onTimeTrendOption, type MonthKpis } from '../../shared/charts/on-time';
import { renderChartSvg, svgToPng } from './chart-render';

export type { MonthKpis } from '../../shared/charts/on-time';

export interface ChartImage {
  png: Buffer;
  /** The size Word shows it at, in pixels (the PNG itself has twice as many, for print). */
  width: number;
  height: number;
}

/** The on-time target the report's chart draws as a dashed line. */
export const ON_TIME_TARGET = 0.95;

/** Fits the A4 text width of the report (about 600 px at 96 dpi). */
const SIZE = { width: 600, height: 340 };

/** The monthly chart's option as the report draws it: titled with the year, the 95 % target line, static. */
export function monthlyOnTimeOption(months: readonly MonthKpis[]) {
  const year = months[0]?.month.slice(0, 4);
  return onTimeTrendOption(months, { title: `${year ? `${year}年` : ''}各月按时办结率、办结率与红黄牌`, target: ON_TIME_TARGET, static: true });
}

/** 各月按时办结率、办结率与红黄牌 as an SVG document (tests, previews). */
export function monthlyOnTimeSvg(months: readonly MonthKpis[]): Promise<string> {
  return renderChartSvg(monthlyOnTimeOption(months), SIZE);
}

/** 各月按时办结率、办结率与红黄牌 as the PNG the report embeds, against the 95 % target line. */
export async function monthlyOnTimeChart(months: MonthKpis[]): Promise<ChartImage> {
  const png = await svgToPng(await monthlyOnTimeSvg(months), 2);
  return { png, ...SIZE };
}
