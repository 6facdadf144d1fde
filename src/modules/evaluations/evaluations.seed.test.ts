import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, clockSafeRequest } from '../cases/cases.test-support';
import { DEMO_DEVICE_KEY, seedEvaluations } from './evaluations.seed';
import { completedCase, evaluationsTestModules } from './evaluations.test-support';

describe.each(dialects)('evaluations demo seed on %s', (dialect) => {
  let t: TestApp<typeof evaluationsTestModules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-10-12'), modules: evaluationsTestModules });
  });
  afterAll(async () => t?.close());

  it('rates the completed demo cases, walks 差评 through the loop and archives past months', async () => {
    const request = clockSafeRequest(t);
    const cases: string[] = [];
    for (let i = 0; i < 9; i++) cases.push(await completedCase(request));
    t.clock.set(at('2026-11-20'));
    await seedEvaluations(t.ctx, t.ctx.services.evaluations);
    const rows = await t.opened.db.selectFrom('evaluations_evaluations').selectAll().execute();
    // Every completed case has a rating: the applicant's, or the default once the window passed.
    expect(new Set(rows.map((r) => r.case_no))).toEqual(new Set(cases));
    expect(rows.filter((r) => Number(r.active) === 1).length).toBeGreaterThanOrEqual(7);
    const reviews = await t.opened.db.selectFrom('evaluations_reviews').selectAll().execute();
    expect(reviews.length).toBeGreaterThanOrEqual(1);
    expect(reviews.every((r) => r.status !== 'verifying' || r.verified_on === null)).toBe(true);
    expect((await t.opened.db.selectFrom('evaluations_rankings').select('month').distinct().execute()).map((m) => m.month)).toEqual(['2026-10']);
    const queue = await request({ method: 'GET', url: '/api/v1/evaluations/device/queue', headers: { 'x-device-key': DEMO_DEVICE_KEY } });
    expect(queue.statusCode).toBe(200);
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });
});
