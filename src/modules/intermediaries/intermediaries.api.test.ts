import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, type AnyTestApp, type TestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../kernel/audit/audit';
import { at, clockSafeRequest, COMPANY_CODE, uscc } from '../cases/cases.test-support';
import { draw, sha256 } from './intermediaries.rules';
import { AGENCY_CODES, intermediariesTestModules, listedAgency } from './intermediaries.test-support';

async function count(t: AnyTestApp, table: string): Promise<number> {
  const r = await t.opened.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const P = '/api/v1/intermediaries';

// November 2026 has no public holidays: Mon 11-02 …; working days are Mon–Fri.
describe.each(dialects)('intermediaries API on %s', (dialect) => {
  let t: TestApp<typeof intermediariesTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  let survey: number; // 测绘
  let review: number; // 施工图审查
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: intermediariesTestModules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  const post = (url: string, as: string | undefined, payload: Record<string, unknown> = {}) => request({ method: 'POST', url: `${P}${url}`, as, payload });
  const get = (url: string, as?: string) => request({ method: 'GET', url: `${P}${url}`, as });
  const project = (payload: Record<string, unknown>, as = 'enterprise') =>
    post('/projects', as, { title: '厂房扩建项目测绘', scope: '1:500 地形图测绘及宗地图', budget: 20000, deliveryWorkdays: 10, signupTo: '2026-11-04', ownerCode: COMPANY_CODE, ownerName: '邵东市宏远建材有限公司', serviceId: survey, ...payload });

  it('keeps the 中介服务事项清单: service types and the items that need them (admin only)', async () => {
    expect((await post('/services', 'clerk', { code: 'SURVEY', name: '测绘', category: '测绘' })).statusCode).toBe(403);
    const s1 = await post('/services', 'admin', { code: 'survey', name: '工程测绘', category: '测绘' });
    expect(s1.statusCode).toBe(201);
    survey = s1.json().id;
    review = (await post('/services', 'admin', { code: 'DRAWING-REVIEW', name: '施工图审查', category: '审图' })).json().id;
    expect((await post('/services', 'admin', { code: 'SURVEY', name: '重复', category: '测绘' })).statusCode).toBe(409);
    const item = await post('/item-services', 'admin', { itemCode: 'T-FOOD', serviceId: survey, materialName: '经营场所平面布局图', legalBasis: '《食品经营许可管理办法》第十二条', selfAllowed: false });
    expect(item.statusCode).toBe(201);
    expect((await post('/item-services', 'admin', { itemCode: 'NOPE', serviceId: survey, legalBasis: 'x', selfAllowed: false })).json().error.code).toBe('ITEM_NOT_FOUND');
    const list = (await get('/item-services')).json();
    expect(list.items).toEqual([expect.objectContaining({ itemCode: 'T-FOOD', itemName: '食品经营许可（新办）', serviceName: '工程测绘', selfAllowed: false, materialName: '经营场所平面布局图' })]);
  });

  it('refuses an intermediary without a valid USCC or with an expired qualification, writing nothing', async () => {
    const body = { name: '某测绘公司', contact: '王', phone: '13907390009', office: '邵东', staffCount: 3, serviceIds: [survey] };
    const bad = await post('/agencies', 'agency1', { ...body, uscc: AGENCY_CODES.agency1.slice(0, 17) + (AGENCY_CODES.agency1[17] === '0' ? '1' : '0'), qualifications: [{ name: '测绘资质', level: '乙级', certNo: 'X', expiresOn: '2027-12-31' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_USCC', details: { field: 'uscc' } });
    expect(bad.json().error.message).toContain('统一社会信用代码');
    const expired = await post('/agencies', 'agency1', { ...body, uscc: AGENCY_CODES.agency1, qualifications: [{ name: '测绘资质', level: '乙级', certNo: 'X', expiresOn: '2026-10-31' }] });
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error).toMatchObject({ code: 'QUALIFICATION_EXPIRED' });
    expect(expired.json().error.message).toContain('已于 2026-10-31 过期');
    expect(await count(t, 'intermediaries_agencies')).toBe(0);
    expect(await count(t, 'intermediaries_qualifications')).toBe(0);
  });

  it('lists intermediaries only after review; the public registry masks phones', async () => {
    const q = { name: '测绘资质', level: '乙级', expiresOn: '2027-06-30' };
    ids.agency1 = await listedAgency(request, 'agency1', [survey], q);
    ids.agency2 = await listedAgency(request, 'agency2', [survey, review], { ...q, level: '甲级' });
    ids.agency3 = await listedAgency(request, 'agency3', [survey], q);
    // agency4 holds a lower level than the projects below ask for, and its only 资质 expires soon.
    ids.agency4 = await listedAgency(request, 'agency4', [survey], { ...q, level: '丙级', expiresOn: '2026-11-20' });
    const pending = await post('/agencies', 'admin', { uscc: uscc('91430582', 'MA4P5C05'), name: '待审机构', contact: '赵', phone: '13907390005', office: '邵东', staffCount: 2, serviceIds: [survey], qualifications: [{ ...q, certNo: 'P' }] });
    expect(pending.json().status).toBe('pending');
    expect((await post(`/agencies/${pending.json().id}/review`, 'clerk', { approve: true })).statusCode).toBe(403);
    const pub = (await get('/agencies')).json();
    expect(pub.total).toBe(4);
    expect(pub.items[0]).toMatchObject({ name: 'agency1 中介有限公司', status: 'listed', phone: '139****0001', qualifications: [expect.objectContaining({ name: '测绘资质', level: '乙级', valid: true })] });
    expect((await get('/agencies', 'admin')).json().total).toBe(5);
    const mine = (await get('/agencies/mine', 'agency1')).json();
    expect(mine.agency).toMatchObject({ id: ids.agency1, phone: '13907390001', mine: true });
  });

  let randomNo: string;
  let committedHash: string;
  it('随机抽取: the seed hash is public from posting, registrants sign up once, unqualified ones are refused', async () => {
    expect((await request({ method: 'POST', url: `${P}/projects`, payload: { mode: 'random' } })).statusCode).toBe(401);
    const res = await project({ mode: 'random', requiredQualification: '测绘资质', requiredLevel: '乙级' });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    randomNo = p.projectNo;
    committedHash = p.seedHash;
    expect(p).toMatchObject({ status: 'open', mode: 'random', modeLabel: '随机抽取', seed: null, minCandidates: 3, budget: 20000, ownerName: '邵东市宏远建材有限公司' });
    expect(committedHash).toMatch(/^[0-9a-f]{64}$/);
    for (const a of ['agency1', 'agency2', 'agency3']) expect((await post(`/projects/${randomNo}/signup`, a)).statusCode).toBe(200);
    const again = await post(`/projects/${randomNo}/signup`, 'agency2');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_SIGNED_UP');
    const low = await post(`/projects/${randomNo}/signup`, 'agency4');
    expect(low.statusCode).toBe(422);
    expect(low.json().error).toMatchObject({ code: 'NOT_QUALIFIED' });
    expect(low.json().error.message).toContain('乙级及以上');
    expect((await post(`/projects/${randomNo}/signup`, 'citizen')).statusCode).toBe(403);
    const early = await post(`/projects/${randomNo}/select`, 'enterprise');
    expect(early.json().error.code).toBe('SIGNUP_OPEN');
    const pub = (await get(`/projects/${randomNo}`)).json();
    expect(pub).toMatchObject({ signupCount: 3, seed: null, seedHash: committedHash, selection: null });
  });

  it('refuses a draw with fewer qualified registrants than needed, writing nothing', async () => {
    const few = (await project({ mode: 'random', title: '围墙测绘', signupTo: '2026-11-03' })).json().projectNo;
    await post(`/projects/${few}/signup`, 'agency1');
    await post(`/projects/${few}/signup`, 'agency4');
    t.clock.set(at('2026-11-04'));
    const res = await post(`/projects/${few}/select`, 'enterprise');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'DRAW_TOO_FEW', details: { qualified: 2, needed: 3 } });
    expect((await get(`/projects/${few}`)).json()).toMatchObject({ status: 'open', seed: null, selection: null });
  });

  it('draws publicly after sign-up: the revealed seed matches the committed hash and reproduces the pick; 公示 runs 5 working days', async () => {
    t.clock.set(at('2026-11-05'));
    expect((await post(`/projects/${randomNo}/select`, 'agency1')).statusCode).toBe(403);
    const res = await post(`/projects/${randomNo}/select`, 'enterprise');
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.status).toBe('publicity');
    expect(sha256(p.seed)).toBe(committedHash);
    const again = draw(p.seed, [ids.agency3, ids.agency1, ids.agency2]);
    expect(again.picked).toBe(p.selectedAgency.id);
    expect(p.selection).toMatchObject({ mode: 'random', candidates: [ids.agency1, ids.agency2, ids.agency3].sort((a, b) => a - b), digest: again.digest, picked: again.picked });
    // Thu 11-05 + 5 working days = Thu 11-12.
    expect(p).toMatchObject({ selectedOn: '2026-11-05', publicityTo: '2026-11-12' });
    const signupLate = await post(`/projects/${randomNo}/signup`, 'agency4');
    expect(signupLate.statusCode).toBe(409);
  });

  it('takes objections during 公示 and signs, delivers, accepts and rates after it', async () => {
    const obj = await post(`/projects/${randomNo}/objections`, 'citizen', { text: '抽取前报名名单未公开，请说明' });
    expect(obj.statusCode).toBe(200);
    const objectionId = obj.json().objections[0].id;
    expect(obj.json().objections[0]).toMatchObject({ byName: '张*', status: 'open' });
    const during = await post(`/projects/${randomNo}/contract`, 'enterprise', { contractNo: 'HT-2026-001', price: 18000 });
    expect(during.json().error.code).toBe('PUBLICITY_RUNNING');
    t.clock.set(at('2026-11-13'));
    expect((await post(`/projects/${randomNo}/contract`, 'enterprise', { contractNo: 'HT-2026-001', price: 18000 })).json().error.code).toBe('OBJECTION_OPEN');
    expect((await post(`/projects/${randomNo}/objections/${objectionId}/answer`, 'agency1', { upheld: false, answer: 'x' })).statusCode).toBe(403);
    expect((await post(`/projects/${randomNo}/objections/${objectionId}/answer`, 'enterprise', { upheld: false, answer: '报名名单随抽取结果一并公示，抽取可复核' })).statusCode).toBe(200);
    expect((await post(`/projects/${randomNo}/contract`, 'enterprise', { contractNo: 'HT-2026-001', price: 21000 })).json().error.code).toBe('PRICE_OVER_BUDGET');
    const c = await post(`/projects/${randomNo}/contract`, 'enterprise', { contractNo: 'HT-2026-001', price: 18000 });
    expect(c.statusCode).toBe(200);
    // Fri 11-13 + 10 working days = Fri 11-27.
    expect(c.json()).toMatchObject({ status: 'contracted', contractedOn: '2026-11-13', deliveryDue: '2026-11-27', price: 18000 });
    const picked = c.json().selectedAgency.id as number;
    const pickedUser = Object.keys(ids).find((k) => ids[k] === picked)!;
    const other = ['agency1', 'agency2', 'agency3'].find((a) => a !== pickedUser)!;
    expect((await post(`/projects/${randomNo}/deliver`, other, { reportNo: 'CH-1' })).statusCode).toBe(403);
    t.clock.set(at('2026-11-20'));
    expect((await post(`/projects/${randomNo}/deliver`, pickedUser, { reportNo: 'CH-2026-118' })).json()).toMatchObject({ status: 'delivered', deliveredOn: '2026-11-20', onTime: true });
    expect((await post(`/projects/${randomNo}/rate`, 'enterprise', { rating: 5 })).statusCode).toBe(409);
    expect((await post(`/projects/${randomNo}/accept`, 'enterprise')).json().status).toBe('accepted');
    const byOther = await post(`/projects/${randomNo}/rate`, pickedUser, { rating: 5 });
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().error.message).toBe('只有项目业主可以评价中介机构');
    expect((await post(`/projects/${randomNo}/rate`, 'enterprise', { rating: 4, comment: '按期交付，成果规范' })).json()).toMatchObject({ rating: 4 });
    expect((await post(`/projects/${randomNo}/rate`, 'enterprise', { rating: 5 })).json().error.code).toBe('ALREADY_RATED');
    expect((await get(`/agencies/${picked}`)).json()).toMatchObject({ rating: 4, ratingCount: 1 });
    expect((await get(`/agencies/${picked}/credit`)).json().items[0]).toMatchObject({ kind: 'rating', score: 4 });
  });

  it('竞价选取: sealed bids until the deadline, one per registrant, lowest qualified price wins', async () => {
    t.clock.set(at('2026-11-02'));
    const p = (await project({ mode: 'bid', title: '车间竣工测量', bidDeadline: '2026-11-04T17:00:00+08:00', signupTo: '2026-11-04' })).json();
    for (const a of ['agency1', 'agency2', 'agency4']) await post(`/projects/${p.projectNo}/signup`, a);
    expect((await post(`/projects/${p.projectNo}/bid`, 'agency1', { price: 16500 })).statusCode).toBe(200);
    expect((await post(`/projects/${p.projectNo}/bid`, 'agency2', { price: 15800 })).statusCode).toBe(200);
    const second = await post(`/projects/${p.projectNo}/bid`, 'agency2', { price: 9000 });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'BID_EXISTS', message: '本机构已报价，报价不能修改或重复提交' });
    expect((await post(`/projects/${p.projectNo}/bid`, 'agency3', { price: 100 })).json().error.code).toBe('NOT_SIGNED_UP');
    expect((await post(`/projects/${p.projectNo}/bid`, 'agency4', { price: 30000 })).json().error.code).toBe('BID_OVER_BUDGET');
    // Sealed: nobody sees the amounts before the opening.
    const sealed = await get(`/projects/${p.projectNo}`, 'enterprise');
    expect(sealed.body).not.toContain('15800');
    expect(sealed.json().selection).toBeNull();
    expect((await post(`/projects/${p.projectNo}/select`, 'enterprise')).json().error.code).toBe('BIDDING_OPEN');
    t.clock.set(at('2026-11-04', 18));
    const late = await post(`/projects/${p.projectNo}/bid`, 'agency4', { price: 12000 });
    expect(late.statusCode).toBe(422);
    expect(late.json().error).toMatchObject({ code: 'BID_CLOSED', message: '报价已截止，不能再报价' });
    const opened = (await post(`/projects/${p.projectNo}/select`, 'enterprise')).json();
    expect(opened).toMatchObject({ status: 'publicity', selectedAgency: { id: ids.agency2 }, price: 15800 });
    expect(opened.selection.bids).toHaveLength(2);
  });

  it('择优选取: scored by the published criteria, highest total wins', async () => {
    t.clock.set(at('2026-11-02'));
    const bad = await project({ mode: 'merit', criteria: [{ name: '业绩', weight: 50 }, { name: '方案', weight: 40 }] });
    expect(bad.json().error).toMatchObject({ code: 'INVALID_CRITERIA' });
    const p = (await project({ mode: 'merit', title: '规划核实测量', criteria: [{ name: '业绩', weight: 40 }, { name: '方案', weight: 40 }, { name: '人员', weight: 20 }] })).json();
    expect(p.criteria).toHaveLength(3);
    await post(`/projects/${p.projectNo}/signup`, 'agency1');
    await post(`/projects/${p.projectNo}/signup`, 'agency3');
    t.clock.set(at('2026-11-05'));
    const missing = await post(`/projects/${p.projectNo}/select`, 'enterprise', { scores: [{ agencyId: ids.agency1, scores: { 业绩: 80, 方案: 80, 人员: 80 } }] });
    expect(missing.json().error.code).toBe('SCORES_REQUIRED');
    const res = await post(`/projects/${p.projectNo}/select`, 'enterprise', {
      scores: [
        { agencyId: ids.agency1, scores: { 业绩: 80, 方案: 70, 人员: 90 } },
        { agencyId: ids.agency3, scores: { 业绩: 90, 方案: 85, 人员: 60 } },
      ],
    });
    expect(res.json()).toMatchObject({ status: 'publicity', selectedAgency: { id: ids.agency3 } });
    expect(res.json().selection.ranking).toEqual([
      { agencyId: ids.agency3, name: 'agency3 中介有限公司', score: 82 },
      { agencyId: ids.agency1, name: 'agency1 中介有限公司', score: 78 },
    ]);
  });

  it('直接选取 by a department: the chosen intermediary goes on 公示 at once', async () => {
    t.clock.set(at('2026-11-02'));
    const refused = await project({ mode: 'direct', agencyId: ids.agency4, requiredLevel: '乙级', requiredQualification: '测绘资质' }, 'reviewer');
    expect(refused.json().error.code).toBe('NOT_QUALIFIED');
    const res = await project({ mode: 'direct', agencyId: ids.agency1, title: '办公楼不动产测绘' }, 'reviewer');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'publicity', ownerKind: 'department', ownerName: '邵东市市场监督管理局', selectedAgency: { id: ids.agency1 }, publicityTo: '2026-11-09' });
  });

  it('flags an application bought outside the market (体外循环) and raises a supervision card; a market report serves the material', async () => {
    t.clock.set(at('2026-11-23'));
    const submit = (applicant: Record<string, unknown>) =>
      request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant, materials: [{ name: '食品经营许可申请书', provided: true }] } });
    const outside = await submit({ type: 'organization', name: '邵东市某某餐饮有限公司', creditCode: uscc('91430582', 'MA4Q9Y9Y'), phone: '0739-2612345' });
    expect(outside.statusCode).toBe(201);
    const inside = await submit({ type: 'organization', name: '邵东市宏远建材有限公司', creditCode: COMPANY_CODE, phone: '0739-2612346' });
    expect(inside.statusCode).toBe(201);
    const served = inside.json().materials.find((m: { name: string }) => m.name === '经营场所平面布局图');
    expect(served).toMatchObject({ provided: true, servedBy: { kind: 'intermediary_report', ref: randomNo } });
    expect(served.servedBy.label).toContain('中介服务超市');
    const flags = (await get('/flags', 'supervisor')).json();
    expect(flags.total).toBe(1);
    expect(flags.items[0]).toMatchObject({ caseNo: outside.json().caseNo, serviceName: '工程测绘', departmentName: '邵东市市场监督管理局', applicantName: expect.stringMatching(/^邵/) });
    expect((await get('/flags', 'citizen')).statusCode).toBe(403);
    const source = t.ctx.extensions.cardSources.find((s) => s.name === 'intermediaries')!;
    const cards = await source.candidates(t.clock.now(), '2026-11-23');
    expect(cards).toEqual([expect.objectContaining({ subjectId: outside.json().caseNo, rule: 'intermediary_outside_market', color: 'yellow' })]);
    await t.ctx.services.supervision.sweep();
    const sup = (await request({ method: 'GET', url: '/api/v1/supervision/cards?rule=intermediary_outside_market', as: 'supervisor' })).json();
    expect(sup.items.map((c: { subjectId: string }) => c.subjectId)).toContain(outside.json().caseNo);
  });

  it('counts the KPIs', async () => {
    const k = await t.ctx.services.intermediaries.checks.kpis({ from: '2026-11-01', to: '2026-11-30' }, null);
    expect(k['intermediaries.listed']).toMatchObject({ numerator: 4, denominator: 5 });
    expect(k['intermediaries.projects'].numerator).toBe(5);
    expect(k['intermediaries.marketShare']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k['intermediaries.savingRate']).toEqual({ value: 0.1, numerator: 2000, denominator: 20000 });
    expect(k['intermediaries.onTimeDeliveryRate']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(k['intermediaries.outsideMarket']).toMatchObject({ numerator: 1 });
  });

  it('unlists an intermediary whose every qualification has expired (job), and keeps the audit chain whole', async () => {
    t.clock.set(at('2026-11-23'));
    expect(await t.ctx.services.intermediaries.registry.unlistExpired()).toBe(1);
    expect((await get(`/agencies/${ids.agency4}`, 'admin')).json()).toMatchObject({ status: 'unlisted', statusNote: '资质均已过期，自动下架' });
    expect(await t.ctx.services.intermediaries.registry.unlistExpired()).toBe(0);
    expect((await get('/agencies')).json().total).toBe(3);
    expect((await verifyAuditChain(t.opened.db)).ok).toBe(true);
  });
});

