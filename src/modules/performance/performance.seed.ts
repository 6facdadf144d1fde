/**
 * Demo 绩效目标表 for the current year, drawn from the indicators the bureau's 2022 report quotes
 * (data/report-2022-figures.md): 网办深度, 按时办结, 承诺压缩, 12345, 好差评, 电子监察, 市长信箱, 电子政务外网,
 * and the budget figures — left 编制中 for the leader to review and submit. The finance officer's budget
 * lines, 政府采购 plan and 固定资产 register with this year's 盘点. Written through the module's commands.
 */
import type { Actor } from '../../kernel/auth/actor';
import type { Role } from '../../shared/roles';
import type { PerformanceNeedsContext } from './performance.context';
import type { PerformanceFinanceService } from './performance.finance';
import type { IndicatorInput, PerformanceService } from './performance.targets';

const kpi = (level1: string, level2: string, name: string, kpiKey: string, direction: string, target: number, unit: string, weight: number, floor: number | null = null): IndicatorInput => ({
  level1,
  level2,
  name,
  kpiKey,
  direction,
  target,
  unit,
  weight,
  floor,
  source: 'kpi',
});

/** The demo table: weights sum to 100. */
export const DEMO_INDICATORS: IndicatorInput[] = [
  kpi('产出', '数量', '网上可办率', 'catalog.onlineCapableRate', '>=', 100, '%', 10, 90),
  kpi('产出', '数量', '领导干部走流程事项', 'walks.items', '>=', 600, '项', 5),
  kpi('产出', '质量', '三级以上网办深度事项占比', 'catalog.level3PlusRate', '>=', 95, '%', 10, 80),
  kpi('产出', '质量', '全程网办事项占比', 'catalog.fullOnlineRate', '>=', 70, '%', 5),
  kpi('产出', '质量', '法定时限提速率', 'cases.statutorySpeedupRate', '>=', 95, '%', 5),
  kpi('产出', '时效', '办件按时办结率', 'cases.onTimeRate', '>=', 98, '%', 10, 90),
  kpi('产出', '时效', '承诺时限压缩率', 'catalog.promiseCompressionRate', '>=', 80, '%', 5),
  kpi('产出', '时效', '12345 工单按时办结率', 'hotline.onTimeRate', '>=', 97, '%', 5),
  kpi('产出', '成本', '预算执行率', 'performance.budgetExecutionRate', '>=', 95, '%', 5, 80),
  kpi('产出', '成本', '政府采购执行率', 'performance.procurementExecutionRate', '>=', 90, '%', 5),
  kpi('效益', '社会效益', '“好差评”实际好评率', 'evaluations.actualGoodRate', '>=', 99, '%', 5),
  kpi('效益', '社会效益', '电子监察红牌', 'supervision.redCards', '<=', 45, '张', 5),
  kpi('效益', '社会效益', '市长信箱办结率', 'mailbox.completionRate', '>=', 95, '%', 5),
  { level1: '效益', level2: '可持续影响', name: '电子政务外网联通乡镇', direction: '=', target: 26, unit: '个', weight: 5, floor: null, source: 'manual' },
  kpi('效益', '可持续影响', '固定资产账实相符率', 'performance.assetMatchRate', '=', 100, '%', 5),
  kpi('满意度', '服务对象满意度', '政务服务好评率', 'evaluations.goodRate', '>=', 99, '%', 5),
  kpi('满意度', '服务对象满意度', '12345 回访满意率', 'hotline.satisfactionRate', '>=', 98, '%', 5),
];

const BUDGET = [
  { category: 'basic', name: '工资福利支出', budget: 8_650_000, adjustment: 120_000, share: 0.97 },
  { category: 'basic', name: '商品和服务支出', budget: 1_230_000, adjustment: 0, share: 0.91 },
  { category: 'project', name: '政务服务中心运行经费', budget: 2_000_000, adjustment: 150_000, share: 0.93 },
  { category: 'project', name: '12345 热线运维经费', budget: 800_000, adjustment: 0, share: 0.88 },
  { category: 'project', name: '一体化政务服务平台建设', budget: 1_500_000, adjustment: -200_000, share: 0.84 },
] as const;

