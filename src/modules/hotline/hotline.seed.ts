import type { HotlineNeedsContext } from './hotline.context';
import type { Actor } from '../../kernel/auth/actor';
import { FixedClock, shanghaiDate, shanghaiDayStart } from '../../kernel/clock';
import { HotlineService } from './hotline.service';
import { CallsService } from './calls.service';
import { KbService } from './kb.service';
import { MailboxService } from './mailbox.service';
import type { HotlineServices } from './hotline.routes';
import { DEMO_OPEN311_KEY, hashApiKey } from './open311';
import type { Category } from './hotline.config';
import { mulberry32 } from '../../shared/random';
import { hotlineTables } from './hotline.tables';

const seedActor = (name: string, roles: Actor['roles'], departmentId: number | null = null): Actor => ({
  kind: 'system',
  id: null,
  username: 'system:seed',
  name,
  roles,
  departmentId,
});

const KB: Array<{ dept: string; title: string; content: string; keywords: string[]; draft?: boolean; expired?: boolean }> = [
  { dept: '人社局', title: '社保卡丢失如何补办', content: '携带居民身份证到任一社保卡服务网点或合作银行网点办理挂失补办，也可通过“湘税社保”APP 在线申请，补卡工本费按规定收取，一般 7 个工作日内制卡完成。', keywords: ['社保卡', '补办', '挂失'] },
  { dept: '人社局', title: '灵活就业人员养老保险缴费', content: '灵活就业人员可在政务服务中心人社窗口办理参保登记，缴费基数在全省上年度平均工资的 60%–300% 之间自选，可通过税务APP按月或按年缴费。', keywords: ['养老保险', '灵活就业', '缴费'] },
  { dept: '医保局', title: '异地就医备案办理', content: '参保人可通过国家医保服务平台APP或“湘医保”小程序办理异地就医备案，长期异地居住人员需填写承诺书，备案即时生效。', keywords: ['异地就医', '备案', '医保'] },
  { dept: '医保局', title: '城乡居民医保缴费时间', content: '2027 年度城乡居民医保集中缴费期为 2026 年 9 月 1 日至 12 月 31 日，可通过税务APP、银行网点或村（社区）代收缴费。', keywords: ['医保', '缴费', '城乡居民'] },
  { dept: '住建局', title: '商品房预售资金监管查询', content: '购房人可凭购房合同到住建局房地产市场服务中心窗口查询预售资金监管账户情况，或拨打 12345 由住建局窗口答复。', keywords: ['预售资金', '商品房', '监管'] },
  { dept: '住建局', title: '物业服务投诉处理流程', content: '对物业服务不满意的，先向物业服务企业书面反映；未解决的由所在街道（乡镇）物业管理办公室协调，住建局负责行业监管和信用评价。', keywords: ['物业', '投诉', '小区'] },
  { dept: '不动产登记中心', title: '不动产权证书遗失补办', content: '权利人持身份证到不动产登记中心申请补证，登记机构在门户网站公告 15 个工作日，公告期满无异议后补发新证。', keywords: ['不动产权证', '补办', '遗失'] },
  { dept: '市场监管局', title: '个体工商户营业执照办理', content: '个体工商户登记可通过湖南省企业登记全程电子化业务系统网上办理，也可到政务服务中心市场监管窗口办理，材料齐全当场发照。', keywords: ['营业执照', '个体工商户', '开店'] },
  { dept: '市场监管局', title: '消费投诉受理范围', content: '消费者与经营者发生消费者权益争议的，可向经营者所在地市场监管部门投诉，须提供购物凭证、联系方式和具体诉求。', keywords: ['消费投诉', '12315', '退货'] },
  { dept: '公积金分中心', title: '住房公积金提取条件', content: '购买、建造、翻建、大修自住住房，偿还购房贷款本息，租房自住，离退休等情形可申请提取住房公积金，可通过公积金APP线上办理。', keywords: ['公积金', '提取', '租房'] },
  { dept: '教育局', title: '义务教育新生入学报名', content: '城区小学、初中新生入学实行网上报名，报名时间一般为每年 7 月中旬，按学区划分招生，具体以教育局当年公告为准。', keywords: ['入学', '报名', '学区'] },
  { dept: '交通运输局', title: '城区公交线路调整咨询', content: '城区公交线路和站点调整由交通运输局会同公交公司公告，市民可关注“邵东交通”公众号查询最新线路。', keywords: ['公交', '线路'], draft: true },
  { dept: '民政局', title: '2025 年高龄津贴申领（已过期）', content: '80 周岁以上老人高龄津贴申领办法（2025 年版）。', keywords: ['高龄补贴'], expired: true },
];

