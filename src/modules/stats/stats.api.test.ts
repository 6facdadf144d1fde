import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';

describe.each(dialects)('stats summary on %s', (dialect) => {
  let t: TestApp;
  let market: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    market = (await t.ctx.services.org.byCode('430582-001'))!.id;
    const police = (await t.ctx.services.org.byCode('430582-002'))!.id;
    // Three published items (hand-worked): market 20/10 depth 4, market 10/10 depth 2, police 20/5 depth 1.
    const items: Array<[string, number, number, number, number]> = [['S1', market, 20, 10, 4], ['S2', market, 10, 10, 2], ['S3', police, 20, 5, 1]];
    for (const [code, dept, legal, promised, depth] of items) {
      await t.request({
        method: 'POST',
        url: '/api/v1/items',
        as: 'admin',
        payload: { code, name: `统计测试事项${code}`, type: '01', level: 4, departmentId: dept, legalLimit: legal, promisedLimit: promised, limitUnit: 'workday', kind: 'promised', onlineDepth: depth },
      });
      await t.request({ method: 'POST', url: `/api/v1/items/${code}/publish`, as: 'leader' });
    }
  });
  afterAll(async () => t?.close());

  it('returns each KPI with numerator and denominator', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-12-31', as: 'supervisor' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(body.kpis['catalog.onlineCapableRate']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(body.kpis['catalog.fullOnlineRate']).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    // (10 + 0 + 15) / (20 + 10 + 20)
    expect(body.kpis['catalog.promiseCompressionRate']).toEqual({ value: 0.5, numerator: 25, denominator: 50 });
  });

  it('narrows to one department', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/summary?from=2026-01-01&to=2026-12-31&department=${market}`, as: 'leader' });
    expect(res.json().kpis['catalog.level3PlusRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it.each([
    ['from after to', 'from=2026-05-01&to=2026-04-01', 'from'],
    ['an impossible date', 'from=2026-02-30&to=2026-03-01', 'from'],
    ['a malformed to', 'from=2026-01-01&to=2026-1-5', 'to'],
    ['a span over 5 years', 'from=2019-01-01&to=2026-01-01', 'to'],
    ['an unknown department', 'from=2026-01-01&to=2026-02-01&department=99999', 'department'],
  ])('answers %s with 422 naming the parameter', async (_l, qs, field) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/summary?${qs}`, as: 'leader' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.field).toBe(field);
  });

  it.each([['citizen'], ['unit']])('refuses %s with 403', async (as) => {
    expect((await t.request({ method: 'GET', url: '/api/v1/stats/summary', as })).statusCode).toBe(403);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/stats/summary' })).statusCode).toBe(401);
  });
});
