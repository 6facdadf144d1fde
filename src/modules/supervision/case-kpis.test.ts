import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { caseKpis, countCases, ratio, type CaseFacts } from './case-kpis.rules';
import type { CaseKpiService } from './case-kpis.service';
import type { SupervisionService } from './supervision.service';
import { deptId, insertCases, supervisionTestModules, type HandCase } from './supervision.test-support';
import { statsModule } from '../stats';

/**
 * Nine hand-made cases (A = 市场监管局, B = 公安局). Worked answers for September 2026:
 *  received  = K1 K2 K4 K5 K7 K8 K9                 = 7
 *  completed = K1 K2 K3 K9 = 4, on time K1 K3 K9     = 3      → onTimeRate 3/4
 *  legal (working-day, > 0) = K1 (20, used 6) + K2 (10, used 16) → speedup (30 − 22)/30 = 8/30
 *    (K3's limit is in natural days, K9 is an instant case with legal 0: both stay out)
 *  completionRate = 4/7
 *  supervised = accepted by 09-30, not withdrawn, not closed before 09-01: K1 K2 K3 K4 K8 K9 = 6
 *    (K6 closed in August, K7 withdrawn, K5 never accepted)
 * For 10-01…10-09 (today): completed K8 (on time, legal 20, used 3); received none → completionRate null;
 * supervised K4 (open) + K8 = 2; the sweep on 10-09 issues 2 red cards (K4 overdue, K2 completed late).
 */
const CASES: HandCase[] = [
  { caseNo: 'K1', status: 'completed', submittedOn: '2026-09-01', acceptedOn: '2026-09-02', promisedDueDate: '2026-09-20', completedOn: '2026-09-10', onTime: 1, workdaysUsed: 6, legalLimit: 20 },
  { caseNo: 'K2', status: 'completed', submittedOn: '2026-09-03', acceptedOn: '2026-09-03', promisedDueDate: '2026-09-15', completedOn: '2026-09-25', onTime: 0, workdaysUsed: 16, legalLimit: 10 },
  { caseNo: 'K3', status: 'completed', submittedOn: '2026-08-20', acceptedOn: '2026-08-21', promisedDueDate: '2026-09-10', completedOn: '2026-09-05', onTime: 1, workdaysUsed: 10, legalLimit: 20, limitUnit: 'natural' },
  { caseNo: 'K4', dept: '430582-002', status: 'accepted', submittedOn: '2026-09-15', acceptedOn: '2026-09-16', promisedDueDate: '2026-09-25' },
  { caseNo: 'K5', dept: '430582-002', status: 'submitted', submittedOn: '2026-09-20', intakeDueDate: '2026-10-09' },
  { caseNo: 'K6', status: 'completed', submittedOn: '2026-07-01', acceptedOn: '2026-07-02', promisedDueDate: '2026-07-20', completedOn: '2026-08-15', onTime: 0, workdaysUsed: 30, legalLimit: 20 },
  { caseNo: 'K7', dept: '430582-002', status: 'withdrawn', submittedOn: '2026-09-10', acceptedOn: '2026-09-11', closedOn: '2026-09-12' },
  { caseNo: 'K8', status: 'completed', submittedOn: '2026-09-28', acceptedOn: '2026-09-29', promisedDueDate: '2026-10-12', completedOn: '2026-10-02', onTime: 1, workdaysUsed: 3, legalLimit: 20 },
  { caseNo: 'K9', dept: '430582-002', status: 'completed', submittedOn: '2026-09-05', acceptedOn: '2026-09-06', promisedDueDate: '2026-09-06', completedOn: '2026-09-20', onTime: 1, workdaysUsed: 5, legalLimit: 0 },
];

const SEPT = { 'cases.onTimeRate': ratio(3, 4), 'cases.statutorySpeedupRate': ratio(8, 30), 'cases.completionRate': ratio(4, 7), 'supervision.redCards': ratio(0, 6), 'supervision.yellowCards': ratio(0, 6) };
const OCT = { 'cases.onTimeRate': ratio(1, 1), 'cases.statutorySpeedupRate': ratio(17, 20), 'cases.completionRate': ratio(1, 0), 'supervision.redCards': ratio(2, 2), 'supervision.yellowCards': ratio(0, 2) };

const facts = (c: HandCase, dep: number): CaseFacts => ({
  status: c.status,
  departmentId: dep,
  submittedOn: c.submittedOn,
  acceptedOn: c.acceptedOn ?? null,
  closedOn: c.closedOn ?? c.completedOn ?? null,
  completedOn: c.completedOn ?? null,
  onTime: c.onTime === undefined || c.onTime === null ? null : c.onTime === 1,
  workdaysUsed: c.workdaysUsed ?? null,
  legalLimit: c.legalLimit ?? 20,
  limitUnit: c.limitUnit ?? 'workday',
});

const kpiModules = [...supervisionTestModules, statsModule] as const;

