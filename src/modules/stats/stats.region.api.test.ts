import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import type { Kpi } from '../../shared/kpi';
import { KPI_CASES, insertCases } from '../supervision/supervision.test-support';

type Summary = { region: string | null; department: number | null; kpis: Record<string, Kpi> };

/**
 * A province on one installation: the market bureau and the police in county 430521, the human-resources
 * bureau in 430522, every other department (no region code) in the installation's county 430582.
 */
describe.each(dialects)('statistics summary of one county on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const PERIOD = 'from=2026-01-01&to=2026-12-31';
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', seed: ['org', 'catalog', 'cases', 'evaluations', 'licenses', 'disclosure'] });
    for (const code of ['430582-001', '430582-002', '430582-003']) ids[code] = (await t.ctx.services.org.byCode(code))!.id;
    const move = (code: string, region: string) => t.ctx.db.updateTable('kernel_departments').set({ region_code: region }).where('id', '=', ids[code]!).execute();
    await move('430582-001', '430521');
    await move('430582-002', '430521');
    await move('430582-003', '430522');
    t.ctx.services.org.invalidate();
    await insertCases(t, KPI_CASES.map((c) => ({ ...c, caseNo: `R${c.caseNo}` })));
    await t.ctx.services.supervision.sweep();
    // Part of the year from the roll-ups, the rest live: both paths narrow to the county.
    await t.ctx.services.caseKpis!.rollup();
    await t.ctx.services.evaluations.rollupDaily();
    await t.ctx.services.hotline.rollupDaily();
  }, 180_000);
  afterAll(async () => t?.close());

  const summary = async (qs: string): Promise<Summary> => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/summary?${PERIOD}&${qs}`, as: 'leader' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const sum = (parts: Summary[], kpi: string) => ({
    numerator: parts.reduce((s, p) => s + p.kpis[kpi]!.numerator, 0),
    denominator: parts.reduce((s, p) => s + p.kpis[kpi]!.denominator, 0),
  });
  // Figures that are not a sum over departments: distinct counts across them, per-period denominators, and
  // what belongs to no department (the hall, the centre's calls, the bureau's budget, partner counties).
  const notAdditive = new Set(['honours.', 'hall.', 'performance.', 'egov.', 'hotline.connectRate', 'hotline.answer15Rate', 'walks.']);
  const additive = (kpi: string) => ![...notAdditive].some((p) => kpi === p || (p.endsWith('.') && kpi.startsWith(p)));

  it('gives a county the sum of its departments, KPI by KPI', async () => {
    const county = await summary('region=430521');
    expect(county.region).toBe('430521');
    const parts = [await summary(`department=${ids['430582-001']}`), await summary(`department=${ids['430582-002']}`)];
    const kpis = Object.keys(county.kpis).filter(additive);
    expect(kpis.length).toBeGreaterThan(40);
    const off = (whole: Summary, of: Summary[]) => kpis.filter((k) => whole.kpis[k]!.numerator !== sum(of, k).numerator || whole.kpis[k]!.denominator !== sum(of, k).denominator);
    expect(off(county, parts)).toEqual([]);
    // The hand-made cases are all in this county: 7 received in September alone is in the year's count.
    expect(county.kpis['cases.completionRate']!.denominator).toBeGreaterThan(0);
    const other = await summary('region=430522');
    const hr = await summary(`department=${ids['430582-003']}`);
    expect(off(other, [hr])).toEqual([]);
  });

  it('gives the province the sum of its counties for the case, evaluation and catalogue figures', async () => {
    const province = await summary('');
    expect(province.region).toBeNull();
    const counties = [await summary('region=430521'), await summary('region=430522'), await summary('region=430582')];
    const kpis = Object.keys(province.kpis).filter((k) => /^(cases|supervision|evaluations|catalog)\./.test(k) && k !== 'cases.crossProvincePartners');
    expect(kpis.length).toBeGreaterThan(15);
    for (const k of kpis) expect({ k, ...province.kpis[k] }).toMatchObject({ k, ...sum(counties, k) });
  });

  const get = async (url: string) => {
    const res = await t.request({ method: 'GET', url, as: 'leader' });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const county = () => [ids['430582-001']!, ids['430582-002']!];

  it('drills a county down to the records of its departments', async () => {
    for (const [kpi, part] of [['cases.completionRate', 'denominator'], ['cases.onTimeRate', 'numerator'], ['supervision.redCards', 'numerator']] as const) {
      const url = `/api/v1/stats/drilldown?kpi=${kpi}&part=${part}&${PERIOD}&pageSize=100`;
      const whole = (await get(`${url}&region=430521`)).json();
      expect(whole.region).toBe('430521');
      const parts = await Promise.all(county().map(async (d) => (await get(`${url}&department=${d}`)).json().total as number));
      expect({ kpi, total: whole.total }).toEqual({ kpi, total: parts[0]! + parts[1]! });
      expect(whole.total).toBe((await summary('region=430521')).kpis[kpi]![part]);
    }
    const all = (await get(`/api/v1/stats/drilldown?kpi=cases.completionRate&part=denominator&${PERIOD}&pageSize=1`)).json().total;
    const byCounty = await Promise.all(['430521', '430522', '430582'].map(async (r) => (await get(`/api/v1/stats/drilldown?kpi=cases.completionRate&part=denominator&${PERIOD}&pageSize=1&region=${r}`)).json().total as number));
    expect(byCounty.reduce((a, b) => a + b, 0)).toBe(all);
  });

  it('gives a county its own monthly series, department table, overdue list and export', async () => {
    const series = (await get(`/api/v1/stats/series?${PERIOD}&region=430521`)).json();
    const partSeries = await Promise.all(county().map(async (d) => (await get(`/api/v1/stats/series?${PERIOD}&department=${d}`)).json()));
    expect(series.region).toBe('430521');
    series.months.forEach((m: { month: string; kpis: Record<string, Kpi> }, i: number) => {
      for (const k of ['cases.completionRate', 'cases.onTimeRate', 'supervision.redCards']) {
        expect({ month: m.month, k, n: m.kpis[k]!.numerator, d: m.kpis[k]!.denominator }).toEqual({
          month: m.month,
          k,
          n: partSeries[0].months[i].kpis[k].numerator + partSeries[1].months[i].kpis[k].numerator,
          d: partSeries[0].months[i].kpis[k].denominator + partSeries[1].months[i].kpis[k].denominator,
        });
      }
    });
    const table = (await get(`/api/v1/stats/departments?${PERIOD}&region=430521`)).json();
    expect(table.items.length).toBeGreaterThan(0);
    expect(table.items.every((d: { departmentId: number }) => county().includes(d.departmentId))).toBe(true);
    const province = (await get(`/api/v1/stats/departments?${PERIOD}`)).json();
    expect(table.items).toEqual(province.items.filter((d: { departmentId: number }) => county().includes(d.departmentId)));

    const overdue = (await get('/api/v1/stats/overdue-cases?region=430521&pageSize=100')).json();
    const partOverdue = await Promise.all(county().map(async (d) => (await get(`/api/v1/stats/overdue-cases?department=${d}&pageSize=100`)).json().total as number));
    expect(overdue.total).toBe(partOverdue[0]! + partOverdue[1]!);
    expect(overdue.items.every((c: { departmentId: number }) => county().includes(c.departmentId))).toBe(true);

    const xlsx = await get(`/api/v1/stats/export.xlsx?${PERIOD}&region=430521`);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('指标汇总_430521_'));
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('writes a county\'s yearly report from the county\'s figures', async () => {
    const model = (await get('/api/v1/stats/report?year=2026&region=430521')).json();
    expect(model.region).toBe('430521');
    const ytd = (await get('/api/v1/stats/summary?from=2026-01-01&to=2026-10-09&region=430521')).json();
    expect(model.figures['cases.received'].value).toBe(ytd.kpis['cases.completionRate'].denominator);
    expect(model.figures['cases.received'].value).toBeGreaterThan(0);
    const docx = await get('/api/v1/stats/report.docx?year=2026&region=430521');
    expect(docx.headers['content-disposition']).toContain('430521');
  });

  it.each([
    ['/api/v1/stats/drilldown?kpi=cases.completionRate&part=denominator&'],
    ['/api/v1/stats/series?'],
    ['/api/v1/stats/overdue-cases?'],
    ['/api/v1/stats/export.xlsx?'],
    ['/api/v1/stats/report?year=2026&'],
  ])('answers %s with the summary\'s errors', async (url) => {
    const unknown = await t.request({ method: 'GET', url: `${url}region=110101`, as: 'leader' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'REGION_NOT_FOUND']);
    if (!url.includes('report')) {
      const both = await t.request({ method: 'GET', url: `${url}region=430521&department=${ids['430582-001']}`, as: 'leader' });
      expect([both.statusCode, both.json().error.code]).toEqual([422, 'STATS_SCOPE_CONFLICT']);
    }
    const malformed = await t.request({ method: 'GET', url: `${url}region=43052`, as: 'leader' });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it.each([
    ['an unknown county', 'region=110101', 422, 'REGION_NOT_FOUND'],
    ['a department and a county together', 'region=430521&department=1', 422, 'STATS_SCOPE_CONFLICT'],
    ['a malformed code', 'region=43052', 400, 'VALIDATION_ERROR'],
    ['a village code', 'region=430521001001', 400, 'VALIDATION_ERROR'],
  ])('answers %s with %s %s', async (_l, qs, status, code) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/summary?${PERIOD}&${qs}`, as: 'leader' });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });
});
