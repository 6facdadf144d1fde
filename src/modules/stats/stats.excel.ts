import type { Kpi } from '../../shared/kpi';
import { kpiLabel } from '../../shared/kpi-labels';

// Loaded on first use: exceljs costs ~0.4 s of start-up for a feature used a few times a day.
const loadExcel = async () => (await import('exceljs')).default;

interface DeptRow {
  departmentName: string;
  kpis: Record<string, Kpi>;
  openOverdue: number;
}

const pct = (k: Kpi | undefined) => (k && k.value !== null ? k.value : null);

/** Two sheets: the summary (every KPI with numerator and denominator) and the department table. */
export async function summaryWorkbook(summary: { from: string; to: string; department: number | null; kpis: Record<string, Kpi> }, deps: DeptRow[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'onewindow';
  const s = wb.addWorksheet('指标汇总');
  s.addRow([`统计区间：${summary.from} 至 ${summary.to}`]);
  s.addRow([]);
  const head = s.addRow(['指标代码', '指标名称', '数值', '分子', '分母']);
  head.font = { bold: true };
  for (const [name, k] of Object.entries(summary.kpis)) {
    const meta = kpiLabel(name);
    const row = s.addRow([name, meta?.label ?? name, meta?.format === 'count' ? k.numerator : k.value, k.numerator, k.denominator]);
    if (meta?.format === 'percent') row.getCell(3).numFmt = '0.00%';
    else if (meta?.format === 'number') row.getCell(3).numFmt = '0.0';
  }
  s.columns = [{ width: 34 }, { width: 24 }, { width: 12 }, { width: 12 }, { width: 12 }];

  const d = wb.addWorksheet('部门排名');
  const h = d.addRow(['排名', '部门', '按时办结率', '按时办结', '办结', '法定时限提速率', '办结率', '受理', '红牌', '黄牌', '超期在办']);
  h.font = { bold: true };
  deps.forEach((r, i) => {
    const on = r.kpis['cases.onTimeRate'];
    const row = d.addRow([
      i + 1,
      r.departmentName,
      pct(on),
      on?.numerator ?? 0,
      on?.denominator ?? 0,
      pct(r.kpis['cases.statutorySpeedupRate']),
      pct(r.kpis['cases.completionRate']),
      r.kpis['cases.completionRate']?.denominator ?? 0,
      r.kpis['supervision.redCards']?.numerator ?? 0,
      r.kpis['supervision.yellowCards']?.numerator ?? 0,
      r.openOverdue,
    ]);
    for (const c of [3, 6, 7]) row.getCell(c).numFmt = '0.00%';
  });
  d.columns = [{ width: 6 }, { width: 30 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 14 }, { width: 10 }, { width: 10 }, { width: 8 }, { width: 8 }, { width: 10 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