describe('case KPI formulas (pure, hand-worked)', () => {
  it('gives value null, never 0 or NaN, when the denominator is 0', () => {
    expect(ratio(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(ratio(3, 4).value).toBe(0.75);
  });

  it('counts the hand-made cases as worked out above', () => {
    const f = CASES.map((c) => facts(c, c.dept === '430582-002' ? 2 : 1));
    expect(caseKpis(countCases(f, '2026-09-01', '2026-09-30'))).toEqual(SEPT);
    expect(caseKpis(countCases(f, '2026-10-01', '2026-10-09', { red: 2, yellow: 0 }))).toEqual(OCT);
    // statutory speedup may go negative when cases used more than the legal limit (K2 alone: 1 − 16/10)
    expect(caseKpis(countCases([f[1]], '2026-09-01', '2026-09-30'))['cases.statutorySpeedupRate']).toEqual(ratio(-6, 10));
  });
});

describe.each(dialects)('case KPIs, drill-down, series, Excel and report on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  let police: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    police = await deptId(t, '430582-002');
    await insertCases(t, CASES);
    expect(await (t.ctx.services.supervision as SupervisionService).sweep()).toEqual({ issued: 2 });
  });
  afterAll(async () => t?.close());

  const get = (url: string, as = 'leader') => t.request({ method: 'GET', url, as });
  const pick = (kpis: Record<string, unknown>) => Object.fromEntries(Object.keys(SEPT).map((k) => [k, kpis[k]]));

  it('answers the summary with the hand-worked figures, live and from the daily roll-up alike', async () => {
    const sept = await get('/api/v1/stats/summary?from=2026-09-01&to=2026-09-30');
    expect(sept.statusCode).toBe(200);
    expect(pick(sept.json().kpis)).toEqual(SEPT);
    expect(pick((await get('/api/v1/stats/summary?from=2026-10-01&to=2026-10-09')).json().kpis)).toEqual(OCT);
    const svc = t.ctx.services.caseKpis as CaseKpiService;
    const rolled = await svc.rollup();
    expect(rolled).toMatchObject({ from: '2026-07-01', to: '2026-10-08' });
    expect(await svc.rolledThrough()).toBe('2026-10-08');
    expect(pick((await get('/api/v1/stats/summary?from=2026-09-01&to=2026-09-30')).json().kpis)).toEqual(SEPT);
    expect(pick((await get('/api/v1/stats/summary?from=2026-10-01&to=2026-10-09')).json().kpis)).toEqual(OCT);
    // a second run re-rolls only the settle window and changes nothing
    await svc.rollup();
    expect(pick((await get('/api/v1/stats/summary?from=2026-09-01&to=2026-09-30')).json().kpis)).toEqual(SEPT);
  });

  it('filters by department (公安局: K4 K5 K7 K9)', async () => {
    const k = (await get(`/api/v1/stats/summary?from=2026-09-01&to=2026-09-30&department=${police}`)).json().kpis;
    expect(pick(k)).toEqual({
      'cases.onTimeRate': ratio(1, 1),
      'cases.statutorySpeedupRate': ratio(0, 0),
      'cases.completionRate': ratio(1, 4),
      'supervision.redCards': ratio(0, 2),
      'supervision.yellowCards': ratio(0, 2),
    });
  });

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
    for (const s of ['一、基本概况', '二、整体支出绩效状况', '12345', '大厅管理', '三、存在的问题', '四、措施与建议', '个别部门超期办件较多。']) expect(text).toContain(s);
    // year to date (2026-01-01 … 10-09): completed K1 K2 K3 K6 K8 K9 = 6, on time K1 K3 K8 K9 = 4 → 66.67%
    expect(text).toContain('按时办结率 66.67%（分子 4 / 分母 6）');
    expect(text).toContain('红牌 2 张');
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toBe(true);
  });
});

describe.each(dialects)('the case roll-up after a change to an old case on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    await insertCases(t, CASES);
  });
  afterAll(async () => t?.close());

  it('withdrawing a case accepted in September marks its acceptance day, and the September figures stay exact', async () => {
    const svc = t.ctx.services.caseKpis as CaseKpiService;
    await svc.rollup({ full: true });
    const sept = () => t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-09-01&to=2026-09-30', as: 'leader' }).then((r) => r.json().kpis);
    expect((await sept())['supervision.redCards']).toEqual(ratio(0, 6));
    const res = await t.request({ method: 'POST', url: '/api/v1/cases/K4/actions', as: 'admin', payload: { action: 'withdraw', reason: '申请人书面撤回' } });
    expect(res.statusCode, res.body).toBe(200);
    const marks = await t.ctx.db.selectFrom('kernel_settings').select('key').where('key', 'like', 'supervision.case_daily:dirty:%').execute();
    expect(marks.map((m) => m.key)).toEqual(['supervision.case_daily:dirty:2026-09-16']);
    // K4 no longer counts as supervised in September: the rolled days read it live until the next run.
    const after = await sept();
    expect(after['supervision.redCards']).toEqual(ratio(0, 5));
    expect(after['cases.completionRate']).toEqual(SEPT['cases.completionRate']);
    await svc.rollup();
    expect(await sept()).toEqual(after);
    expect(await t.ctx.db.selectFrom('kernel_settings').select('key').where('key', 'like', 'supervision.case_daily:dirty:%').execute()).toEqual([]);
  });
});