const LINES = [
  { code: 'minor', name: '未成年人保护专线', description: '12355 未成年人保护热线并入 12345', units: ['民政局', '教育局', '公安局'], since: '2022-03-01' },
  { code: 'fund', name: '医保基金监督举报专线', description: '欺诈骗取医保基金行为举报', units: ['医保局'], since: '2022-05-01' },
  { code: '12315', name: '12315 消费者投诉专线', description: '市场监管投诉举报热线并入 12345', units: ['市场监管局'], since: '2020-12-01' },
  { code: '12333', name: '12333 人社服务专线', description: '人力资源和社会保障咨询', units: ['人社局'], since: '2020-12-01' },
  { code: '12329', name: '12329 公积金专线', description: '住房公积金咨询', units: ['公积金分中心'], since: '2020-12-01' },
];

// The five departments the 2022 report names (发改局, 市监局, 人社局, 医保局, 司法局), and a retired seat.
const SEATS: Array<{ dept: string; name: string; topics: string; extension: string; retired?: boolean }> = [
  { dept: '人社局', name: '社保政策专家坐席', topics: '养老保险 失业保险 社保卡', extension: '8301' },
  { dept: '医保局', name: '医保政策专家坐席', topics: '异地就医 医保报销 门诊慢特病', extension: '8302' },
  { dept: '发改局', name: '价格与项目政策专家坐席', topics: '价格 收费 项目审批', extension: '8303' },
  { dept: '市场监管局', name: '市场监管专家坐席', topics: '营业执照 食品安全 消费维权', extension: '8304' },
  { dept: '司法局', name: '法律援助专家坐席', topics: '法律援助 人民调解 公证', extension: '8305' },
  { dept: '住建局', name: '住房与物业专家坐席', topics: '物业 商品房 维修资金', extension: '8306', retired: true },
];

const ORDER_TEXTS: Array<{ category: Category; unit: string; content: string; address?: string }> = [
  { category: 'complaint', unit: '住建局', content: '反映金龙小区物业长期不清理楼道垃圾，多次找物业无果，希望住建局督促整改。', address: '大禾塘街道金龙小区' },
  { category: 'complaint', unit: '城管执法局', content: '昭阳大道夜市烧烤油烟扰民，晚上十二点后仍在营业，请求处理。', address: '两市塘街道昭阳大道' },
  { category: 'help', unit: '自来水公司', content: '宋家塘街道田心社区连续两天停水，没有收到停水通知，请尽快恢复供水。', address: '宋家塘街道田心社区' },
  { category: 'consult', unit: '人社局', content: '咨询灵活就业人员养老保险怎么缴费，缴费基数如何选择。' },
  { category: 'consult', unit: '医保局', content: '咨询异地就医备案在哪里办理，需要哪些材料。' },
  { category: 'report', unit: '市场监管局', content: '举报某超市销售过期食品，购买的牛奶已过保质期三天。', address: '廉桥镇廉桥村' },
  { category: 'suggestion', unit: '交通运输局', content: '建议增加城区至火厂坪镇的公交班次，早高峰车太挤。' },
  { category: 'complaint', unit: '不动产登记中心', content: '不动产登记办理时间过长，已经超过承诺时限还没有拿到证。' },
  { category: 'help', unit: '供电公司', content: '九龙岭镇部分村组电压不稳，家电无法正常使用，请派人检修。', address: '九龙岭镇' },
  { category: 'complaint', unit: '住建局', content: '小区电梯经常故障停运，老人上下楼非常不便，物业推诿。', address: '两市塘街道红岭社区' },
  { category: 'consult', unit: '公积金分中心', content: '咨询租房提取住房公积金需要什么条件，每年能提取几次。' },
  { category: 'praise', unit: '人社局', content: '表扬人社局窗口工作人员耐心细致，帮助老人办理社保卡。' },
  { category: 'report', unit: '生态环境分局', content: '举报某石材加工厂夜间偷排污水，河水发白。', address: '流泽镇' },
  { category: 'help', unit: '民政局', content: '独居老人生活困难，希望了解申请低保的办法。', address: '周官桥乡' },
  { category: 'suggestion', unit: '教育局', content: '建议城区学校放学时段增派交通协管，学校门口拥堵严重。' },
  { category: 'complaint', unit: '市场监管局', content: '网购家电收到后发现是翻新机，商家拒绝退货。' },
];

