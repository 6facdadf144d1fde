/**
 * Every KPI of the platform (SPEC §3) by name: its Chinese label, how its value reads, and what its
 * numerator and denominator count. The one table the yearly report, the Excel export and the web
 * dashboard read, so a figure is called the same everywhere; a module that adds a KPI adds its line here
 * (src/modules/stats/stats.labels.test.ts fails on a summary KPI without one). Order: how a leader reads
 * them (the dashboard's tiles).
 */
import type { Kpi } from './kpi.types';

/** percent: the ratio as 96.87%; count: the numerator (cards issued …); number: the ratio with one decimal (days). */
export type KpiFormat = 'percent' | 'count' | 'number';

export interface KpiLabel {
  label: string;
  /** A shorter label for a page that already names the module (the hotline desk's own figures). */
  short?: string;
  format: KpiFormat;
  /** Unit of a count or a number (张, 天); a percentage has none. */
  unit?: string;
  /** What the numerator and the denominator count (tooltips, the drill-down's two tabs). */
  numerator: string;
  denominator: string;
  /** How the figure is computed, where that says more than numerator ÷ denominator. */
  definition?: string;
}

const TABLE = {
  'cases.onTimeRate': { label: '按时办结率', format: 'percent', numerator: '按时办结', denominator: '办结', definition: '期内办结且不晚于承诺期限的办件 ÷ 期内办结的办件' },
  'cases.statutorySpeedupRate': {
    label: '法定时限提速率',
    format: 'percent',
    numerator: '法定时限 − 实际用时（工作日）',
    denominator: '法定时限合计（工作日）',
    definition: '1 − 实际用时合计 ÷ 法定时限合计，只计法定时限以工作日计的办结件',
  },
  'cases.completionRate': { label: '办结率', format: 'percent', numerator: '办结', denominator: '受理（收件）', definition: '期内办结 ÷ 期内收件，清理积压时可超过 100%' },
  'cases.bundlesInForce': { label: '在用“一件事”主题', format: 'count', unit: '个', numerator: '启用的主题', denominator: '全部主题' },
  'cases.bundleApplications': { label: '“一件事”申请', format: 'count', unit: '件', numerator: '期内“一件事”申请', denominator: '其中包含的办件' },
  'cases.crossProvincePartners': { label: '跨省通办合作地区', format: 'count', unit: '个', numerator: '已签协议的在用合作地区', denominator: '登记的合作地区' },
  'cases.crossProvinceCases': { label: '跨省通办办件', format: 'count', unit: '件', numerator: '跨省通办办件', denominator: '期内收件' },
  'cases.greenChannelCases': { label: '绿色通道办件', format: 'count', unit: '件', numerator: '经绿色通道、帮代办、上门办收件', denominator: '期内收件' },
  'supervision.redCards': { label: '红牌', format: 'count', unit: '张', numerator: '红牌', denominator: '监察办件' },
  'supervision.yellowCards': { label: '黄牌', format: 'count', unit: '张', numerator: '黄牌', denominator: '监察办件' },
  'catalog.onlineCapableRate': { label: '网上可办率', format: 'percent', numerator: '可网办事项', denominator: '依申请事项', definition: '已发布依申请事项中网办深度二级及以上的占比' },
  'catalog.level3PlusRate': { label: '三级以上网办深度占比', format: 'percent', numerator: '三级以上事项', denominator: '依申请事项' },
  'catalog.fullOnlineRate': { label: '全程网办率', format: 'percent', numerator: '全程网办事项', denominator: '依申请事项', definition: '网办深度四级（全程网办）的依申请事项占比' },
  'catalog.promiseCompressionRate': {
    label: '承诺时限压缩率',
    format: 'percent',
    numerator: '压缩工作日',
    denominator: '法定工作日',
    definition: 'Σ（法定时限 − 承诺时限）÷ Σ 法定时限，只计以工作日计的依申请事项',
  },
  'catalog.level3Rate': { label: '三级网办深度占比', format: 'percent', numerator: '三级事项', denominator: '依申请事项', definition: '网办深度恰为三级（网上受理、预审）的依申请事项占比，不含四级' },
  'catalog.promiseCompressionRate.license': { label: '行政许可事项承诺时限压缩率', format: 'percent', numerator: '压缩工作日', denominator: '法定工作日', definition: '只计以工作日计的依申请行政许可事项' },
  'catalog.promiseCompressionRate.publicService': { label: '公共服务事项承诺时限压缩率', format: 'percent', numerator: '压缩工作日', denominator: '法定工作日', definition: '只计以工作日计的依申请公共服务事项' },
  'catalog.countyItems': { label: '县级事项', format: 'count', unit: '项', numerator: '县级事项', denominator: '在用事项' },
  'catalog.townshipItems': { label: '乡镇级事项', format: 'count', unit: '项', numerator: '乡镇级事项', denominator: '在用事项' },
  'catalog.villageItems': { label: '村级事项', format: 'count', unit: '项', numerator: '村级事项', denominator: '在用事项' },
  'catalog.nearbyItems': { label: '就近办事项', format: 'count', unit: '项', numerator: '就近办事项', denominator: '在用事项' },
  'catalog.crossProvinceItems': { label: '跨省通办事项', format: 'count', unit: '项', numerator: '跨省通办事项', denominator: '在用事项' },
  'catalog.fillRate': { label: '实施清单填报率', format: 'percent', numerator: '已填要素', denominator: '应填要素', definition: '在用事项的十项实施要素（设定依据、受理条件、时限、材料、地点等）已填写的占比' },
  'catalog.publishRate': { label: '实施清单发布率', format: 'percent', numerator: '已发布事项', denominator: '全部事项（不含已停用）' },
  'evaluations.activeRate': { label: '主动评价率', format: 'percent', numerator: '主动评价', denominator: '全部评价', definition: '群众主动作出的评价 ÷ 全部评价（含系统默认好评）' },
  'evaluations.goodRate': { label: '好评率', format: 'percent', numerator: '好评', denominator: '主动评价' },
  'evaluations.actualGoodRate': { label: '实际好评率', format: 'percent', numerator: '主动评价 − 有效差评', denominator: '主动评价' },
  'evaluations.departmentsCovered': { label: '“好差评”覆盖部门', format: 'count', unit: '个', numerator: '期内有评价的部门', denominator: '在用部门', definition: '期内至少收到一条评价（含系统默认好评）的部门 ÷ 组织架构中在用的审批局和各部门（乡镇、村不计）' },
  'evaluations.rectificationRate': { label: '差评整改率', format: 'percent', numerator: '已整改', denominator: '有效差评' },
  'hotline.received': { label: '热线受理工单', short: '受理工单', format: 'count', unit: '件', numerator: '期内受理工单', denominator: '期内受理工单', definition: '期内电话、网站、移动端、Open311 和办不成事窗口受理的工单（市长信箱来信另计）' },
  'hotline.connectRate': { label: '热线接通率', short: '接通率', format: 'percent', numerator: '接通', denominator: '呼入' },
  'hotline.answer15Rate': { label: '15秒接通率', format: 'percent', numerator: '15秒内接通', denominator: '呼入', definition: '等待不超过 15 秒即接通的来电 ÷ 呼入（GB/T 33358）' },
  'hotline.onTimeRate': { label: '工单按时办结率', short: '按时办结率', format: 'percent', numerator: '按时办结', denominator: '办结', definition: '成员单位办理的工单中按期（含批准延期）答复的占比' },
  'hotline.callbackRate': { label: '回访率', format: 'percent', numerator: '已回访', denominator: '办结' },
  'hotline.satisfactionRate': { label: '回访满意率', short: '满意率', format: 'percent', numerator: '满意+基本满意', denominator: '有效回访' },
  'hotline.directAnswerRate': { label: '直接答复率', format: 'percent', numerator: '直接答复', denominator: '受理工单', definition: '期内受理的工单中由热线中心直接答复办结的占比' },
  'hotline.expertSeats': { label: '专家坐席', format: 'count', unit: '个', numerator: '在用专家坐席', denominator: '登记的专家坐席', definition: '期末在用的部门派驻 12345 专家坐席（按启用日期；停用的不计）' },
  'hotline.lines': { label: '并入 12345 的专线', short: '并入专线', format: 'count', unit: '条', numerator: '在用专线', denominator: '登记的专线', definition: '期末在用的、归并到 12345 的专线（如未成年人保护、医保基金监督举报），按并入日期' },
  'hotline.linesMerged': { label: '期内并入 12345 的专线', short: '新并入专线', format: 'count', unit: '条', numerator: '期内并入的专线', denominator: '期末在用专线', definition: '并入日期在统计期内、期末仍在用的专线' },
  'hotline.kbUnits': { label: '建有知识库的成员单位', short: '知识库成员单位', format: 'count', unit: '家', numerator: '有已发布知识条目的成员单位', denominator: '热线成员单位', definition: '期末有至少一条已发布且未过期的知识库条目的热线成员单位' },
  'hotline.blockedMatters': { label: '“办不成事”诉求', format: 'count', unit: '件', numerator: '期内受理的办不成事工单', denominator: '期内受理工单', definition: '大厅“办不成事”窗口登记、按工单流转办理的诉求' },
  'hotline.blockedFinishedRate': { label: '“办不成事”诉求办结率', format: 'percent', numerator: '期末已办结', denominator: '期内受理的办不成事工单', definition: '期内受理的办不成事工单中到期末已办结（含直接答复）的占比' },
  'mailbox.completionRate': { label: '市长信箱办结率', short: '信箱办结率', format: 'percent', numerator: '办结', denominator: '来信' },
  'mailbox.averageDays': { label: '市长信箱平均办理天数', format: 'number', unit: '天', numerator: '办理天数合计', denominator: '办结来信' },
  'licenses.issued': { label: '新颁发电子证照', format: 'count', unit: '张', numerator: '期内颁发', denominator: '证照库累计', definition: '期内办件审批通过时颁发的电子证照（不含存量导入）' },
  'licenses.types': { label: '电子证照类型', format: 'count', unit: '类', numerator: '启用的证照类型', denominator: '证照目录全部类型' },
  'licenses.inLibrary': { label: '证照库有效证照', format: 'count', unit: '张', numerator: '期末有效证照', denominator: '证照库累计', definition: '期末未过期且未注销、吊销、撤销的证照' },
  'licenses.reuseRate': { label: '证照免提交率', format: 'percent', numerator: '由电子证照免提交的材料', denominator: '可由电子证照替代的材料', definition: '期内新申请中可由证照库替代的材料，实际由申请人的有效电子证照替代的占比' },
  'regulation.claimRate': { label: '监管任务认领率', short: '认领率', format: 'percent', numerator: '已认领', denominator: '推送的监管任务', definition: '期内推送（审批通过、证照发放变更注销）的监管任务中已被监管部门认领的占比' },
  'regulation.onTimeClaimRate': { label: '监管任务按时认领率', short: '按时认领率', format: 'percent', numerator: '按时认领', denominator: '已认领', definition: '在认领时限（工作日）内认领的监管任务 ÷ 已认领的监管任务' },
  'regulation.itemCoverage': { label: '监管事项覆盖率', format: 'percent', numerator: '有监管事项的审批事项', denominator: '已发布审批事项', definition: '已发布的审批事项中已有对应监管事项（审管联动）的占比' },
  'regulation.inspections': { label: '双随机检查', format: 'count', unit: '次', numerator: '检查次数', denominator: '监管对象' },
  'regulation.staffRegistered': { label: '注册执法人员', format: 'count', unit: '名', numerator: '执法证有效', denominator: '已注册执法人员' },
  'disclosure.published': { label: '主动公开信息', format: 'count', unit: '条', numerator: '经三审发布的信息', denominator: '网站栏目', definition: '期内经初审、复审、终审发布的信息条数（含其后撤回的）' },
  'disclosure.interpretations': { label: '政策解读', format: 'count', unit: '篇', numerator: '发布的政策解读', denominator: '期内印发的政策文件' },
  'disclosure.consultations': { label: '征集调查', format: 'count', unit: '次', numerator: '期内开始的征集调查', denominator: '期内开始的征集调查' },
  'disclosure.opinions': { label: '征集收到意见', format: 'count', unit: '条', numerator: '收到的意见', denominator: '期内开始的征集调查' },
  'disclosure.requestOnTimeRate': { label: '依申请公开按时答复率', format: 'percent', numerator: '按期答复', denominator: '答复', definition: '期内答复的政府信息公开申请中不晚于答复期限（20 个工作日，补正期间不计，含批准延期）的占比' },
  'disclosure.staleColumns': { label: '空白或超期未更新栏目', format: 'count', unit: '个', numerator: '空白或超期栏目', denominator: '网站栏目', definition: '期末（或今日）无内容或超过更新要求未更新的栏目' },
  'disclosure.newMediaAccounts': { label: '政务新媒体账号', format: 'count', unit: '个', numerator: '在册账号', denominator: '在册账号' },
  'hall.tickets': { label: '大厅取号', format: 'count', unit: '人次', numerator: '取号', denominator: '—', definition: '期内在大厅取号机取号（含预约签到）的人次' },
  'hall.averageWaitMinutes': { label: '平均等候时长', format: 'number', unit: '分钟', numerator: '等候分钟合计', denominator: '已叫号', definition: '从取号到首次叫号的分钟数平均' },
  'hall.averageServiceMinutes': { label: '平均办理时长', format: 'number', unit: '分钟', numerator: '办理分钟合计', denominator: '已办结号', definition: '从开始办理到办结的分钟数平均' },
  'hall.noShowRate': { label: '预约爽约率', format: 'percent', numerator: '爽约', denominator: '到期预约', definition: '期内预约日已过（或已签到）的预约中未签到的占比，取消的不计' },
  'hall.specialGroupServed': { label: '特殊群体服务', format: 'count', unit: '人次', numerator: '绿色通道办结+帮代办/上门办', denominator: '—', definition: '绿色通道取号办结的人次与帮代办、上门办办结的人次之和' },
  'intermediaries.listed': { label: '入驻中介机构', format: 'count', unit: '家', numerator: '已入驻', denominator: '登记机构', definition: '当前在中介服务超市名录中的机构数' },
  'intermediaries.projects': { label: '中介超市采购项目', format: 'count', unit: '个', numerator: '期内发布项目', denominator: '期内发布项目' },
  'intermediaries.marketShare': { label: '中介服务进场率', format: 'percent', numerator: '已在超市选取中介的申请', denominator: '需中介服务的申请', definition: '期内收件中需要中介服务报告的申请，申请人已在中介服务超市完成相应项目的占比' },
  'intermediaries.savingRate': { label: '中介服务资金节约率', format: 'percent', numerator: '预算 − 合同金额', denominator: '预算', definition: 'Σ（预算 − 合同金额）÷ Σ 预算，只计期内签约的项目' },
  'intermediaries.onTimeDeliveryRate': { label: '中介服务按期交付率', format: 'percent', numerator: '按期交付', denominator: '交付', definition: '期内交付的项目中不晚于交付期限（工作日）的占比' },
  'intermediaries.outsideMarket': { label: '体外循环预警', format: 'count', unit: '件', numerator: '体外循环预警', denominator: '需中介服务的申请', definition: '需中介服务报告、申请人却没有在中介服务超市完成相应项目的申请' },
  'walks.people': { label: '走流程人数', format: 'count', unit: '人', numerator: '走流程的领导和部门负责人', denominator: '走流程的领导和部门负责人' },
  'walks.items': { label: '走流程事项', format: 'count', unit: '项', numerator: '走流程事项（人次）', denominator: '走流程人数' },
  'walks.problems': { label: '走流程发现堵点', format: 'count', unit: '个', numerator: '堵点', denominator: '走流程事项' },
  'walks.measures': { label: '走流程整改措施', format: 'count', unit: '条', numerator: '整改措施', denominator: '堵点' },
  'walks.rectifiedRate': { label: '走流程整改完成率', format: 'percent', numerator: '已整改措施', denominator: '整改措施' },
  'hall.honours.redFlagWindows': { label: '红旗窗口', format: 'count', unit: '个', numerator: '评定的红旗窗口', denominator: '讲评会季度' },
  'hall.honours.serviceStars': { label: '服务明星', format: 'count', unit: '名', numerator: '评定的服务明星', denominator: '讲评会季度' },
  'hall.honours.partyPioneers': { label: '共产党员先锋岗', format: 'count', unit: '个', numerator: '评定的共产党员先锋岗', denominator: '讲评会季度' },
  'egov.townshipsConnected': { label: '电子政务外网接入乡镇（街道）', format: 'count', unit: '个', numerator: '已接入的乡镇（街道）', denominator: '乡镇（街道）' },
  'egov.villagesConnected': { label: '电子政务外网接入村（社区）', format: 'count', unit: '个', numerator: '已接入的村（社区）', denominator: '村（社区）' },
  'egov.incidentsHandled': { label: '处置网络安全事件', format: 'count', unit: '起', numerator: '已处置', denominator: '期内发生' },
  'egov.trainings': { label: '业务培训', format: 'count', unit: '场', numerator: '培训场次', denominator: '培训场次' },
  'egov.trainingAttendees': { label: '业务培训参训', format: 'count', unit: '人次', numerator: '参训人次', denominator: '培训场次' },
  'performance.budgetExecutionRate': { label: '预算执行率', format: 'percent', numerator: '执行数（元）', denominator: '预算数＋调整数（元）', definition: '年度各预算项目执行数合计 ÷（预算数＋调整数）合计' },
  'performance.basicExecutionRate': { label: '基本支出执行率', format: 'percent', numerator: '基本支出执行数（元）', denominator: '基本支出预算数＋调整数（元）' },
  'performance.projectExecutionRate': { label: '项目支出执行率', format: 'percent', numerator: '项目支出执行数（元）', denominator: '项目支出预算数＋调整数（元）' },
  'performance.procurementExecutionRate': { label: '政府采购执行率', format: 'percent', numerator: '实际采购金额（元）', denominator: '政府采购计划金额（元）' },
  'performance.assetMatchRate': { label: '固定资产账实相符率', format: 'percent', numerator: '盘点账实相符的资产', denominator: '年末在册固定资产', definition: '年末盘点中账实相符的固定资产 ÷ 年末在册固定资产' },
} satisfies Record<string, KpiLabel>;

