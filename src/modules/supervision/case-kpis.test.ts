import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { ratio } from '../../shared/kpi';
import { caseKpis, countCases, type CaseFacts } from './case-kpis.rules';
import { KPI_CASES, deptId, insertCases, supervisionTestModules, type HandCase } from './supervision.test-support';
import { statsModule } from '../stats';
import { tablesOf } from '../../kernel/kernel.tables';
import { readPlan, rolledParts } from '../../kernel/rollup/daily-rollup';
import { monthRowsAndDaySums } from '../../kernel/rollup/daily-rollup.test-support';
import { supervisionCaseMonthly } from './case-kpis.service';
import type { SupervisionTables } from './supervision.tables';

// The worked answers of KPI_CASES (supervision.test-support.ts).
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
    const f = KPI_CASES.map((c) => facts(c, c.dept === '430582-002' ? 2 : 1));
    expect(caseKpis(countCases(f, '2026-09-01', '2026-09-30'))).toEqual(SEPT);
    expect(caseKpis(countCases(f, '2026-10-01', '2026-10-09', { red: 2, yellow: 0 }))).toEqual(OCT);
    // statutory speedup may go negative when cases used more than the legal limit (K2 alone: 1 − 16/10)
    expect(caseKpis(countCases([f[1]], '2026-09-01', '2026-09-30'))['cases.statutorySpeedupRate']).toEqual(ratio(-6, 10));
  });
});

describe.each(dialects)('case KPIs in the summary on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  let police: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    police = await deptId(t, '430582-002');
    await insertCases(t, KPI_CASES);
    expect(await t.ctx.services.supervision.sweep()).toEqual({ issued: 2 });
  });
  afterAll(async () => t?.close());

  const get = (url: string, as = 'leader') => t.request({ method: 'GET', url, as });
  const pick = (kpis: Record<string, unknown>) => Object.fromEntries(Object.keys(SEPT).map((k) => [k, kpis[k]]));

  it('answers the summary with the hand-worked figures, live and from the daily roll-up alike', async () => {
    const sept = await get('/api/v1/stats/summary?from=2026-09-01&to=2026-09-30');
    expect(sept.statusCode).toBe(200);
    expect(pick(sept.json().kpis)).toEqual(SEPT);
    expect(pick((await get('/api/v1/stats/summary?from=2026-10-01&to=2026-10-09')).json().kpis)).toEqual(OCT);
    const svc = t.ctx.services.caseKpis!;
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
});

