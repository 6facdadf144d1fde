/**
 * Demo market: the service types a county needs, the 中介服务事项清单 over published items, intermediaries
 * of the common types (accounts agency1..4 are their logins), projects in every state and mode, and a few
 * 体外循环 flags raised by real applications through the cases hook. Projects whose dates lie in the past
 * (sign-up closed, 公示 over, delivered) are written as finished rows with the module's own rules (the
 * draw, the calendar); the open ones go through the commands.
 */
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { parseRoles } from '../../kernel/auth/auth.service';
import { computeOrgCodeCheckChar, computeUsccCheckChar } from '../../kernel/validators';
import type { AppContext } from '../../kernel/module';
import type { IntermediariesNeeds } from './intermediaries.context';
import { draw, sha256 } from './intermediaries.rules';
import type { IntermediariesService } from './intermediaries.service';

function uscc(prefix8: string, body8: string): string {
  const first17 = prefix8 + body8 + computeOrgCodeCheckChar(body8);
  return first17 + computeUsccCheckChar(first17);
}

const SERVICES = [
  ['SURVEY', '工程测绘', '测绘'],
  ['DRAWING-REVIEW', '施工图审查', '审图'],
  ['EIA', '环境影响评价', '评估'],
  ['SAFETY', '安全评价', '评估'],
  ['FIRE-TEST', '消防设施检测', '检测'],
  ['COST', '工程造价咨询', '咨询'],
  ['GEO-HAZARD', '地质灾害危险性评估', '评估'],
] as const;

/** Item name (as published) → service code, statutory basis, may the applicant do it themselves. */
const ITEM_SERVICES: Array<[string, string, string, boolean]> = [
  ['建设工程消防设计审核或备案', 'DRAWING-REVIEW', '《建设工程消防设计审查验收管理暂行规定》第十五条', false],
  ['建设工程竣工消防验收或备案', 'FIRE-TEST', '《建设工程消防设计审查验收管理暂行规定》第二十七条', false],
  ['建筑工程竣工规划土地核实“多验合一”', 'SURVEY', '《中华人民共和国城乡规划法》第四十五条', false],
  ['权限内建设项目环境影响报告表审批（或登记表备案）', 'EIA', '《中华人民共和国环境影响评价法》第十九条（建设单位具备能力的可自行编制）', true],
  ['临时用地审批', 'GEO-HAZARD', '《地质灾害防治条例》第二十一条', false],
  ['金属非金属矿山、尾矿库、石油天然气新建、改建、扩建建设项目', 'SAFETY', '《中华人民共和国安全生产法》第三十二条', false],
];

