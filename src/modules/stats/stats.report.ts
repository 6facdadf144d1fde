/**
 * The yearly performance self-evaluation report (部门整体支出绩效自评报告) as .docx, in the bureau's own
 * sections. Every figure comes from the summary with its numerator and denominator; the text the bureau
 * writes itself (overview, problems, measures) comes from editable templates in kernel_settings.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { StatsNeedsContext } from './stats.context';
import type { StatsService } from './stats.service';
import type { Kpi } from '../../shared/kpi';
import { formatKpi as formatValue, kpiGroupLabel, kpiLabel } from '../../shared/kpi-labels';
import { monthlyOnTimeChart } from './report-chart';
import { DIRECTION_LABELS, type PerformanceTableView } from '../../shared/performance.types';

/** A figure in the report's text: with its unit (12 张, 3.5 天). */
const formatKpi = (name: string, k: Kpi) => formatValue(name, k, { unit: true });

/** "按时办结率 96.87%（分子 1,234 / 分母 1,274）" — every figure with what it is made of. */
export function figureText(name: string, k: Kpi | undefined): string {
  const meta = kpiLabel(name);
  const label = meta?.label ?? name;
  if (!k) return `${label}：暂无数据`;
  const n = (x: number) => x.toLocaleString('zh-CN');
  if (meta?.format === 'count') return `${label} ${formatKpi(name, k)}（同期${meta.denominator} ${n(k.denominator)} 件）`;
  return `${label} ${formatKpi(name, k)}（分子 ${n(k.numerator)} / 分母 ${n(k.denominator)}）`;
}

const p = (text: string, opts: { bold?: boolean; indent?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text, bold: opts.bold, font: 'SimSun', size: 24 })], indent: opts.indent === false ? undefined : { firstLine: 480 }, spacing: { line: 360 } });
const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
  new Paragraph({ heading: level, children: [new TextRun({ text, font: 'SimHei', bold: true, size: level === HeadingLevel.HEADING_1 ? 30 : 26 })], spacing: { before: 240, after: 120 } });

function cell(text: string, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: 'SimSun', size: 21 })] })] });
}

