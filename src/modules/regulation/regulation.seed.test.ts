import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { orgModule } from '../org';
import { catalogModule } from '../catalog';
import { casesModule } from '../cases';
import { at } from '../cases/cases.test-support';
import { regulationModule } from '.';

const seedModules = [orgModule, catalogModule, casesModule, regulationModule] as const;

describe.each(dialects)('demo 监管 seed on %s', (dialect) => {
  let t: TestApp<typeof seedModules>;
  let ms = 0;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-30'), modules: seedModules, seed: ['org', 'catalog', 'cases'] });
    const t0 = performance.now();
    await regulationModule.seed!(t.ctx, { kind: 'demo' });
    ms = performance.now() - t0;
  }, 300_000);
  afterAll(async () => t?.close());

  it('fills the regulator queue with tasks in every state, some overdue, and a drawn draw', async () => {
    const tasks = await t.opened.db.selectFrom('regulation_tasks').select(['status', 'claim_due', 'department_id', 'claimed_on']).execute();
    const items = await t.opened.db.selectFrom('regulation_items').select('id').execute();
    console.log(`[regulation seed] ${items.length} 监管事项, ${tasks.length} tasks in ${ms.toFixed(0)} ms`);
    const regulator = (await t.request({ method: 'GET', url: '/api/v1/regulation/tasks', as: 'regulator' })).json();
    expect(regulator.counts.pending).toBeGreaterThan(0);
    expect(regulator.counts.overdue).toBeGreaterThan(0);
    expect(regulator.counts.claimed).toBeGreaterThan(0);
    expect(regulator.counts.closed).toBeGreaterThan(0);
    expect(tasks.some((r) => r.claimed_on !== null && r.claimed_on > r.claim_due)).toBe(true);
    const draws = (await t.request({ method: 'GET', url: '/api/v1/regulation/public/draws' })).json();
    expect(draws.items.map((d: { status: string }) => d.status).sort()).toEqual(['committed', 'drawn']);
    const risks = (await t.request({ method: 'GET', url: '/api/v1/regulation/risks', as: 'regulator' })).json();
    expect(risks.items.some((r: { kind: string }) => r.kind === 'rectify_overdue')).toBe(true);
    const kpis = await t.ctx.services.regulation.kpis.kpis({ from: '2026-01-01', to: '2026-09-30' }, null);
    expect(kpis['regulation.itemCoverage'].value).toBeGreaterThan(0);
    expect(kpis['regulation.claimRate'].denominator).toBe(tasks.length);
    console.log('[regulation seed] KPIs', JSON.stringify(kpis));
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });
});
