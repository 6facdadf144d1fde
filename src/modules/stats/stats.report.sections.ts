/**
 * The sections of the yearly report, in the bureau's own order (report-2022-figures.md): 一 基本概况,
 * 二 整体支出绩效状况 in its parts, 三 存在的问题及原因, 四 措施与建议, 五 附件. Each builder turns figures and
 * records already read into paragraphs and tables; none reads the database.
 */
import type { Kpi } from '../../shared/kpi.types';
import { KPI_NAMES } from '../../shared/kpi-labels';
import { DIRECTION_LABELS, type PerformanceTableView } from '../../shared/performance.types';
import type { ReportFigure, ReportParagraph, ReportRun, ReportSection, ReportSweep, ReportTable } from '../../shared/report.types';
import type { Department } from '../../shared/org.types';
import { beijingText, draftProblems, numbered } from './report.rules';
import { parseTemplate } from '../../shared/report-template';
import type { ReportTexts } from './stats.report.templates';

export interface DepartmentRow {
  departmentName: string;
  kpis: Record<string, Kpi>;
  counts: { redCards: number; yellowCards: number };
}

export interface BudgetLines {
  items: Array<{ categoryLabel: string; name: string; budget: number; adjustment: number; adjusted: number; executed: number }>;
  totals: { budget: number; adjustment: number; adjusted: number; executed: number };
}

/** What the section builders read: the figures (by id), the texts, the organisation and the records. */
export interface SectionInput {
  year: number;
  from: string;
  to: string;
  figures: Record<string, ReportFigure>;
  /** The year's KPIs as counted (the bureau's 按时办结率 the worst departments are measured against). */
  kpis: Record<string, Kpi>;
  texts: ReportTexts;
  org: Department[];
  months: Array<{ month: string; kpis: Record<string, Kpi> }>;
  departments: DepartmentRow[];
  indicators: PerformanceTableView | null;
  budget: BudgetLines | null;
  sweep: ReportSweep | null;
}

const num = (x: number) => x.toLocaleString('zh-CN');
const money = (x: number) => x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (k: Kpi | undefined) => (k && k.value !== null ? `${(k.value * 100).toFixed(2)}%` : '—');

const para = (...runs: ReportRun[]): ReportParagraph => ({ runs });
const text = (t: string): ReportParagraph => para({ text: t });

/**
 * A text the bureau wrote, its `{{figure}}` placeholders as figure runs (shown at the report's precision,
 * clickable in the preview); a figure the installation does not count reads "—". Saving refused unknown
 * names, so none is left as literal braces.
 */
function written(t: string, figures: Record<string, ReportFigure>): ReportParagraph {
  return para(...parseTemplate(t, null).runs.map((r): ReportRun => ('text' in r ? r : figures[r.figure] ? r : { text: '—' })));
}

function section(id: string, heading: string, level: 1 | 2, parts: Partial<Pick<ReportSection, 'paragraphs' | 'figures' | 'tables' | 'children'>> = {}): ReportSection {
  return { id, heading, level, paragraphs: parts.paragraphs ?? [], figures: parts.figures ?? [], tables: parts.tables ?? [], children: parts.children ?? [] };
}

/** "按时办结率 96.87%（按时办结 1,234 / 办结 1,274；2026-01-01 至 2026-11-24）" as runs. */
export function figureRuns(f: ReportFigure, report?: { from: string; to: string }): ReportRun[] {
  // the part's lead-in states the year's period once; a figure says its own only where it differs
  const usual = report && (f.asOf ? f.asOf === report.to : f.from === report.from && f.to === report.to);
  const notes = [f.breakdown, usual ? null : f.periodText].filter((x): x is string => !!x);
  return [{ text: `${f.label} ` }, { figure: f.id }, ...(notes.length > 0 ? [{ text: `（${notes.join('；')}）` }] : [])];
}

/** A topic of a part: its lead-in and the figure ids (or `prefix.` for every figure of an area not yet quoted). */
interface Topic {
  title: string;
  ids: string[];
}