describe.each(dialects)('the case roll-up after a change to an old case on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    await insertCases(t, KPI_CASES);
  });
  afterAll(async () => t?.close());

  it('withdrawing a case accepted in September marks its acceptance day, and the September figures stay exact', async () => {
    const svc = t.ctx.services.caseKpis!;
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

describe.each(dialects)('a county of several departments counts what the live computation counts on %s', (dialect) => {
  let t: TestApp<typeof kpiModules>;
  let general: number;
  let police: number;
  // KPI_CASES plus today's (2026-10-09) cases of both departments: a live day after the roll-up.
  const TODAY: HandCase[] = [
    { caseNo: 'T1', status: 'completed', submittedOn: '2026-10-09', acceptedOn: '2026-10-09', promisedDueDate: '2026-10-20', completedOn: '2026-10-09', onTime: 1, workdaysUsed: 0, legalLimit: 20 },
    { caseNo: 'T2', dept: '430582-002', status: 'accepted', submittedOn: '2026-10-08', acceptedOn: '2026-10-09', promisedDueDate: '2026-10-20' },
    { caseNo: 'T3', dept: '430582-002', status: 'completed', submittedOn: '2026-09-30', acceptedOn: '2026-10-01', promisedDueDate: '2026-10-05', completedOn: '2026-10-09', onTime: 0, workdaysUsed: 6, legalLimit: 10 },
  ];
  const all = [...KPI_CASES, ...TODAY];
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-10-09T09:00:00+08:00', modules: kpiModules });
    await insertCases(t, all);
    general = await deptId(t, '430582-001');
    police = await deptId(t, '430582-002');
  });
  afterAll(async () => t?.close());

  const reference = (scope: number[] | null, from: string, to: string) =>
    countCases(
      all.map((c) => facts(c, c.dept === '430582-002' ? police : general)).filter((f) => scope === null || scope.includes(f.departmentId)),
      from,
      to,
    );
  const check = async () => {
    const svc = t.ctx.services.caseKpis!;
    for (const scope of [null, [general, police], [police], [general]]) {
      for (const [from, to] of [
        ['2026-09-01', '2026-09-30'],
        ['2026-10-01', '2026-10-09'],
        ['2026-10-09', '2026-10-09'],
        ['2026-07-01', '2026-10-09'],
        ['2026-01-01', '2026-12-31'],
        ['2026-08-01', '2026-09-30'],
        ['2026-09-15', '2026-10-09'],
        ['2026-10-01', '2026-12-31'],
      ]) {
        expect(await svc.counts(from, to, scope), `${JSON.stringify(scope)} ${from}–${to}`).toEqual(reference(scope, from, to));
      }
      // The monthly series and the department table read whole months from the month layer: each month's
      // and each department's figures are those of counts() over the same days.
      for (const m of await svc.series('2026-07-01', '2026-10-09', scope)) {
        const mFrom = `${m.month}-01`;
        const mTo = m.month === '2026-10' ? '2026-10-09' : new Date(Date.UTC(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)), 0)).toISOString().slice(0, 10);
        expect(m.kpis, `${JSON.stringify(scope)} ${m.month}`).toEqual(caseKpis(await svc.counts(mFrom, mTo, scope)));
      }
    }
    for (const d of await svc.byDepartment('2026-07-01', '2026-10-09')) expect(d.counts).toEqual(await svc.counts('2026-07-01', '2026-10-09', d.departmentId));
  };
  /** Which grains a read of the roll-up takes for [from, to] now. */
  const grains = async (from: string, to: string) =>
    rolledParts({ table: 'supervision_case_daily', monthly: supervisionCaseMonthly }, (await readPlan(t.ctx.db, { name: 'supervision.case_daily' }, from, to)).rolled).map((p) => p.grain);

  it('live, rolled with today live, and with a rolled day marked changed', async () => {
    await check();
    await t.ctx.services.caseKpis!.rollup({ full: true });
    expect(await t.ctx.services.caseKpis!.rolledThrough()).toBe('2026-10-08');
    const { months, fromDays } = await monthRowsAndDaySums(t.ctx.db, { table: 'supervision_case_daily', monthly: supervisionCaseMonthly });
    expect(months.map((m) => m.month)).toContain('2026-09');
    expect(months).toEqual(fromDays);
    expect(await grains('2026-01-01', '2026-12-31')).toEqual(['month', 'day']);
    expect(Number((await tablesOf<SupervisionTables>(t.ctx.db).selectFrom('supervision_case_monthly').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(months.length);
    await check();
    // A changed day before the period's start is read live for the supervised figure only.
    for (const day of ['2026-09-12', '2026-10-01']) {
      await t.ctx.db.insertInto('kernel_settings').values({ key: `supervision.case_daily:dirty:${day}`, value_json: '{}', updated_at: '1970-01-01T00:00:00.000Z' }).execute();
    }
    // September holds a changed day: it is read by days (that day live) until the next run.
    expect(await grains('2026-07-01', '2026-10-09')).toEqual(['month', 'day']);
    expect(await grains('2026-09-01', '2026-09-30')).toEqual(['day']);
    await check();
    await t.ctx.services.caseKpis!.rollup();
    expect(await grains('2026-09-01', '2026-09-30')).toEqual(['month']);
    const after = await monthRowsAndDaySums(t.ctx.db, { table: 'supervision_case_daily', monthly: supervisionCaseMonthly });
    expect(after.months).toEqual(after.fromDays);
    await check();
  });
});
