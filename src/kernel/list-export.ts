/**
 * What every filtered list with an Excel export shares (办件清单, 工单, 红黄牌): the checks of its filters
 * (a department that exists, a date range that is not inverted), the row limit of one export, and the
 * workbook of one table. One place, so every list refuses the same input with the same code and message.
 */
import { unprocessable } from './errors';
import { isRealDate } from '../shared/period';

// Loaded on first use: exceljs costs ~0.4 s of start-up for a feature used a few times a day.
const loadExcel = async () => (await import('exceljs')).default;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 422 INVALID_DATE_RANGE when a bound is not a real date or `from` is after `to` (either may be absent). */
export function checkDateRange(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && !isRealDate(from)) throw unprocessable('INVALID_DATE_RANGE', `开始日期不是有效日期：${from}`, { field: 'from' });
  if (to !== undefined && !isRealDate(to)) throw unprocessable('INVALID_DATE_RANGE', `结束日期不是有效日期：${to}`, { field: 'to' });
  if (from !== undefined && to !== undefined && from > to) {
    throw unprocessable('INVALID_DATE_RANGE', `开始日期（${from}）晚于结束日期（${to}），请调整日期范围`, { field: 'from' });
  }
}

/** 422 DEPARTMENT_NOT_FOUND when a filter names a department that does not exist. */
export async function checkDepartment(id: number | undefined, exists: (id: number) => Promise<boolean>, field = 'department'): Promise<void> {
  if (id === undefined) return;
  if (!(await exists(id))) throw unprocessable('DEPARTMENT_NOT_FOUND', `部门 ${id} 不存在，请从列表中选择部门`, { field });
}

/** 422 EXPORT_TOO_LARGE before anything is read beyond the count: the caller narrows the filter instead. */
export function checkExportSize(total: number, maxRows: number, noun: string): void {
  if (total > maxRows) {
    throw unprocessable('EXPORT_TOO_LARGE', `符合条件的${noun}共 ${total} 条，超过单次导出上限 ${maxRows} 条，请缩小日期范围或增加筛选条件后再导出`, { total, maxRows });
  }
}

export interface ExportColumn<T> {
  header: string;
  width: number;
  value(row: T): string | number | null;
}

/** One sheet: a line naming the filter, the header row, then one row per record. */
export async function tableWorkbook<T>(sheet: string, caption: string, columns: ReadonlyArray<ExportColumn<T>>, rows: readonly T[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'onewindow';
  const s = wb.addWorksheet(sheet);
  s.addRow([caption]);
  const head = s.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  for (const r of rows) s.addRow(columns.map((c) => c.value(r)));
  s.columns = columns.map((c) => ({ width: c.width }));
  s.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The Content-Disposition of a download named in Chinese (with an ASCII fallback). */
export function attachmentHeader(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
