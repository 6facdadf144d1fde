/**
 * The catalogue as an .xlsx workbook in the 实施清单 layout (catalog.excel.ts): the published versions, or
 * each item's newest version (drafts included) for editors preparing a re-import. Editors get their own
 * department's items only.
 */
import type { Clock } from '../../kernel/clock';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole, readsAllDepartments } from '../../kernel/auth/actor';
import type { OrgService } from '../org';
import { COLUMNS, formatFields, GUIDE_LINES, loadExcel, SHEETS } from './catalog.excel';
import { fieldsOfRow } from './catalog.rows';
import type { CatalogDb } from './catalog.tables';
import { compareZh } from '../../shared/zh-collate';

export type ExportScope = 'published' | 'latest';

export async function exportCatalog(db: CatalogDb, org: OrgService, clock: Clock, actor: Actor, which: ExportScope): Promise<Buffer> {
  let qb = db.selectFrom('catalog_versions as v').selectAll('v');
  if (which === 'published') qb = qb.where('v.status', '=', 'published');
  else qb = qb.innerJoin('catalog_items as i', (j) => j.onRef('i.code', '=', 'v.code').onRef('i.latest_version', '=', 'v.version')).where('i.status', '<>', 'retired');
  if (!readsAllDepartments(actor) && hasRole(actor, 'catalog_editor')) qb = qb.where('v.department_id', '=', actor.departmentId ?? -1);
  const rows = await qb.execute();
  const depts = await org.all();
  const order = new Map(depts.map((d, i) => [d.id, i]));
  rows.sort((a, b) => (order.get(a.department_id) ?? 0) - (order.get(b.department_id) ?? 0) || compareZh(a.name, b.name) || (a.code < b.code ? -1 : 1));

  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'onewindow 一窗通办';
  wb.created = clock.now();
  for (const s of SHEETS) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    ws.columns = COLUMNS.map((c) => ({ header: c.heading, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    for (const r of rows.filter((x) => x.level === s.level)) {
      const f = fieldsOfRow(r);
      const row = ws.addRow(formatFields(r.code, f, (await org.byId(f.departmentId))?.name ?? '', r.status, r.version));
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }
  const guide = wb.addWorksheet('填写说明');
  guide.getColumn(1).width = 120;
  for (const l of GUIDE_LINES) guide.addRow([l]);
  guide.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