/** The four parts of 二 as the 2022 report has them, each topic with the figures the platform records. */
const PARTS: Array<{ id: string; heading: string; topics: Topic[] }> = [
  {
    id: 'business',
    heading: '（一）优化营商环境，深化“放管服”改革',
    topics: [
      { title: '办件总体情况', ids: ['cases.received', 'cases.completed', 'cases.completionRate', 'cases.onTimeRate', 'cases.statutorySpeedupRate'] },
      { title: '“走流程、解难题、优服务”', ids: ['walks.'] },
      { title: '“跨省通办”', ids: ['catalog.crossProvinceItems', 'cases.crossProvincePartners', 'cases.crossProvinceCases'] },
      { title: '网办深度', ids: ['catalog.onlineCapableRate', 'catalog.level3PlusRate', 'catalog.level3Rate', 'catalog.fullOnlineRate'] },
      { title: '“一件事一次办”', ids: ['cases.bundlesInForce', 'cases.bundleApplications'] },
      { title: '特殊群体服务', ids: ['cases.greenChannelCases', 'hall.specialGroupServed'] },
      { title: '“四减”', ids: ['catalog.promiseCompressionRate', 'catalog.promiseCompressionRate.license', 'catalog.promiseCompressionRate.publicService'] },
      { title: '“三化”', ids: ['catalog.countyItems', 'catalog.townshipItems', 'catalog.villageItems', 'catalog.nearbyItems'] },
      { title: '数据质量', ids: ['catalog.fillRate', 'catalog.publishRate', 'catalog.'] },
      { title: '业务培训', ids: ['egov.trainings', 'egov.trainingAttendees'] },
    ],
  },
  {
    id: 'hotline',
    heading: '（二）一呼即应，做优 12345 政务服务便民热线',
    topics: [
      { title: '12345 热线', ids: ['hotline.'] },
      { title: '市长信箱', ids: ['mailbox.'] },
    ],
  },
  {
    id: 'security',
    heading: '（三）筑牢网络安全，推进政务公开',
    topics: [
      { title: '电子政务外网', ids: ['egov.townshipsConnected', 'egov.villagesConnected', 'egov.incidentsHandled'] },
      { title: '电子证照', ids: ['licenses.'] },
      { title: '“互联网+监管”', ids: ['regulation.'] },
      { title: '政务公开', ids: ['disclosure.'] },
    ],
  },
  {
    id: 'hall',
    heading: '（四）打造清廉大厅，提升服务质效',
    topics: [
      { title: '评先评优', ids: ['hall.honours.'] },
      { title: '大厅运行', ids: ['hall.'] },
      { title: '政务服务“好差评”', ids: ['evaluations.'] },
      { title: '电子监察', ids: ['supervision.'] },
      { title: '中介服务超市', ids: ['intermediaries.'] },
    ],
  },
];

/** Figure ids of a topic, in the label table's order for a prefix, skipping those already quoted. */
function topicIds(t: Topic, figures: Record<string, ReportFigure>, used: Set<string>): string[] {
  const order = [...KPI_NAMES, ...Object.keys(figures)];
  const out: string[] = [];
  for (const id of t.ids) {
    const ids = id.endsWith('.') ? order.filter((n) => n.startsWith(id) && figures[n]) : figures[id] ? [id] : [];
    for (const n of ids) if (!used.has(n) && !out.includes(n)) out.push(n);
  }
  return out;
}

/** One paragraph per topic: "title：figure；figure。" */
function topicParagraph(title: string, ids: string[], figures: Record<string, ReportFigure>, report: { from: string; to: string }): ReportParagraph {
  const runs: ReportRun[] = [{ text: `${title}：` }];
  ids.forEach((id, i) => runs.push(...figureRuns(figures[id], report), { text: i === ids.length - 1 ? '。' : '；' }));
  return { runs };
}

/** What 一 says of an organisation fact nobody has entered yet, and where to enter it. */
const NOT_FILLED = '尚未填写（系统管理员可在“年度自评报告”页面点击“编辑报告文字”填写）。';