const Q = (name: string, level: string, days: number) => ({ name, level, days });
const AGENCIES: Array<{ user?: string; body: string; name: string; contact: string; phone: string; office: string; staff: number; services: string[]; quals: { name: string; level: string; days: number }[]; status?: 'pending' | 'suspended' }> = [
  { user: 'agency1', body: 'MA4P1C01', name: '湖南恒信测绘有限公司', contact: '刘建华', phone: '13907391101', office: '邵东市大禾塘街道金龙大道 88 号', staff: 26, services: ['SURVEY'], quals: [Q('测绘资质', '乙级', 700)] },
  { user: 'agency2', body: 'MA4P2C02', name: '邵阳市鼎诚工程咨询有限公司', contact: '曾志勇', phone: '13907391102', office: '邵东市两市塘街道衡宝路 16 号', staff: 41, services: ['SURVEY', 'COST', 'DRAWING-REVIEW'], quals: [Q('测绘资质', '甲级', 900), Q('工程造价咨询', '甲级', 500), Q('施工图审查', '乙级', 400)] },
  { user: 'agency3', body: 'MA4P3C03', name: '湖南天平资产评估有限公司', contact: '周敏', phone: '13907391103', office: '邵东市宋家塘街道建设南路 9 号', staff: 18, services: ['SURVEY', 'GEO-HAZARD'], quals: [Q('测绘资质', '乙级', 600), Q('地质灾害危险性评估', '乙级', 600)] },
  { user: 'agency4', body: 'MA4P4C04', name: '邵东市安泰检测技术有限公司', contact: '谢立', phone: '13907391104', office: '邵东市大禾塘街道昭阳大道 210 号', staff: 15, services: ['FIRE-TEST', 'SAFETY'], quals: [Q('消防设施维护保养检测', '不分级', 300), Q('安全评价', '乙级', 20)] },
  { body: 'MA4P5C05', name: '湖南绿源环境科技有限公司', contact: '唐芳', phone: '13907391105', office: '邵阳市双清区宝庆东路 58 号', staff: 33, services: ['EIA'], quals: [Q('环境影响评价', '不分级', 800)] },
  { body: 'MA4P6C06', name: '湖南建科施工图审查有限公司', contact: '黄伟', phone: '13907391106', office: '长沙市岳麓区麓谷大道 627 号', staff: 52, services: ['DRAWING-REVIEW'], quals: [Q('施工图审查', '甲级', 1000)] },
  { body: 'MA4P7C07', name: '邵东市宏图测绘服务有限公司', contact: '李斌', phone: '13907391107', office: '邵东市廉桥镇药都路 3 号', staff: 9, services: ['SURVEY'], quals: [Q('测绘资质', '丙级', 365)] },
  { body: 'MA4P8C08', name: '湖南众安安全技术有限公司', contact: '罗强', phone: '13907391108', office: '邵阳市北塔区资江路 12 号', staff: 20, services: ['SAFETY'], quals: [Q('安全评价', '乙级', 500)], status: 'suspended' },
  { body: 'MA4P9C09', name: '邵东市诚信工程造价咨询有限公司', contact: '彭丽', phone: '13907391109', office: '邵东市两市塘街道人民路 45 号', staff: 7, services: ['COST'], quals: [Q('工程造价咨询', '乙级', 400)], status: 'pending' },
];

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const DEMO_ENTERPRISE_CODE = uscc('91430582', 'MA4L8H2K');

