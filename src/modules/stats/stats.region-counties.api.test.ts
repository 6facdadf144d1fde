import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { installationRegion } from '../../kernel/region';
import type { Kpi } from '../../shared/kpi';
import { kpiLabel } from '../../shared/kpi-labels';

const NOW = '2026-09-21T09:00:00+08:00';
const OTHER = '430581'; // a second county of a city installation

type Summary = { region: string | null; kpis: Record<string, Kpi> };

/**
 * Work orders and hall tickets carry their own county: a county's hotline and hall figures are its orders'
 * and tickets', whoever holds them, and the counties add up to the installation.
 */
describe.each(dialects)('hotline and hall figures per county on %s', (dialect) => {
  let t: TestApp;
  let home: string;
  let before: { own: Summary; other: Summary };
  const added = (after: Summary, was: Summary, kpi: string) => after.kpis[kpi]!.numerator - was.kpis[kpi]!.numerator;

  const summary = async (qs: string): Promise<Summary> => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/summary?from=2026-09-01&to=2026-09-30${qs}`, as: 'leader' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    home = installationRegion();
    const rs = (await t.ctx.services.org.byName('人社局'))!.id;
    await t.opened.db.updateTable('kernel_departments').set({ region_code: `${OTHER}001000` }).where('id', '=', rs).execute();
    t.ctx.services.org.invalidate();
    before = { own: await summary(`&region=${home}`), other: await summary(`&region=${OTHER}`) };
    await t.login('operator');
    // 7 orders of the other county taken by the city centre, 5 of the installation's own.
    for (let i = 0; i < 12; i++) {
      const res = await t.request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'consult', content: '咨询社保转移办理。', ...(i < 7 ? { region: OTHER } : {}) } });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await t.request({ method: 'PUT', url: '/api/v1/hall/categories/A', as: 'admin', payload: { name: '综合受理', active: true, slotCapacity: 2 } })).statusCode).toBe(200);
    const kiosk = systemActor('kiosk');
    for (let i = 0; i < 9; i++) await t.ctx.services.hall.queue.take(kiosk, { categoryCode: 'A', ...(i % 3 === 0 ? { region: OTHER } : {}) });
  }, 180_000);
  afterAll(async () => t?.close());


  it('counts a county\'s own orders and tickets, and the counties add up to the installation', async () => {
    const [all, own, other] = [await summary(''), await summary(`&region=${home}`), await summary(`&region=${OTHER}`)];
    expect(added(other, before.other, 'hotline.received')).toBe(7);
    expect(added(own, before.own, 'hotline.received')).toBe(5);
    expect(added(other, before.other, 'hall.tickets')).toBe(3);
    expect(added(own, before.own, 'hall.tickets')).toBe(6);
    // The units' own registers (seats, lines, knowledge base) are counted by department, not by county.
    const perUnit = ['hotline.expertSeats', 'hotline.lines', 'hotline.linesMerged', 'hotline.kbUnits'];
    const kpis = Object.keys(all.kpis).filter((k) => /^(hotline|hall)\./.test(k) && !perUnit.includes(k));
    expect(kpis.length).toBeGreaterThan(10);
    // A count's denominator is 1 whatever the scope: only its number adds up.
    const d = (k: string, s: Summary) => (kpiLabel(k)?.format === 'count' ? 0 : s.kpis[k]!.denominator);
    for (const k of kpis) {
      expect({ k, n: own.kpis[k]!.numerator + other.kpis[k]!.numerator, d: d(k, own) + d(k, other) }).toEqual({ k, n: all.kpis[k]!.numerator, d: d(k, all) });
    }
  });

  it('lists the counties served, the installation\'s first, for the dashboard\'s 区县 choice', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/regions', as: 'leader' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ code: string; name: string; installation: boolean; departments: number }>;
    expect(items.map((r) => [r.code, r.installation])).toEqual([
      [home, true],
      [OTHER, false],
    ]);
    expect(items[0]!.name).toBe('邵东市');
    expect(items[1]!.departments).toBe(1);
    expect((await t.request({ method: 'GET', url: '/api/v1/regions' })).statusCode).toBe(401);
  });

  it('drills a county down to its own orders and tickets', async () => {
    const drill = async (kpi: string, region: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/stats/drilldown?kpi=${kpi}&part=numerator&from=2026-09-01&to=2026-09-30&region=${region}`, as: 'leader' })).json();
    for (const region of [home, OTHER]) {
      const s = await summary(`&region=${region}`);
      for (const kpi of ['hotline.received', 'hall.tickets']) expect({ region, kpi, total: (await drill(kpi, region)).total }).toEqual({ region, kpi, total: s.kpis[kpi]!.numerator });
    }
    expect((await drill('hotline.received', OTHER)).total).toBe(7 + before.other.kpis['hotline.received']!.numerator);
  });
});
