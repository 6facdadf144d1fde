/**
 * The monthly 办件时效 chart as an ECharts option, built by one plain function from the months' KPIs so the
 * leader dashboard (web, canvas) and the yearly report (server, SVG → PNG) draw the same chart. Pure data
 * in, option out: no echarts import here (the option is a plain object; types only).
 */
import type { Kpi } from '../kpi.types';
import { kpiLabel } from '../kpi-labels';

export interface MonthKpis {
  month: string;
  kpis: Record<string, Kpi>;
}

/** The palette both renderers use (the dashboard's blue first). */
export const CHART_COLORS = ['#1f5fbf', '#52c41a', '#faad14', '#f5222d'];

/**
 * Rates that are a share of their denominator and so can never exceed 100 %: a value above it (rounding,
 * a late correction) is drawn at 100 %. 办结率 is not one: clearing a backlog completes more than was
 * received, and the chart shows that truthfully (its axis grows instead).
 */
const SHARE_RATES = new Set(['cases.onTimeRate', 'cases.statutorySpeedupRate']);

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A KPI's value as a chart plots it, by its format: a percentage in % (two decimals; shares clamped to
 * 0–100), an average as the average (total ÷ count, e.g. 天 per case, never the total), a count as its
 * count. Null when the month has no data (denominator 0): a gap, never a 0.
 */
export function chartValue(name: string, k: Kpi | undefined): number | null {
  if (!k) return null;
  const format = kpiLabel(name)?.format ?? 'percent';
  if (format === 'count') return k.numerator;
  if (k.value === null) return null;
  if (format === 'number') return round2(k.value);
  const pct = round2(k.value * 100);
  return SHARE_RATES.has(name) ? Math.min(100, Math.max(0, pct)) : pct;
}

/** The smallest of 1, 2, 5 × 10ⁿ at or above x (an axis end the ticks divide evenly: 195 → 200). */
export function niceCeil(x: number): number {
  if (x <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x - 1e-9)!;
}

/** '2026-03' → '3月'. */
export const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;

export interface OnTimeChartOptions {
  /** A title drawn in the chart (the report's picture has no card around it; the dashboard's card has one). */
  title?: string;
  /** The on-time target as a ratio (0.95): a dashed red line across the chart. */
  target?: number;
  /** Draw without animation (server rendering, print). */
  static?: boolean;
}

/**
 * 各月按时办结率、办结率与红黄牌: the two rates as straight lines (a smoothed curve overshoots between points
 * and would draw a rate above 100 %), the on-time one with its values, the cards as bars on a second axis. A month without
 * cases has no point (a gap, and 无数据 under its label), never a 0 %. The % axis ends at 100 unless a
 * 办结率 above 100 % needs more room. Labels that would overlap are hidden.
 */
export function onTimeTrendOption(months: readonly MonthKpis[], opts: OnTimeChartOptions = {}) {
  const onTime = months.map((m) => chartValue('cases.onTimeRate', m.kpis['cases.onTimeRate']));
  const completion = months.map((m) => chartValue('cases.completionRate', m.kpis['cases.completionRate']));
  const red = months.map((m) => chartValue('supervision.redCards', m.kpis['supervision.redCards']) ?? 0);
  const yellow = months.map((m) => chartValue('supervision.yellowCards', m.kpis['supervision.yellowCards']) ?? 0);
  const empty = months.map((_, i) => onTime[i] === null && completion[i] === null);
  // Past 100 %, the axis ends on a multiple of its 20 % ticks (a 110 % end would crowd the 100 % tick).
  const top = Math.max(100, ...completion.map((v) => (v === null ? 0 : Math.ceil(v / 20) * 20)));
  // The cards' axis runs to 2.5 × the most cards of a month, so the bars keep to the lower part of the
  // chart and the rate lines (mostly above 80 %) and their values stay clear of them.
  const cardsTop = Math.max(4, niceCeil(Math.max(0, ...red, ...yellow) * 2.5));
  const titled = !!opts.title;
  const legendTop = titled ? 30 : 0;
  const cardLabel = { show: true, fontSize: 10, position: 'top' as const, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') };
  return {
    ...(opts.static ? { animation: false } : {}),
    color: CHART_COLORS,
    ...(titled ? { title: { text: opts.title, left: 'center', top: 4, textStyle: { fontSize: 15, fontWeight: 'bold' as const } } } : {}),
    grid: { left: 56, right: 56, top: legendTop + 46, bottom: 52 },
    legend: { top: legendTop, data: ['按时办结率', '办结率', '红牌', '黄牌'] },
    ...(opts.static
      ? {}
      : {
          tooltip: {
            trigger: 'axis' as const,
            valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '无数据' : String(v)),
          },
        }),
    xAxis: {
      type: 'category' as const,
      name: '月份',
      nameLocation: 'middle' as const,
      nameGap: empty.some(Boolean) ? 36 : 28,
      data: months.map((m) => monthLabel(m.month)),
      axisLabel: { interval: 0, formatter: (label: string, i: number) => (empty[i] ? `${label}\n{none|无数据}` : label), rich: { none: { color: '#999', fontSize: 10 } } },
    },
    yAxis: [
      { type: 'value' as const, name: '比率（%）', min: 0, max: top, axisLabel: { formatter: '{value}%' } },
      { type: 'value' as const, name: '红黄牌（张）', min: 0, max: cardsTop, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: '按时办结率',
        type: 'line' as const,
        smooth: false,
        connectNulls: false,
        data: onTime,
        // A white ground under each value keeps it legible where the 办结率 line crosses it.
        label: { show: true, formatter: '{c}%', fontSize: 10, position: 'top' as const, backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 2], borderRadius: 2 },
        labelLayout: { hideOverlap: true },
        ...(opts.target !== undefined
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#f5222d', type: 'dashed' as const },
                label: { formatter: `目标 ${round2(opts.target * 100)}%`, position: 'insideEndTop' as const, color: '#f5222d', fontSize: 10 },
                data: [{ yAxis: round2(opts.target * 100) }],
              },
            }
          : {}),
      },
      {
        name: '办结率',
        type: 'line' as const,
        smooth: false,
        connectNulls: false,
        data: completion,
        // No value labels: beside the on-time values they would collide; its values are in the tooltip
        // (dashboard) and the table under the chart (report).
      },
      { name: '红牌', type: 'bar' as const, yAxisIndex: 1, barMaxWidth: 14, itemStyle: { color: '#f5222d' }, label: cardLabel, data: red },
      { name: '黄牌', type: 'bar' as const, yAxisIndex: 1, barMaxWidth: 14, itemStyle: { color: '#faad14' }, label: cardLabel, data: yellow },
    ],
  };
}
