import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { rollupState } from '../../kernel/rollup/daily-rollup';
import { clockSafeRequest } from '../cases/cases.test-support';
import { CALLS_DAILY_NAME, ordersDaily } from './hotline.daily';
import type { HotlineService } from './hotline.service';

const at = (day: string, hour = 10) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

// The roll-ups must give the live answer at every moment: after a run, after a late change to an order
// of a rolled day (reopened, called back), after a call delivered late, after a changed threshold, and
// after the next run.
describe.each(dialects)('hotline counts from the daily roll-ups on %s', (dialect) => {
  let t: TestApp;
  let request: ReturnType<typeof clockSafeRequest>;
  let hotline: HotlineService;
  let zj: number;
  let rs: number;
  let closedEarly: number;
  let repliedEarly: number;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-21') });
    request = clockSafeRequest(t);
    hotline = t.ctx.services.hotline;
    const org = t.ctx.services.org;
    zj = (await org.byName('住建局'))!.id;
    rs = (await org.byName('人社局'))!.id;
    await t.ctx.auth.createUser(systemActor('test'), { username: 'unit2', name: '人社办理', password: 'demo1234', roles: ['unit'], departmentId: rs, isDemo: true });
  });
  afterAll(async () => t?.close());

  const newOrder = async () => {
    const r = await request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'complaint', content: '小区物业不清理楼道垃圾，请督促整改。' } });
    expect(r.statusCode).toBe(201);
    return r.json().id as number;
  };
  const act = async (id: number, payload: Record<string, unknown>, as: string) => {
    const r = await request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as, payload });
    expect(r.statusCode, r.body).toBe(200);
  };
  const call = async (startedAt: string, answered: boolean, waitSeconds: number) => {
    const r = await request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload: { startedAt, answered, waitSeconds } });
    expect(r.statusCode, r.body).toBe(201);
  };
  /** Received, dispatched, signed and replied by the unit; `callback` closes it with a rating. */
  const handled = async (unit: 'unit' | 'unit2', callback?: 'satisfied' | 'unsatisfied') => {
    const id = await newOrder();
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
  ];
  const expectExact = async () => {
    for (const [from, to] of periods) {
      for (const dept of [undefined, zj, rs]) expect(await hotline.counts(from, to, dept)).toEqual(await hotline.counts(from, to, dept, { live: true }));
      expect(await hotline.counts(from, to)).toEqual(await hotline.countsByRows(from, to));
      for (const u of await hotline.kpisByUnit(from, to)) {
        const live = await hotline.counts(from, to, u.unitId, { live: true });
        expect(u['hotline.onTimeRate']).toMatchObject({ numerator: live.ordersFinishedOnTime, denominator: live.ordersFinished });
        expect(u['hotline.callbackRate']).toMatchObject({ numerator: live.ordersFinishedWithCallback, denominator: live.ordersFinished });
        expect(u['hotline.satisfactionRate']).toMatchObject({ numerator: live.callbacksSatisfied, denominator: live.callbacksRated });
      }
    }
  };

  it('two days of calls and orders, rolled up', async () => {
    closedEarly = await handled('unit', 'satisfied');
    repliedEarly = await handled('unit2');
    const direct = await newOrder();
    await act(direct, { action: 'answer', content: '已当场答复' }, 'operator');
    await newOrder();
    await call('2026-09-21T01:00:00.000Z', true, 10);
    await call('2026-09-21T02:00:00.000Z', true, 20);
    t.clock.set(at('2026-09-22'));
    await call('2026-09-21T15:59:59.000Z', false, 40); // 23:59:59 in Shanghai: still the 21st
    await handled('unit2', 'unsatisfied');
    await call('2026-09-21T16:00:00.000Z', true, 15); // 00:00 on the 22nd in Shanghai
    await expectExact();
    t.clock.set(at('2026-09-23', 1));
    const run = await hotline.rollupDaily();
    expect(run.calls).toMatchObject({ full: true, through: '2026-09-22', rows: 2 });
    expect(run.orders).toMatchObject({ full: true, through: '2026-09-22' });
    expect((await hotline.counts('2026-09-01', '2026-09-30')).callsOffered).toBe(4);
    await expectExact();
  });

  it('late changes to orders of rolled days mark those days; the next run recomputes them', async () => {
    t.clock.set(at('2026-09-25'));
    await hotline.rollupDaily();
    await act(closedEarly, { action: 'reopen', reason: '群众反映问题未解决' }, 'operator'); // finished on the 21st: no longer
    await act(repliedEarly, { action: 'callback', reached: true, result: 'satisfied' }, 'operator'); // finished today
    const dirty = (await rollupState(t.ctx.db, ordersDaily.name)).dirty;
    expect(dirty).toEqual(['2026-09-21']);
    await expectExact();
    await act(closedEarly, { action: 'dispatch', unitId: rs }, 'operator'); // moves the order (received on the 21st) to another unit
    await expectExact();
    t.clock.set(at('2026-09-26'));
    expect((await hotline.rollupDaily()).orders.ranges[0].from).toBe('2026-09-21'); // the dirty day, merged with the settle window
    expect((await rollupState(t.ctx.db, ordersDaily.name)).dirty).toEqual([]);
    await expectExact();
  });

  it('a call delivered late marks its day', async () => {
    await call('2026-09-22T03:00:00.000Z', true, 5);
    expect((await rollupState(t.ctx.db, CALLS_DAILY_NAME)).dirty).toEqual(['2026-09-22']);
    await expectExact();
  });

  it('a changed 15-second threshold: the call roll-up is not read until a run rebuilds it', async () => {
    const before = await hotline.counts('2026-09-01', '2026-09-30');
    expect((await request({ method: 'PUT', url: '/api/v1/hotline/config', as: 'admin', payload: { answerWithinSeconds: 30 } })).statusCode).toBe(200);
    const after = await hotline.counts('2026-09-01', '2026-09-30');
    expect(after.callsAnsweredWithin).toBeGreaterThan(before.callsAnsweredWithin);
    await expectExact();
    t.clock.set(at('2026-09-27'));
    expect((await hotline.rollupDaily()).calls.full).toBe(true);
    await expectExact();
    await request({ method: 'PUT', url: '/api/v1/hotline/config', as: 'admin', payload: {} });
    await expectExact();
  });
});
