import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { CHART_COLORS } from '../../../src/shared/charts/on-time';

// Only what the dashboards use (LabelLayout: labelLayout.hideOverlap), so the echarts chunk stays small; add chart types here when needed.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, LabelLayout, CanvasRenderer]);

export type EChartOption = EChartsCoreOption;

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** A chart that follows its container's width. */
export function EChart({ option, height = 280, ariaLabel, testId }: { option: EChartOption; height?: number; ariaLabel?: string; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT }, color: CHART_COLORS, ...option }, true);
    // The option the chart actually draws, readable by browser tests (a canvas shows them no numbers).
    if (el.current && chart.current) (el.current as HTMLDivElement & { chartOption?: unknown }).chartOption = chart.current.getOption();
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
