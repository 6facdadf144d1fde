/** Test helpers of 电子证照: the module list and a workbook in the import layout. */
import ExcelJS from 'exceljs';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { fakeCatalogModule } from '../../../test/fixtures';
import { licensesModule } from '.';
import { IMPORT_COLUMNS } from './licenses.import';

export const licensesTestModules = [orgModule, fakeCatalogModule, casesModule, licensesModule] as const;

export async function importWorkbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('证照');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