function kpiTable(names: string[], kpis: Record<string, Kpi>): Table {
  const rows = [new TableRow({ tableHeader: true, children: ['指标', '数值', '分子', '分母'].map((t) => cell(t, true)) })];
  for (const name of names) {
    const k = kpis[name];
    rows.push(new TableRow({ children: [cell(kpiLabel(name)?.label ?? name), cell(k ? formatKpi(name, k) : '—'), cell(k ? String(k.numerator) : '—'), cell(k ? String(k.denominator) : '—')] }));
  }
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

const pick = (kpis: Record<string, Kpi>, prefix: string) => Object.keys(kpis).filter((k) => k.startsWith(prefix));

/** The areas of work the report's own sections quote; every other KPI goes to （五）, grouped by area. */
const QUOTED_AREAS = ['catalog.', 'cases.', 'hotline.', 'mailbox.', 'disclosure.', 'evaluations.', 'supervision.'];

/** The figures of the areas no section quotes (modules added later): a heading, one line each and a table per area. */
export function otherAreasSection(kpis: Record<string, Kpi>): Array<Paragraph | Table> {
  const areas = new Map<string, string[]>();
  for (const name of Object.keys(kpis)) {
    if (QUOTED_AREAS.some((prefix) => name.startsWith(prefix))) continue;
    const area = kpiGroupLabel(name);
    areas.set(area, [...(areas.get(area) ?? []), name]);
  }
  if (areas.size === 0) return [];
  const out: Array<Paragraph | Table> = [h('（五）其他业务工作', HeadingLevel.HEADING_2)];
  for (const [area, names] of areas) {
    out.push(p(`${area}：${names.map((n) => figureText(n, kpis[n])).join('；')}。`), kpiTable(names, kpis));
  }
  return out;
}

/** 绩效目标完成情况: the year's indicator table with targets, actuals, scores and 偏差原因, its total and grade. */
export function indicatorTableSection(t: PerformanceTableView): Array<Paragraph | Table> {
  if (t.indicators.length === 0) return [];
  const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
  const state = t.status === 'signed' ? `已由${t.signedByName}签批（第 ${t.revision} 版）` : `${t.statusLabel}，尚未签批`;
  const rows = [
    new TableRow({ tableHeader: true, children: ['一级指标', '二级指标', '三级指标', '目标值', '实际值', '分值', '得分', '偏差原因'].map((x) => cell(x, true)) }),
    ...t.indicators.map(
      (i) =>
        new TableRow({
          children: [
            cell(i.level1),
            cell(i.level2),
            cell(i.name),
            cell(`${DIRECTION_LABELS[i.direction]}${n(i.target)}${i.unit}`),
            cell(i.actual === null ? '无数据' : `${n(i.actual)}${i.unit}`),
            cell(n(i.weight)),
            cell(n(i.score)),
            cell(i.met ? '—' : (i.deviationReason ?? '未填写')),
          ],
        }),
    ),
  ];
  return [
    h('（六）绩效目标完成情况', HeadingLevel.HEADING_2),
    p(`${t.year}年绩效目标自评表${state}：共 ${t.indicators.length} 项三级指标，自评得分 ${n(t.totalScore)} 分，等级为“${t.grade}”。实际值统计区间 ${t.from} 至 ${t.to}。`),
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
  ];
}

export async function buildYearReport(ctx: StatsNeedsContext, stats: StatsService, year: number): Promise<Buffer> {
  const from = `${year}-01-01`;
  const today = ctx.calendar.today();
  const to = `${year}-12-31` < today ? `${year}-12-31` : today;
  const summary = await stats.summary({ from, to: to < from ? from : to });
  const kpis = summary.kpis;
  const texts = await stats.reportTemplates.get();
  const caseKpis = ctx.services.caseKpis;
  const months = caseKpis ? await caseKpis.series(from, summary.to) : [];
  const deps = caseKpis ? await caseKpis.byDepartment(from, summary.to) : [];
  const region = '邵东市';
  const received = kpis['cases.completionRate']?.denominator ?? 0;
  const completed = kpis['cases.completionRate']?.numerator ?? 0;

  const chart = await monthlyOnTimeChart(months);

  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `${region}行政审批服务局${year}年度部门整体支出绩效自评报告`, bold: true, font: 'SimHei', size: 36 })],
      spacing: { after: 240 },
    }),
    p(`统计区间：${summary.from} 至 ${summary.to}。数据来源：一窗通办平台（办件、电子监察、好差评、12345 热线等模块）。`, { indent: false }),
    h('一、基本概况'),
    p(texts.overview),
    p(`${year}年（截至 ${summary.to}），全局共受理办件 ${received.toLocaleString('zh-CN')} 件，办结 ${completed.toLocaleString('zh-CN')} 件；${figureText('cases.completionRate', kpis['cases.completionRate'])}。`),
    h('二、整体支出绩效状况'),
    h('（一）营商环境与“放管服”改革', HeadingLevel.HEADING_2),
    ...['catalog.onlineCapableRate', 'catalog.level3PlusRate', 'catalog.fullOnlineRate', 'catalog.promiseCompressionRate', 'cases.onTimeRate', 'cases.statutorySpeedupRate']
      .filter((n) => kpis[n])
      .map((n) => p(`${figureText(n, kpis[n])}。`)),
    kpiTable([...pick(kpis, 'catalog.'), ...pick(kpis, 'cases.')], kpis),
    h('（二）12345 政务服务便民热线', HeadingLevel.HEADING_2),
    ...(pick(kpis, 'hotline.').length + pick(kpis, 'mailbox.').length > 0
      ? [...[...pick(kpis, 'hotline.'), ...pick(kpis, 'mailbox.')].map((n) => p(`${figureText(n, kpis[n])}。`)), kpiTable([...pick(kpis, 'hotline.'), ...pick(kpis, 'mailbox.')], kpis)]
      : [p('本年度热线数据尚未接入平台。')]),
    h('（三）网络安全与政务公开', HeadingLevel.HEADING_2),
    p('平台全部数据变更均记入防篡改的审计日志（哈希链可校验），个人信息在列表和日志中脱敏显示。'),
    ...(pick(kpis, 'disclosure.').length > 0
      ? [...pick(kpis, 'disclosure.').map((n) => p(`${figureText(n, kpis[n])}。`)), kpiTable(pick(kpis, 'disclosure.'), kpis)]
      : [p('政务公开数据尚未接入平台。')]),
    h('（四）大厅管理与“好差评”、电子监察', HeadingLevel.HEADING_2),
    ...pick(kpis, 'evaluations.').map((n) => p(`${figureText(n, kpis[n])}。`)),
    p(`电子监察：${figureText('supervision.redCards', kpis['supervision.redCards'])}，${figureText('supervision.yellowCards', kpis['supervision.yellowCards'])}。`),
    p('各月按时办结率与办结率（折线，红色虚线为 95% 目标线）及红黄牌（柱）：', { indent: false }),
    new Paragraph({ children: [new ImageRun({ type: 'png', data: chart.png, transformation: { width: chart.width, height: chart.height } })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: ['月份', '按时办结率', '按时办结', '办结', '红牌', '黄牌'].map((t) => cell(t, true)) }),
        ...months.map(
          (m) =>
            new TableRow({
              children: [
                cell(m.month),
                cell(formatKpi('cases.onTimeRate', m.kpis['cases.onTimeRate'])),
                cell(String(m.kpis['cases.onTimeRate'].numerator)),
                cell(String(m.kpis['cases.onTimeRate'].denominator)),
                cell(String(m.kpis['supervision.redCards'].numerator)),
                cell(String(m.kpis['supervision.yellowCards'].numerator)),
              ],
            }),
        ),
      ],
    }),
    p('部门按时办结情况（按按时办结率排序）：', { indent: false }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: ['排名', '部门', '按时办结率', '按时办结/办结', '红牌', '黄牌'].map((t) => cell(t, true)) }),
        ...deps.map(
          (d, i) =>
            new TableRow({
              children: [
                cell(String(i + 1)),
                cell(d.departmentName),
                cell(formatKpi('cases.onTimeRate', d.kpis['cases.onTimeRate'])),
                cell(`${d.kpis['cases.onTimeRate'].numerator}/${d.kpis['cases.onTimeRate'].denominator}`),
                cell(String(d.counts.redCards)),
                cell(String(d.counts.yellowCards)),
              ],
            }),
        ),
      ],
    }),
    ...otherAreasSection(kpis),
    ...(ctx.services.performance ? indicatorTableSection(await ctx.services.performance.table(year)) : []),
    h('三、存在的问题'),
    ...texts.problems.map((t, i) => p(`${i + 1}. ${t}`)),
    h('四、措施与建议'),
    ...texts.measures.map((t, i) => p(`${i + 1}. ${t}`)),
  ];
  const doc = new Document({ creator: 'onewindow', title: `${year}年度绩效自评报告`, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
