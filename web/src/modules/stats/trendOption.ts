import type { EChartOption } from '../../components/EChart';
import type { Kpi } from '../../../../src/shared/kpi.types';

export interface MonthKpis {
  month: string;
  kpis: Record<string, Kpi>;
}

const pct = (k: Kpi | undefined) => (!k || k.value === null ? null : Math.round(k.value * 10000) / 100);

/**
 * The dashboard's monthly chart. Rates are drawn as straight segments (a smoothed curve overshoots between
 * points and would draw an on-time rate above 100 %); a month without cases has no point (a gap, and
 * "无数据" under its label and in the tooltip), never a 0 %; labels that would overlap are hidden. The
 * percent axis ends at 100 unless a 办结率 above 100 % (clearing a backlog) needs more room.
 */
export function trendOption(months: readonly MonthKpis[]): EChartOption {
  const onTime = months.map((m) => pct(m.kpis['cases.onTimeRate']));
  const completion = months.map((m) => pct(m.kpis['cases.completionRate']));
  const empty = months.map((_, i) => onTime[i] === null && completion[i] === null);
  const top = Math.max(100, ...completion.map((v) => (v === null ? 0 : Math.ceil(v / 10) * 10)));
  return {
    grid: { left: 44, right: 44, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '无数据' : String(v)),
    },
    xAxis: {
      type: 'category',
      data: months.map((m) => `${Number(m.month.slice(5))}月`),
      axisLabel: { interval: 0, formatter: (label: string, i: number) => (empty[i] ? `${label}\n{none|无数据}` : label), rich: { none: { color: '#999', fontSize: 10 } } },
    },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: top },
      { type: 'value', name: '张', minInterval: 1 },
    ],
    series: [
      {
        name: '按时办结率',
        type: 'line',
        smooth: false,
        connectNulls: false,
        data: onTime,
        label: { show: true, formatter: '{c}%', fontSize: 10, position: 'top' },
        labelLayout: { hideOverlap: true },
      },
      { name: '办结率', type: 'line', smooth: false, connectNulls: false, data: completion },
      { name: '红牌', type: 'bar', yAxisIndex: 1, barMaxWidth: 14, itemStyle: { color: '#f5222d' }, data: months.map((m) => m.kpis['supervision.redCards']?.numerator ?? 0) },
      { name: '黄牌', type: 'bar', yAxisIndex: 1, barMaxWidth: 14, itemStyle: { color: '#faad14' }, data: months.map((m) => m.kpis['supervision.yellowCards']?.numerator ?? 0) },
    ],
  };
}
