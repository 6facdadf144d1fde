import { describe, expect, it } from 'vitest';
import { ratio } from '../kpi';
import type { Kpi } from '../kpi.types';
import { chartValue, monthLabel, niceCeil, onTimeTrendOption, type MonthKpis } from './on-time';

const month = (m: string, onTime: Kpi, completion: Kpi, red = 0, yellow = 0): MonthKpis => ({
  month: m,
  kpis: { 'cases.onTimeRate': onTime, 'cases.completionRate': completion, 'supervision.redCards': ratio(red, 10), 'supervision.yellowCards': ratio(yellow, 10) },
});

describe('chartValue', () => {
  it.each([
    ['a rate in percent, two decimals', 'cases.onTimeRate', ratio(2, 3), 66.67],
    ['a share above 100 % (rounding, a late fix) clamped to 100', 'cases.onTimeRate', { value: 1.0004, numerator: 2501, denominator: 2500 }, 100],
    ['a share below 0 clamped to 0', 'cases.statutorySpeedupRate', { value: -0.2, numerator: -2, denominator: 10 }, 0],
    ['办结率 above 100 % kept (a backlog cleared)', 'cases.completionRate', ratio(120, 100), 120],
    ['no data: null, never 0', 'cases.onTimeRate', ratio(0, 0), null],
    ['an absent KPI: null', 'cases.onTimeRate', undefined, null],
    ['an average as the average (days ÷ letters), not the total', 'mailbox.averageDays', ratio(21, 4), 5.25],
    ['an average with no letters: null', 'mailbox.averageDays', ratio(0, 0), null],
    ['a count as its count', 'supervision.redCards', ratio(3, 40), 3],
    ['a count of a month without supervised cases: 0', 'supervision.redCards', ratio(0, 0), 0],
  ])('%s', (_name, name, kpi, want) => expect(chartValue(name, kpi)).toBe(want));

  it.each([
    [0.5, 1],
    [2.5, 5],
    [5, 5],
    [7.5, 10],
    [195, 200],
    [201, 500],
  ])('ends an axis at a round number: %s → %s', (x, want) => expect(niceCeil(x)).toBe(want));

  it('names months in Chinese', () => expect(['2026-01', '2026-10'].map(monthLabel)).toEqual(['1月', '10月']));
});

describe('onTimeTrendOption', () => {
  const months = [
    month('2026-01', ratio(9, 10), ratio(10, 10), 1, 2),
    month('2026-02', ratio(0, 0), ratio(0, 0)),
    month('2026-03', { value: 1.001, numerator: 1001, denominator: 1000 }, ratio(13, 10), 0, 1),
  ];
  const o = onTimeTrendOption(months, { title: '2026年各月按时办结率、办结率与红黄牌', target: 0.95, static: true });
  const series = (name: string) => o.series.find((s) => s.name === name)!;

  it('titles the chart and names its axes in Chinese', () => {
    expect(o.title?.text).toBe('2026年各月按时办结率、办结率与红黄牌');
    expect(o.xAxis.name).toBe('月份');
    expect(o.xAxis.data).toEqual(['1月', '2月', '3月']);
    expect(o.yAxis.map((a) => a.name)).toEqual(['比率（%）', '红黄牌（张）']);
    expect(o.legend.data).toEqual(['按时办结率', '办结率', '红牌', '黄牌']);
  });

  it('clamps the on-time rate to 100 %, never smooths, and shows the values', () => {
    expect(series('按时办结率').data).toEqual([90, null, 100]);
    for (const s of o.series.filter((x) => x.type === 'line')) expect(s.smooth).toBe(false);
    expect(series('按时办结率').label).toMatchObject({ show: true, formatter: '{c}%' });
  });

  it('shows a month without cases as a gap marked 无数据, never as 0 %', () => {
    expect(series('办结率').data).toEqual([100, null, 130]);
    for (const s of o.series.filter((x) => x.type === 'line')) expect(s.connectNulls).toBe(false);
    const fmt = o.xAxis.axisLabel.formatter;
    expect(fmt('2月', 1)).toContain('无数据');
    expect(fmt('1月', 0)).toBe('1月');
  });

  it('grows the % axis for a 办结率 above 100 % and keeps it at 100 otherwise', () => {
    expect(o.yAxis[0].max).toBe(140); // 130 % → the next 20 % tick
    expect(onTimeTrendOption([month('2026-01', ratio(9, 10), ratio(9, 10))]).yAxis[0].max).toBe(100);
  });

  it('draws the cards as counts with room above them, and the target line', () => {
    expect(series('红牌').data).toEqual([1, 0, 0]);
    expect(series('黄牌').data).toEqual([2, 0, 1]);
    expect(o.yAxis[1].max).toBe(5); // 2 cards × 2.5, rounded up: the bars keep to the lower part
    expect((series('按时办结率') as { markLine?: { data: unknown } }).markLine?.data).toEqual([{ yAxis: 95 }]);
  });

  it('is static for print and interactive on the dashboard', () => {
    expect(o.animation).toBe(false);
    expect('tooltip' in o).toBe(false);
    const web = onTimeTrendOption(months);
    expect('title' in web).toBe(false);
    expect(web.tooltip?.valueFormatter(null)).toBe('无数据');
    expect('markLine' in web.series[0]).toBe(false);
  });
});
