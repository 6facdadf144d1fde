import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { STATUSES } from './hotline.rules';

/** Calls, knowledge base, 市长信箱 and the demo seed, on an app seeded with the demo county. */
describe.each(dialects)('hotline parts on %s', (dialect) => {
  let t: TestApp;
  let rs: number;
  let zj: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, seed: ['org', 'hotline'] });
    const org = t.ctx.services.org;
    rs = (await org.byName('人社局'))!.id;
    zj = (await org.byName('住建局'))!.id;
  });
  afterAll(async () => t?.close());

  it('seeds work orders in every state, calls, knowledge entries, letters and the Open311 key', async () => {
    const rows = await t.opened.db.selectFrom('hotline_orders').select('status').distinct().execute();
    expect(rows.map((r) => r.status).sort()).toEqual([...STATUSES].sort());
    const unitInbox = await t.request({ method: 'GET', url: '/api/v1/workorders?pageSize=100', as: 'unit' });
    expect(unitInbox.json().total).toBeGreaterThan(3);
    expect(unitInbox.json().items.every((o: { unitId: number }) => o.unitId === zj)).toBe(true);
    await expect(t.ctx.services.hotline.lateOrders(t.clock.now())).resolves.not.toHaveLength(0);
  });

  describe('calls', () => {
    it('records a call from the phone system (operator or admin), idempotent by external id', async () => {
      const payload = { startedAt: '2026-09-30T08:59:00+08:00', answered: true, waitSeconds: 7, durationSeconds: 120, callerPhone: '13800001111', externalId: 'cti-1' };
      const r = await t.request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ answered: true, waitSeconds: 7, startedAt: '2026-09-30T00:59:00.000Z' });
      expect((await t.request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload })).statusCode).toBe(200);
      const list = await t.request({ method: 'GET', url: '/api/v1/calls?from=2026-09-30&to=2026-09-30', as: 'leader' });
      expect(list.json().items.filter((c: { externalId: string }) => c.externalId === 'cti-1')).toEqual([expect.objectContaining({ callerPhone: '138****1111' })]);
    });

    it('keeps one row per external id when racing resends name different instants (years apart)', async () => {
      // On PostgreSQL the unique index is (external_id, started_at) since calls are partitioned (0547).
      const send = (startedAt: string) => t.request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload: { startedAt, answered: false, waitSeconds: 9, externalId: 'cti-race' } });
      const codes = (await Promise.all([send('2025-12-31T23:59:00+08:00'), send('2026-09-30T08:00:00+08:00'), send('2026-01-01T00:01:00+08:00')])).map((r) => r.statusCode);
      expect(codes.sort()).toEqual([200, 200, 201]);
      const rows = await t.opened.db.selectFrom('hotline_calls').select('id').where('external_id', '=', 'cti-race').execute();
      expect(rows).toHaveLength(1);
    });

    it.each([
      ['unit', 403],
      ['citizen', 403],
      [undefined, 401],
    ])('refuses call records from %s with %i', async (as, status) => {
      expect((await t.request({ method: 'POST', url: '/api/v1/calls', as, payload: { startedAt: '2026-09-30T08:00:00+08:00', answered: false, waitSeconds: 3 } })).statusCode).toBe(status);
    });

    it.each([
      [{ startedAt: 'yesterday morning', answered: true, waitSeconds: 1 }, 422, 'startedAt'],
      [{ startedAt: '2026-09-30T08:00:00+08:00', answered: true, waitSeconds: -1 }, 400, 'waitSeconds'],
      [{ startedAt: '2026-09-30T08:00:00+08:00', waitSeconds: 1 }, 400, 'answered'],
      [{ startedAt: '2027-09-30T08:00:00+08:00', answered: true, waitSeconds: 1 }, 422, 'startedAt'],
    ])('refuses %j', async (payload, status, field) => {
      const r = await t.request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload });
      expect(r.statusCode).toBe(status);
      expect(r.json().error.details.field).toBe(field);
    });

    it('computes 接通率 and the 15-second rate from the records', async () => {
      const stats = async () => (await t.request({ method: 'GET', url: '/api/v1/calls/stats?from=2026-08-01&to=2026-08-01', as: 'leader' })).json();
      expect((await stats()).connectRate).toEqual({ value: null, numerator: 0, denominator: 0 });
      for (const [i, [answered, wait]] of ([[true, 3], [true, 15], [true, 16], [false, 30]] as const).entries()) {
        await t.request({ method: 'POST', url: '/api/v1/calls', as: 'operator', payload: { startedAt: `2026-08-01T0${i}:00:00+08:00`, answered, waitSeconds: wait } });
      }
      const s = await stats();
      // (a day before the seeded month of calls)
      expect(s.connectRate).toEqual({ value: 3 / 4, numerator: 3, denominator: 4 });
      expect(s.answer15Rate).toEqual({ value: 2 / 4, numerator: 2, denominator: 4 });
    });
  });

  describe('knowledge base', () => {
    it('finds published entries with Chinese search and leaves drafts and expired ones out', async () => {
      const r = await t.request({ method: 'GET', url: `/api/v1/kb?q=${encodeURIComponent('社保卡丢了怎么补办')}`, as: 'operator' });
      expect(r.statusCode).toBe(200);
      expect(r.json().items[0]).toMatchObject({ title: '社保卡丢失如何补办', status: 'published', departmentName: '邵东市人力资源和社会保障局' });
      const draft = await t.request({ method: 'GET', url: `/api/v1/kb?q=${encodeURIComponent('公交线路')}`, as: 'operator' });
      expect(draft.json().items.map((e: { title: string }) => e.title)).not.toContain('城区公交线路调整咨询');
      const expired = await t.request({ method: 'GET', url: `/api/v1/kb?q=${encodeURIComponent('高龄补贴')}`, as: 'operator' });
      expect(expired.json().total).toBe(0);
    });

    it('review: units draft their own entries, leaders or admins publish, editing sends back to review', async () => {
      const other = await t.request({ method: 'POST', url: '/api/v1/kb', as: 'unit', payload: { departmentId: rs, title: '别人的条目', content: 'x' } });
      expect(other.statusCode).toBe(403);
      const mine = await t.request({ method: 'POST', url: '/api/v1/kb', as: 'unit', payload: { departmentId: zj, title: '住房维修资金使用流程', content: '经业主大会表决后向住建局申请划拨。', keywords: ['维修资金'], expiresOn: '2027-12-31' } });
      expect(mine.statusCode).toBe(201);
      expect(mine.json().status).toBe('draft');
      const id = mine.json().id;
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/publish`, as: 'unit' })).statusCode).toBe(403);
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/publish`, as: 'operator' })).statusCode).toBe(403);
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/publish`, as: 'leader' })).json().status).toBe('published');
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/publish`, as: 'leader' })).statusCode).toBe(409);
      const found = await t.request({ method: 'GET', url: `/api/v1/kb?q=${encodeURIComponent('维修资金')}`, as: 'operator' });
      expect(found.json().items[0].id).toBe(id);
      const edited = await t.request({ method: 'PUT', url: `/api/v1/kb/${id}`, as: 'unit', payload: { content: '新口径' } });
      expect(edited.json().status).toBe('draft');
      expect((await t.request({ method: 'GET', url: `/api/v1/kb?q=${encodeURIComponent('维修资金')}`, as: 'operator' })).json().items.map((e: { id: number }) => e.id)).not.toContain(id);
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/use`, as: 'operator' })).statusCode).toBe(404);
      await t.request({ method: 'POST', url: `/api/v1/kb/${id}/publish`, as: 'admin' });
      expect((await t.request({ method: 'POST', url: `/api/v1/kb/${id}/use`, as: 'operator' })).json().usageCount).toBe(1);
    });

    it.each([
      [{ departmentId: 1, title: '局本部', content: 'x' }, 422, 'departmentId'],
      [{ departmentId: 7, title: '', content: 'x' }, 400, 'title'],
      [{ departmentId: 7, title: 'x', content: 'x', expiresOn: '2027-02-30' }, 422, 'expiresOn'],
    ])('refuses %j', async (payload, status, field) => {
      const r = await t.request({ method: 'POST', url: '/api/v1/kb', as: 'admin', payload });
      expect(r.statusCode).toBe(status);
      expect(r.json().error.details.field).toBe(field);
    });
  });

  describe('市长信箱', () => {
    const letter = { title: '建议增设公共自行车站点', content: '建议在城区主要公交站旁增设公共自行车站点。', name: '王五', phone: '13700000000', publishConsent: true };

    it('takes a letter without an account, returns a query code, and the letter becomes a mailbox work order', async () => {
      const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: letter, remoteAddress: '10.0.0.1' });
      expect(r.statusCode).toBe(201);
      const { queryCode, orderNo } = r.json();
      expect(queryCode).toMatch(/^[A-Z2-9]{10}$/);
      const follow = await t.request({ method: 'GET', url: `/api/v1/mailbox/${queryCode}` });
      expect(follow.json()).toMatchObject({ title: letter.title, status: 'received', reply: null, orderNo });
      expect(JSON.stringify(follow.json())).not.toContain('13700000000');
      const order = (await t.request({ method: 'GET', url: `/api/v1/workorders?q=${orderNo}`, as: 'operator' })).json().items[0];
      expect(order).toMatchObject({ channel: 'mailbox', category: 'suggestion', citizen: { name: '王*', phone: '137****0000' } });

      // handled like any order; the reply then shows to the writer and on the public list
      const act = (payload: Record<string, unknown>, as: string) => t.request({ method: 'POST', url: `/api/v1/workorders/${order.id}/actions`, as, payload });
      await act({ action: 'dispatch', unitId: zj }, 'operator');
      await act({ action: 'sign' }, 'unit');
      await act({ action: 'reply', content: '已纳入明年城建计划。', replyResult: 'resolved' }, 'unit');
      expect((await t.request({ method: 'GET', url: `/api/v1/mailbox/${queryCode.toLowerCase()}` })).json()).toMatchObject({ status: 'replied', reply: { content: '已纳入明年城建计划。' }, unitName: '邵东市住房和城乡建设局' });
      const pub = (await t.request({ method: 'GET', url: '/api/v1/mailbox/public' })).json();
      expect(pub.items.map((i: { title: string }) => i.title)).toContain(letter.title);
      expect(JSON.stringify(pub)).not.toContain('王五');
    });

    it('keeps letters without consent off the public list', async () => {
      const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: { ...letter, title: '不公开的来信', publishConsent: false }, remoteAddress: '10.0.0.2' });
      const id = (await t.request({ method: 'GET', url: `/api/v1/workorders?q=${r.json().orderNo}`, as: 'operator' })).json().items[0].id;
      await t.request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as: 'operator', payload: { action: 'answer', content: '已电话答复。' } });
      const pub = (await t.request({ method: 'GET', url: '/api/v1/mailbox/public?pageSize=100' })).json();
      expect(pub.items.map((i: { title: string }) => i.title)).not.toContain('不公开的来信');
    });

    it.each([
      [{ ...letter, content: '' }, 422, 'content'],
      [{ ...letter, content: '字'.repeat(4001) }, 422, 'content'],
      [{ ...letter, category: '吐槽' }, 422, 'category'],
      [{ ...letter, phone: 'abc' }, 422, 'citizen.phone'],
      [{ ...letter, publishConsent: undefined }, 400, 'publishConsent'],
    ])('refuses a bad letter %# and writes nothing', async (payload, status, field) => {
      const before = await t.opened.db.selectFrom('hotline_letters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload, remoteAddress: '10.0.0.3' });
      expect(r.statusCode).toBe(status);
      expect(r.json().error.details.field).toBe(field);
      const after = await t.opened.db.selectFrom('hotline_letters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('rate-limits letters per IP with 429 and Retry-After', async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: { ...letter, title: `第${i}封` }, remoteAddress: '10.9.9.9' })).statusCode);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
      const r = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: letter, remoteAddress: '10.9.9.9' });
      expect(r.statusCode).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect((await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: letter, remoteAddress: '10.9.9.10' })).statusCode).toBe(201);
    });

    it('answers an unknown query code with 404', async () => {
      expect((await t.request({ method: 'GET', url: '/api/v1/mailbox/ZZZZZZZZZZ' })).statusCode).toBe(404);
    });
  });

  it('the stats module sees the hotline as a KPI provider', async () => {
    const r = await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-09-01&to=2026-09-30', as: 'leader' });
    if (r.statusCode === 404) return; // stats not registered in this tree
    expect(Object.keys(r.json().kpis)).toEqual(expect.arrayContaining(['hotline.connectRate', 'hotline.onTimeRate', 'hotline.callbackRate', 'hotline.satisfactionRate', 'mailbox.completionRate', 'mailbox.averageDays']));
    // The demo county's reach figures: the report's five expert seats (a sixth retired), five merged lines,
    // seven member units with published knowledge, orders and a 办不成事 complaint received.
    const y = (await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-01-01&to=2026-12-31', as: 'leader' })).json().kpis;
    expect(y['hotline.expertSeats']).toMatchObject({ numerator: 5, denominator: 6 });
    expect(y['hotline.lines']).toMatchObject({ numerator: 5, denominator: 5 });
    // the demo's lines were merged before 2026
    expect(y['hotline.linesMerged']).toMatchObject({ numerator: 0, denominator: 5 });
    expect(y['hotline.kbUnits'].numerator).toBe(7);
    expect(y['hotline.kbUnits'].denominator).toBeGreaterThan(7);
    expect(y['hotline.received'].numerator).toBeGreaterThan(10);
    expect(y['hotline.blockedMatters'].numerator).toBeGreaterThanOrEqual(1);
  });
});