const PROCUREMENT = [
  { item: '自助叫号机及排队系统', method: '公开招标', planned: 480_000, purchased: 462_800 },
  { item: '政务外网安全设备', method: '竞争性磋商', planned: 360_000, purchased: 351_000 },
  { item: '办公电脑及打印设备', method: '网上商城', planned: 150_000, purchased: 146_320 },
  { item: '窗口评价器更换', method: '询价', planned: 90_000, purchased: null },
] as const;

const ASSETS = [
  { code: 'GZ-2019-001', name: '政务服务大厅 LED 显示屏', category: '通用设备', value: 268_000, acquiredOn: '2019-06-12', location: '政务服务大厅', keeper: '陈窗口', result: 'match' },
  { code: 'GZ-2020-014', name: '自助服务终端', category: '通用设备', value: 86_500, acquiredOn: '2020-04-20', location: '政务服务大厅自助区', keeper: '陈窗口', result: 'match' },
  { code: 'GZ-2020-031', name: '服务器（一体化平台）', category: '通用设备', value: 154_000, acquiredOn: '2020-09-03', location: '三楼机房', keeper: '周话务', result: 'match' },
  { code: 'GZ-2021-007', name: '12345 话务坐席设备（20 席）', category: '通用设备', value: 212_000, acquiredOn: '2021-03-15', location: '12345 热线中心', keeper: '周话务', result: 'match' },
  { code: 'GZ-2021-022', name: '公务用车', category: '交通运输设备', value: 178_000, acquiredOn: '2021-07-01', location: '局机关车库', keeper: '李局长', result: 'match' },
  { code: 'GZ-2022-003', name: '档案密集柜', category: '专用设备', value: 64_000, acquiredOn: '2022-02-18', location: '档案室', keeper: '王监察', result: 'match' },
  { code: 'GZ-2023-011', name: '笔记本电脑', category: '通用设备', value: 7_800, acquiredOn: '2023-05-09', location: '综合股', keeper: '钱财务', result: 'mismatch' },
  { code: 'GZ-2024-005', name: '窗口评价器（30 台）', category: '通用设备', value: 45_000, acquiredOn: '2024-01-10', location: '政务服务大厅', keeper: '陈窗口', result: null },
] as const;

async function actorOf(ctx: PerformanceNeedsContext, role: Role): Promise<Actor | null> {
  const u = (await ctx.auth.listUsers({ role, offset: 0, limit: 1 })).items[0];
  return u ? { kind: 'user', id: u.id, username: u.username, name: u.name, roles: u.roles, departmentId: u.departmentId } : null;
}

export async function seedPerformance(ctx: PerformanceNeedsContext, perf: PerformanceService, finance: PerformanceFinanceService): Promise<void> {
  const leader = await actorOf(ctx, 'leader');
  const officer = await actorOf(ctx, 'finance');
  if (!leader || !officer) return;
  const today = ctx.calendar.today();
  const year = Number(today.slice(0, 4));
  for (const i of DEMO_INDICATORS) await perf.addIndicator(leader, year, i);
  for (const b of BUDGET) {
    await finance.saveBudgetLine(officer, { year, category: b.category, name: b.name, budget: b.budget, adjustment: b.adjustment, executed: Math.round((b.budget + b.adjustment) * b.share) });
  }
  for (const p of PROCUREMENT) {
    await finance.saveProcurement(officer, { year, item: p.item, method: p.method, planned: p.planned, purchased: p.purchased, purchasedOn: p.purchased === null ? null : `${year}-06-15` < today ? `${year}-06-15` : today });
  }
  for (const a of ASSETS) {
    const { id } = await finance.addAsset(officer, { code: a.code, name: a.name, category: a.category, value: a.value, acquiredOn: a.acquiredOn, location: a.location, keeper: a.keeper });
    if (a.result) await finance.checkAsset(officer, id, { year, result: a.result, note: a.result === 'match' ? undefined : '实物存放于综合股，台账登记在信息股，已更正台账' });
  }
}
