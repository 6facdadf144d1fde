import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { clockSafeRequest } from '../../../test/fixtures';

const MON = '2026-09-21T09:00:00+08:00'; // a Monday
const WED = '2026-09-23T10:00:00+08:00';

/** The work-order list: a member unit's inbox order, the filters, the Excel export and bad filters. */
describe.each(dialects)('work-order lists on %s', (dialect) => {
  let t: TestApp;
  let zj: number;
  let req: ReturnType<typeof clockSafeRequest>;
  const ids: Record<string, number> = {};

  const create = async (title: string, urgency: 'normal' | 'urgent', name: string) => {
    const r = await req({
      method: 'POST',
      url: '/api/v1/workorders',
      as: 'operator',
      payload: { channel: 'phone', category: 'complaint', urgency, title, content: `${title}，请尽快处理。`, citizen: { name, phone: '13800000009' } },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const dispatch = async (id: number, note?: string) => {
    const r = await req({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as: 'operator', payload: { action: 'dispatch', unitId: zj, ...(note ? { note } : {}) } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const inbox = async (qs = '') => {
    const r = await req({ method: 'GET', url: `/api/v1/workorders?sort=inbox&pageSize=100${qs}`, as: 'unit' });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as Array<{ id: number }>).map((o) => o.id);
  };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: MON });
    req = clockSafeRequest(t);
    zj = (await t.ctx.services.org.byName('住建局'))!.id;
    ids.normalLate = await create('楼道垃圾无人清理', 'normal', '周一');
    ids.urgentLate = await create('小区停水两天', 'urgent', '吴二');
    await dispatch(ids.normalLate, '请于今日联系来电人并现场核实');
    await dispatch(ids.urgentLate);
    ids.received = await create('咨询公积金提取', 'normal', '郑三');
    t.clock.set(WED);
    ids.normalNew = await create('路灯不亮', 'normal', '王五');
    ids.urgentNew = await create('燃气管道漏气', 'urgent', '冯六');
    await dispatch(ids.normalNew);
    await dispatch(ids.urgentNew);
  });
  afterAll(async () => t?.close());

  it("puts the unit's urgent overdue order first, then overdue, then urgent, then by the next deadline", async () => {
    expect(await inbox()).toEqual([ids.urgentLate, ids.normalLate, ids.urgentNew, ids.normalNew]);
    // The default order stays newest first; the inbox order holds under a status filter.
    const plain = await req({ method: 'GET', url: '/api/v1/workorders?pageSize=100', as: 'unit' });
    expect(plain.json().items.map((o: { id: number }) => o.id)).toEqual([ids.urgentNew, ids.normalNew, ids.urgentLate, ids.normalLate]);
    expect(await inbox('&late=true')).toEqual([ids.urgentLate, ids.normalLate]);
    expect(await inbox('&late=false')).toEqual([ids.urgentNew, ids.normalNew]);
  });

  it('reads an order’s callbacks through an index on order_id, not a scan of every callback (0548)', async () => {
    const db = t.opened.db;
    if (dialect === 'sqlite') {
      const plan = (await sql<{ detail: string }>`explain query plan select * from hotline_callbacks where order_id = ${1} order by id`.execute(db)).rows.map((r) => r.detail).join(' ');
      expect(plan).toMatch(/USING INDEX hotline_callbacks_order/);
    } else {
      // Tiny test tables make a sequential scan the cheaper plan; with it ruled out, the index must serve.
      const plan = await db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        return (await sql<{ 'QUERY PLAN': string }>`explain select * from hotline_callbacks where order_id = ${1}`.execute(tx)).rows.map((r) => r['QUERY PLAN']).join(' ');
      });
      expect(plan).toMatch(/Index Scan (using|on) hotline_callbacks_\w*order/);
    }
  });

  it('carries the 派单意见 to the unit', async () => {
    const d = await req({ method: 'GET', url: `/api/v1/workorders/${ids.normalLate}`, as: 'unit' });
    expect(d.json().dispatchOpinion).toBe('请于今日联系来电人并现场核实');
    expect(d.json().timeline.find((e: { type: string }) => e.type === 'dispatch').data.opinion).toBe('请于今日联系来电人并现场核实');
    expect((await req({ method: 'GET', url: `/api/v1/workorders/${ids.urgentLate}`, as: 'unit' })).json().dispatchOpinion).toBeNull();
  });

  it('filters by unit, receipt dates and text; 待派单 is the received status', async () => {
    const ids_ = async (qs: string) => ((await req({ method: 'GET', url: `/api/v1/workorders?pageSize=100&${qs}`, as: 'operator' })).json().items as Array<{ id: number }>).map((o) => o.id).sort((a, b) => a - b);
    expect(await ids_('status=received')).toEqual([ids.received]);
    expect(await ids_(`unitId=${zj}&from=2026-09-21&to=2026-09-21`)).toEqual([ids.normalLate, ids.urgentLate].sort((a, b) => a - b));
    expect(await ids_('from=2026-09-23')).toEqual([ids.normalNew, ids.urgentNew].sort((a, b) => a - b));
    expect(await ids_(`q=${encodeURIComponent('燃气')}`)).toEqual([ids.urgentNew]);
  });

  it.each([
    ['an unknown unit', 'unitId=99999', 'DEPARTMENT_NOT_FOUND', 'unitId'],
    ['an inverted date range', 'from=2026-09-23&to=2026-09-21', 'INVALID_DATE_RANGE', 'from'],
  ])('refuses %s with 422 on the list and the export', async (_l, qs, code, field) => {
    for (const url of [`/api/v1/workorders?${qs}`, `/api/v1/workorders/export.xlsx?${qs}`]) {
      const r = await req({ method: 'GET', url, as: 'operator' });
      expect(r.statusCode).toBe(422);
      expect(r.json().error).toMatchObject({ code, details: { field } });
    }
  });

  it("exports the unit's own orders with callers masked, and refuses an export over the configured limit", async () => {
    const r = await req({ method: 'GET', url: '/api/v1/workorders/export.xlsx?sort=inbox', as: 'unit' });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('工单')!.getSheetValues().slice(3) as unknown[][];
    expect(rows.map((x) => x[2])).toEqual(['小区停水两天', '楼道垃圾无人清理', '燃气管道漏气', '路灯不亮']);
    expect(JSON.stringify(rows)).not.toContain('郑三'); // not dispatched to this unit
    expect(JSON.stringify(rows)).not.toContain('冯六');
    expect(rows[0]).toContain('吴*');
    expect(String(rows[0][13])).toContain('超时未签收');

    const put = await req({ method: 'PUT', url: '/api/v1/hotline/config', as: 'admin', payload: { exportMaxRows: 3 } });
    expect(put.statusCode).toBe(200);
    const big = await req({ method: 'GET', url: '/api/v1/workorders/export.xlsx', as: 'operator' });
    expect(big.statusCode).toBe(422);
    expect(big.json().error).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { total: 5, maxRows: 3 } });
    expect((await req({ method: 'GET', url: '/api/v1/workorders/export.xlsx?late=true', as: 'operator' })).statusCode).toBe(200);
    expect((await req({ method: 'GET', url: '/api/v1/workorders/export.xlsx', as: 'citizen' })).statusCode).toBe(403);
  });
});

