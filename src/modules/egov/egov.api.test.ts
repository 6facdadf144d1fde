import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type AnyTestApp, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';

const NOW = '2026-10-20T09:00:00+08:00';

async function count(t: AnyTestApp, table: string) {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(dialects)('电子政务外网 and 业务培训 on %s', (dialect) => {
  let t: TestApp;
  let town: number;
  let village: number;
  let market: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    const all = await t.ctx.services.org.all();
    town = all.find((d) => d.kind === 'township')!.id;
    village = all.find((d) => d.kind === 'village')!.id;
    market = (await t.ctx.services.org.byName('市场监管局'))!.id;
  });
  afterAll(async () => t?.close());

  const put = (id: number, payload: Record<string, unknown>, as = 'admin') => t.request({ method: 'PUT', url: `/api/v1/egov/connections/${id}`, as, payload });

  it('registers a township’s and a village’s extranet line, audited, and counts coverage', async () => {
    const r = await put(town, { bandwidthMbps: 100, connectedOn: '2026-03-02' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ departmentId: town, kind: 'township', connected: true, statusLabel: '已接入' });
    expect((await put(village, { bandwidthMbps: 20, connectedOn: '2026-09-01' })).statusCode).toBe(200);
    const list = (await t.request({ method: 'GET', url: '/api/v1/egov/connections', as: 'leader' })).json();
    expect(list.townships.connected).toBe(1);
    expect(list.townships.units).toBeGreaterThan(1);
    expect(list.villages.connected).toBe(1);
    expect(list.items[0].kind).toBe('township');
    const unconnected = (await t.request({ method: 'GET', url: '/api/v1/egov/connections?unconnected=true', as: 'leader' })).json();
    expect(unconnected.items.every((c: { connected: boolean }) => !c.connected)).toBe(true);
    expect(unconnected.total).toBe(list.total - 2);
    // A line going down is an update of the same row, with the before and after in the audit trail.
    expect((await put(village, { bandwidthMbps: 20, connectedOn: '2026-09-01', status: 'suspended', note: '光缆被挖断' })).json().connected).toBe(false);
    const trail = await auditTrailOf(t.opened.db, 'egov_connection', (await t.ctx.services.org.byId(village))!.code);
    expect(trail.map((a) => a.action)).toEqual(['egov.connection_added', 'egov.connection_updated']);
    expect(trail[1].before).toMatchObject({ status: 'connected' });

    const k = await t.ctx.services.egov.kpis({ from: '2026-01-01', to: '2026-10-20' }, null);
    expect(k['egov.townshipsConnected'].numerator).toBe(1);
    expect(k['egov.villagesConnected'].numerator).toBe(0);
    // As of the end of August the township was connected and the village not yet.
    const aug = await t.ctx.services.egov.kpis({ from: '2026-01-01', to: '2026-08-31' }, null);
    expect(aug['egov.townshipsConnected'].numerator).toBe(1);
  });

  it('refuses a department, a future day or a bad bandwidth, writing nothing', async () => {
    const before = await count(t, 'egov_connections');
    const dept = await put(market, { bandwidthMbps: 100, connectedOn: '2026-03-02' });
    expect(dept.statusCode).toBe(422);
    expect(dept.json().error.code).toBe('NOT_A_SERVICE_CENTRE');
    expect((await put(town, { bandwidthMbps: 100, connectedOn: '2026-10-21' })).json().error.code).toBe('CONNECTED_IN_FUTURE');
    expect((await put(town, { bandwidthMbps: 0, connectedOn: '2026-03-02' })).statusCode).toBe(400);
    expect((await put(999999, { bandwidthMbps: 10, connectedOn: '2026-03-02' })).statusCode).toBe(422);
    expect((await put(town, { bandwidthMbps: 10, connectedOn: '2026-03-02' }, 'leader')).statusCode).toBe(403);
    expect(await count(t, 'egov_connections')).toBe(before);
  });

  it('records incidents, handles an open one once, and counts the handled share', async () => {
    const post = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/egov/incidents', as: 'admin', payload });
    const base = { occurredOn: '2026-10-12', category: 'attack', severity: 'minor', target: '政务外网出口防火墙', description: '境外 IP 端口扫描' };
    expect((await post({ ...base, status: 'handled', handledOn: '2026-10-12', measures: '封堵攻击源 IP' })).statusCode).toBe(201);
    const open = await post({ ...base, occurredOn: '2026-10-19', status: 'open' });
    expect(open.statusCode).toBe(201);
    const before = await count(t, 'egov_incidents');
    const noMeasures = await post({ ...base, status: 'handled', handledOn: '2026-10-12' });
    expect(noMeasures.statusCode).toBe(422);
    expect(noMeasures.json().error).toMatchObject({ code: 'MEASURES_REQUIRED', details: { field: 'measures' } });
    expect((await post({ ...base, category: 'ufo', status: 'open' })).statusCode).toBe(400);
    expect(await count(t, 'egov_incidents')).toBe(before);

    let k = await t.ctx.services.egov.kpis({ from: '2026-10-01', to: '2026-10-31' }, null);
    expect(k['egov.incidentsHandled']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    const id = open.json().id;
    const early = await t.request({ method: 'POST', url: `/api/v1/egov/incidents/${id}/handle`, as: 'admin', payload: { handledOn: '2026-10-18', measures: '隔离终端并查杀' } });
    expect(early.json().error.code).toBe('HANDLED_BEFORE_OCCURRED');
    const done = await t.request({ method: 'POST', url: `/api/v1/egov/incidents/${id}/handle`, as: 'admin', payload: { handledOn: '2026-10-20', measures: '隔离终端并查杀' } });
    expect(done.json()).toMatchObject({ status: 'handled', handledOn: '2026-10-20', categoryLabel: expect.stringContaining('网络攻击') });
    const again = await t.request({ method: 'POST', url: `/api/v1/egov/incidents/${id}/handle`, as: 'admin', payload: { handledOn: '2026-10-20', measures: '隔离终端并查杀' } });
    expect(again.statusCode).toBe(409);
    k = await t.ctx.services.egov.kpis({ from: '2026-10-01', to: '2026-10-31' }, null);
    expect(k['egov.incidentsHandled']).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect((await auditTrailOf(t.opened.db, 'egov_incident', id)).map((a) => a.action)).toEqual(['egov.incident_recorded', 'egov.incident_handled']);
    const list = (await t.request({ method: 'GET', url: '/api/v1/egov/incidents?from=2026-10-01&to=2026-10-31', as: 'supervisor' })).json();
    expect(list.total).toBe(2);
    expect((await t.request({ method: 'GET', url: '/api/v1/egov/incidents?from=2026-10-31&to=2026-10-01', as: 'supervisor' })).json().error.code).toBe('INVALID_PERIOD');
  });

  it('records trainings with attendance; the report counts sessions and people', async () => {
    const post = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/egov/trainings', as: 'admin', payload });
    const base = { title: '乡镇政务服务中心业务培训', heldOn: '2026-10-15', audience: 'township_center', attendees: 52, hours: 3, place: '政务服务中心培训室' };
    expect((await post(base)).statusCode).toBe(201);
    expect((await post({ ...base, heldOn: '2026-10-16', attendees: 30, audience: 'village' })).statusCode).toBe(201);
    const before = await count(t, 'egov_trainings');
    expect((await post({ ...base, heldOn: '2026-11-02' })).json().error.code).toBe('TRAINING_IN_FUTURE');
    expect((await post({ ...base, attendees: 0 })).json().error.code).toBe('ATTENDEES_REQUIRED');
    expect((await post({ ...base, organiserDepartmentId: 999999 })).statusCode).toBe(422);
    expect(await count(t, 'egov_trainings')).toBe(before);
    const k = await t.ctx.services.egov.kpis({ from: '2026-10-01', to: '2026-10-31' }, null);
    expect(k['egov.trainings'].numerator).toBe(2);
    expect(k['egov.trainingAttendees']).toEqual({ value: 41, numerator: 82, denominator: 2 });
    const list = (await t.request({ method: 'GET', url: '/api/v1/egov/trainings?from=2026-10-01&to=2026-10-31', as: 'leader' })).json();
    expect(list).toMatchObject({ total: 2, attendees: 82 });
    expect(list.items[0].audienceLabel).toBe('村（社区）便民服务站');
    // A department's summary has no county-wide extranet or training figures.
    expect((await t.ctx.services.egov.kpis({ from: '2026-10-01', to: '2026-10-31' }, market))['egov.trainings'].value).toBeNull();
  });

  it('seeds a connected county with a year of incidents and monthly trainings', async () => {
    const s = await buildTestApp({ dialect, now: NOW, seed: ['org', 'egov'] });
    try {
      const k = await s.ctx.services.egov.kpis({ from: '2025-11-20', to: '2026-10-20' }, null);
      expect(k['egov.townshipsConnected'].value).toBe(1);
      expect(k['egov.villagesConnected'].value).toBe(1);
      expect(k['egov.incidentsHandled'].denominator).toBeGreaterThanOrEqual(90);
      expect(k['egov.incidentsHandled'].numerator).toBeLessThan(k['egov.incidentsHandled'].denominator);
      expect(k['egov.trainings'].numerator).toBeGreaterThanOrEqual(10);
    } finally {
      await s.close();
    }
  });
});