export async function seedIntermediaries(ctx: AppContext<IntermediariesNeeds>, svc: IntermediariesService): Promise<void> {
  const db = svc.env.db;
  if ((await db.selectFrom('intermediaries_services').select('id').limit(1).execute()).length > 0) return;
  const users = await db.selectFrom('kernel_users').select(['id', 'username', 'name', 'roles', 'department_id']).execute();
  const actorOf = (username: string): Actor => {
    const u = users.find((x) => x.username === username);
    if (!u) return { ...systemActor(`seed:${username}`), roles: ['admin'] };
    return { kind: 'user', id: Number(u.id), username: u.username, name: u.name, roles: parseRoles(u.roles), departmentId: u.department_id === null ? null : Number(u.department_id) };
  };
  const admin = actorOf('admin');
  const today = svc.env.today();
  const index = ctx.calendar.current;
  const wd = (n: number) => index.addWorkdays(today, n);

  const serviceId = new Map<string, number>();
  for (const [code, name, category] of SERVICES) serviceId.set(code, (await svc.registry.createService(admin, { code, name, category })).id);

  if (ctx.services.catalog.list) {
    const names = new Map<string, string>();
    for (let page = 1; page <= 20; page++) {
      const r = await ctx.services.catalog.list({ page, pageSize: 100 });
      for (const i of r.items) names.set(i.name, i.code);
      if (page * 100 >= r.total) break;
    }
    for (const [itemName, code, basis, self] of ITEM_SERVICES) {
      const itemCode = names.get(itemName);
      if (itemCode) await svc.registry.addItemService(admin, { itemCode, serviceId: serviceId.get(code)!, legalBasis: basis, selfAllowed: self });
    }
  }

  const agencyId = new Map<string, number>();
  for (const a of AGENCIES) {
    const v = await svc.registry.register(a.user ? actorOf(a.user) : admin, {
      uscc: uscc('91430582', a.body),
      name: a.name,
      contact: a.contact,
      phone: a.phone,
      office: a.office,
      staffCount: a.staff,
      serviceIds: a.services.map((s) => serviceId.get(s)!),
      qualifications: a.quals.map((q, i) => ({ name: q.name, level: q.level, certNo: `${a.body.slice(4)}-${i + 1}`, expiresOn: plusDays(today, q.days) })),
    });
    agencyId.set(a.user ?? a.body, v.id);
    if (a.status !== 'pending') await svc.registry.review(admin, v.id, true, '材料齐全，准予入驻');
    if (a.status === 'suspended') await svc.registry.suspend(admin, v.id, '出具的安全评价报告存在重大遗漏，暂停承接业务 3 个月');
  }
  await svc.registry.recordCredit(actorOf('supervisor'), agencyId.get('MA4P7C07')!, 'complaint', '业主反映测绘成果交付迟延 5 个工作日');

  // ---- projects in the past: written as finished rows ----
  const enterprise = actorOf('enterprise');
  const reviewer = actorOf('reviewer');
  const dept = reviewer.departmentId !== null ? await ctx.services.org.byId(reviewer.departmentId) : null;
  const now = svc.env.now();
  let seq = 0;
  const historic = async (p: {
    mode: 'direct' | 'random' | 'bid' | 'merit';
    owner: 'enterprise' | 'department';
    service: string;
    title: string;
    scope: string;
    budget: number;
    postedAt: number;
    signups: string[];
    status: 'publicity' | 'contracted' | 'delivered' | 'accepted' | 'cancelled';
    price?: number;
    deliveryWorkdays: number;
    deliveredAfter?: number;
    rating?: number;
    cancelReason?: string;
  }) => {
    const posted = wd(p.postedAt);
    const signupTo = index.addWorkdays(posted, 3);
    const selectedOn = index.addWorkdays(signupTo, 1);
    const publicityTo = index.addWorkdays(selectedOn, 5);
    const contractedOn = index.addWorkdays(publicityTo, 1);
    const due = index.addWorkdays(contractedOn, p.deliveryWorkdays);
    const cand = p.signups.map((s) => agencyId.get(s)!);
    const seed = p.mode === 'random' ? sha256(`demo-${p.title}`).slice(0, 32) : null;
    let picked = cand[0];
    let selection: Record<string, unknown> = { mode: p.mode };
    if (p.mode === 'random') {
      const d = draw(seed!, cand);
      picked = d.picked;
      selection = { mode: 'random', ...d, candidateNames: d.candidates.map((id) => ({ agencyId: id, name: AGENCIES.find((a) => agencyId.get(a.user ?? a.body) === id)!.name })) };
    }
    const nameOf = (id: number) => AGENCIES.find((a) => agencyId.get(a.user ?? a.body) === id)!.name;
    if (p.mode === 'bid') {
      const bids = cand.map((id, i) => ({ agencyId: id, name: nameOf(id), price: Math.round(p.budget * (0.78 + 0.07 * i)) }));
      picked = bids[0].agencyId;
      selection = { mode: 'bid', bids };
    }
    if (p.mode === 'merit') {
      const ranking = cand.map((id, i) => ({ agencyId: id, name: nameOf(id), score: 88 - i * 6 }));
      selection = { mode: 'merit', criteria: MERIT, ranking };
    }
    const price = p.mode === 'bid' ? Math.round(p.budget * 0.78) : (p.price ?? null);
    const past = ['contracted', 'delivered', 'accepted'].includes(p.status);
    const delivered = p.status === 'delivered' || p.status === 'accepted' ? index.addWorkdays(contractedOn, p.deliveredAfter ?? p.deliveryWorkdays - 2) : null;
    seq += 1;
    const projectNo = `ZJ${posted.slice(0, 4)}D${String(seq).padStart(4, '0')}`;
    const owner = p.owner === 'enterprise' ? { kind: 'enterprise', user: enterprise.id!, dept: null, name: '邵东市宏远建材有限公司', code: DEMO_ENTERPRISE_CODE } : { kind: 'department', user: reviewer.id!, dept: dept?.id ?? null, name: dept?.name ?? '', code: dept?.code ?? '' };
    const [{ id }] = await db
      .insertInto('intermediaries_projects')
      .values({
        project_no: projectNo,
        owner_kind: owner.kind,
        owner_user_id: owner.user,
        owner_department_id: owner.dept,
        owner_name: owner.name,
        owner_code: owner.code,
        service_id: serviceId.get(p.service)!,
        title: p.title,
        scope: p.scope,
        required_qualification: null,
        required_level: null,
        budget_cents: p.budget * 100,
        mode: p.mode,
        criteria_json: JSON.stringify(p.mode === 'merit' ? MERIT : []),
        min_candidates: p.mode === 'random' ? 3 : 1,
        signup_from: posted,
        signup_to: p.mode === 'direct' ? posted : signupTo,
        bid_deadline: p.mode === 'bid' ? `${signupTo}T09:00:00.000Z` : null,
        delivery_workdays: p.deliveryWorkdays,
        status: p.status,
        seed_hash: seed ? sha256(seed) : null,
        seed,
        selection_json: JSON.stringify(selection),
        selected_agency_id: picked,
        selected_on: p.mode === 'direct' ? posted : selectedOn,
        publicity_to: p.mode === 'direct' ? index.addWorkdays(posted, 5) : publicityTo,
        price_cents: past || p.mode === 'bid' ? (price ?? p.budget) * 100 : null,
        contract_no: past ? `HT-${projectNo}` : null,
        contracted_on: past ? contractedOn : null,
        delivery_due: past ? due : null,
        delivered_on: delivered,
        report_no: delivered ? `BG-${projectNo}` : null,
        accepted_on: p.status === 'accepted' ? index.addWorkdays(delivered!, 2) : null,
        rating: p.rating ?? null,
        rating_comment: p.rating ? (p.rating >= 4 ? '成果规范，按期交付' : '交付迟延，沟通不及时') : null,
        cancel_reason: p.cancelReason ?? null,
        created_on: posted,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .execute();
    for (const a of cand) await db.insertInto('intermediaries_signups').values({ project_id: Number(id), agency_id: a, at: now, bid_cents: null, bid_at: null, score: null, scores_json: null }).execute();
    if (p.rating) {
      const a = await db.selectFrom('intermediaries_agencies').select(['rating_sum', 'rating_count']).where('id', '=', picked).executeTakeFirstOrThrow();
      await db.updateTable('intermediaries_agencies').set({ rating_sum: a.rating_sum + p.rating, rating_count: a.rating_count + 1 }).where('id', '=', picked).execute();
      await db.insertInto('intermediaries_credit').values({ agency_id: picked, kind: 'rating', note: `项目 ${projectNo} 业主评价 ${p.rating} 星`, score: p.rating, project_id: Number(id), at: now, on_date: today }).execute();
    }
    return projectNo;
  };
  const MERIT = [
    { name: '类似项目业绩', weight: 40 },
    { name: '服务方案', weight: 40 },
    { name: '人员配置', weight: 20 },
  ];
  await historic({ mode: 'random', owner: 'enterprise', service: 'SURVEY', title: '宏远建材新厂区竣工规划核实测量', scope: '竣工规划核实测量、房产面积测算', budget: 38000, postedAt: -40, signups: ['agency1', 'agency2', 'agency3'], status: 'accepted', price: 33500, deliveryWorkdays: 10, rating: 5 });
  await historic({ mode: 'bid', owner: 'enterprise', service: 'SURVEY', title: '宏远建材办公楼房产测绘', scope: '房产面积预测绘及实测绘', budget: 60000, postedAt: -30, signups: ['agency2', 'agency1', 'MA4P7C07'], status: 'delivered', deliveryWorkdays: 8, deliveredAfter: 10 });
  await historic({ mode: 'direct', owner: 'department', service: 'SURVEY', title: '监管执法业务用房不动产测绘', scope: '房产分户测绘', budget: 12000, postedAt: -22, signups: ['MA4P7C07'], status: 'contracted', price: 11000, deliveryWorkdays: 15 });
  await historic({ mode: 'merit', owner: 'enterprise', service: 'GEO-HAZARD', title: '宏远建材二期临时用地地质灾害危险性评估', scope: '二级评估，出具评估报告', budget: 45000, postedAt: -7, signups: ['agency3'], status: 'publicity', deliveryWorkdays: 15 });
  await historic({ mode: 'random', owner: 'department', service: 'SURVEY', title: '农贸市场提质改造地形测量', scope: '1:500 地形图', budget: 25000, postedAt: -8, signups: ['agency1', 'agency2', 'agency3', 'MA4P7C07'], status: 'publicity', deliveryWorkdays: 10 });
  await historic({ mode: 'merit', owner: 'enterprise', service: 'DRAWING-REVIEW', title: '宏远建材仓库施工图审查', scope: '消防设计专项审查', budget: 18000, postedAt: -25, signups: ['MA4P6C06', 'agency2'], status: 'cancelled', deliveryWorkdays: 7, cancelReason: '异议成立：评分标准与公布不一致，重新组织选取' });

  // ---- open projects through the commands ----
  const open1 = await svc.projects.post(enterprise, {
    serviceId: serviceId.get('SURVEY')!,
    title: '宏远建材三期厂房宗地测绘',
    scope: '宗地图、界址点测量，成果须满足不动产登记要求',
    requiredQualification: '测绘资质',
    requiredLevel: '乙级',
    budget: 30000,
    mode: 'random',
    signupTo: wd(3),
    deliveryWorkdays: 10,
    ownerCode: DEMO_ENTERPRISE_CODE,
    ownerName: '邵东市宏远建材有限公司',
  });
  for (const a of ['agency1', 'agency2']) await svc.projects.signup(actorOf(a), open1);
  const open2 = await svc.projects.post(reviewer, {
    serviceId: serviceId.get('FIRE-TEST')!,
    title: '市场监管综合楼消防设施检测',
    scope: '年度消防设施检测并出具检测报告',
    budget: 15000,
    mode: 'bid',
    signupTo: wd(4),
    bidDeadline: new Date(`${wd(5)}T09:00:00.000Z`).toISOString(),
    deliveryWorkdays: 5,
  });
  await svc.projects.signup(actorOf('agency4'), open2);

  // ---- 体外循环: applications whose applicants bought the report outside the market ----
  const cases = ctx.services.cases;
  if (cases) {
    const items = await svc.registry.itemServices();
    const clerk = actorOf('clerk');
    const outside = [
      ['邵东市兴旺五金制品有限公司', 'MA4R1K01'],
      ['邵东市顺达物流有限公司', 'MA4R2K02'],
      ['邵东市金鑫打火机厂', 'MA4R3K03'],
    ];
    for (const [i, it] of items.filter((x) => !x.selfAllowed).slice(0, 3).entries()) {
      const [name, body] = outside[i];
      await cases.submit(clerk, { itemCode: it.itemCode, channel: 'window', applicant: { type: 'organization', name, creditCode: uscc('91430582', body), phone: '0739-2681234' } }).catch(() => null);
    }
    const survey = items.find((x) => x.serviceId === serviceId.get('SURVEY'));
    if (survey) {
      await cases.submit(clerk, { itemCode: survey.itemCode, channel: 'window', applicant: { type: 'organization', name: '邵东市宏远建材有限公司', creditCode: DEMO_ENTERPRISE_CODE, phone: '0739-2681000' } }).catch(() => null);
    }
  }
}