describe.each(dialects)('a unit reply with its result type and contact record on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: MON });
  });
  afterAll(async () => t?.close());

  it('records 办理结果 and how the caller was contacted, and refuses a reply without a result, writing nothing', async () => {
    const zj = (await t.ctx.services.org.byName('住建局'))!.id;
    const created = await t.request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel: 'phone', category: 'complaint', content: '电梯停运三天无人维修。', citizen: { name: '陈七', phone: '13800000010' } } });
    const id = created.json().id as number;
    const act = (payload: Record<string, unknown>, as: string) => t.request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as, payload });
    expect((await act({ action: 'dispatch', unitId: zj, note: '请核实维保单位' }, 'operator')).statusCode).toBe(200);
    expect((await act({ action: 'sign' }, 'unit')).statusCode).toBe(200);

    const bare = await act({ action: 'reply', content: '已处理' }, 'unit');
    expect(bare.statusCode).toBe(422);
    expect(bare.json().error).toMatchObject({ code: 'REPLY_RESULT_REQUIRED', details: { field: 'replyResult' } });
    expect((await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'unit' })).json()).toMatchObject({ status: 'signed', replyContent: null });

    const ok = await act({ action: 'reply', content: '已督促维保单位当日修复电梯。', replyResult: 'partly', contact: { method: 'phone', on: '2026-09-21', note: '来电人表示认可' } }, 'unit');
    expect(ok.statusCode, ok.body).toBe(200);
    const d = (await t.request({ method: 'GET', url: `/api/v1/workorders/${id}`, as: 'operator' })).json();
    expect(d).toMatchObject({ status: 'replied', replyResult: 'partly', replyResultLabel: '部分解决', replyContact: { method: 'phone', on: '2026-09-21', note: '来电人表示认可' } });
    expect(d.timeline.find((e: { type: string }) => e.type === 'reply').data).toMatchObject({ replyResult: 'partly', contact: { method: 'phone' } });
  });
});
