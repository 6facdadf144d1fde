import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { rollupState } from '../../kernel/rollup/daily-rollup';
import { installationRegion } from '../../kernel/region';
import { clockSafeRequest } from '../cases/cases.test-support';
import { ordersDaily, rebuildOrdersDaily } from './hotline.daily';
import type { HotlineService } from './hotline.service';

const at = (day: string, hour = 10) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const OTHER = '430581'; // a second county of a city installation

// A county's hotline figures come from the day × unit × county roll-up and must give the live answer for
// every county, for the installation's own county (which also owns the orders from before counties), and
// for the whole installation: before a run, after it, after a late change to a rolled day, after the next
// run; and the set-based rebuild of migration 0542 must give the rows a run computes.
describe.each(dialects)('a county’s hotline counts from the daily roll-ups on %s', (dialect) => {
  let t: TestApp;
  let request: ReturnType<typeof clockSafeRequest>;
  let hotline: HotlineService;
  let home: string;
  let zj: number; // 住建局, the installation's county
  let rs: number; // 人社局, moved to the second county
  let crossCounty: number; // an order of the second county held by a unit of the installation's county
  let onLine: number; // an order of the second county received on its own line
  let legacy: number; // an order from before counties (region null)

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-21') });
    request = clockSafeRequest(t);
    home = installationRegion();
    hotline = t.ctx.services.hotline;
    zj = (await t.ctx.services.org.byName('住建局'))!.id;
    rs = (await t.ctx.services.org.byName('人社局'))!.id;
    await t.opened.db.updateTable('kernel_departments').set({ region_code: `${OTHER}001000` }).where('id', '=', rs).execute();
    t.ctx.services.org.invalidate();
    await t.opened.db.insertInto('hotline_lines').values({ code: 'sd-county', name: '邵东专线', description: null, unit_ids_json: JSON.stringify([rs]), active: 1, region: OTHER }).execute();
    await t.ctx.auth.createUser(systemActor('test'), { username: 'unit2', name: '人社办理', password: 'demo1234', roles: ['unit'], departmentId: rs, isDemo: true });
  });
  afterAll(async () => t?.close());

  const newOrder = async (payload: Record<string, unknown> = {}) => {
    const r = await request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'complaint', content: '小区物业不清理楼道垃圾，请督促整改。', ...payload } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const act = async (id: number, payload: Record<string, unknown>, as: string) => {
    const r = await request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as, payload });
    expect(r.statusCode, r.body).toBe(200);
  };
  const handled = async (unit: 'unit' | 'unit2', payload: Record<string, unknown>, callback?: 'satisfied' | 'unsatisfied') => {
    const id = await newOrder(payload);
    await act(id, { action: 'dispatch', unitId: unit === 'unit' ? zj : rs }, 'operator');
    await act(id, { action: 'sign' }, unit);
    await act(id, { action: 'reply', content: '已处理', replyResult: 'resolved' }, unit);
    if (callback) await act(id, { action: 'callback', reached: true, result: callback }, 'operator');
    return id;
  };

  const periods: [string, string][] = [
    ['2026-09-01', '2026-09-30'],
    ['2026-09-21', '2026-09-21'],
    ['2026-09-22', '2026-10-31'],
    ['2026-08-01', '2026-10-31'],
  ];
  const expectExact = async () => {
    for (const [from, to] of periods) {
      for (const region of [home, OTHER]) {
        const live = await hotline.counts(from, to, undefined, { region, live: true });
        expect(await hotline.counts(from, to, undefined, { region }), `${region} ${from}–${to}`).toEqual(live);
        // With a county the department scope is not applied (the county's orders, whoever holds them).
        expect(await hotline.counts(from, to, rs, { region })).toEqual(await hotline.counts(from, to, rs, { region, live: true }));
      }
      for (const dept of [undefined, zj, rs]) expect(await hotline.counts(from, to, dept)).toEqual(await hotline.counts(from, to, dept, { live: true }));
      for (const u of await hotline.kpisByUnit(from, to)) {
        const live = await hotline.counts(from, to, u.unitId, { live: true });
        expect(u['hotline.onTimeRate']).toMatchObject({ numerator: live.ordersFinishedOnTime, denominator: live.ordersFinished });
        expect(u['hotline.satisfactionRate']).toMatchObject({ numerator: live.callbacksSatisfied, denominator: live.callbacksRated });
      }
    }
  };

  it('orders of two counties held across counties, and one from before counties, rolled up', async () => {
    await handled('unit', {}, 'satisfied');
    crossCounty = await handled('unit', { region: OTHER }, 'unsatisfied');
    onLine = await handled('unit2', { line: 'sd-county' }, 'satisfied');
    await handled('unit2', {}); // the installation's order held by the second county's unit
    legacy = await handled('unit2', {}, 'satisfied');
    await t.opened.db.updateTable('hotline_orders').set({ region: null }).where('id', '=', legacy).execute();
    const direct = await newOrder({ region: OTHER });
    await act(direct, { action: 'answer', content: '已当场答复' }, 'operator');
    await newOrder({ region: OTHER });
    // Calls carry no county: all of them are the installation's county's.
    expect((await request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload: { startedAt: '2026-09-21T01:00:00.000Z', answered: true, waitSeconds: 10 } })).statusCode).toBe(201);
    t.clock.set(at('2026-09-22'));
    await handled('unit', { region: OTHER }, 'satisfied');
    await expectExact();
    const other = await hotline.counts('2026-09-01', '2026-09-30', undefined, { region: OTHER });
    // crossCounty was reopened by its unsatisfied callback: not finished, its callback rated all the same.
    expect(other).toMatchObject({ ordersReceived: 5, ordersAnsweredDirectly: 1, ordersFinished: 2, callbacksRated: 3, callbacksSatisfied: 2, callsOffered: 0 });
    expect(await hotline.counts('2026-09-01', '2026-09-30', undefined, { region: home })).toMatchObject({ ordersReceived: 3, callsOffered: 1 }); // with the order from before counties
    t.clock.set(at('2026-09-23', 1));
    const run = await hotline.rollupDaily();
    expect(run.orders).toMatchObject({ full: true, through: '2026-09-22' });
    // The rows carry the orders' own counties (null: the order from before counties).
    const regions = await t.opened.db.selectFrom('hotline_orders_daily').select('region').distinct().execute();
    expect(regions.map((r) => r.region).sort()).toEqual([OTHER, home, null].sort());
    await expectExact();
    expect(await hotline.counts('2026-09-01', '2026-09-30', undefined, { region: OTHER })).toEqual(other);
  });

  it('a late change to a county’s order of a rolled day marks the day; the next run recomputes it', async () => {
    t.clock.set(at('2026-09-25'));
    await hotline.rollupDaily();
    await act(onLine, { action: 'reopen', reason: '群众反映问题未解决' }, 'operator'); // finished on the 21st: no longer
    expect((await rollupState(t.ctx.db, ordersDaily.name)).dirty).toEqual(['2026-09-21']);
    await expectExact();
    await act(crossCounty, { action: 'dispatch', unitId: rs }, 'operator'); // reopened by its callback, now held in its own county
    await act(legacy, { action: 'reopen', reason: '再次反映' }, 'operator');
    await expectExact();
    t.clock.set(at('2026-09-26'));
    await hotline.rollupDaily();
    expect((await rollupState(t.ctx.db, ordersDaily.name)).dirty).toEqual([]);
    await expectExact();
  });

  it('whole rolled months are read from the month layers, per county; a late change sends its month back to the days', async () => {
    t.clock.set(at('2026-10-02'));
    await hotline.rollupDaily();
    const months = await t.opened.db.selectFrom('hotline_orders_monthly').select(['month', 'region']).distinct().execute();
    expect(months.map((m) => `${m.month} ${m.region}`).sort()).toEqual([`2026-09 ${OTHER}`, `2026-09 ${home}`, '2026-09 null'].sort());
    expect(await t.opened.db.selectFrom('hotline_calls_monthly').select('month').execute()).toEqual([{ month: '2026-09' }]);
    await expectExact();
    await act(onLine, { action: 'dispatch', unitId: zj }, 'operator'); // received on the 21st: September has a dirty day
    expect((await rollupState(t.ctx.db, ordersDaily.name)).dirty).toEqual(['2026-09-21']);
    await expectExact();
    t.clock.set(at('2026-10-03'));
    await hotline.rollupDaily();
    await expectExact();
  });

  it('the set-based rebuild (migration 0542) gives the rows a run computes', async () => {
    const rows = async () =>
      (
        await t.opened.db
          .selectFrom('hotline_orders_daily')
          .selectAll()
          .where('day', '<=', '2026-10-02')
          .execute()
      )
        .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' || v === null ? v : Number(v)]))))
        .sort();
    const computed = await rows();
    expect(computed.length).toBeGreaterThan(0);
    await t.opened.db.deleteFrom('hotline_orders_daily').execute();
    await rebuildOrdersDaily(t.opened.db, '2026-10-02');
    // The run writes no all-zero rows; neither does the rebuild (every grouped row counts something).
    expect(await rows()).toEqual(computed);
    await expectExact();
  });
});
