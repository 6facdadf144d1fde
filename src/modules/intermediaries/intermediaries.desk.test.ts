import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { at, clockSafeRequest, COMPANY_CODE, uscc } from '../../../test/fixtures';
import { deliveryOverdue } from './intermediaries.rules';
import { DELIVERY_LATE_RULE } from './intermediaries.desk';
import { intermediariesTestModules, listedAgency } from './intermediaries.test-support';

const P = '/api/v1/intermediaries';

describe('deliveryOverdue', () => {
  it.each([
    ['contracted', '2026-11-20', '2026-11-20', false],
    ['contracted', '2026-11-20', '2026-11-23', true],
    ['contracted', null, '2026-11-23', false],
    ['delivered', '2026-11-20', '2026-11-23', false],
    ['accepted', '2026-11-20', '2026-11-23', false],
    ['cancelled', '2026-11-20', '2026-11-23', false],
  ] as const)('%s due %s on %s → %s', (status, deliveryDue, today, late) => {
    expect(deliveryOverdue({ status, deliveryDue }, today)).toBe(late);
  });
});

// November 2026 has no public holidays: working days are Mon–Fri.
describe.each(dialects)('intermediaries desks on %s', (dialect) => {
  let t: TestApp<typeof intermediariesTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let survey: number;
  let fire: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: intermediariesTestModules });
    request = clockSafeRequest(t);
    survey = (await request({ method: 'POST', url: `${P}/services`, as: 'admin', payload: { code: 'SURVEY', name: '工程测绘', category: '测绘' } })).json().id;
    fire = (await request({ method: 'POST', url: `${P}/services`, as: 'admin', payload: { code: 'FIRE', name: '消防设施检测', category: '检测' } })).json().id;
    await request({ method: 'POST', url: `${P}/item-services`, as: 'admin', payload: { itemCode: 'T-FOOD', serviceId: survey, materialName: '经营场所平面布局图', legalBasis: '《食品经营许可管理办法》第十二条', selfAllowed: false } });
    const q = { name: '测绘资质', level: '乙级', expiresOn: '2027-06-30' };
    ids.agency1 = await listedAgency(request, 'agency1', [survey], q);
    ids.agency2 = await listedAgency(request, 'agency2', [survey], q);
    ids.agency3 = await listedAgency(request, 'agency3', [survey], { ...q, level: '丙级' });
    ids.agency4 = await listedAgency(request, 'agency4', [fire], { name: '消防设施检测', level: '不分级', expiresOn: '2027-06-30' });
  });
  afterAll(async () => t?.close());

  const post = (url: string, as: string | undefined, payload: Record<string, unknown> = {}) => request({ method: 'POST', url: `${P}${url}`, as, payload });
  const get = (url: string, as?: string) => request({ method: 'GET', url: `${P}${url}`, as });
  const project = (payload: Record<string, unknown>, as = 'enterprise') =>
    post('/projects', as, { title: '厂房测绘', scope: '1:500 地形图', budget: 20000, deliveryWorkdays: 5, signupTo: '2026-11-04', ownerCode: COMPANY_CODE, ownerName: '邵东市宏远建材有限公司', serviceId: survey, ...payload });

  it('shows an intermediary the open projects of its service types, with why it may not sign up', async () => {
    const p = (await project({ mode: 'random', title: '宗地测绘', requiredQualification: '测绘资质', requiredLevel: '乙级' })).json();
    await project({ mode: 'random', title: '消防检测', serviceId: fire });
    const a1 = (await get('/projects/eligible', 'agency1')).json();
    expect(a1.agencyId).toBe(ids.agency1);
    expect(a1.items.map((i: { title: string }) => i.title)).toEqual(['宗地测绘']);
    expect(a1.items[0]).toMatchObject({ projectNo: p.projectNo, problem: null, viewer: { signedUp: false } });
    const a3 = (await get('/projects/eligible', 'agency3')).json();
    expect(a3.items[0].problem).toContain('乙级及以上');
    expect((await get('/projects/eligible', 'agency4')).json().items.map((i: { title: string }) => i.title)).toEqual(['消防检测']);
    expect((await get('/projects/eligible', 'citizen')).json()).toEqual({ agencyId: null, items: [] });
    expect((await get('/projects/eligible', 'clerk')).statusCode).toBe(403);
    await post(`/projects/${p.projectNo}/signup`, 'agency1');
    expect((await get('/projects/eligible', 'agency1')).json().items[0].viewer.signedUp).toBe(true);
  });

  it('shows the owner who signed up; sealed bids stay hidden until the deadline', async () => {
    const p = (await project({ mode: 'bid', title: '车间测量', bidDeadline: '2026-11-04T17:00:00+08:00' })).json();
    await post(`/projects/${p.projectNo}/signup`, 'agency1');
    await post(`/projects/${p.projectNo}/signup`, 'agency2');
    await post(`/projects/${p.projectNo}/bid`, 'agency2', { price: 15800 });
    const before = await get(`/projects/${p.projectNo}/signups`, 'enterprise');
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('15800');
    expect(before.json().items).toEqual([
      expect.objectContaining({ agencyId: ids.agency1, name: 'agency1 中介有限公司', problem: null, bidMade: false, bid: null }),
      expect.objectContaining({ agencyId: ids.agency2, bidMade: true, bid: null }),
    ]);
    expect((await get(`/projects/${p.projectNo}/signups`, 'agency1')).statusCode).toBe(403);
    expect((await get(`/projects/${p.projectNo}/signups`, 'reviewer')).statusCode).toBe(403);
    expect((await get(`/projects/${p.projectNo}/signups`)).statusCode).toBe(401);
    t.clock.set(at('2026-11-04', 18));
    const after = (await get(`/projects/${p.projectNo}/signups`, 'admin')).json();
    expect(after.items[1]).toMatchObject({ bidMade: true, bid: 15800 });
  });

  it('lets an intermediary edit its registration, but not another one', async () => {
    const body = { contact: '刘经理', phone: '13907390011', office: '邵东市金龙大道 99 号', staffCount: 30, serviceIds: [survey, fire] };
    const res = await request({ method: 'PUT', url: `${P}/agencies/${ids.agency1}`, as: 'agency1', payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contact: '刘经理', office: '邵东市金龙大道 99 号', staffCount: 30, services: [{ id: survey }, { id: fire }] });
    expect((await request({ method: 'PUT', url: `${P}/agencies/${ids.agency1}`, as: 'agency2', payload: body })).statusCode).toBe(403);
    const bad = await request({ method: 'PUT', url: `${P}/agencies/${ids.agency1}`, as: 'agency1', payload: { ...body, serviceIds: [999] } });
    expect(bad.statusCode).toBe(404);
    expect((await get(`/agencies/${ids.agency1}`, 'admin')).json().staffCount).toBe(30);
  });

  it('raises a card when the delivery deadline on the working-day calendar passes without delivery', async () => {
    t.clock.set(at('2026-11-02'));
    const p = (await project({ mode: 'direct', agencyId: ids.agency2, title: '办公楼测绘' }, 'reviewer')).json();
    // 公示 Mon 11-02 + 5 working days = Mon 11-09; signed Tue 11-10 + 5 working days = Tue 11-17.
    t.clock.set(at('2026-11-10'));
    const c = (await post(`/projects/${p.projectNo}/contract`, 'reviewer', { contractNo: 'HT-9', price: 18000 })).json();
    expect(c.deliveryDue).toBe('2026-11-17');
    const source = t.ctx.extensions.cardSources.find((s) => s.name === 'intermediaries.delivery')!;
    expect(await source.candidates(t.clock.now(), '2026-11-17')).toEqual([]);
    const late = await source.candidates(t.clock.now(), '2026-11-19');
    expect(late).toEqual([
      expect.objectContaining({
        subjectType: 'intermediary_project',
        subjectId: p.projectNo,
        rule: DELIVERY_LATE_RULE,
        color: 'yellow',
        departmentId: c.ownerKind === 'department' ? expect.any(Number) : null,
        dueAt: '2026-11-17',
        detail: expect.objectContaining({ agency: 'agency2 中介有限公司', workdaysLate: 2 }),
      }),
    ]);
    t.clock.set(at('2026-11-19'));
    await t.ctx.services.supervision.sweep();
    const cards = (await request({ method: 'GET', url: `/api/v1/supervision/cards?rule=${DELIVERY_LATE_RULE}`, as: 'supervisor' })).json();
    expect(cards.items).toEqual([expect.objectContaining({ subjectId: p.projectNo, ruleLabel: '中介服务超期未交付' })]);
    await post(`/projects/${p.projectNo}/deliver`, 'agency2', { reportNo: 'CH-9' });
    expect(await source.candidates(t.clock.now(), '2026-11-20')).toEqual([]);
  });

  it('tells the case page which market project supplied the report, to those who may read the case', async () => {
    const p = (await project({ mode: 'direct', agencyId: ids.agency1, title: '食品车间平面布局测绘' }, 'enterprise')).json();
    t.clock.set(at('2026-11-30'));
    await post(`/projects/${p.projectNo}/contract`, 'enterprise', { contractNo: 'HT-10', price: 9000 });
    await post(`/projects/${p.projectNo}/deliver`, 'agency1', { reportNo: 'CH-2026-10' });
    await post(`/projects/${p.projectNo}/accept`, 'enterprise');
    const submit = (as: string, applicant: Record<string, unknown>, channel: string) =>
      request({ method: 'POST', url: '/api/v1/cases', as, payload: { itemCode: 'T-FOOD', channel, applicant, materials: [{ name: '食品经营许可申请书', provided: true }] } });
    const mine = await submit('enterprise', { type: 'organization', name: '邵东市宏远建材有限公司', creditCode: COMPANY_CODE, phone: '0739-2612346' }, 'online');
    expect(mine.statusCode).toBe(201);
    const caseNo = mine.json().caseNo as string;
    const checks = await get(`/cases/${caseNo}`, 'enterprise');
    expect(checks.statusCode).toBe(200);
    expect(checks.json().items).toEqual([
      { serviceName: '工程测绘', inMarket: true, project: expect.objectContaining({ projectNo: p.projectNo, agencyName: 'agency1 中介有限公司', reportNo: 'CH-2026-10', acceptedOn: '2026-11-30' }) },
    ]);
    const outside = (await submit('clerk', { type: 'organization', name: '邵东市某某餐饮有限公司', creditCode: uscc('91430582', 'MA4Q9Y9Y'), phone: '0739-2612345' }, 'window')).json();
    expect((await get(`/cases/${outside.caseNo}`, 'clerk')).json().items).toEqual([{ serviceName: '工程测绘', inMarket: false, project: null }]);
    // Another citizen may not learn about the enterprise's application.
    expect((await get(`/cases/${caseNo}`, 'citizen')).statusCode).toBe(404);
    expect((await get(`/cases/${caseNo}`)).statusCode).toBe(401);
  });
});
