import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, clockSafeRequest } from '../cases/cases.test-support';
import { orgModule } from '../org';
import { catalogModule } from '../catalog';
import { casesModule } from '../cases';
import { supervisionModule } from '../supervision';
import { intermediariesModule } from '.';
import { MODES, PROJECT_STATUSES } from './intermediaries.rules';

const modules = [orgModule, catalogModule, casesModule, supervisionModule, intermediariesModule] as const;

describe.each(dialects)('intermediaries demo seed on %s', (dialect) => {
  let t: TestApp<typeof modules>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-23'), modules, seed: ['org', 'catalog', 'intermediaries'] });
  });
  afterAll(async () => t?.close());

  it('fills the market with every project state and mode, the service list and a few 体外循环 flags', async () => {
    const request = clockSafeRequest(t);
    const projects = (await request({ method: 'GET', url: '/api/v1/intermediaries/projects?pageSize=100' })).json();
    const statuses = new Set(projects.items.map((p: { status: string }) => p.status));
    const modes = new Set(projects.items.map((p: { mode: string }) => p.mode));
    expect([...statuses].sort()).toEqual([...PROJECT_STATUSES].sort());
    expect([...modes].sort()).toEqual([...MODES].sort());
    expect((await request({ method: 'GET', url: '/api/v1/intermediaries/item-services' })).json().total).toBeGreaterThanOrEqual(5);
    const agencies = (await request({ method: 'GET', url: '/api/v1/intermediaries/agencies', as: 'admin' })).json();
    expect(new Set(agencies.items.map((a: { status: string }) => a.status))).toEqual(new Set(['listed', 'pending', 'suspended']));
    const flags = (await request({ method: 'GET', url: '/api/v1/intermediaries/flags', as: 'supervisor' })).json();
    expect(flags.total).toBe(3);
    const k = await t.ctx.services.intermediaries.checks.kpis({ from: '2026-01-01', to: '2026-12-31' }, null);
    expect(k['intermediaries.marketShare']).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
    expect(k['intermediaries.onTimeDeliveryRate'].denominator).toBe(2);
    expect(k['intermediaries.savingRate'].value).toBeGreaterThan(0);
    // The random draws of the demo reproduce from their revealed seeds.
    const drawn = projects.items.filter((p: { mode: string; seed: string | null }) => p.mode === 'random' && p.seed);
    expect(drawn.length).toBeGreaterThanOrEqual(2);
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });
});