const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '赵', '黄', '周', '吴', '曾', '罗'];
const GIVEN = ['伟', '芳', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟'];

export async function seedHotline(ctx: HotlineNeedsContext, live: HotlineServices) {
  const org = ctx.services.org;
  const db = hotlineTables(ctx.db);
  const units = (await org.all()).filter((d) => d.hotlineUnit);
  if (units.length === 0) return;
  const unitByShort = async (short: string) => (await org.byName(short))?.id ?? units[0].id;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();

  // Reference data: the Open311 key (hashed), merged lines, expert seats.
  await db.insertInto('hotline_open311_keys').values({ key_hash: hashApiKey(DEMO_OPEN311_KEY), name: '演示应用', active: 1, created_at: nowIso }).execute();
  for (const l of LINES) {
    const ids = [];
    for (const u of l.units) ids.push(await unitByShort(u));
    await db.insertInto('hotline_lines').values({ code: l.code, name: l.name, description: l.description, unit_ids_json: JSON.stringify(ids), active: 1, since: l.since }).execute();
  }
  const seatIds: number[] = [];
  for (const s of SEATS) {
    const r = await db
      .insertInto('hotline_expert_seats')
      .values({ department_id: await unitByShort(s.dept), name: s.name, topics: s.topics, extension: s.extension, active: s.retired ? 0 : 1, since: '2021-06-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    seatIds.push(Number(r.id));
  }

  // History is written with its own clock moved through the past months, so deadlines, on-time flags
  // and KPIs come out of the same code paths as live work.
  const clock = new FixedClock(now);
  const past: HotlineNeedsContext = { ...ctx, clock };
  const hotline = new HotlineService(past);
  const kb = new KbService(past);
  const calls = new CallsService(past, hotline);
  const mailbox = new MailboxService(past, hotline);
  const admin = seedActor('系统管理员', ['admin']);
  const operator = seedActor('周话务', ['operator']);
  const leader = seedActor('李局长', ['leader']);
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;
  const at = (ms: number) => clock.set(new Date(ms));
  const rnd = mulberry32(12345);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const phone = () => `13${Math.floor(rnd() * 10)}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
  const person = () => pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.5 ? pick(GIVEN) : '');

  // Knowledge base.
  at(now.getTime() - 120 * DAY);
  const publishedKb: number[] = [];
  for (const e of KB) {
    const entry = await kb.create(admin, {
      departmentId: await unitByShort(e.dept),
      title: e.title,
      content: e.content,
      keywords: e.keywords,
      expiresOn: e.expired ? '2025-12-31' : '2027-12-31',
    });
    if (!e.draft && !e.expired) {
      await kb.setStatus(admin, entry.id, 'published');
      publishedKb.push(entry.id);
    }
  }

  // Calls of the last 30 days (≈ 95 % answered, most within 15 s).
  for (let d = 30; d >= 1; d--) {
    const n = 6 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) {
      const start = shanghaiDayStart(shanghaiDate(new Date(now.getTime() - d * DAY))).getTime() + (8 + rnd() * 10) * HOUR;
      at(start + 60_000);
      const answered = rnd() < 0.95;
      await calls.record(operator, {
        startedAt: new Date(start).toISOString(),
        answered,
        waitSeconds: answered ? Math.floor(rnd() < 0.9 ? rnd() * 15 : 15 + rnd() * 40) : Math.floor(20 + rnd() * 60),
        durationSeconds: answered ? Math.floor(60 + rnd() * 400) : 0,
        callerPhone: phone(),
        externalId: `seed-${d}-${i}`,
      });
    }
  }

  const newOrder = async (t: number, i: number, extra: Partial<Parameters<HotlineService['create']>[1]> = {}) => {
    at(t);
    const spec = ORDER_TEXTS[i % ORDER_TEXTS.length];
    const { id } = await hotline.create(operator, {
      channel: pick(['phone', 'phone', 'phone', 'web', 'mobile'] as const),
      category: spec.category,
      content: spec.content,
      address: spec.address,
      citizen: { name: person(), phone: phone() },
      ...extra,
    });
    return { id, unitId: await unitByShort(spec.unit) };
  };
  const step = async (hours: number, actor: Actor, id: number, input: Parameters<HotlineService['act']>[2]) => {
    clock.advance(hours * HOUR);
    return hotline.act(actor, id, input);
  };
  const unitActor = (unitId: number) => seedActor('承办人', ['unit'], unitId);

  // Finished history over the last 60 days: most on time and satisfied, some late, some unsatisfied and redone.
  for (let i = 0; i < 36; i++) {
    const t0 = now.getTime() - (60 - i * 1.5) * DAY + 9 * HOUR;
    if (i % 6 === 5 && publishedKb.length) {
      const { id } = await newOrder(t0, 3 + (i % 2));
      await step(0.1, operator, id, { action: 'answer', content: '已根据知识库口径直接答复来电人。', kbEntryId: pick(publishedKb) });
      continue;
    }
    const { id, unitId } = await newOrder(t0, i);
    const u = unitActor(unitId);
    await step(0.2, operator, id, { action: 'dispatch', unitId });
    await step(i % 7 === 3 ? 30 : 3, u, id, { action: 'sign' });
    const late = i % 9 === 4;
    await step(late ? 24 * 16 : 24 * (1 + (i % 3)), u, id, { action: 'reply', content: '经核查，已安排专人处理，问题已解决，并向来电人当面说明情况。', replyResult: 'resolved', contact: { method: 'visit' } });
    if (i % 8 === 7) {
      await step(20, operator, id, { action: 'callback', reached: true, result: 'unsatisfied', note: '来电人表示问题仍未解决' });
      await step(30, u, id, { action: 'reply', content: '再次组织现场处理，已彻底整改。', replyResult: 'resolved', contact: { method: 'phone' } });
    }
    if (i % 10 === 9) {
      await step(20, operator, id, { action: 'callback', reached: false });
      await step(24, operator, id, { action: 'close', reason: '三次回访未接通，按规定办结' });
      continue;
    }
    await step(20, operator, id, { action: 'callback', reached: true, result: i % 5 === 2 ? 'basically' : 'satisfied' });
  }

  // Open orders in every state, dated over the last days; several belong to 住建局 (the demo `unit`).
  const zj = await unitByShort('住建局');
  const day = (n: number) => now.getTime() - n * DAY;
  const received = await newOrder(day(0) - 1 * HOUR, 9);
  void received;
  const dispatchedLate = await newOrder(day(4), 0);
  await step(0.2, operator, dispatchedLate.id, { action: 'dispatch', unitId: zj });
  const dispatchedNew = await newOrder(now.getTime() - 3 * HOUR, 9, { urgency: 'urgent', content: '电梯困人，物业电话无人接听，请紧急处理！', address: '大禾塘街道金龙小区 3 栋' });
  await step(0.1, operator, dispatchedNew.id, { action: 'dispatch', unitId: zj });
  const signed = await newOrder(day(3), 9);
  await step(0.2, operator, signed.id, { action: 'dispatch', unitId: zj });
  await step(2, unitActor(zj), signed.id, { action: 'sign' });
  const extension = await newOrder(day(6), 0);
  await step(0.2, operator, extension.id, { action: 'dispatch', unitId: zj });
  await step(2, unitActor(zj), extension.id, { action: 'sign' });
  await step(24, unitActor(zj), extension.id, { action: 'request_extension', days: 5, reason: '需协调多个部门联合现场核查' });
  const lateSigned = await newOrder(day(20), 1);
  await step(0.2, operator, lateSigned.id, { action: 'dispatch', unitId: lateSigned.unitId });
  await step(5, unitActor(lateSigned.unitId), lateSigned.id, { action: 'sign' });
  const supervised = await newOrder(day(12), 7);
  await step(0.2, operator, supervised.id, { action: 'dispatch', unitId: supervised.unitId });
  await step(3, unitActor(supervised.unitId), supervised.id, { action: 'sign' });
  await step(24 * 5, leader, supervised.id, { action: 'supervise', content: '群众反映强烈，请于三个工作日内办结并书面回复。', days: 3 });
  const returned = await newOrder(day(2), 12);
  for (const u of ['生态环境分局', '水利局', '自然资源局']) {
    const uid = await unitByShort(u);
    await step(0.3, operator, returned.id, { action: 'dispatch', unitId: uid });
    await step(2, unitActor(uid), returned.id, { action: 'return', reason: '不属于本单位职责范围，建议转相关部门' });
  }
  const replied = await newOrder(day(5), 2);
  await step(0.2, operator, replied.id, { action: 'dispatch', unitId: replied.unitId });
  await step(1, unitActor(replied.unitId), replied.id, { action: 'sign' });
  await step(20, unitActor(replied.unitId), replied.id, { action: 'reply', content: '管网抢修完毕，已恢复供水。', replyResult: 'resolved', contact: { method: 'phone' } });
  const callback = await newOrder(day(7), 8);
  await step(0.2, operator, callback.id, { action: 'dispatch', unitId: callback.unitId });
  await step(1, unitActor(callback.unitId), callback.id, { action: 'sign' });
  await step(30, unitActor(callback.unitId), callback.id, { action: 'reply', content: '已更换变压器，电压恢复正常。', replyResult: 'resolved', contact: { method: 'phone' } });
  await step(20, operator, callback.id, { action: 'callback', reached: false });
  const reopened = await newOrder(day(9), 9);
  await step(0.2, operator, reopened.id, { action: 'dispatch', unitId: zj });
  await step(1, unitActor(zj), reopened.id, { action: 'sign' });
  await step(40, unitActor(zj), reopened.id, { action: 'reply', content: '已约谈物业公司，要求限期维修电梯。', replyResult: 'partly', contact: { method: 'phone' } });
  await step(20, operator, reopened.id, { action: 'callback', reached: true, result: 'unsatisfied', note: '电梯仍未修好' });
  const expert = await newOrder(day(1), 4);
  await step(0.1, operator, expert.id, { action: 'transfer_expert', seatId: seatIds[1], note: '三方通话：医保局专家坐席现场解答' });

  // 人大代表 / 政协委员 ledger.
  const npc = await newOrder(day(8), 6, { deputy: { kind: 'npc', name: '罗代表' } });
  await step(0.2, operator, npc.id, { action: 'dispatch', unitId: npc.unitId });
  await step(4, unitActor(npc.unitId), npc.id, { action: 'sign' });
  await step(48, unitActor(npc.unitId), npc.id, { action: 'reply', content: '已增开早高峰区间车两班。', replyResult: 'resolved', contact: { method: 'phone' } });
  await step(20, operator, npc.id, { action: 'callback', reached: true, result: 'satisfied' });
  const cppcc = await newOrder(day(2), 14, { deputy: { kind: 'cppcc', name: '曾委员' } });
  await step(0.2, operator, cppcc.id, { action: 'dispatch', unitId: cppcc.unitId });
  await step(3, unitActor(cppcc.unitId), cppcc.id, { action: 'sign' });
  // 办不成事 window complaint and a merged-line order.
  const bbc = await newOrder(day(1), 7, { channel: 'banbucheng', content: '在“办不成事”反映窗口反映：不动产转移登记因历史遗留问题无法办理。' });
  await step(0.2, operator, bbc.id, { action: 'dispatch', unitId: bbc.unitId });
  await newOrder(day(0) - 2 * HOUR, 4, { line: 'fund', category: 'report', content: '举报某诊所虚开医保处方套取医保基金。' });

  // 市长信箱 letters: one answered and public, one in progress.
  at(day(15));
  const l1 = await mailbox.submit(seedActor('访客', []), {
    title: '关于增设社区老年食堂的建议',
    content: '建议在大禾塘街道各社区增设老年食堂，方便独居老人就餐。',
    category: 'suggestion',
    name: person(),
    phone: phone(),
    publishConsent: true,
  });
  const l1Order = await db.selectFrom('hotline_orders').select('id').where('order_no', '=', l1.orderNo).executeTakeFirstOrThrow();
  const mz = await unitByShort('民政局');
  await step(2, operator, Number(l1Order.id), { action: 'dispatch', unitId: mz });
  await step(3, unitActor(mz), Number(l1Order.id), { action: 'sign' });
  await step(72, unitActor(mz), Number(l1Order.id), { action: 'reply', content: '感谢您的建议。民政局已将社区老年食堂纳入明年民生实事，先在东岭、荷花社区试点。', replyResult: 'explained', contact: { method: 'sms' } });
  await step(20, operator, Number(l1Order.id), { action: 'callback', reached: true, result: 'satisfied' });
  at(day(3));
  const l2 = await mailbox.submit(seedActor('访客', []), {
    title: '反映学校周边交通拥堵',
    content: '城区第一完全小学放学时段校门口交通拥堵严重，建议增设临时停车区。',
    category: 'suggestion',
    name: person(),
    phone: phone(),
    publishConsent: false,
  });
  const l2Order = await db.selectFrom('hotline_orders').select('id').where('order_no', '=', l2.orderNo).executeTakeFirstOrThrow();
  await step(3, operator, Number(l2Order.id), { action: 'dispatch', unitId: await unitByShort('教育局') });

  void live;
}
