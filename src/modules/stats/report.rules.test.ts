import { describe, expect, it } from 'vitest';
import { kpiLabel } from '../../shared/kpi-labels';
import { beijingText, breakdownText, buildFigure, displayValue, draftProblems, figureFormat, isStock, trimmed, type IndicatorOutcomeInput } from './report.rules';

const k = (numerator: number, denominator: number) => ({ value: denominator === 0 ? null : numerator / denominator, numerator, denominator });

describe('report precision', () => {
  it.each([
    ['a rate to two decimals', 'percent', k(104, 108), null, '96.30%'],
    ['a rate of nothing', 'percent', k(0, 0), null, '暂无数据'],
    ['a count exact with separators and unit', 'count', k(982454, 0), '条', '982,454 条'],
    ['an average to one decimal', 'average', k(520, 104), '天', '5 天'],
    ['an average with a fraction', 'average', k(53, 10), '天', '5.3 天'],
    ['no figure at all', 'percent', undefined, null, '暂无数据'],
  ] as const)('%s', (_l, format, kpi, unit, want) => {
    expect(displayValue(format, kpi, unit)).toBe(want);
  });

  it.each([
    [5, 1, '5'],
    [5.04, 1, '5'],
    [96.8712, 2, '96.87'],
    [2042, 0, '2,042'],
  ])('trimmed(%s, %s) = %s', (x, d, want) => expect(trimmed(x, d)).toBe(want));

  it('reads an average as an average, never as numerator over denominator', () => {
    const meta = kpiLabel('mailbox.averageDays');
    const text = breakdownText('average', k(520, 104), meta, '天');
    expect(text).toBe('办理天数合计 520 天 ÷ 办结来信 104 = 平均 5 天');
    expect(text).not.toContain('分子');
  });

  it('reads a rate with what its numerator and denominator count', () => {
    expect(breakdownText('percent', k(104, 108), kpiLabel('mailbox.completionRate'), null)).toBe('办结 104 / 来信 108');
    expect(beijingText('2026-10-09T01:00:30.000Z')).toBe('2026-10-09 09:00');
    expect(breakdownText('count', k(3, 9), kpiLabel('supervision.redCards'), '张')).toBeNull();
  });

  it.each([
    ['count', 'count'],
    ['number', 'average'],
    ['percent', 'percent'],
  ] as const)('label format %s reads as %s', (f, want) => expect(figureFormat({ format: f })).toBe(want));
});

describe('figure periods and drill links', () => {
  it.each([
    ['catalog.countyItems', true],
    ['licenses.inLibrary', true],
    ['egov.villagesConnected', true],
    ['licenses.issued', false],
    ['cases.onTimeRate', false],
    ['mailbox.averageDays', false],
  ])('%s is a stock: %s', (id, want) => expect(isStock(id)).toBe(want));

  it('gives a flow its period and a stock its as-of date, each with a drill link', () => {
    const flow = buildFigure({ id: 'cases.onTimeRate', kpi: k(9, 10), meta: kpiLabel('cases.onTimeRate'), from: '2026-01-01', to: '2026-11-24', year: 2026, drillKpi: 'cases.onTimeRate' });
    expect(flow).toMatchObject({ label: '按时办结率', display: '90.00%', numerator: 9, denominator: 10, from: '2026-01-01', to: '2026-11-24', asOf: null, periodText: '2026-01-01 至 2026-11-24' });
    expect(flow.drill?.api).toBe('/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=numerator&from=2026-01-01&to=2026-11-24');
    expect(flow.drill?.web).toBe('/reports/year?year=2026&figure=cases.onTimeRate');
    const stock = buildFigure({ id: 'catalog.countyItems', kpi: k(2042, 2217), meta: kpiLabel('catalog.countyItems'), from: '2026-01-01', to: '2026-12-13', year: 2026, drillKpi: null });
    expect(stock).toMatchObject({ display: '2,042 项', value: 2042, numerator: null, asOf: '2026-12-13', periodText: '截至 2026-12-13', drill: null });
  });

  it('labels an unknown id with the id itself rather than failing', () => {
    expect(buildFigure({ id: 'x.y', kpi: undefined, meta: undefined, from: 'a', to: 'b', year: 2026, drillKpi: null }).display).toBe('暂无数据');
  });
});

describe('三、存在的问题及原因 drafted from the records', () => {
  const ind = (over: Partial<IndicatorOutcomeInput>): IndicatorOutcomeInput => ({ name: '按时办结率', direction: '>=', target: 98, unit: '%', actual: 96.5, outcome: 'partial', deviationReason: '个别部门超期', ...over });
  const dept = (name: string, n: number, d: number, red = 0) => ({ name, onTime: k(n, d), redCards: red, yellowCards: 0 });

  it.each([
    ['a missed indicator with its reason', [ind({})], [], undefined, ['绩效指标“按时办结率”未达到目标（目标 ≥98%，实际 96.50%）。原因：个别部门超期。']],
    ['a missed indicator below its floor, no reason yet', [ind({ outcome: 'zero', actual: 50, deviationReason: null })], [], undefined, ['绩效指标“按时办结率”未达到目标（目标 ≥98%，实际 50.00%，低于底线不得分）。偏差原因尚未填写。']],
    ['indicators without actuals', [ind({ outcome: 'no_data', actual: null, name: 'A' }), ind({ outcome: 'no_data', actual: null, name: 'B' })], [], undefined, ['绩效指标“A”、“B”尚无实际值，佐证材料有待补充。']],
    ['met indicators say nothing', [ind({ outcome: 'met', actual: 99 })], [], undefined, ['本年度绩效目标均已达成，各部门按时办结率均不低于全局水平；平台记录未显示需要说明的问题。']],
  ])('%s', (_l, indicators, deps, overall, want) => {
    expect(draftProblems(indicators, deps, overall)).toEqual(want);
  });

  it('puts a name with quotation marks inside the inner ones', () => {
    expect(draftProblems([ind({ name: '“好差评”实际好评率', actual: 95.1 })], [], undefined)[0]).toMatch(/^绩效指标“‘好差评’实际好评率”未达到目标（目标 ≥98%，实际 95.10%）/);
  });

  it('names the worst departments below the bureau, worst first, more red cards first on a tie, at most three', () => {
    const deps = [dept('甲', 10, 10), dept('乙', 5, 10, 1), dept('丙', 5, 10, 3), dept('丁', 8, 10), dept('戊', 9, 10), dept('空', 0, 0)];
    const [line] = draftProblems([], deps, k(37, 50));
    expect(line).toBe('部分部门按时办结率低于全局 74.00%：丙 50.00%（按时办结 5 / 办结 10，红牌 3 张、黄牌 0 张）；乙 50.00%（按时办结 5 / 办结 10，红牌 1 张、黄牌 0 张）。');
  });
});
