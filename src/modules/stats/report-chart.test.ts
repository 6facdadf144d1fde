import { describe, expect, it, vi } from 'vitest';
import { ratio } from '../../shared/kpi';
import type { MonthKpis } from '../../shared/charts/on-time';
import { findChartFonts, svgToPng } from './chart-render';
import { monthlyOnTimeChart, monthlyOnTimeSvg } from './report-chart';

const months: MonthKpis[] = ['2026-01', '2026-02', '2026-03'].map((m, i) => ({
  month: m,
  kpis:
    i === 1
      ? { 'cases.onTimeRate': ratio(0, 0), 'cases.completionRate': ratio(0, 0), 'supervision.redCards': ratio(0, 0), 'supervision.yellowCards': ratio(0, 0) }
      : { 'cases.onTimeRate': ratio(97, 100), 'cases.completionRate': ratio(100, 104), 'supervision.redCards': ratio(1, 50), 'supervision.yellowCards': ratio(2, 50) },
}));

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the report’s monthly chart, rendered on the server', () => {
  it('is an SVG with the Chinese title, axis names, month labels and values', async () => {
    const svg = await monthlyOnTimeSvg(months);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of ['2026年各月按时办结率、办结率与红黄牌', '1月', '2月', '3月', '无数据', '月份', '比率（%）', '红黄牌（张）', '97%', '目标 95%', '按时办结率', '红牌'])
      expect(svg).toContain(s);
  });

  it('is a PNG twice the size Word shows it at, for print', async () => {
    const chart = await monthlyOnTimeChart(months);
    expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect({ width: chart.width, height: chart.height }).toEqual({ width: 600, height: 340 });
    expect(pngSize(chart.png)).toEqual({ width: 1200, height: 680 });
    expect(chart.png.length).toBeGreaterThan(10_000);
  });

  it('draws with the CJK font the machine has (fonts-noto-cjk here)', () => {
    const fonts = findChartFonts({});
    expect(fonts.missing).toBeUndefined();
    expect(fonts.files.some((f) => /NotoSansCJK/.test(f))).toBe(true);
  });

  it('without a CJK font still draws the chart and warns once, naming what to install', async () => {
    const fonts = findChartFonts({}, [['/nonexistent/font.ttc']]);
    expect(fonts.files).toEqual([]);
    expect(fonts.missing).toContain('fonts-noto-cjk');
    const warn = vi.fn();
    const svg = await monthlyOnTimeSvg(months);
    const png = await svgToPng(svg, 1, fonts, warn);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 600, height: 340 });
    await svgToPng(svg, 1, fonts, warn);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
