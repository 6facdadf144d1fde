import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { hotlineTables } from './hotline.tables';

type K = { value: number | null; numerator: number; denominator: number };

/** The reach KPIs (hotline.reach.rules.ts) in the stats summary and drill-down, for records made here. */
describe.each(dialects)('hotline reach KPIs on %s', (dialect) => {
  let t: TestApp;
  let members: number[];
  let rs: number;
  let yb: number;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: '2026-09-24T10:00:00+08:00', seed: ['org'] });
    const org = t.ctx.services.org;
    members = (await org.all()).filter((d) => d.hotlineUnit && d.active).map((d) => d.id);
    rs = (await org.byName('人社局'))!.id;
    yb = (await org.byName('医保局'))!.id;
  });
  afterAll(async () => t?.close());

  const summary = async (q = '') => {
    const r = await t.request({ method: 'GET', url: `/api/v1/stats/summary?from=2026-09-01&to=2026-09-30${q}`, as: 'leader' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().kpis as Record<string, K>;
  };
  const drill = async (kpi: string, part: string) => (await t.request({ method: 'GET', url: `/api/v1/stats/drilldown?kpi=${kpi}&part=${part}&from=2026-09-01&to=2026-09-30`, as: 'leader' })).json();
  const act = async (id: number, payload: Record<string, unknown>) => {
    const r = await t.request({ method: 'POST', url: `/api/v1/workorders/${id}/actions`, as: 'operator', payload });
    expect(r.statusCode, r.body).toBe(200);
  };

  it('starts with no seats, lines, knowledge entries or orders', async () => {
    const k = await summary();
    expect(members.length).toBeGreaterThan(2);
    expect(k['hotline.received']).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(k['hotline.expertSeats']).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(k['hotline.lines']).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(k['hotline.kbUnits']).toEqual({ value: 0, numerator: 0, denominator: members.length });
    expect(k['hotline.blockedMatters']).toEqual({ value: null, numerator: 0, denominator: 0 });
  });

  it('counts expert seats and merged lines in force', async () => {
    for (const [dept, name] of [[rs, '社保专家坐席'], [yb, '医保专家坐席']] as const) {
      expect((await t.request({ method: 'POST', url: '/api/v1/hotline/expert-seats', as: 'admin', payload: { departmentId: dept, name } })).statusCode).toBe(201);
    }
    const db = hotlineTables(t.ctx.db);
    await db.insertInto('hotline_lines').values({ code: 'minor', name: '未成年人保护专线', description: null, unit_ids_json: JSON.stringify([rs]), active: 1, since: '2026-09-03' }).execute();
    await db.insertInto('hotline_lines').values({ code: 'fund', name: '医保基金监督举报专线', description: null, unit_ids_json: JSON.stringify([yb]), active: 1 }).execute();
    await db.insertInto('hotline_lines').values({ code: 'old', name: '停用专线', description: null, unit_ids_json: '[]', active: 0 }).execute();
    const k = await summary();
    expect(k['hotline.expertSeats']).toEqual({ value: 1, numerator: 2, denominator: 2 });
    expect(k['hotline.lines']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(k['hotline.linesMerged']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect((await drill('hotline.linesMerged', 'numerator')).items).toEqual([expect.objectContaining({ code: 'minor', since: '2026-09-03' })]);
    // As of an earlier period end: the seats set up today (2026-09-24) were not yet in force; the undated lines were.
    const aug = (await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-08-01&to=2026-08-31', as: 'leader' })).json().kpis;
    expect(aug['hotline.expertSeats']).toEqual({ value: null, numerator: 0, denominator: 0 });
    // The line merged on 09-03 was not in force at the end of August.
    expect(aug['hotline.lines']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(aug['hotline.linesMerged']).toMatchObject({ numerator: 0, denominator: 1 });
    // One department's view: its own seat and the line it answers.
    const mine = await summary(`&department=${yb}`);
    expect(mine['hotline.expertSeats']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(mine['hotline.lines']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    const lines = await drill('hotline.lines', 'numerator');
    expect(lines).toMatchObject({ kind: 'hotline_line', total: 2 });
    expect(lines.items.map((l: { name: string }) => l.name).sort()).toEqual(['医保基金监督举报专线', '未成年人保护专线'].sort());
    const seats = (await drill('hotline.expertSeats', 'numerator')).items;
    expect(seats.map((s: { departmentId: number }) => s.departmentId).sort()).toEqual([rs, yb].sort());
    expect(seats.every((s: { departmentName: string }) => s.departmentName.endsWith('局'))).toBe(true);
  });

  it('counts member units with a published knowledge entry, not drafts', async () => {
    const create = async (departmentId: number, title: string) => {
      const r = await t.request({ method: 'POST', url: '/api/v1/kb', as: 'admin', payload: { departmentId, title, content: `${title}的办理口径。`, keywords: ['测试'] } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    const a = await create(rs, '社保卡补办');
    await create(rs, '养老保险缴费');
    await create(yb, '异地就医备案'); // stays a draft
    expect((await summary())['hotline.kbUnits'].numerator).toBe(0);
    expect((await t.request({ method: 'POST', url: `/api/v1/kb/${a}/publish`, as: 'leader' })).statusCode).toBe(200);
    expect((await summary())['hotline.kbUnits']).toEqual({ value: 1 / members.length, numerator: 1, denominator: members.length });
    // Published after the period: not yet in the figure of an earlier month.
    const aug = (await t.request({ method: 'GET', url: '/api/v1/stats/summary?from=2026-08-01&to=2026-08-31', as: 'leader' })).json().kpis;
    expect(aug['hotline.kbUnits'].numerator).toBe(0);
    expect((await drill('hotline.kbUnits', 'numerator')).items).toEqual([expect.objectContaining({ id: rs, hasKbEntry: true })]);
  });

  it('counts orders received and the 办不成事 matters with the share finished', async () => {
    const create = async (channel: string) => {
      const r = await t.request({ method: 'POST', url: '/api/v1/workorders', as: 'operator', payload: { channel, category: 'complaint', content: '窗口说材料不全但说不清缺什么，事情办不成。', citizen: { name: '王五', phone: '13800000001' } } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    await create('phone');
    await create('web');
    const b1 = await create('banbucheng');
    await create('banbucheng');
    await act(b1, { action: 'answer', content: '已协调窗口一次性告知所缺材料。' });
    // A 市长信箱 letter is not a 受理工单 of the hotline (it has its own figures).
    const letter = await t.request({ method: 'POST', url: '/api/v1/mailbox', payload: { title: '建议', content: '建议延长政务大厅周末开放时间。', name: '赵六', phone: '13800000002', publishConsent: false } });
    expect(letter.statusCode, letter.body).toBe(201);
    const k = await summary();
    expect(k['hotline.received']).toEqual({ value: 1, numerator: 4, denominator: 4 });
    expect(k['hotline.blockedMatters']).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
    expect(k['hotline.blockedFinishedRate']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    const done = await drill('hotline.blockedFinishedRate', 'numerator');
    expect(done).toMatchObject({ kind: 'hotline_order', total: 1 });
    expect(done.items[0]).toMatchObject({ id: b1, channel: 'banbucheng', status: 'answered' });
    expect((await drill('hotline.received', 'numerator')).total).toBe(4);
    expect((await drill('hotline.blockedMatters', 'denominator')).total).toBe(4);
    // The yearly report quotes them in the 12345 part.
    const report = await t.request({ method: 'GET', url: '/api/v1/stats/report?year=2026', as: 'leader' });
    expect(report.statusCode, report.body).toBe(200);
    const model = report.json();
    expect(Object.keys(model.figures)).toEqual(expect.arrayContaining(['hotline.received', 'hotline.expertSeats', 'hotline.lines', 'hotline.kbUnits', 'hotline.blockedMatters', 'evaluations.departmentsCovered']));
    type Sec = { id: string; children: Sec[] };
    const find = (xs: Sec[], id: string): Sec | undefined => xs.map((x) => (x.id === id ? x : find(x.children, id))).find(Boolean);
    const hotlinePart = JSON.stringify(find(model.sections, 'hotline'));
    for (const id of ['hotline.received', 'hotline.expertSeats', 'hotline.kbUnits', 'hotline.blockedMatters']) expect(hotlinePart).toContain(`"figure":"${id}"`);
    // A roster is a stock: the report says 截至 its date.
    expect(model.figures['hotline.expertSeats'].asOf).toMatch(/^2026-/);
    expect(model.figures['hotline.received'].asOf).toBeNull();
  });
});