export function overviewSection(x: SectionInput): ReportSection {
  const bureau = x.org.find((d) => d.kind === 'bureau');
  const count = (k: Department['kind']) => x.org.filter((d) => d.kind === k && d.active).length;
  const t = x.texts;
  const paragraphs = [
    written(t.overview, x.figures),
    text(`${bureau?.name ?? '本局'}统筹进驻部门 ${count('department')} 个，指导乡镇（街道）政务服务中心 ${count('township')} 个、村（社区）便民服务站 ${count('village')} 个（平台组织机构数据，截至 ${x.to}）。`),
    written(`机构编制：${t.establishment.trim() || NOT_FILLED}`, x.figures),
    written(`人员情况：${t.staff.trim() || NOT_FILLED}`, x.figures),
    text(`内设机构：${t.internalUnits.length > 0 ? `${t.internalUnits.join('、')}。` : NOT_FILLED}`),
    text('主要职能：'),
    ...numbered(t.functions).map((f) => written(f, x.figures)),
  ];
  return section('overview', '一、部门（单位）基本概况', 1, { paragraphs });
}

function monthTable(x: SectionInput): ReportTable {
  const rows = x.months.map((m) => {
    const on = m.kpis['cases.onTimeRate'];
    return [m.month, pct(on), num(on?.numerator ?? 0), num(on?.denominator ?? 0), num(m.kpis['supervision.redCards']?.numerator ?? 0), num(m.kpis['supervision.yellowCards']?.numerator ?? 0)];
  });
  return { title: '各月按时办结率与红黄牌', columns: ['月份', '按时办结率', '按时办结', '办结', '红牌', '黄牌'], rows };
}

function departmentTable(x: SectionInput): ReportTable {
  const rows = x.departments.map((d, i) => {
    const on = d.kpis['cases.onTimeRate'];
    return [String(i + 1), d.departmentName, pct(on), `${num(on?.numerator ?? 0)} / ${num(on?.denominator ?? 0)}`, num(d.counts.redCards), num(d.counts.yellowCards)];
  });
  return { title: '各部门按时办结情况（按按时办结率排序）', columns: ['排名', '部门', '按时办结率', '按时办结 / 办结', '红牌', '黄牌'], rows };
}

/** 二 in its parts (一)–(四) from the figures, then (五) budget, (六) the indicator table, (七) the rest. */
export function performanceSection(x: SectionInput): ReportSection {
  const used = new Set<string>();
  const children: ReportSection[] = [];
  for (const part of PARTS) {
    const paragraphs: ReportParagraph[] = [];
    const figures: string[] = [];
    for (const t of part.topics) {
      const ids = topicIds(t, x.figures, used);
      if (ids.length === 0) continue;
      ids.forEach((id) => used.add(id));
      figures.push(...ids);
      paragraphs.push(topicParagraph(t.title, ids, x.figures, x));
    }
    const tables: ReportTable[] = [];
    if (part.id === 'hall') {
      if (x.sweep) paragraphs.push(text(`红黄牌为 ${beijingText(x.sweep.ranAt)} 电子监察扫描后的数字（本次扫描新发 ${x.sweep.issued} 张）。`));
      if (x.months.length > 0) tables.push(monthTable(x));
      if (x.departments.length > 0) tables.push(departmentTable(x));
    }
    if (paragraphs.length === 0) paragraphs.push(text('本项工作的数据尚未接入平台。'));
    children.push(section(part.id, part.heading, 2, { paragraphs, figures, tables }));
  }
  children.push(budgetSection(x, used));
  if (x.indicators && x.indicators.indicators.length > 0) children.push(indicatorSection(x.indicators));
  const rest = Object.keys(x.figures).filter((id) => !used.has(id));
  if (rest.length > 0) {
    rest.forEach((id) => used.add(id));
    children.push(section('other', '（七）其他业务工作', 2, { paragraphs: [topicParagraph('其他指标', rest, x.figures, x)], figures: rest }));
  }
  return section('performance', '二、整体支出绩效状况', 1, {
    paragraphs: [text(`以下数据均由“一窗通办”平台按统计口径从业务记录自动生成：办件、评价、工单等流量指标的统计区间为 ${x.from} 至 ${x.to}，事项、证照、接入等存量指标为截至 ${x.to} 的数字，另有区间的在该指标后注明；比率列明分子和分母，平均数列明合计与件数，每项指标均可追溯到背后的记录（见各部分指标表和附件）。`)],
    children,
  });
}

