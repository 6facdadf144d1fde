/**
 * Pure rules of the yearly report (issue 18 item 5): how a figure reads to the report's precision, what
 * period it covers, and how section 三 (存在的问题及原因) is drafted from the indicators that missed their
 * targets and the departments that did worst. No I/O: the model builder feeds these.
 */
import type { Kpi } from '../../shared/kpi.types';
import type { KpiLabel } from '../../shared/kpi-labels';
import type { FigureFormat, ReportFigure } from '../../shared/report.types';
import { beijingParts } from '../../shared/beijing-time';

/** An instant as the bureau reads it: 北京时间 2026-10-09 09:00. */
export function beijingText(iso: string): string {
  const b = beijingParts(Date.parse(iso));
  return `${b.date} ${b.time.slice(0, 5)}`;
}

const num = (x: number) => x.toLocaleString('zh-CN');

/** A number to at most `digits` decimals, trailing zeros dropped: 5 · 5.2 · 96.87. */
export function trimmed(x: number, digits: number): string {
  return num(Number(x.toFixed(digits)));
}

/**
 * Figures that are a stock counted on a date (items in the catalogue, licenses in the library, villages
 * connected), not a flow over the period: the report says "截至" for them. Matched by name or prefix.
 */
const STOCKS = [
  'catalog.',
  'licenses.inLibrary',
  'licenses.types',
  'egov.townshipsConnected',
  'egov.villagesConnected',
  'intermediaries.listed',
  'cases.bundlesInForce',
  'cases.crossProvincePartners',
  'regulation.staffRegistered',
  'regulation.itemCoverage',
  'disclosure.newMediaAccounts',
  'disclosure.staleColumns',
  'hotline.expertSeats',
  'hotline.lines',
  'hotline.kbUnits',
];

export function isStock(id: string): boolean {
  return STOCKS.some((s) => (s.endsWith('.') ? id.startsWith(s) : id === s));
}

/** The label table's format as the report reads it: a "number" KPI is always an average (总量 ÷ 件数). */
export function figureFormat(meta: Pick<KpiLabel, 'format'> | undefined): FigureFormat {
  if (meta?.format === 'count') return 'count';
  if (meta?.format === 'number') return 'average';
  return 'percent';
}

/**
 * The value to the report's precision: a rate with two decimals (96.87%, as the bureau prints it), a
 * count exact with separators and its unit (2,042 项), an average with at most one decimal (5 天).
 */
export function displayValue(format: FigureFormat, k: Kpi | undefined, unit: string | null): string {
  if (!k) return '暂无数据';
  const u = unit ? ` ${unit}` : '';
  if (format === 'count') return `${num(k.numerator)}${u}`;
  if (k.value === null) return '暂无数据';
  if (format === 'average') return `${trimmed(k.value, 1)}${u}`;
  return `${(k.value * 100).toFixed(2)}%`;
}

/**
 * What a figure is made of, in words a leader reads: a rate "按时办结 1,234 / 办结 1,274";
 * an average "办理天数合计 520 天 ÷ 办结来信 104 = 平均 5 天" (never "分子 4 / 分母 1"); a count none.
 */
export function breakdownText(format: FigureFormat, k: Kpi | undefined, meta: Pick<KpiLabel, 'numerator' | 'denominator'> | undefined, unit: string | null): string | null {
  if (!k || format === 'count') return null;
  const nl = meta?.numerator ?? '分子';
  const dl = meta?.denominator ?? '分母';
  if (format === 'average') {
    const u = unit ? ` ${unit}` : '';
    const avg = k.value === null ? '暂无数据' : `平均 ${trimmed(k.value, 1)}${u}`;
    return `${nl} ${trimmed(k.numerator, 1)}${u} ÷ ${dl} ${num(k.denominator)} = ${avg}`;
  }
  return `${nl} ${num(k.numerator)} / ${dl} ${num(k.denominator)}`;
}

export function periodText(f: Pick<ReportFigure, 'from' | 'to' | 'asOf'>): string {
  if (f.asOf) return `截至 ${f.asOf}`;
  return `${f.from} 至 ${f.to}`;
}

export interface FigureInput {
  id: string;
  kpi: Kpi | undefined;
  meta: KpiLabel | undefined;
  from: string;
  to: string;
  year: number;
  /** The KPI whose records stand behind the figure (a derived figure drills into its parent), or null. */
  drillKpi: string | null;
  drillPart?: 'numerator' | 'denominator';
}

