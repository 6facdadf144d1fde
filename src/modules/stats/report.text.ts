/**
 * The report model as plain text: what `onewindow report` prints and what the .docx paragraphs say. A
 * figure reads as its display (96.87%, 2,042 项); tables as tab-separated rows.
 */
import type { ReportParagraph, ReportSection, YearReportModel } from '../../shared/report.types';
import { beijingText } from './report.rules';

export function paragraphText(p: ReportParagraph, model: YearReportModel): string {
  return p.runs.map((r) => ('text' in r ? r.text : (model.figures[r.figure]?.display ?? '—'))).join('');
}

function sectionLines(s: ReportSection, model: YearReportModel, out: string[]): void {
  out.push('', s.heading);
  for (const p of s.paragraphs) out.push(`  ${paragraphText(p, model)}`);
  for (const t of s.tables) {
    out.push(`  ${t.title}：`, `    ${t.columns.join('\t')}`);
    for (const r of t.rows) out.push(`    ${r.join('\t')}`);
  }
  for (const c of s.children) sectionLines(c, model, out);
}

export function reportText(model: YearReportModel): string {
  const out = [model.title, `统计区间：${model.from} 至 ${model.to}`];
  if (model.sweep) out.push(`电子监察扫描：${beijingText(model.sweep.ranAt)}（新发 ${model.sweep.issued} 张）`);
  for (const s of model.sections) sectionLines(s, model, out);
  return out.join('\n');
}
