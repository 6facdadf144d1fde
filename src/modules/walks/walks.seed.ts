/**
 * Demo 走流程 campaign, shaped like the 2022 report's (118 leaders walked 648 items, found 77 堵点 and
 * proposed 48 measures): walks on working days of the last eleven months, measures due on working days,
 * most rectified, a few still open and two overdue (they raise cards). Written through the module's own
 * rules (due days on the calendar) in one transaction with one audit row.
 */
import { systemActor } from '../../kernel/auth/actor';
import { recordAudit } from '../../kernel/audit/audit';
import { tablesOf } from '../../kernel/kernel.tables';
import { fromDayNumber, toDayNumber } from '../../kernel/calendar/calendar.days';
import type { WalksNeedsContext } from './walks.context';
import { CHANNELS, PROBLEM_CATEGORIES } from './walks.rules';
import type { WalksTables } from './walks.tables';

/** The campaign's size: the report's figures (data/report-2022-figures.md row 1). */
export const DEMO_CAMPAIGN = { people: 118, items: 648, problems: 77, measures: 48 } as const;

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武';
const GIVEN = ['建国', '志强', '海燕', '卫东', '晓红', '国庆', '丽华', '立新', '文军', '春梅', '永红', '俊杰', '明辉', '秀英', '德胜', '爱民', '红霞', '振华', '桂兰', '少华'];
const TITLES = ['局长', '副局长', '党组书记', '主任', '副主任', '股长', '科长'];
const ITEMS = [
  '企业开办（设立登记）',
  '个体工商户登记',
  '食品经营许可',
  '不动产转移登记',
  '不动产抵押登记',
  '建设工程规划许可证核发',
  '施工许可证核发',
  '社会保障卡申领',
  '失业保险金申领',
  '灵活就业人员参保登记',
  '城乡居民医保参保登记',
  '异地就医备案',
  '医师执业注册',
  '公共场所卫生许可',
  '道路货物运输经营许可',
  '出生医学证明办理',
  '户口迁移',
  '居民身份证换领',
  '机动车驾驶证换证',
  '住房公积金提取',
  '残疾人证办理',
  '退役军人优待证申领',
  '取水许可',
  '林木采伐许可证核发',
  '排污许可',
  '出版物零售单位设立',
  '教师资格认定',
  '婚姻登记',
  '高龄津贴申领',
  '用电报装',
  '用水报装',
  '税务登记信息确认',
  '增值税发票申领',
  '烟草专卖零售许可',
  '药品零售企业许可',
];
const PROBLEMS = [
  ['materials', '要求群众重复提交营业执照复印件'],
  ['materials', '申请表需手工填写，信息已在系统中却不能自动带出'],
  ['steps', '现场勘验与审查分两次预约，群众需往返两趟'],
  ['steps', '缴费须到另一楼层窗口，排两次队'],
  ['system', '网上申报后仍须到窗口提交纸质材料'],
  ['system', '掌上办页面上传附件经常失败'],
  ['system', '部门专网与政务服务平台数据不互通，需二次录入'],
  ['time', '承诺时限内仍需等待部门会签，实际用时过长'],
  ['service', '咨询电话无人接听，办事指南与窗口口径不一致'],
  ['other', '自助终端打印机缺纸无人巡检'],
] as const;
const MEASURES = [
  '推行电子证照调用，取消复印件',
  '申请表信息由系统自动带出，群众只确认签字',
  '勘验与审查合并为一次预约',
  '窗口内设移动支付，办事缴费一次完成',
  '网上申报材料在线核验，免交纸质件',
  '修复掌上办上传功能并增加断点续传',
  '打通部门专网接口，数据一次录入多方共享',
  '会签改为并联审批，压缩办理时限',
  '统一办事指南口径并安排专人接听咨询电话',
  '建立自助终端每日巡检制度',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedWalks(ctx: WalksNeedsContext): Promise<void> {
  const db = tablesOf<WalksTables>(ctx.db);
  if (await db.selectFrom('walks_walks').select('id').limit(1).executeTakeFirst()) return;
  const depts = await ctx.services.org.all();
  if (depts.length === 0) return;
  const cal = ctx.calendar.current;
  const today = ctx.calendar.today();
  const rand = rng(16_2022);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  // Working days of the last eleven months, before today.
  const days: string[] = [];
  for (let d = toDayNumber(today) - 330; d < toDayNumber(today); d++) if (cal.isWorkday(fromDayNumber(d))) days.push(fromDayNumber(d));
  if (days.length === 0) return;
  const people = Array.from({ length: DEMO_CAMPAIGN.people }, (_, i) => ({
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
    title: TITLES[i % TITLES.length],
    dept: depts[i % depts.length].id,
  }));
  const now = ctx.clock.now().toISOString();
  await db.transaction().execute(async (tx) => {
    const walkIds: Array<{ id: number; walkedOn: string; dept: number }> = [];
    const rows = Array.from({ length: DEMO_CAMPAIGN.items }, (_, i) => {
      const p = people[i % people.length];
      const walkedOn = days[Math.floor((i / DEMO_CAMPAIGN.items) * days.length)];
      const channel = CHANNELS[i % 5 === 0 ? 2 : i % 3 === 0 ? 1 : 0];
      return {
        walker_name: p.name,
        walker_title: p.title,
        walker_department_id: p.dept,
        item_name: pick(ITEMS),
        channel,
        walked_on: walkedOn,
        steps: channel === 'window' ? '取号\n咨询\n递交材料\n受理\n缴费\n领取结果' : channel === 'online' ? '注册登录\n填写申请\n上传材料\n在线缴费\n邮寄结果' : '扫码登录\n填写申请\n拍照上传\n查看进度',
        minutes: 10 + Math.floor(rand() * 80),
        recorded_by: null,
        created_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 100) {
      const ids = await tx.insertInto('walks_walks').values(rows.slice(i, i + 100)).returning(['id', 'walked_on', 'walker_department_id']).execute();
      walkIds.push(...ids.map((r) => ({ id: Number(r.id), walkedOn: r.walked_on, dept: Number(r.walker_department_id) })));
    }
    // 堵点 on every eighth walk or so (77 of 648), a measure for the first 48 of them.
    const step = Math.floor(walkIds.length / DEMO_CAMPAIGN.problems);
    for (let k = 0; k < DEMO_CAMPAIGN.problems; k++) {
      const w = walkIds[k * step];
      const [category, description] = PROBLEMS[k % PROBLEMS.length];
      const pr = await tx.insertInto('walks_problems').values({ walk_id: w.id, category, description, created_at: now }).returning('id').executeTakeFirstOrThrow();
      if (k >= DEMO_CAMPAIGN.measures) continue;
      const dueOn = cal.addWorkdays(w.walkedOn, 15 + (k % 3) * 5);
      // Due in the past: rectified, except two left open (overdue → cards); due later: open.
      const done = dueOn < today && k % 20 !== 7;
      const doneOn = done ? cal.addWorkdays(w.walkedOn, 10 + (k % 4)) : null;
      await tx
        .insertInto('walks_measures')
        .values({
          problem_id: Number(pr.id),
          description: MEASURES[k % MEASURES.length],
          owner_department_id: w.dept,
          due_on: dueOn,
          status: done ? 'done' : 'open',
          evidence: done ? '已完成整改，办事指南和系统配置已更新，经复走验证堵点消除' : null,
          done_on: doneOn && doneOn < today ? doneOn : done ? today : null,
          created_at: now,
        })
        .execute();
    }
    void PROBLEM_CATEGORIES;
    await recordAudit(tx, ctx.clock, systemActor('walks.seed'), { action: 'walks.seed', subjectType: 'walk_campaign', subjectId: 'demo', after: { ...DEMO_CAMPAIGN } });
  });
}