describe.each(dialects)('the 中介服务事项清单 at intake on %s', (dialect) => {
  let t: TestApp<typeof intermediariesTestModules>;
  let request: ReturnType<typeof clockSafeRequest>;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: at('2026-11-02'), modules: intermediariesTestModules });
    request = clockSafeRequest(t);
  });
  afterAll(async () => t?.close());

  it('checks an application against an item listed a moment ago (intake keeps the list per instance, and a listing forgets it)', async () => {
    const submit = (name: string, code: string) =>
      request({ method: 'POST', url: '/api/v1/cases', as: 'clerk', payload: { itemCode: 'T-FOOD', channel: 'window', applicant: { type: 'organization', name, creditCode: uscc('91430582', code), phone: '0739-2612345' }, materials: [{ name: '食品经营许可申请书', provided: true }] } });
    // Not listed yet: intake reads (and keeps) an empty list for the item, and checks nothing.
    expect((await submit('邵东市甲餐饮有限公司', 'MA4Q9Y1A')).statusCode).toBe(201);
    expect(await count(t, 'intermediaries_checks')).toBe(0);
    const service = (await request({ method: 'POST', url: `${P}/services`, as: 'admin', payload: { code: 'SURVEY', name: '工程测绘', category: '测绘' } })).json().id;
    const listed = await request({ method: 'POST', url: `${P}/item-services`, as: 'admin', payload: { itemCode: 'T-FOOD', serviceId: service, legalBasis: '《食品经营许可管理办法》第十二条', selfAllowed: false } });
    expect(listed.statusCode).toBe(201);
    // The next application of the same instance is checked at once, not after the list's cache time.
    const after = await submit('邵东市乙餐饮有限公司', 'MA4Q9Y2B');
    expect(after.statusCode).toBe(201);
    const flags = (await request({ method: 'GET', url: `${P}/flags`, as: 'supervisor' })).json();
    expect(flags.items.map((f: { caseNo: string }) => f.caseNo)).toEqual([after.json().caseNo]);
  });
});
