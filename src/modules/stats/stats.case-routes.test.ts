import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';
import { SETTING_CACHE_MS } from '../../kernel/settings';
import { ratio } from '../../shared/kpi';
import { KPI_CASES, insertCases, supervisionTestModules } from '../supervision/supervision.test-support';
import { statsModule } from '.';
import { DEFAULT_TEXTS } from './stats.report.templates';

const kpiModules = [...supervisionTestModules, statsModule] as const;

/** The routes over the case KPIs, on the hand-made cases whose answers KPI_CASES works out. */
describe.each(dialects)('statistics drill-down, series, Excel and report on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    await insertCases(t, KPI_CASES);
    expect(await t.ctx.services.supervision.sweep()).toEqual({ issued: 2 });
  });
  afterAll(async () => t?.close());

  const get = (url: string, as = 'leader') => t.request({ method: 'GET', url, as });

  it('drills down from a KPI to the records behind its numerator and denominator', async () => {
    const num = (await get('/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=numerator&from=2026-09-01&to=2026-09-30')).json();
    expect(num.kind).toBe('cases');
    expect(num.total).toBe(3);
    expect(num.items.map((i: { caseNo: string }) => i.caseNo).sort()).toEqual(['K1', 'K3', 'K9']);
    const den = (await get('/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=denominator&from=2026-09-01&to=2026-09-30&pageSize=2')).json();
    expect(den.total).toBe(4);
    expect(den.items).toHaveLength(2);
    const sup = (await get('/api/v1/stats/drilldown?kpi=supervision.redCards&part=denominator&from=2026-09-01&to=2026-09-30')).json();
    expect(sup.items.map((i: { caseNo: string }) => i.caseNo).sort()).toEqual(['K1', 'K2', 'K3', 'K4', 'K8', 'K9']);
    const red = (await get('/api/v1/stats/drilldown?kpi=supervision.redCards&part=numerator&from=2026-10-01&to=2026-10-09')).json();
    expect(red.kind).toBe('cards');
    expect(red.items.map((c: { subjectId: string; rule: string }) => `${c.subjectId}:${c.rule}`).sort()).toEqual(['K2:completed_late', 'K4:overdue']);
    const rec = (await get('/api/v1/stats/drilldown?kpi=cases.completionRate&part=denominator&from=2026-09-01&to=2026-09-30')).json();
    expect(rec.total).toBe(7);
    const bad = await get('/api/v1/stats/drilldown?kpi=nope.rate&part=numerator');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.field).toBe('kpi');
  });

  it('gives a monthly series and the department table', async () => {
    const s = (await get('/api/v1/stats/series?from=2026-08-01&to=2026-10-09')).json();
    expect(s.months.map((m: { month: string }) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(s.months[1].kpis['cases.onTimeRate']).toEqual(ratio(3, 4));
    expect(s.months[0].kpis['cases.onTimeRate']).toEqual(ratio(0, 1)); // K6, completed late in August
    expect(s.months[2].kpis['supervision.redCards'].numerator).toBe(2);
    const d = (await get('/api/v1/stats/departments?from=2026-09-01&to=2026-09-30')).json();
    expect(d.items.map((r: { departmentName: string }) => r.departmentName)).toEqual(['邵东市公安局', '邵东市市场监督管理局']); // 100 % before 67 %
    expect(d.items[0].openOverdue).toBe(1); // K4
  });

  it('refuses bad periods and unknown departments with 422 naming the parameter, and citizens/units with 403', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-10-01&to=2026-09-01', 'from'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-01-01&to=2026-13-01', 'to'],
      ['from=2020-01-01&to=2026-01-01', 'to'],
      ['from=2026-01-01&to=2026-02-01&department=99999', 'department'],
    ];
    for (const url of ['/api/v1/stats/summary', '/api/v1/stats/series', '/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=numerator&']) {
      for (const [q, field] of cases) {
        const res = await get(`${url}${url.includes('?') ? '' : '?'}${q}`);
        expect(res.statusCode, `${url} ${q}`).toBe(422);
        expect(res.json().error.details.field, `${url} ${q}`).toBe(field);
      }
    }
    for (const who of ['citizen', 'unit']) {
      expect((await get('/api/v1/stats/summary', who)).statusCode).toBe(403);
      expect((await get('/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=numerator', who)).statusCode).toBe(403);
      expect((await get('/api/v1/stats/export.xlsx', who)).statusCode).toBe(403);
      expect((await get('/api/v1/stats/report.docx', who)).statusCode).toBe(403);
    }
  });

  it('exports the summary and the department table to Excel', async () => {
    const res = await get('/api/v1/stats/export.xlsx?from=2026-09-01&to=2026-09-30');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const s = wb.getWorksheet('指标汇总')!;
    const rows = new Map<string, unknown[]>();
    s.eachRow((r) => rows.set(String(r.getCell(1).value), (r.values as unknown[]).slice(1)));
    expect(rows.get('cases.onTimeRate')).toEqual(['cases.onTimeRate', '按时办结率', 0.75, 3, 4]);
    expect(rows.get('cases.completionRate')?.slice(3)).toEqual([4, 7]);
    const d = wb.getWorksheet('部门排名')!;
    expect(d.getRow(2).getCell(2).value).toBe('邵东市公安局');
    expect(d.getRow(3).getCell(4).value).toBe(2); // 市场监管局 on time K1 K3 of 3 completed
  });

  it('writes the yearly report as .docx with the figures and their numerators and denominators', async () => {
    const put = await t.request({ method: 'PUT', url: '/api/v1/stats/report-templates', as: 'admin', payload: { problems: ['个别部门超期办件较多。'] } });
    expect(put.statusCode).toBe(200);
    const res = await get('/api/v1/stats/report.docx?year=2026');
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const s of ['一、部门（单位）基本概况', '二、整体支出绩效状况', '12345', '（四）打造清廉大厅', '三、存在的问题及原因', '四、提高财政资金绩效的措施与建议', '五、附件（佐证依据）', '个别部门超期办件较多。']) expect(text).toContain(s);
    // year to date (2026-01-01 … 10-09): completed K1 K2 K3 K6 K8 K9 = 6, on time K1 K3 K8 K9 = 4 → 66.67%
    expect(text).toContain('按时办结率 66.67%（按时办结 4 / 办结 6）');
    expect(text).toContain('红牌 2 张');
    // The chart: ECharts rendered on the server, rasterised at twice its printed 600 × 340 px.
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'));
    expect(media).toHaveLength(1);
    const png = await zip.file(media[0])!.async('nodebuffer');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 680]);
    expect(text).toContain('各月按时办结率与办结率（折线，红色虚线为 95% 目标线）及红黄牌（柱）');
  });

  it('keeps the report texts as a setting: merged, audited, and the defaults on a broken stored value', async () => {
    const texts = (await get('/api/v1/stats/report-templates')).json();
    expect(texts.problems).toEqual(['个别部门超期办件较多。']);
    expect(texts.measures.length).toBeGreaterThan(0);
    const put = await t.request({ method: 'PUT', url: '/api/v1/stats/report-templates', as: 'admin', payload: { overview: '本局概况。' } });
    expect(put.json()).toEqual({ ...texts, overview: '本局概况。' });
    const trail = await auditTrailOf(t.ctx.db, 'setting', 'stats.report_templates');
    expect(trail.map((a) => a.action)).toEqual(['stats.report_templates_set', 'stats.report_templates_set']);
    expect(trail[1]).toMatchObject({ before: texts, after: { ...texts, overview: '本局概况。' } });
    expect((await t.request({ method: 'PUT', url: '/api/v1/stats/report-templates', as: 'leader', payload: {} })).statusCode).toBe(403);
    await t.ctx.db.updateTable('kernel_settings').set({ value_json: '{"problems": "not a list"}' }).where('key', '=', 'stats.report_templates').execute();
    t.clock.advance(SETTING_CACHE_MS + 1);
    const fallback = await get('/api/v1/stats/report-templates');
    expect(fallback.statusCode).toBe(200);
    expect(fallback.json()).toEqual(DEFAULT_TEXTS);
    expect((await get('/api/v1/stats/report.docx?year=2026')).statusCode).toBe(200);
  });
});
