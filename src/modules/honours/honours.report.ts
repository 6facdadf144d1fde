/**
 * The 讲评会 quarterly hall report (issue 16 item 5) as .docx: each window's tickets, waits and handling
 * times (from the hall, when installed), ratings and cards; each department's cases, on-time rate,
 * ratings and supervision cards; and the quarter's honours with their reasons. All from the records.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { HonoursNeedsContext } from './honours.context';
import { HONOUR_KINDS, HONOUR_LABELS, rankCandidates, type CandidateFigures } from './honours.rules';
import type { HonoursService } from './honours.service';

const p = (text: string) => new Paragraph({ children: [new TextRun({ text, font: 'SimSun', size: 24 })], indent: { firstLine: 480 }, spacing: { line: 360 } });
const h = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text, font: 'SimHei', bold: true, size: 28 })], spacing: { before: 240, after: 120 } });
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: 'SimSun', size: 20 })] })] });
function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: head.map((x) => cell(x, true)) }), ...rows.map((r) => new TableRow({ children: r.map((x) => cell(x)) }))],
  });
}
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));
const rate = (f: CandidateFigures) => (f.active ? f.good / f.active : null);

export async function buildQuarterReport(ctx: HonoursNeedsContext, honours: HonoursService, quarter: string): Promise<Buffer> {
  const q = honours.quarterOrFail(quarter);
  const f = await honours.figures(q);
  const hall = ctx.services.hallFigures ? await ctx.services.hallFigures.windowFigures(q.from, q.to) : null;
  const awards = await honours.awards({ quarter: q.quarter });
  const honoursOf = (key: string, kinds: readonly string[]) => awards.filter((a) => a.subjectKey === key && kinds.includes(a.kind)).map((a) => a.kindLabel).join('、') || '—';
  const bureau = (await ctx.services.org.all()).find((d) => d.kind === 'bureau')?.name ?? '行政审批服务局';
  const ratings = f.windows.reduce((s, w) => s + w.active, 0);
  const good = f.windows.reduce((s, w) => s + w.good, 0);
  const completed = f.departments.reduce((s, d) => s + (d.completed ?? 0), 0);
  const onTime = f.departments.reduce((s, d) => s + (d.onTime ?? 0), 0);
  const cards = f.departments.reduce((s, d) => s + d.cards, 0);
  const tickets = hall ? hall.reduce((s, x) => s + x.tickets, 0) : null;
  const y = q.quarter.slice(0, 4);
  const n = q.quarter.slice(5);

  const windowNos = [...new Set([...f.windows.map((w) => w.key), ...(hall ?? []).map((x) => x.windowNo)])].sort();
  const windowRows = windowNos.map((no) => {
    const w = f.windows.find((x) => x.key === no);
    const t = hall?.find((x) => x.windowNo === no);
    return [
      `${no} 窗口`,
      hall ? num(t?.tickets ?? 0) : '—',
      hall ? num(t?.averageWaitMinutes ?? null) : '—',
      hall ? num(t?.averageServiceMinutes ?? null) : '—',
      num(w?.active ?? 0),
      pct(w ? rate(w) : null),
      num(w?.validBad ?? 0),
      num(w?.cards ?? 0),
      honoursOf(no, ['red_flag_window']),
    ];
  });
  const deptRows = [...f.departments]
    .sort((a, b) => (b.completed ?? 0) - (a.completed ?? 0))
    .map((d) => [d.name, num(d.completed), pct(d.completed ? (d.onTime ?? 0) / d.completed : null), num(d.active), pct(rate(d)), num(d.cards), honoursOf(d.key, ['party_pioneer'])]);
  const staff = rankCandidates(f.staff, honours.config, honours.config.quotas.service_star).slice(0, 15);
  const staffRows = staff.map((s) => [String(s.rank), s.name, num(s.active), pct(s.goodRate), num(s.validBad), s.ineligibleReason ?? '符合条件', honoursOf(s.key, ['service_star'])]);

  const children: Array<Paragraph | Table> = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${bureau}`, font: 'SimHei', size: 32, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `${y}年第${n}季度政务服务大厅讲评会情况报告`, font: 'SimHei', size: 32, bold: true })] }),
    h('一、总体情况'),
    p(
      `${q.from} 至 ${q.to}，大厅${tickets === null ? '叫号数据尚未接入' : `取号 ${num(tickets)} 人次`}；进驻部门办结 ${num(completed)} 件，按时办结率 ${pct(completed ? onTime / completed : null)}；` +
        `窗口收到主动评价 ${num(ratings)} 次，好评率 ${pct(ratings ? good / ratings : null)}；电子监察发出督办牌 ${num(cards)} 张。`,
    ),
    p(`本季度讲评会评定${HONOUR_KINDS.map((k) => `${HONOUR_LABELS[k]} ${awards.filter((a) => a.kind === k).length} 个`).join('、')}。`),
    h('二、窗口情况'),
    table(['窗口', '服务人次', '平均等候（分钟）', '平均办理（分钟）', '主动评价', '好评率', '有效差评', '差评超时', '荣誉'], windowRows),
    h('三、进驻部门情况'),
    table(['部门', '办结件数', '按时办结率', '评价', '好评率', '督办牌', '荣誉'], deptRows),
    h('四、工作人员评价排名'),
    table(['名次', '姓名', '主动评价', '好评率', '有效差评', '评选条件', '荣誉'], staffRows),
    h('五、本季度荣誉'),
  ];
  if (awards.length === 0) children.push(p('本季度尚未评定荣誉。'));
  for (const k of HONOUR_KINDS) {
    const list = awards.filter((a) => a.kind === k);
    if (list.length === 0) continue;
    children.push(p(`${HONOUR_LABELS[k]}（${list.length} 个）：${list.map((a) => `${a.subjectName}${a.departmentName && k === 'service_star' ? `（${a.departmentName}）` : ''}——${a.reasons}`).join('；')}。`));
  }
  if (awards.length) children.push(p(`评审委员会：${[...new Set(awards.map((a) => a.committee))].join('；')}。公示期至 ${awards[0].publicityUntil}。`));
  const doc = new Document({ sections: [{ children }] });
  return Buffer.from(await Packer.toBuffer(doc));
}