export type KpiName = keyof typeof TABLE;

export const KPI_LABELS: Readonly<Record<KpiName, KpiLabel>> = TABLE;

/** The KPI names, in the table's order. */
export const KPI_NAMES = Object.keys(TABLE) as KpiName[];

/** The label entry of a KPI name, or undefined for a name the table does not know. */
export function kpiLabel(name: string): KpiLabel | undefined {
  return Object.hasOwn(TABLE, name) ? KPI_LABELS[name as KpiName] : undefined;
}

/**
 * The area of work a KPI belongs to, by its name's prefix (`hall.tickets` → 大厅管理): the headings under
 * which the yearly report prints the figures that no section of its own quotes.
 */
const GROUPS: Readonly<Record<string, string>> = {
  catalog: '事项管理',
  cases: '办件',
  supervision: '电子监察',
  evaluations: '政务服务“好差评”',
  hotline: '12345 热线',
  mailbox: '市长信箱',
  licenses: '电子证照',
  regulation: '互联网+监管',
  disclosure: '政务公开',
  hall: '大厅管理',
  honours: '评先评优',
  walks: '“走流程”',
  intermediaries: '中介服务超市',
  documents: '行政许可文书',
  egov: '电子政务外网与业务培训',
  performance: '预算执行与资产管理',
};

/** The Chinese name of a KPI's area of work; the prefix itself for an area the table does not know. */
export function kpiGroupLabel(name: string): string {
  const prefix = name.split('.')[0];
  return Object.hasOwn(GROUPS, prefix) ? GROUPS[prefix] : prefix;
}

const num = (x: number) => x.toLocaleString('zh-CN');

/**
 * A KPI's value as it reads on its own: 96.87%, 12 (cards), 3.5 (days); "—" with no data (denominator 0)
 * or no figure. With `unit`, counts and numbers carry their unit: 12 张, 3.5 天 (documents).
 */
export function formatKpi(name: string, k: Kpi | undefined, opts: { unit?: boolean } = {}): string {
  if (!k) return '—';
  const meta = kpiLabel(name);
  const unit = opts.unit && meta?.unit ? ` ${meta.unit}` : '';
  if (meta?.format === 'count') return `${num(k.numerator)}${unit}`;
  if (k.value === null) return '—';
  if (meta?.format === 'number') return `${k.value.toFixed(1)}${unit}`;
  return `${(k.value * 100).toFixed(2)}%`;
}