function budgetSection(x: SectionInput, used: Set<string>): ReportSection {
  const ids = topicIds({ title: '', ids: ['performance.'] }, x.figures, used);
  ids.forEach((id) => used.add(id));
  const paragraphs = ids.length > 0 ? [topicParagraph('预算执行与资产管理', ids, x.figures, x)] : [text('本年度预算执行、政府采购和固定资产数据尚未录入。')];
  const tables: ReportTable[] = [];
  if (x.budget && x.budget.items.length > 0) {
    const b = x.budget;
    tables.push({
      title: '预算执行情况（元）',
      columns: ['类别', '预算项目', '预算数', '调整数', '调整后预算', '执行数'],
      rows: [...b.items.map((i) => [i.categoryLabel, i.name, money(i.budget), money(i.adjustment), money(i.adjusted), money(i.executed)]), ['合计', '', money(b.totals.budget), money(b.totals.adjustment), money(b.totals.adjusted), money(b.totals.executed)]],
    });
  }
  return section('budget', '（五）预算执行与资产管理', 2, { paragraphs, figures: ids, tables });
}

export function indicatorSection(t: PerformanceTableView): ReportSection {
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
  const state = t.status === 'signed' ? `已由${t.signedByName}签批（第 ${t.revision} 版）` : `${t.statusLabel}，尚未签批`;
  const rows = t.indicators.map((i) => [
    i.level1,
    i.level2,
    i.name,
    `${DIRECTION_LABELS[i.direction]}${n(i.target)}${i.unit}`,
    i.actual === null ? '无数据' : `${n(i.actual)}${i.unit}`,
    n(i.weight),
    n(i.score),
    i.met ? '—' : (i.deviationReason ?? '未填写'),
  ]);
  return section('indicators', '（六）绩效目标完成情况', 2, {
    paragraphs: [text(`${t.year}年绩效目标自评表${state}：共 ${t.indicators.length} 项三级指标，自评得分 ${n(t.totalScore)} 分，等级为“${t.grade}”。实际值统计区间 ${t.from} 至 ${t.to}。`)],
    tables: [{ title: '绩效目标自评表', columns: ['一级指标', '二级指标', '三级指标', '目标值', '实际值', '分值', '得分', '偏差原因'], rows }],
  });
}

/** 三: drafted from the missed indicators and the worst departments, then the bureau's own additions. */
export function problemsSection(x: SectionInput): ReportSection {
  const drafted = draftProblems(
    x.indicators?.indicators ?? [],
    x.departments.map((d) => ({ name: d.departmentName, onTime: d.kpis['cases.onTimeRate'], redCards: d.counts.redCards, yellowCards: d.counts.yellowCards })),
    x.kpis['cases.onTimeRate'],
  );
  // the drafted lines are the platform's own (indicator names may hold braces); the bureau's may quote figures
  const own = numbered([...drafted, ...x.texts.problems]);
  return section('problems', '三、存在的问题及原因', 1, { paragraphs: own.map((p, i) => (i < drafted.length ? text(p) : written(p, x.figures))) });
}

export function measuresSection(x: SectionInput): ReportSection {
  return section('measures', '四、提高财政资金绩效的措施与建议', 1, { paragraphs: numbered(x.texts.measures).map((m) => written(m, x.figures)) });
}

export function annexSection(x: SectionInput): ReportSection {
  const count = Object.keys(x.figures).length;
  return section('annex', '五、附件（佐证依据）', 1, {
    paragraphs: [
      text(`附件：《${x.year}年度绩效自评指标明细》（Excel 工作簿，${count} 项指标）。“指标明细”表列出每项指标的数值、分子、分母、口径和统计区间；“办件明细”表列出每项指标背后的记录。`),
      text('在平台“年度自评报告”页面可下载附件，并可点击报告中的任一数字查看其背后的记录。'),
    ],
  });
}

/** The whole report's sections in order. */
export function reportSections(x: SectionInput): ReportSection[] {
  return [overviewSection(x), performanceSection(x), problemsSection(x), measuresSection(x), annexSection(x)];
}
