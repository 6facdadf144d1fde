import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp, type AnyTestApp } from '../../../test/harness';
import { systemActor } from '../../kernel/auth/actor';
import { auditTrailOf } from '../../kernel/audit/audit';
import type { HotlineService } from './hotline.service';

const NOW = '2026-09-21T09:00:00+08:00'; // a Monday

async function count(t: AnyTestApp, table: string) {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(dialects)('hotline work orders on %s', (dialect) => {
  let t: TestApp;
  let zj: number; // 住建局, the demo `unit` account's unit
  let rs: number; // 人社局
  let hotline: HotlineService;

  const create = async (payload: Record<string, unknown> = {}, as = 'operator') =>
    t.request({
      method: 'POST',
      url: '/api/v1/workorders',
      as,
      payload: { channel: 'phone', category: 'complaint', content: '小区物业不清理楼道垃圾，请督促整改。', citizen: { name: '张小明', phone: '13800000001' }, ...payload },
    });
  const act = (id: number, payload: Record<string, unknown>, as: string) => t.request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as, payload });
  const newOrder = async (payload: Record<string, unknown> = {}) => {
    const r = await create(payload);
    expect(r.statusCode).toBe(201);
    return r.json().id as number;
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    const org = t.ctx.services.org;
    zj = (await org.byName('住建局'))!.id;
    rs = (await org.byName('人社局'))!.id;
    hotline = t.ctx.services.hotline;
    await t.ctx.auth.createUser(systemActor('test'), { username: 'unit2', name: '人社办理', password: 'demo1234', roles: ['unit'], departmentId: rs, isDemo: true });
    await t.ctx.auth.createUser(systemActor('test'), { username: 'citizen2', name: '李四', password: 'demo1234', roles: ['citizen'], departmentId: null, isDemo: true });
  });
  afterAll(async () => t?.close());

  it('creates an order from a call, masks the citizen in lists and shows them in the detail', async () => {
    const res = await create({ address: '大禾塘街道金龙小区', lat: 27.25, long: 111.74, caseNo: '430582-20260915-000012' });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({ status: 'received', channel: 'phone', category: 'complaint', categoryLabel: '投诉', urgency: 'normal', unitId: null, lat: 27.25, long: 111.74 });
    expect(o.orderNo).toMatch(/^GD20260921\d{4}$/);
    expect(o.citizen).toEqual({ name: '张小明', phone: '13800000001' });
    const list = await t.request({ method: 'GET', url: '/api/v1/workorders', as: 'operator' });
    const item = list.json().items.find((x: { id: number }) => x.id === o.id);
    expect(item.citizen).toEqual({ name: '张**', phone: '138****0001' });
    expect(await hotline.ordersForCase('430582-20260915-000012')).toEqual([expect.objectContaining({ id: o.id, orderNo: o.orderNo, status: 'received' })]);
  });

  it('accepts the Chinese category label', async () => {
    const res = await create({ category: '咨询' });
    expect(res.json().category).toBe('consult');
  });

  it.each([
    ['an unknown category', { category: '吐槽' }, 422, 'CATEGORY_UNKNOWN', 'category'],
    ['an unknown channel', { channel: 'fax' }, 400, 'VALIDATION_ERROR', 'channel'],
    ['empty content', { content: '   ' }, 422, 'CONTENT_REQUIRED', 'content'],
    ['content over 4,000 characters', { content: '字'.repeat(4001) }, 422, 'CONTENT_TOO_LONG', 'content'],
    ['a bad phone', { citizen: { name: 'x', phone: '12345' } }, 422, 'PHONE_INVALID', 'citizen.phone'],
    ['an unknown line', { line: 'nope' }, 422, 'LINE_UNKNOWN', 'line'],
    ['half a location', { lat: 27.2 }, 422, 'LOCATION_INCOMPLETE', 'long'],
    ['an unknown field', { foo: 1 }, 400, 'VALIDATION_ERROR', 'foo'],
  ])('refuses %s and writes nothing', async (_l, payload, status, code, field) => {
    const before = [await count(t, 'hotline_orders'), await count(t, 'kernel_audit_log')];
    const res = await create(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code, details: expect.objectContaining({ field }) });
    expect([await count(t, 'hotline_orders'), await count(t, 'kernel_audit_log')]).toEqual(before);
  });

  it.each([
    ['unit', 403],
    ['clerk', 403],
    [undefined, 401],
  ])('refuses creation by %s with %i', async (as, status) => {
    const res = as ? await create({}, as) : await t.request({ method: 'POST', url: '/api/v1/workorders', payload: {} });
    expect(res.statusCode).toBe(status);
  });

  it('runs the whole loop: dispatch, sign, reply, call back satisfied → closed; every change audited', async () => {
    const id = await newOrder();
    const d = await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    expect(d.statusCode).toBe(200);
    // Monday 09:00 → sign by the end of Tuesday, 投诉 finish by the end of the 10th working day (Mon 5 Oct is 国庆, so later).
    expect(d.json()).toMatchObject({ status: 'dispatched', unitId: zj, unitName: '邵东市住房和城乡建设局', signDueAt: '2026-09-22T15:59:59.999Z' });
    expect(d.json().finishDueAt > '2026-10-02').toBe(true);

    const inbox = await t.request({ method: 'GET', url: '/api/v1/workorders?status=dispatched', as: 'unit' });
    expect(inbox.json().items.map((x: { id: number }) => x.id)).toContain(id);

    t.clock.advance(2 * 3600_000);
    expect((await act(id, { action: 'sign' }, 'unit')).json()).toMatchObject({ status: 'signed', signedAt: t.clock.now().toISOString() });
    // (small steps: demo sessions last 12 hours on the test clock)
    t.clock.advance(3 * 3600_000);
    const rep = await act(id, { action: 'reply', content: '已约谈物业公司，楼道垃圾已清理。', replyResult: 'resolved' }, 'unit');
    expect(rep.json()).toMatchObject({ status: 'replied', replyContent: '已约谈物业公司，楼道垃圾已清理。', onTime: true });
    const cb = await act(id, { action: 'callback', reached: true, result: 'satisfied' }, 'operator');
    expect(cb.json()).toMatchObject({ status: 'closed', satisfaction: 'satisfied', callbackAttempts: 1 });
    expect(cb.json().finishedAt).toBe(t.clock.now().toISOString());

    const trail = await auditTrailOf(t.opened.db, 'workorder', id);
    expect(trail.map((a) => a.action)).toEqual(['hotline.order.created', 'hotline.order.dispatch', 'hotline.order.sign', 'hotline.order.reply', 'hotline.order.callback']);
    expect(trail[1].before).toMatchObject({ status: 'received' });
    expect(trail[1].after).toMatchObject({ status: 'dispatched', unitId: zj });
    const detail = (await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'operator' })).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'dispatch', 'sign', 'reply', 'callback']);
    expect(detail.callbacks).toEqual([expect.objectContaining({ reached: true, result: 'satisfied', resultLabel: '满意' })]);
  });

  it('scopes units: another unit gets 404 for reading and acting, the operator-only actions are 403', async () => {
    const id = await newOrder();
    await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'unit2' })).statusCode).toBe(404);
    expect((await act(id, { action: 'sign' }, 'unit2')).statusCode).toBe(404);
    const list = await t.request({ method: 'GET', url: '/api/v1/workorders?pageSize=100', as: 'unit2' });
    expect(list.json().items.every((x: { unitId: number }) => x.unitId === rs)).toBe(true);
    expect((await act(id, { action: 'dispatch', unitId: rs }, 'unit')).statusCode).toBe(403);
    expect((await act(id, { action: 'sign' }, 'operator')).statusCode).toBe(403);
    expect((await act(id, { action: 'supervise', content: '请办理' }, 'operator')).statusCode).toBe(403);
  });

  it('refuses actions out of order with 409 naming the state, and nothing changes', async () => {
    const id = await newOrder();
    const before = await count(t, 'kernel_audit_log');
    const res = await act(id, { action: 'reply', content: 'x', replyResult: 'resolved' }, 'operator');
    expect(res.statusCode).toBe(403);
    const sign = await act(id, { action: 'callback', reached: true, result: 'satisfied' }, 'operator');
    expect(sign.statusCode).toBe(409);
    expect(sign.json().error).toMatchObject({ code: 'ORDER_STATE_CONFLICT', details: { status: 'received' } });
    expect(await count(t, 'kernel_audit_log')).toBe(before);
  });

  it.each([
    ['a non-member department', () => 1, 'UNIT_UNKNOWN'],
    ['a missing department', () => 99999, 'UNIT_UNKNOWN'],
  ])('refuses dispatch to %s with 422', async (_l, unit, code) => {
    const id = await newOrder();
    const res = await act(id, { action: 'dispatch', unitId: unit() }, 'operator');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code, details: { field: 'unitId' } });
  });

  it('returns need a reason; the third return raises a 督办 automatically', async () => {
    const id = await newOrder();
    await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    const noReason = await act(id, { action: 'return' }, 'unit');
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details.field).toBe('reason');
    for (let i = 1; i <= 3; i++) {
      if (i > 1) await act(id, { action: 'dispatch', unitId: zj }, 'operator');
      const r = await act(id, { action: 'return', reason: '不属于本单位职责' }, 'unit');
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ status: 'returned', unitId: null, returnCount: i, supervised: i === 3 });
    }
    const detail = (await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'leader' })).json();
    expect(detail.supervisions).toEqual([expect.objectContaining({ auto: true, issuedByName: '系统' })]);
    // the unit no longer holds it
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'unit' })).statusCode).toBe(404);
    const letters = await t.request({ method: 'GET', url: '/api/v1/hotline/supervisions?open=true', as: 'leader' });
    expect(letters.json().items.some((s: { orderId: number; auto: boolean }) => s.orderId === id && s.auto)).toBe(true);
  });

  it('extensions: requested before the deadline, approved by a leader (not an operator), moving the deadline', async () => {
    const id = await newOrder({ category: 'consult' });
    await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    const signed = (await act(id, { action: 'sign' }, 'unit')).json();
    const due = signed.finishDueAt;
    const req = await act(id, { action: 'request_extension', days: 2, reason: '需要现场核查' }, 'unit');
    expect(req.json()).toMatchObject({ extensionPending: true });
    expect((await act(id, { action: 'request_extension', days: 2, reason: '再申请' }, 'unit')).statusCode).toBe(409);
    expect((await act(id, { action: 'approve_extension' }, 'operator')).statusCode).toBe(403);
    expect((await act(id, { action: 'approve_extension' }, 'unit')).statusCode).toBe(403);
    const ok = await act(id, { action: 'approve_extension', note: '同意' }, 'leader');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().extensionPending).toBe(false);
    // consult: Mon 21 Sep + 3 working days = Thu 24 Sep; + 2 working days skips 中秋 (Fri 25) and the weekend = Tue 29 Sep
    expect(due).toBe('2026-09-24T15:59:59.999Z');
    expect(ok.json().finishDueAt).toBe('2026-09-29T15:59:59.999Z');
    expect(ok.json().extensions).toEqual([expect.objectContaining({ days: 2, status: 'approved', oldDueAt: due, newDueAt: ok.json().finishDueAt })]);
    // after the (new) deadline an extension is refused
    // Days later the demo session has expired, so the service is called with the unit's actor directly.
    t.clock.set(new Date(new Date(ok.json().finishDueAt).getTime() + 1000));
    const unitActor = { kind: 'user' as const, id: 8, username: 'unit', name: '吴办理', roles: ['unit' as const], departmentId: zj };
    await expect(hotline.act(unitActor, id, { action: 'request_extension', days: 1, reason: '还要时间' })).rejects.toMatchObject({ status: 422, code: 'EXTENSION_TOO_LATE' });
    // the late order is found by the supervision query, and a late reply is not on time
    expect((await hotline.lateOrders(t.clock.now())).filter((l) => l.id === id)).toEqual([expect.objectContaining({ kind: 'finish_late', unitId: zj })]);
    expect((await hotline.act(unitActor, id, { action: 'reply', content: '已答复', replyResult: 'resolved' })).onTime).toBe(false);
    t.clock.set(NOW);
  });

  it('督办: leaders issue letters with their own deadline; a reply answers them', async () => {
    const id = await newOrder();
    await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    await act(id, { action: 'sign' }, 'unit');
    const s = await act(id, { action: 'supervise', content: '群众反映强烈，请三个工作日内办结', days: 3 }, 'leader');
    expect(s.json()).toMatchObject({ supervised: true, status: 'signed' });
    expect(s.json().supervisions[0]).toMatchObject({ auto: false, issuedByName: '李局长', dueAt: '2026-09-24T15:59:59.999Z', answeredAt: null });
    await act(id, { action: 'reply', content: '已办结', replyResult: 'resolved' }, 'unit');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'leader' })).json();
    expect(detail.supervisions[0].answeredAt).not.toBeNull();
  });

  it('each verb is a named command of the service; the route and act dispatch to them', async () => {
    const operator = { kind: 'user' as const, id: null, username: 'op', name: '周话务', roles: ['operator' as const], departmentId: null };
    const unit = { kind: 'user' as const, id: null, username: 'unit', name: '吴办理', roles: ['unit' as const], departmentId: zj };
    const id = await newOrder();
    for (let i = 1; i <= 3; i++) {
      expect((await hotline.dispatch(operator, id, { unitId: zj })).status).toBe('dispatched');
      expect((await hotline.sign(unit, id)).status).toBe('signed');
      expect(await hotline.returnOrder(unit, id, { reason: '非本单位职责' })).toMatchObject({ status: 'returned', returnCount: i, unitId: null });
    }
    // the third return raised the automatic 督办 letter
    expect((await hotline.get(operator, id)).supervisions).toEqual([expect.objectContaining({ auto: true, issuedByName: '系统' })]);
    await expect(hotline.sign(unit, id)).rejects.toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    await expect(hotline.answer(unit, id, { content: '已答复' })).rejects.toMatchObject({ status: 404 });
    await expect(hotline.answer(operator, id, {})).rejects.toMatchObject({ status: 422, code: 'CONTENT_REQUIRED' });
    await expect(hotline.act(operator, id, JSON.parse('{"action":"bogus"}'))).rejects.toMatchObject({ status: 422, code: 'ACTION_UNKNOWN' });
    expect((await hotline.act(operator, id, { action: 'answer', content: '已直接答复' })).status).toBe('answered');
  });

  it('an unsatisfied call-back reopens the order for the same unit, which replies again', async () => {
    const id = await newOrder({ category: 'help' });
    await act(id, { action: 'dispatch', unitId: zj }, 'operator');
    await act(id, { action: 'sign' }, 'unit');
    await act(id, { action: 'reply', content: '已处理', replyResult: 'resolved' }, 'unit');
    const notReached = await act(id, { action: 'callback', reached: false }, 'operator');
    expect(notReached.json()).toMatchObject({ status: 'callback', callbackAttempts: 1 });
    const bad = await act(id, { action: 'callback', reached: true, result: 'unsatisfied' }, 'operator');
    expect(bad.json()).toMatchObject({ status: 'reopened', unitId: zj, satisfaction: 'unsatisfied', callbackAttempts: 2 });
    expect((await act(id, { action: 'reply', content: '重新处理完毕', replyResult: 'resolved' }, 'unit')).json().status).toBe('replied');
    expect((await act(id, { action: 'close' }, 'operator')).json().status).toBe('closed');
    expect((await act(id, { action: 'reopen' }, 'operator')).statusCode).toBe(422);
    expect((await act(id, { action: 'reopen', reason: '群众再次来电' }, 'operator')).json().status).toBe('reopened');
  });

  it('urgent orders run in hours; deputies get 5 working days after signing and sit in the ledger', async () => {
    const u = await newOrder({ urgency: 'urgent' });
    const d = (await act(u, { action: 'dispatch', unitId: zj }, 'operator')).json();
    expect(d.signDueAt).toBe(new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString());
    expect(d.finishDueAt).toBe(new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString());
    t.clock.advance(2 * 3600_000 + 1000);
    expect((await hotline.lateOrders(t.clock.now())).find((l) => l.id === u)).toMatchObject({ kind: 'sign_late' });
    t.clock.set(NOW);

    const dep = await newOrder({ deputy: { kind: 'npc', name: '罗代表' } });
    const dd = (await act(dep, { action: 'dispatch', unitId: zj }, 'operator')).json();
    expect(dd.finishDueAt).toBeNull();
    const sg = (await act(dep, { action: 'sign' }, 'unit')).json();
    expect(sg.finishDueAt).toBe('2026-09-29T15:59:59.999Z'); // Mon 21 Sep + 5 working days: 22–24, (中秋 25), 28, 29 Sep
    const ledger = await t.request({ method: 'GET', url: '/api/v1/workorders/deputies?kind=npc', as: 'leader' });
    expect(ledger.json().items.map((x: { id: number }) => x.id)).toContain(dep);
    expect(ledger.json().items[0].deputy).toEqual({ kind: 'npc', name: '罗代表' });
    expect((await t.request({ method: 'GET', url: '/api/v1/workorders/deputies', as: 'unit' })).statusCode).toBe(403);
  });

  it('answers directly from the knowledge base (closed at once, usage counted) and transfers to an expert seat', async () => {
    const kb = await t.request({ method: 'POST', url: '/api/v1/kb', as: 'operator', payload: { departmentId: rs, title: '社保卡丢失如何补办', content: '携带身份证到社保卡服务网点办理。', keywords: ['社保卡', '补办'] } });
    expect(kb.statusCode).toBe(201);
    const kbId = kb.json().id;
    const id = await newOrder({ category: 'consult', content: '社保卡丢了怎么补办？' });
    // a draft cannot be used
    expect((await act(id, { action: 'answer', content: '见知识库', kbEntryId: kbId }, 'operator')).statusCode).toBe(422);
    expect((await t.request({ method: 'POST', url: `/api/v1/kb/${kbId}/publish`, as: 'admin' })).statusCode).toBe(200);
    const seat = await t.request({ method: 'POST', url: '/api/v1/hotline/expert-seats', as: 'admin', payload: { departmentId: rs, name: '社保专家坐席', topics: '社保卡' } });
    const tr = await act(id, { action: 'transfer_expert', seatId: seat.json().id, note: '三方通话' }, 'operator');
    expect(tr.json().timeline.at(-1)).toMatchObject({ type: 'transfer_expert', data: expect.objectContaining({ seatName: '社保专家坐席' }) });
    const ans = await act(id, { action: 'answer', content: '携带身份证到社保卡服务网点办理。', kbEntryId: kbId }, 'operator');
    expect(ans.json()).toMatchObject({ status: 'answered', kbEntryId: kbId, finishedAt: t.clock.now().toISOString() });
    expect((await t.request({ method: 'GET', url: `/api/v1/kb/${kbId}`, as: 'operator' })).json().usageCount).toBe(1);
    expect((await act(id, { action: 'dispatch', unitId: zj }, 'operator')).statusCode).toBe(409);
  });

  it('citizens submit on the web and see only their own orders', async () => {
    const mine = await create({ channel: 'web', citizen: { name: '张三', phone: '13900000000' } }, 'citizen');
    expect(mine.statusCode).toBe(201);
    expect((await create({ channel: 'phone' }, 'citizen')).statusCode).toBe(422);
    const list = await t.request({ method: 'GET', url: '/api/v1/workorders', as: 'citizen' });
    expect(list.json().items.map((x: { id: number }) => x.id)).toEqual([mine.json().id]);
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${mine.json().id}`, as: 'citizen2' })).statusCode).toBe(404);
    expect((await act(mine.json().id, { action: 'close' }, 'citizen')).statusCode).toBe(403);
  });

  it('KPIs from the SQL agree with the reference definitions and move with the loop', async () => {
    const body = (await t.request({ method: 'GET', url: '/api/v1/hotline/kpis?from=2026-09-01&to=2026-09-30', as: 'leader' })).json();
    const ref = await hotline.countsByRows('2026-09-01', '2026-09-30');
    expect(body.kpis['hotline.onTimeRate']).toEqual({ value: ref.ordersFinishedOnTime / ref.ordersFinished, numerator: ref.ordersFinishedOnTime, denominator: ref.ordersFinished });
    expect(await hotline.counts('2026-09-01', '2026-09-30')).toEqual(ref);
    const before = body.kpis['hotline.satisfactionRate'].denominator;
    const id = await newOrder();
    await act(id, { action: 'dispatch', unitId: rs }, 'operator');
    await act(id, { action: 'sign' }, 'unit2');
    await act(id, { action: 'reply', content: '已处理', replyResult: 'resolved' }, 'unit2');
    await act(id, { action: 'callback', reached: true, result: 'basically' }, 'operator');
    const after = (await t.request({ method: 'GET', url: '/api/v1/hotline/kpis?from=2026-09-01&to=2026-09-30', as: 'leader' })).json();
    expect(after.kpis['hotline.satisfactionRate'].denominator).toBe(before + 1);
    const units = (await t.request({ method: 'GET', url: '/api/v1/hotline/kpis/units?from=2026-09-01&to=2026-09-30', as: 'leader' })).json();
    expect(units.items.find((u: { unitId: number }) => u.unitId === rs)).toMatchObject({ 'hotline.onTimeRate': { numerator: 1, denominator: 1 } });
    const onlyRs = (await t.request({ method: 'GET', url: `/api/v1/hotline/kpis?from=2026-09-01&to=2026-09-30&department=${rs}`, as: 'leader' })).json();
    expect(onlyRs.kpis['hotline.onTimeRate']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect((await t.request({ method: 'GET', url: '/api/v1/hotline/kpis?from=2026-09-01&to=2026-09-30', as: 'unit' })).statusCode).toBe(403);
  });

  it('configuration overrides the default limits (admin only)', async () => {
    expect((await t.request({ method: 'PUT', url: '/api/v1/hotline/config', as: 'operator', payload: {} })).statusCode).toBe(403);
    const res = await t.request({ method: 'PUT', url: '/api/v1/hotline/config', as: 'admin', payload: { finishWorkdays: { consult: 1 } } });
    expect(res.json().finishWorkdays.consult).toBe(1);
    const id = await newOrder({ category: 'consult' });
    expect((await act(id, { action: 'dispatch', unitId: zj }, 'operator')).json().finishDueAt).toBe('2026-09-22T15:59:59.999Z');
    await t.request({ method: 'PUT', url: '/api/v1/hotline/config', as: 'admin', payload: {} });
  });
});
