import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { FOOD_ALL, at, clockSafeRequest, fakeCatalogModule, personApplicant } from '../../../test/fixtures';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { hotlineModule } from '.';
import { auditTrailOf } from '../../kernel/audit/audit';

const modules = [orgModule, fakeCatalogModule, casesModule, hotlineModule] as const;

describe.each(dialects)('the 办不成事 window (a clerk registers a complaint on a blocked case) on %s', (dialect) => {
  let t: TestApp<typeof modules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let caseNo: string;
  let unitId: number;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-09-24'), modules, seed: ['org'] });
    request = clockSafeRequest(t);
    const c = await request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: personApplicant(), materials: FOOD_ALL } });
    expect(c.statusCode, c.body).toBe(201);
    caseNo = c.json().caseNo;
    unitId = (await t.ctx.services.org.byName('住建局'))!.id; // the demo `unit` account's unit
  });
  afterAll(async () => t?.close());

  const register = (payload: Record<string, unknown>, as = 'clerk') => request({ method: 'POST', url: '/api/v1/workorders/banbucheng', as, payload });
  const forCase = (as = 'clerk') => request({ method: 'GET', url: `/api/v1/workorders/for-case/${caseNo}`, as });

  it('registers the complaint as a 办不成事 work order linked to the case, which the case then lists', async () => {
    expect((await forCase()).json()).toEqual({ items: [], total: 0 });
    const res = await register({ caseNo, content: '不动产转移登记因历史遗留问题窗口无法受理，申请人要求协调。', citizen: { name: '王小明', phone: '13800138000' } });
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({ status: 'received', category: 'complaint', title: expect.stringContaining('办不成事') });
    expect(o.orderNo).toMatch(/^GD20260924\d{4}$/);
    const listed = (await forCase()).json();
    expect(listed.items.map((x: { orderNo: string }) => x.orderNo)).toEqual([o.orderNo]);
    // The case page shows no personal data of the complainant.
    expect(JSON.stringify(listed)).not.toContain('13800138000');
    // The operator sees it in the work-order list with its channel and case.
    const full = (await request({ method: 'GET', url: `/api/v1/workorders/${o.id}`, as: 'operator' })).json();
    expect(full).toMatchObject({ channel: 'banbucheng', caseNo, status: 'received' });
    const trail = await auditTrailOf(t.ctx.db, 'workorder', o.id);
    expect(trail[0]).toMatchObject({ action: 'hotline.order.created', after: expect.objectContaining({ channel: 'banbucheng', caseNo }) });
  });

  it('follows the hotline’s normal flow: dispatched, signed and answered by the unit, the case shows the progress', async () => {
    const [o] = (await forCase()).json().items;
    const act = async (payload: Record<string, unknown>, as: string) => {
      const r = await request({ method: 'POST', url: `/api/v1/workorders/${o.id}/actions`, as, payload });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    await act({ action: 'dispatch', unitId }, 'operator');
    expect((await forCase()).json().items[0].status).toBe('dispatched');
    await act({ action: 'sign' }, 'unit');
    await act({ action: 'reply', content: '已协调不动产登记中心，补办历史手续后可受理。', replyResult: 'resolved' }, 'unit');
    const closed = await act({ action: 'callback', reached: true, result: 'satisfied' }, 'operator');
    expect(closed).toMatchObject({ status: 'closed', channel: 'banbucheng', caseNo });
    const [shown] = (await forCase()).json().items;
    expect(shown).toMatchObject({ status: 'closed', finishedAt: expect.any(String) });
    const trail = await auditTrailOf(t.ctx.db, 'workorder', o.id);
    // (views of the complainant's contact data are audited too; the steps come in this order)
    const steps = ['hotline.order.created', 'hotline.order.dispatch', 'hotline.order.sign', 'hotline.order.reply', 'hotline.order.callback'];
    expect(trail.map((a) => a.action).filter((a) => steps.includes(a))).toEqual(steps);
  });

  it('refuses a case that does not exist, empty content, and roles outside the window, writing nothing', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('kernel_audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '<>', 'auth.login').executeTakeFirstOrThrow()).n);
    const before = await count();
    const missing = await register({ caseNo: '430582-20260924-999999', content: '无法办理' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await register({ caseNo, content: '' })).statusCode).toBe(400);
    expect((await register({ caseNo, content: '   ' })).statusCode).toBe(422);
    expect((await register({ caseNo, content: '无法办理' }, 'reviewer')).statusCode).toBe(403);
    expect((await register({ caseNo, content: '无法办理' }, 'citizen')).statusCode).toBe(403);
    expect((await forCase('citizen')).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
});
