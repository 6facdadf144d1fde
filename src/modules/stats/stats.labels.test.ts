import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { kpiLabel } from '../../shared/kpi-labels';

/** The text of each paragraph (table cells included) of a .docx. */
async function docxParagraphs(buf: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml.split('</w:p>').map((p) => p.replace(/<[^>]+>/g, '').trim()).filter((p) => p.length > 0);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every KPI the full platform reports is named in Chinese wherever a person reads it (SPEC §3): the
 * shared table (src/shared/kpi-labels.ts) knows each name, and the yearly report and the Excel export
 * print its label, never the raw key.
 */
describe.each(dialects)('KPI labels of the full platform on %s', (dialect) => {
  let t: TestApp;
  let names: string[];
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-09-30', as: 'leader' });
    expect(res.statusCode).toBe(200);
    names = Object.keys(res.json().kpis);
  });
  afterAll(async () => t?.close());

  it('has a label for every KPI the summary returns', () => {
    // every module's sources are installed: catalog, cases, supervision, 好差评, hotline and 市长信箱
    for (const prefix of ['catalog.', 'cases.', 'supervision.', 'evaluations.', 'hotline.', 'mailbox.']) expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    expect(names.filter((n) => !kpiLabel(n))).toEqual([]);
  });

  it('prints every KPI in the yearly .docx by its Chinese label, never by its key', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/report.docx?year=2026', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const paras = await docxParagraphs(res.rawPayload);
    const text = paras.join('\n');
    for (const name of names) {
      const label = kpiLabel(name)!.label;
      // a table cell of its own, or a figure in the text ("红牌 0 张", "好评率 —"): not a longer label's tail
      const asFigure = new RegExp(`(^|[^\\p{Script=Han}])${escape(label)} `, 'u');
      expect(paras.some((p) => p === label || asFigure.test(p)), `${name} as ${label}`).toBe(true);
      expect(text, name).not.toContain(name);
    }
  });

  it('labels every KPI row of the Excel summary in Chinese', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/export.xlsx?from=2026-01-01&to=2026-09-30', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const labels = new Map<string, unknown>();
    wb.getWorksheet('指标汇总')!.eachRow((r) => labels.set(String(r.getCell(1).value), r.getCell(2).value));
    // column 1 is the KPI code by design (for re-use in other tables); column 2 is what a person reads
    for (const name of names) expect(labels.get(name), name).toBe(kpiLabel(name)!.label);
  });
});
