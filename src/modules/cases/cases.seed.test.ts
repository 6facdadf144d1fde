import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { orgModule } from '../org';
import { catalogModule } from '../catalog';
import { casesModule } from '.';
import { at } from './cases.test-support';

const seedModules = [orgModule, catalogModule, casesModule] as const;

describe.each(dialects)('demo cases seed on %s', (dialect) => {
  let t: TestApp<typeof seedModules>;
  let ms = 0;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-30'), modules: seedModules, seed: ['org', 'catalog'] });
    const t0 = performance.now();
    await casesModule.seed!(t.ctx, { kind: 'demo' });
    ms = performance.now() - t0;
  }, 180_000);
  afterAll(async () => t?.close());

  it('fills June to today with cases in every state, through the service rules', async () => {
    const rows = await t.opened.db.selectFrom('cases_cases').select(['status', 'on_time', 'deemed_accepted', 'bundle_app_id', 'cross_mode', 'green_channel', 'submitted_on']).execute();
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    console.log(`[cases seed] ${rows.length} cases in ${ms.toFixed(0)} ms`);
    expect(rows.length).toBeGreaterThan(200);
    for (const s of ['submitted', 'correction_requested', 'accepted', 'approved', 'completed', 'rejected', 'withdrawn', 'denied']) expect(by(s), s).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'completed' && Number(r.on_time) === 0).length).toBeGreaterThan(0);
    expect(rows.some((r) => Number(r.deemed_accepted) === 1 || r.status === 'submitted')).toBe(true);
    expect(rows.some((r) => r.bundle_app_id !== null)).toBe(true);
    expect(rows.some((r) => r.green_channel !== null)).toBe(true);
    expect(rows.some((r) => r.cross_mode === 'proxy')).toBe(true);
    expect(rows.some((r) => r.cross_mode === 'full_online')).toBe(true);
    expect(rows.every((r) => r.submitted_on >= '2026-06-01' && r.submitted_on < '2026-09-30')).toBe(true);
    const susp = await t.opened.db.selectFrom('cases_suspensions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(susp.n)).toBeGreaterThan(0);
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });

  it('defines bundles and partner regions from the demo catalogue', async () => {
    const b = (await t.request({ method: 'GET', url: '/api/v1/bundles' })).json();
    expect(b.items.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['新生儿出生一件事', '开办餐饮店一件事']));
    const birth = b.items.find((x: { code: string }) => x.code === 'YJS-XSECS');
    expect(birth.items.length).toBeGreaterThanOrEqual(4);
    expect(birth.materialsSaved).toBeGreaterThan(0);
    const p = (await t.request({ method: 'GET', url: '/api/v1/partner-regions', as: 'clerk' })).json();
    expect(p.items.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['广东省东莞市', '浙江省义乌市']));
    const green = (await t.request({ method: 'GET', url: '/api/v1/bundle-applications?greenChannel=true', as: 'clerk' })).json();
    expect(green.total).toBeGreaterThan(0);
  });

  it('shows the demo citizen their own cases', async () => {
    const mine = (await t.request({ method: 'GET', url: '/api/v1/cases', as: 'citizen' })).json();
    expect(mine.total).toBeGreaterThan(2);
  });
});
