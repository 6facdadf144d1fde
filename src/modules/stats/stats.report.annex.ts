/**
 * 五、附件 of the yearly report: a workbook with every figure of the model (指标明细: value, numerator,
 * denominator, definition, period, the section that quotes it) and the records behind each (办件明细, from
 * the modules' KPI sources, capped per figure so a county-year stays a workbook Excel opens).
 */
import type { KpiRecords } from '../../kernel/module';
import type { ReportSection, YearReportModel } from '../../shared/report.types';
import { recordSummary } from '../../shared/report-records';

const loadExcel = async () => (await import('exceljs')).default;

/** Records listed per figure and part; the sheet says how many more there are. */
export const ANNEX_RECORDS_PER_PART = 1000;

export type RecordsReader = (kpi: string, part: 'numerator' | 'denominator', offset: number, limit: number) => Promise<KpiRecords | null>;

/** The headings that quote each figure ("二、整体支出绩效状况 / （一）…"). */
function sectionsOf(sections: ReportSection[], trail: string[] = [], out = new Map<string, string>()): Map<string, string> {
  for (const s of sections) {
    const path = [...trail, s.heading];
    for (const id of s.figures) if (!out.has(id)) out.set(id, path.join(' / '));
    sectionsOf(s.children, path, out);
  }
  return out;
}

/** A record of any module as one row: its number, name, department, date and status, and all its fields. */
export function recordRow(item: unknown): string[] {
  const r = recordSummary(item);
  return [r.no, r.name, r.department, r.date, r.status, JSON.stringify(item)];
}

export async function annexWorkbook(model: YearReportModel, readRecords: RecordsReader): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'onewindow';
  const where = sectionsOf(model.sections);

  const s = wb.addWorksheet('指标明细');
  s.addRow([`${model.title}　附件：指标明细（统计区间 ${model.from} 至 ${model.to}）`]).font = { bold: true };
  s.addRow([]);
  s.addRow(['指标名称', '数值', '分子', '分子口径', '分母', '分母口径', '口径说明', '统计区间', '报告章节', '明细', '指标代码']).font = { bold: true };
  for (const f of Object.values(model.figures)) {
    const row = s.addRow([
      f.label,
      f.display,
      f.numerator,
      f.numeratorLabel,
      f.denominator,
      f.denominatorLabel,
      f.definition ?? (f.format === 'average' ? `${f.numeratorLabel} ÷ ${f.denominatorLabel}` : f.format === 'percent' ? `${f.numeratorLabel} ÷ ${f.denominatorLabel}` : f.numeratorLabel),
      f.periodText,
      where.get(f.id) ?? '',
      f.drill ? '见“办件明细”' : '—',
      f.id,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  s.columns = [{ width: 26 }, { width: 14 }, { width: 12 }, { width: 18 }, { width: 12 }, { width: 18 }, { width: 40 }, { width: 24 }, { width: 36 }, { width: 12 }, { width: 30 }];

  const d = wb.addWorksheet('办件明细');
  d.addRow(['指标名称', '分子/分母', '序号', '编号', '名称', '部门', '日期', '状态', '全部字段']).font = { bold: true };
  for (const f of Object.values(model.figures)) {
    if (!f.drill) continue;
    const kpi = new URL(f.drill.api, 'http://x').searchParams.get('kpi')!;
    // a derived figure (受理办件) drills into its parent's records: list them once, under the parent
    if (kpi !== f.id) continue;
    const parts: Array<'numerator' | 'denominator'> = f.format === 'count' ? ['numerator'] : ['numerator', 'denominator'];
    for (const part of parts) {
      const r = await readRecords(kpi, part, 0, ANNEX_RECORDS_PER_PART);
      if (!r) continue;
      const partLabel = part === 'numerator' ? `分子：${f.numeratorLabel ?? ''}` : `分母：${f.denominatorLabel ?? ''}`;
      r.items.forEach((item, i) => d.addRow([f.label, partLabel, i + 1, ...recordRow(item)]));
      if (r.total > r.items.length) d.addRow([f.label, partLabel, '', `另有 ${r.total - r.items.length} 条未列出（共 ${r.total} 条），可在平台中按指标查看全部`]);
    }
  }
  d.columns = [{ width: 24 }, { width: 22 }, { width: 8 }, { width: 24 }, { width: 30 }, { width: 24 }, { width: 20 }, { width: 12 }, { width: 60 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
