import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';
import { SETTING_CACHE_MS } from '../../kernel/settings';
import type { ReportSection, YearReportModel } from '../../shared/report.types';
import { KPI_CASES, insertCases, supervisionTestModules } from '../supervision/supervision.test-support';
import { REPORT_SWEEP_KEY, statsModule } from '.';

const kpiModules = [...supervisionTestModules, statsModule] as const;

const flatten = (ss: ReportSection[]): ReportSection[] => ss.flatMap((s) => [s, ...flatten(s.children)]);

/**
 * The yearly report's model, .docx and annex on the hand-made cases of KPI_CASES (worked out in
 * supervision.test-support.ts): year to date 2026-01-01 … 10-09, completed K1 K2 K3 K6 K8 K9 = 6, on time
 * K1 K3 K8 K9 = 4; the sweep on 10-09 raises 2 red cards (K2 completed late, K4 overdue). No sweep has run
 * when the tests start: the report must run it itself.
 */
describe.each(dialects)('the yearly report on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  let broken = false;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    await insertCases(t, KPI_CASES);
    t.ctx.services.supervision.registerSource({
      name: 'test.broken',
      candidates: async () => {
        if (broken) throw new Error('database unreachable');
        return [];
      },
    });
  });
  afterAll(async () => t?.close());

  const get = (url: string, as = 'leader') => t.request({ method: 'GET', url, as });

  it('runs the supervision sweep first, so the cards it prints are today’s', async () => {
    expect(await t.ctx.services.supervision.openCounts()).toMatchObject({ red: 0, yellow: 0 });
    const res = await get('/api/v1/stats/report?year=2026');
    expect(res.statusCode).toBe(200);
    const m: YearReportModel = res.json();
    expect(m.sweep).toMatchObject({ issued: 2, ranAt: '2026-10-09T01:00:00.000Z' });
    expect(m.figures['supervision.redCards']).toMatchObject({ label: '红牌', value: 2, display: '2 张' });
    const again: YearReportModel = (await get('/api/v1/stats/report?year=2026')).json();
    expect(again.sweep?.issued).toBe(0);
    t.clock.advance(SETTING_CACHE_MS + 1);
    const trail = await auditTrailOf(t.ctx.db, 'setting', REPORT_SWEEP_KEY);
    expect(trail.map((a) => a.action)).toEqual(['stats.report_sweep', 'stats.report_sweep']);
  });

  it('gives every figure its label, counts, period and drill link, equal to the cases created', async () => {
    const m: YearReportModel = (await get('/api/v1/stats/report?year=2026')).json();
    expect(m).toMatchObject({ year: 2026, from: '2026-01-01', to: '2026-10-09', title: '邵东市行政审批服务局2026年度部门整体支出绩效自评报告' });
    expect(m.figures['cases.onTimeRate']).toMatchObject({
      label: '按时办结率',
      display: '66.67%',
      numerator: 4,
      denominator: 6,
      periodText: '2026-01-01 至 2026-10-09',
      breakdown: '按时办结 4 / 办结 6',
    });
    expect(m.figures['cases.completed']).toMatchObject({ label: '办结办件', value: 6, display: '6 件' });
    // every figure has a Chinese label; the drill link lists the records the figure counts
    for (const f of Object.values(m.figures)) expect(f.label, f.id).not.toBe(f.id);
    const drill = (await get(m.figures['cases.onTimeRate'].drill!.api)).json();
    expect(drill.total).toBe(4);
    expect(drill.items.map((i: { caseNo: string }) => i.caseNo).sort()).toEqual(['K1', 'K3', 'K8', 'K9']);
    const received = (await get(m.figures['cases.received'].drill!.api)).json();
    expect(received.total).toBe(m.figures['cases.received'].value);
  });

  it('keeps the real report’s order and drafts 三 from the worst departments', async () => {
    const m: YearReportModel = (await get('/api/v1/stats/report?year=2026')).json();
    expect(m.sections.map((s) => s.heading)).toEqual(['一、部门（单位）基本概况', '二、整体支出绩效状况', '三、存在的问题及原因', '四、提高财政资金绩效的措施与建议', '五、附件（佐证依据）']);
    const parts = m.sections[1].children.map((s) => s.heading.slice(0, 3));
    expect(parts).toEqual(['（一）', '（二）', '（三）', '（四）', '（五）']);
    const quoted = flatten(m.sections).flatMap((s) => s.figures);
    expect(new Set(quoted)).toEqual(new Set(Object.keys(m.figures))); // every figure quoted somewhere
    // 市场监管局 K1 K2 K3 K6 K8: on time K1 K3 K8 = 3 / 5 = 60 % < 66.67 %, one red card (K2)
    const problems = m.sections[2].paragraphs.map((p) => p.runs.map((r) => ('text' in r ? r.text : '')).join(''));
    expect(problems[0]).toBe('1. 部分部门按时办结率低于全局 66.67%：邵东市市场监督管理局 60.00%（按时办结 3 / 办结 5，红牌 1 张、黄牌 0 张）。');
  });

  it('writes the .docx and the annex from the same model', async () => {
    const doc = await get('/api/v1/stats/report.docx?year=2026');
    expect(doc.statusCode).toBe(200);
    const text = (await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('电子监察：红牌 2 张；黄牌 0 张。');
    expect(text).toContain('红黄牌为 2026-10-09 09:00 电子监察扫描后的数字');
    expect(text).not.toContain('cases.onTimeRate');

    const res = await get('/api/v1/stats/report-annex.xlsx?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('report-annex-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标明细', '办件明细']);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet('指标明细')!.eachRow((r) => rows.set(String(r.getCell(11).value), (r.values as unknown[]).slice(1)));
    expect(rows.get('cases.onTimeRate')?.slice(0, 8)).toEqual(['按时办结率', '66.67%', 4, '按时办结', 6, '办结', '期内办结且不晚于承诺期限的办件 ÷ 期内办结的办件', '2026-01-01 至 2026-10-09']);
    const detail: string[][] = [];
    wb.getWorksheet('办件明细')!.eachRow((r) => detail.push((r.values as unknown[]).slice(1).map(String)));
    const onTime = detail.filter((r) => r[0] === '按时办结率' && r[1].startsWith('分子'));
    expect(onTime.map((r) => r[3]).sort()).toEqual(['K1', 'K3', 'K8', 'K9']);
    expect(detail.filter((r) => r[0] === '红牌').map((r) => r[3]).length).toBe(2);
  });

  it('refuses with 409 saying when the last sweep ran when the sweep fails, printing nothing', async () => {
    broken = true;
    try {
      for (const url of ['/api/v1/stats/report?year=2026', '/api/v1/stats/report.docx?year=2026', '/api/v1/stats/report-annex.xlsx?year=2026']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(409);
        expect(res.json().error.code).toBe('SUPERVISION_SWEEP_FAILED');
        expect(res.json().error.message).toContain('上次成功扫描于 2026-10-09 09:00');
      }
    } finally {
      broken = false;
    }
    expect((await get('/api/v1/stats/report?year=2026')).statusCode).toBe(200);
  });

  it('refuses a year not begun with 422, and anyone but the leader and admin with 403', async () => {
    const future = await get('/api/v1/stats/report?year=2027');
    expect(future.statusCode).toBe(422);
    expect(future.json().error).toMatchObject({ code: 'REPORT_YEAR_NOT_STARTED', details: { field: 'year' } });
    expect((await get('/api/v1/stats/report?year=1999')).statusCode).toBe(400);
    for (const who of ['supervisor', 'clerk', 'citizen']) {
      for (const url of ['/api/v1/stats/report', '/api/v1/stats/report.docx', '/api/v1/stats/report-annex.xlsx']) expect((await get(url, who)).statusCode, `${who} ${url}`).toBe(403);
    }
    expect((await get('/api/v1/stats/report', 'admin')).statusCode).toBe(200);
  });

  it('prints the figures the bureau’s own texts quote, and refuses a text with an unknown placeholder, writing nothing', async () => {
    const put = (payload: Record<string, unknown>) => t.request({ method: 'PUT', url: '/api/v1/stats/report-templates', as: 'admin', payload });
    const bad = await put({ overview: '全年受理 {{cases.received}} 件。', measures: ['按时率达到 {{cases.ontime}}', '{{不是指标}} 与 {{cases.onTimeRate'] });
    expect(bad.statusCode).toBe(422);
    const err = bad.json().error;
    expect(err.code).toBe('REPORT_TEMPLATE_INVALID');
    expect(err.message).toContain('措施与建议');
    expect(err.details.problems.map((p: { code: string; name: string | null; line: number | null }) => [p.code, p.name, p.line])).toEqual([
      ['TEMPLATE_UNKNOWN_PLACEHOLDER', 'cases.ontime', 1],
      ['TEMPLATE_UNKNOWN_PLACEHOLDER', '不是指标', 2],
      ['TEMPLATE_UNCLOSED', null, 2],
    ]);
    t.clock.advance(SETTING_CACHE_MS + 1);
    expect((await t.request({ method: 'GET', url: '/api/v1/stats/report-templates', as: 'admin' })).json().overview).not.toContain('{{');

    const ok = await put({ overview: '全年受理办件 {{cases.received}} 件，按时办结率 {{ cases.onTimeRate }}。', measures: ['把按时办结率从 {{cases.onTimeRate}} 提高到 98% 以上。'] });
    expect(ok.statusCode, ok.body).toBe(200);
    t.clock.advance(SETTING_CACHE_MS + 1);
    const m: YearReportModel = (await get('/api/v1/stats/report?year=2026')).json();
    const overview = m.sections.find((s) => s.id === 'overview')!.paragraphs[0].runs;
    expect(overview).toEqual([{ text: '全年受理办件 ' }, { figure: 'cases.received' }, { text: ' 件，按时办结率 ' }, { figure: 'cases.onTimeRate' }, { text: '。' }]);
    const measures = m.sections.find((s) => s.id === 'measures')!.paragraphs[0].runs;
    expect(measures).toContainEqual({ figure: 'cases.onTimeRate' });
    // the .docx prints the figure's display, never the placeholder
    const docx = await get('/api/v1/stats/report.docx?year=2026');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('66.67%');
    expect(xml).not.toContain('{{');
  });
});

