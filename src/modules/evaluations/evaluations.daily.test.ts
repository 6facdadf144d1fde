import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { rollupState } from '../../kernel/rollup/daily-rollup';
import { monthRowsAndDaySums, rolledGrains } from '../../kernel/rollup/daily-rollup.test-support';
import { at, clockSafeRequest } from '../cases/cases.test-support';
import { evaluationsDaily, ratedDepartmentIds } from './evaluations.daily';
import { evaluationsTables } from './evaluations.tables';
import type { EvaluationsService } from './evaluations.service';
import { completedCase, evaluationsTestModules } from './evaluations.test-support';

// The roll-up must give the live answer at every moment: after a run, after a back-dated default rating
// lands on a rolled day, after a verified 差评, and after the next run.
describe.each(dialects)('evaluation counts from the daily roll-up on %s', (dialect) => {
  let t: TestApp<typeof evaluationsTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let svc: EvaluationsService;
  let departmentId: number;
  let badReviewId: number;
  const unrated: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: evaluationsTestModules });
    request = clockSafeRequest(t);
    svc = t.ctx.services.evaluations;
  });
  afterAll(async () => t?.close());

  const periods: [string, string][] = [
    ['2026-11-01', '2026-11-30'],
    ['2026-11-03', '2026-11-03'],
    ['2026-11-04', '2026-12-31'],
    ['2026-01-01', '2026-12-31'],
  ];
  const expectExact = async () => {
    for (const [from, to] of periods) {
      expect(await svc.counts(from, to)).toEqual(await svc.countsLive(from, to));
      expect(await svc.counts(from, to, departmentId)).toEqual(await svc.countsLive(from, to, departmentId));
      expect(await svc.counts(from, to, departmentId + 999)).toEqual(await svc.countsLive(from, to, departmentId + 999));
      const rated = await evaluationsTables(t.opened.db).selectFrom('evaluations_evaluations').select('department_id').distinct().where('rated_on', '>=', from).where('rated_on', '<=', to).execute();
      expect([...(await ratedDepartmentIds(evaluationsTables(t.opened.db), from, to))].sort()).toEqual(rated.map((r) => Number(r.department_id)).sort());
    }
  };
  const grains = () => rolledGrains(t.opened.db, evaluationsDaily, '2026-11-01', '2026-12-31');

  it('rates cases over three days and rolls them up', async () => {
    for (const [day, levels] of [
      ['2026-11-02', [5, 1, 4]],
      ['2026-11-03', [3, 5]],
      ['2026-11-04', [2, 5, 5]],
    ] as const) {
      t.clock.set(at(day, 10));
      for (const level of levels) {
        const caseNo = await completedCase(request, { online: true });
        const r = await request({ method: 'POST', url: '/api/v1/evaluations', as: 'citizen', payload: { caseNo, level, channel: 'web' } });
        expect(r.statusCode).toBe(201);
        if (level === 1) badReviewId = r.json().reviewId;
      }
      unrated.push(await completedCase(request));
    }
    departmentId = Number((await t.opened.db.selectFrom('evaluations_evaluations').select('department_id').executeTakeFirstOrThrow()).department_id);
    await expectExact();
    t.clock.set(at('2026-11-05', 9));
    expect(await svc.rollupDaily()).toMatchObject({ full: true, through: '2026-11-04', rows: 3 });
    expect((await svc.counts('2026-11-01', '2026-11-30')).total).toBe(8);
    await expectExact();
  });

  it('a verified 差评 changes the live part only', async () => {
    t.clock.set(at('2026-11-05', 11));
    const v = await request({ method: 'POST', url: `/api/v1/evaluations/reviews/${badReviewId}/actions`, as: 'supervisor', payload: { action: 'verify', verdict: 'valid', reason: '调取监控属实' } });
    expect(v.statusCode).toBe(200);
    expect((await svc.counts('2026-11-01', '2026-11-30')).validBad).toBe(1);
    await expectExact();
  });

  it('default ratings dated back onto rolled days mark those days; the next run recomputes them', async () => {
    t.clock.set(at('2026-12-15', 9));
    await svc.rollupDaily();
    expect((await rollupState(t.opened.db, evaluationsDaily.name)).through).toBe('2026-12-14');
    // November is rolled whole: read from its month rows, December's days by day.
    expect(await grains()).toEqual(['month', 'day']);
    await expectExact();
    expect(await svc.applyDefaults()).toBe(unrated.length);
    const dated = await t.opened.db.selectFrom('evaluations_evaluations').select('rated_on').where('channel', '=', 'system').execute();
    const state = await rollupState(t.opened.db, evaluationsDaily.name);
    expect(state.dirty).toEqual([...new Set(dated.map((d) => d.rated_on as string))].sort());
    expect(state.dirty.every((d) => d < '2026-12-14')).toBe(true);
    // The dirty November days: November is read by days (those days live) until the next run.
    expect(await grains()).toEqual(['day']);
    await expectExact();
    t.clock.set(at('2026-12-16', 9));
    await svc.rollupDaily();
    expect((await rollupState(t.opened.db, evaluationsDaily.name)).dirty).toEqual([]);
    const { months, fromDays } = await monthRowsAndDaySums(t.opened.db, evaluationsDaily);
    expect(months).toEqual(fromDays);
    expect(await grains()).toEqual(['month', 'day']);
    await expectExact();
    expect((await svc.counts('2026-11-01', '2026-12-31')).total).toBe(8 + unrated.length);
  });

  it('the stats summary reads the same numbers', async () => {
    const res = await request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-11-01&to=2026-12-31', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const live = await svc.countsLive('2026-11-01', '2026-12-31');
    expect(res.json().kpis['evaluations.activeRate']).toMatchObject({ numerator: live.active, denominator: live.total });
  });
});
