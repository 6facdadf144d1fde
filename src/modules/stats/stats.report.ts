/**
 * The yearly performance self-evaluation report (部门整体支出绩效自评报告) as .docx, rendered from the
 * report model (report.model.ts) section by section: the same figures, in the same words, as the web
 * preview and the annex workbook. A section that quotes figures gets a table of them with their counts.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Kpi } from '../../shared/kpi.types';
import type { ReportSection, ReportTable, YearReportModel } from '../../shared/report.types';
import { paragraphText } from './report.text';
import { beijingText } from './report.rules';
import { monthlyOnTimeChart } from './report-chart';

type Block = Paragraph | Table;


const p = (text: string, opts: { bold?: boolean; indent?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text, bold: opts.bold, font: 'SimSun', size: 24 })], indent: opts.indent === false ? undefined : { firstLine: 480 }, spacing: { line: 360 } });
const h = (text: string, level: 1 | 2) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    children: [new TextRun({ text, font: 'SimHei', bold: true, size: level === 1 ? 30 : 26 })],
    spacing: { before: 240, after: 120 },
  });

function cell(text: string, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: 'SimSun', size: 21 })] })] });
}

function table(columns: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: columns.map((c) => cell(c, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));

/** The figures a section quotes, each with its counts and period (a rate's numerator and denominator). */
function figureTable(ids: string[], model: YearReportModel): Table {
  return table(
    ['指标', '数值', '分子', '分母', '统计区间'],
    ids.map((id) => {
      const f = model.figures[id];
      return [f.label, f.display, f.numerator === null ? '—' : `${f.numeratorLabel}：${n(f.numerator)}`, f.denominator === null ? '—' : `${f.denominatorLabel}：${n(f.denominator)}`, f.periodText];
    }),
  );
}

function tableBlocks(t: ReportTable): Block[] {
  return [p(`${t.title}：`, { indent: false }), table(t.columns, t.rows)];
}

async function sectionBlocks(s: ReportSection, model: YearReportModel, months: Array<{ month: string; kpis: Record<string, Kpi> }>): Promise<Block[]> {
  const out: Block[] = [h(s.heading, s.level), ...s.paragraphs.map((x) => p(paragraphText(x, model)))];
  if (s.figures.length > 0) out.push(figureTable(s.figures, model));
  for (const t of s.tables) {
    out.push(...tableBlocks(t));
    if (t.title.startsWith('各月按时办结率') && months.length > 0) {
      const chart = await monthlyOnTimeChart(months);
      out.push(p('各月按时办结率与办结率（折线，红色虚线为 95% 目标线）及红黄牌（柱）：', { indent: false }));
      out.push(new Paragraph({ children: [new ImageRun({ type: 'png', data: chart.png, transformation: { width: chart.width, height: chart.height } })] }));
    }
  }
  for (const c of s.children) out.push(...(await sectionBlocks(c, model, months)));
  return out;
}

/** The .docx of a built model (`months`: the series the chart draws). */
export async function renderYearReport(model: YearReportModel, months: Array<{ month: string; kpis: Record<string, Kpi> }>): Promise<Buffer> {
  const children: Block[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: model.title, bold: true, font: 'SimHei', size: 36 })], spacing: { after: 240 } }),
    p(`统计区间：${model.from} 至 ${model.to}。数据来源：“一窗通办”平台业务记录；报告生成于 ${beijingText(model.generatedAt)}。`, { indent: false }),
  ];
  for (const s of model.sections) children.push(...(await sectionBlocks(s, model, months)));
  const doc = new Document({ creator: 'onewindow', title: `${model.year}年度绩效自评报告`, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