/** On the whole platform: the indicator table and the budget lines of the performance module reach the report. */
describe.each(dialects)('the yearly report with the performance module on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00' });
    await insertCases(t, KPI_CASES);
  });
  afterAll(async () => t?.close());

  it('drafts 三 from a missed indicator with its 偏差原因 and prints （五） and （六） from the performance records', async () => {
    const add = await t.request({
      method: 'POST',
      url: '/api/v1/performance/years/2026/indicators',
      as: 'leader',
      payload: { level1: '产出', level2: '时效', name: '办件按时办结率', direction: '>=', target: 95, unit: '%', weight: 100, source: 'kpi', kpiKey: 'cases.onTimeRate' },
    });
    expect(add.statusCode).toBe(201);
    const reason = await t.request({ method: 'PUT', url: `/api/v1/performance/indicators/${add.json().id}/deviation`, as: 'leader', payload: { reason: '市场监管局两件超期' } });
    expect(reason.statusCode).toBe(200);
    const line = await t.request({ method: 'POST', url: '/api/v1/performance/budget', as: 'finance', payload: { year: 2026, category: 'basic', name: '人员经费', budget: 1000, adjustment: 0, executed: 900 } });
    expect(line.statusCode).toBe(201);

    const m: YearReportModel = (await t.request({ method: 'GET', url: '/api/v1/stats/report?year=2026', as: 'leader' })).json();
    const text = (s: ReportSection) => s.paragraphs.map((p) => p.runs.map((r) => ('text' in r ? r.text : m.figures[r.figure].display)).join(''));
    expect(text(m.sections[2])[0]).toBe('1. 绩效指标“办件按时办结率”未达到目标（目标 ≥95%，实际 66.67%）。原因：市场监管局两件超期。');
    const parts = flatten(m.sections);
    const budget = parts.find((s) => s.id === 'budget')!;
    expect(m.figures['performance.budgetExecutionRate']).toMatchObject({ display: '90.00%', numerator: 900, denominator: 1000 });
    expect(budget.tables[0].rows[0]).toEqual(['基本支出', '人员经费', '1,000.00', '0.00', '1,000.00', '900.00']);
    expect(text(parts.find((s) => s.id === 'indicators')!)[0]).toContain('共 1 项三级指标');
  });
});