/** One figure of the report, complete: label, value to precision, counts, period and drill link. */
export function buildFigure(x: FigureInput): ReportFigure {
  const format = figureFormat(x.meta);
  const unit = x.meta?.unit ?? null;
  const stock = isStock(x.id);
  const from = stock ? null : x.from;
  const to = stock ? null : x.to;
  const asOf = stock ? x.to : null;
  const part = x.drillPart ?? 'numerator';
  const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
  return {
    id: x.id,
    label: x.meta?.label ?? x.id,
    format,
    value: !x.kpi ? null : format === 'count' ? x.kpi.numerator : x.kpi.value,
    display: displayValue(format, x.kpi, unit),
    unit,
    numerator: x.kpi && format !== 'count' ? x.kpi.numerator : null,
    denominator: x.kpi && format !== 'count' ? x.kpi.denominator : null,
    numeratorLabel: x.meta?.numerator ?? null,
    denominatorLabel: x.meta?.denominator ?? null,
    breakdown: breakdownText(format, x.kpi, x.meta, unit),
    definition: x.meta?.definition ?? null,
    from,
    to,
    asOf,
    periodText: periodText({ from, to, asOf }),
    drill: x.drillKpi
      ? {
          web: `/reports/year?${qs({ year: String(x.year), figure: x.id })}`,
          api: `/api/v1/stats/drilldown?${qs({ kpi: x.drillKpi, part, from: x.from, to: x.to })}`,
        }
      : null,
  };
}

// ------------------------------------------------------------------ 三、存在的问题及原因

export interface IndicatorOutcomeInput {
  name: string;
  direction: '>=' | '<=' | '=';
  target: number;
  unit: string;
  actual: number | null;
  outcome: 'met' | 'partial' | 'zero' | 'no_data';
  deviationReason: string | null;
}

export interface DepartmentOutcomeInput {
  name: string;
  onTime: Kpi | undefined;
  redCards: number;
  yellowCards: number;
}

/** A name in quotation marks; quotation marks inside it become the inner ‘’ (“‘好差评’实际好评率”). */
export const quoted = (name: string) => `“${name.replaceAll('“', '‘').replaceAll('”', '’')}”`;

const DIR: Record<IndicatorOutcomeInput['direction'], string> = { '>=': '≥', '<=': '≤', '=': '=' };

/** How many of the worst departments the report names. */
export const WORST_DEPARTMENTS = 3;

/**
 * Section 三 drafted from the records: each indicator that missed its target (with its 偏差原因, or a note
 * that none was given), the indicators with no actual yet, and the departments whose 按时办结率 fell below
 * the bureau's (worst first; more red cards first on a tie). Nothing to say → one sentence saying so.
 */
export function draftProblems(indicators: IndicatorOutcomeInput[], departments: DepartmentOutcomeInput[], overall: Kpi | undefined): string[] {
  const out: string[] = [];
  for (const i of indicators) {
    if (i.outcome !== 'partial' && i.outcome !== 'zero') continue;
    // a rate reads to the report's two decimals (96.50%); other units as entered
    const actual = i.actual === null ? '无' : `${i.unit === '%' ? i.actual.toFixed(2) : trimmed(i.actual, 2)}${i.unit}`;
    const reason = i.deviationReason?.trim() ? `原因：${i.deviationReason.trim()}` : '偏差原因尚未填写';
    out.push(`绩效指标${quoted(i.name)}未达到目标（目标 ${DIR[i.direction]}${trimmed(i.target, 2)}${i.unit}，实际 ${actual}${i.outcome === 'zero' ? '，低于底线不得分' : ''}）。${reason}。`);
  }
  const noData = indicators.filter((i) => i.outcome === 'no_data').map((i) => quoted(i.name));
  if (noData.length > 0) out.push(`绩效指标${noData.join('、')}尚无实际值，佐证材料有待补充。`);
  const avg = overall?.value ?? null;
  if (avg !== null) {
    const worst = departments
      .filter((d) => d.onTime && d.onTime.denominator > 0 && d.onTime.value !== null && d.onTime.value < avg)
      .sort((a, b) => a.onTime!.value! - b.onTime!.value! || b.redCards - a.redCards)
      .slice(0, WORST_DEPARTMENTS);
    if (worst.length > 0) {
      const list = worst.map((d) => `${d.name} ${(d.onTime!.value! * 100).toFixed(2)}%（按时办结 ${num(d.onTime!.numerator)} / 办结 ${num(d.onTime!.denominator)}，红牌 ${d.redCards} 张、黄牌 ${d.yellowCards} 张）`);
      out.push(`部分部门按时办结率低于全局 ${(avg * 100).toFixed(2)}%：${list.join('；')}。`);
    }
  }
  if (out.length === 0) out.push('本年度绩效目标均已达成，各部门按时办结率均不低于全局水平；平台记录未显示需要说明的问题。');
  return out;
}

/** 1. 2. 3. numbering of a drafted list, as the bureau writes it. */
export const numbered = (lines: string[]) => lines.map((t, i) => `${i + 1}. ${t}`);
