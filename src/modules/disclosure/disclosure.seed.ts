/**
 * Demo 政务公开: sites (columns) of the bureau, demo departments and townships; a year of articles in
 * every state; policy documents with interpretations; consultations with opinions; 依申请公开 requests in
 * every clock state; new-media accounts and 读网 checks. Live states go through the module's own commands
 * as the demo publishers (gkeditor drafts, gkaudit 初审, gkcheck 复审, gkhead 终审); the year's history is
 * written as finished rows shaped by the same rules (three distinct passes per published article).
 */
import type { Actor } from '../../kernel/auth/actor';
import { systemActor } from '../../kernel/auth/actor';
import { computeIdCheckChar } from '../../kernel/validators';
import { indexDocuments } from '../../kernel/search';
import type { DisclosureNeedsContext } from './disclosure.context';
import type { DisclosureParts } from './disclosure.parts';
import { disclosureTables } from './disclosure.tables';
import { ARTICLE_DOC } from './disclosure.articles';
import { COLUMN_KINDS, COLUMN_KIND_LABELS, requestClock, type ColumnKind } from './disclosure.rules';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const NEWS = ['召开优化营商环境工作推进会', '开展“一件事一次办”业务培训', '政务服务大厅推出延时服务', '深入乡镇开展政务服务下沉调研', '召开政务公开工作专题会议', '开展窗口作风建设专项整治', '推进“跨省通办”工作', '举办政务服务技能比武', '部署安全生产大检查', '组织开展“走流程”体验活动'];
const NOTICES = ['关于调整政务服务大厅办公时间的通知', '关于开展年度政务公开考评的通知', '关于公布第一批“免证办”事项清单的公告', '关于征集政务服务改进建议的通告'];
const BODY = (title: string) =>
  `<p>${title}。</p><p>为进一步提升政务服务效能，按照市委、市政府工作部署，相关单位认真组织实施，现将有关情况公布如下。</p><ul><li>工作目标明确，责任落实到人；</li><li>办理过程全程留痕，接受社会监督。</li></ul><p>欢迎社会各界监督，监督电话：0739-12345。</p>`;

function idNumber(birth: string, seq: number): string {
  const first17 = `430582${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + computeIdCheckChar(first17);
}

export async function seedDisclosure(ctx: DisclosureNeedsContext, p: DisclosureParts): Promise<void> {
  const db = disclosureTables(ctx.db);
  if (await db.selectFrom('disclosure_columns').select('id').limit(1).executeTakeFirst()) return;
  const today = ctx.calendar.today();
  const now = ctx.clock.now().toISOString();
  const index = ctx.calendar.current;
  const sys = systemActor('seed');
  const depts = await ctx.services.org.all();
  const bureau = depts.find((d) => d.kind === 'bureau');
  if (!bureau) return;
  const sites = [bureau, ...depts.filter((d) => d.kind === 'department').slice(0, 8), ...depts.filter((d) => d.kind === 'township').slice(0, 4)];
  const users = (await ctx.auth.listUsers({ role: 'publisher', offset: 0, limit: 50 })).items;
  const actorOf = (username: string): Actor | null => {
    const u = users.find((x) => x.username === username);
    return u ? { kind: 'user', id: u.id, username: u.username, name: u.name, roles: u.roles, departmentId: u.departmentId } : null;
  };
  const editor = actorOf('gkeditor');
  const reviewers = [actorOf('gkaudit'), actorOf('gkcheck'), actorOf('gkhead')];
  const admin: Actor = { ...sys, roles: ['admin'] };
  const rand = rng(15);

  // Columns: every kind on every site; the bureau's through the command (audited).
  const columns: Array<{ id: number; departmentId: number; kind: ColumnKind }> = [];
  for (const site of sites) {
    for (const kind of COLUMN_KINDS.filter((k) => k !== 'other')) {
      const { id } = await p.articles.createColumn(admin, { departmentId: site.id, name: COLUMN_KIND_LABELS[kind], kind });
      columns.push({ id, departmentId: site.id, kind });
    }
  }

  // A year of published history: 动态要闻 about every 9 days (two sites fall silent for 5 weeks: stale),
  // notices and policies every two months, budgets once; each with three distinct review passes.
  const historic: Array<{ id: number; title: string; body: string }> = [];
  const planned: Array<{ columnId: number; departmentId: number; title: string; day: string; at: string }> = [];
  let n = 0;
  for (const c of columns) {
    const siteIdx = sites.findIndex((s) => s.id === c.departmentId);
    const every = c.kind === 'news' ? 9 : c.kind === 'notice' || c.kind === 'policy' ? 60 : c.kind === 'budget' ? 365 : c.kind === 'service' ? 120 : 150;
    const silent = c.kind === 'news' && (siteIdx === 3 || siteIdx === 10) ? 36 : 0;
    if (c.kind === 'personnel' && siteIdx % 4 === 1) continue; // an empty column: flagged
    for (let back = 360; back >= silent; back -= every) {
      const day = addDays(today, -back - Math.floor(rand() * 3));
      if (day > today) continue;
      const title = c.kind === 'news' ? `${sites[siteIdx].shortName ?? sites[siteIdx].name}${NEWS[n % NEWS.length]}` : c.kind === 'notice' ? NOTICES[n % NOTICES.length] : `${COLUMN_KIND_LABELS[c.kind]}（${day.slice(0, 7)}）`;
      n++;
      const stamp = `${day}T01:${String(n % 60).padStart(2, '0')}:00.000Z`;
      planned.push({ columnId: c.id, departmentId: c.departmentId, title, day, at: stamp < now ? stamp : now });
    }
  }
  const author = users[0];
  for (let i = 0; i < planned.length; i += 100) {
    const chunk = planned.slice(i, i + 100);
    const ids = await db
      .insertInto('disclosure_articles')
      .values(chunk.map((a) => ({ column_id: a.columnId, department_id: a.departmentId, title: a.title, body_html: BODY(a.title), status: 'published', version: 1, round: 1, author_id: author?.id ?? null, author_name: author?.name ?? '信息员', scheduled_at: null, published_at: a.at, published_on: a.day, withdrawn_at: null, withdraw_reason: null, reject_reason: null, created_at: a.at, updated_at: a.at })))
      .returning('id')
      .execute();
    const rows = chunk.map((a, k) => ({ ...a, id: Number(ids[k].id) }));
    await db.insertInto('disclosure_article_versions').values(rows.map((a) => ({ article_id: a.id, version: 1, title: a.title, body_html: BODY(a.title), edited_by: author?.name ?? '信息员', created_at: a.at }))).execute();
    if (users.length >= 4)
      await db
        .insertInto('disclosure_reviews')
        .values(rows.flatMap((a) => [1, 2, 3].map((step) => ({ article_id: a.id, round: 1, step, reviewer_id: users[step].id, reviewer_name: users[step].name, decision: 'pass', opinion: ['内容属实，同意', '无涉密信息，同意', '同意发布'][step - 1], created_at: a.at }))))
        .execute();
    historic.push(...rows.map((a) => ({ id: a.id, title: a.title, body: BODY(a.title) })));
  }
  for (let i = 0; i < historic.length; i += 200) {
    await indexDocuments(db, ARTICLE_DOC, historic.slice(i, i + 200).map((h) => ({ docId: h.id, title: h.title, fields: [{ field: 'title', text: h.title, weight: 10 }, { field: 'body', text: h.body.replace(/<[^>]+>/g, ' '), weight: 2 }] })));
  }

  // The bureau's live articles, through the commands, in every state.
  const newsCol = columns.find((c) => c.departmentId === bureau.id && c.kind === 'news')!;
  const noticeCol = columns.find((c) => c.departmentId === bureau.id && c.kind === 'notice')!;
  if (editor && reviewers.every(Boolean)) {
    const [r1, r2, r3] = reviewers as Actor[];
    const draft = (columnId: number, title: string, scheduledAt?: string) => p.articles.createDraft(editor, { columnId, title, bodyHtml: BODY(title), scheduledAt });
    await draft(newsCol.id, '审批局开展政务公开培训（草稿）');
    const a1 = await draft(newsCol.id, '审批局召开政务服务“好差评”分析会');
    await p.articles.submit(editor, a1.id);
    const a2 = await draft(noticeCol.id, '关于延长不动产登记窗口服务时间的通知');
    await p.articles.submit(editor, a2.id);
    await p.articles.review(r1, a2.id, 'pass', '内容属实，同意');
    const a3 = await draft(newsCol.id, '审批局推进“高效办成一件事”');
    await p.articles.submit(editor, a3.id);
    await p.articles.review(r1, a3.id, 'pass', '内容属实，同意');
    await p.articles.review(r2, a3.id, 'pass', '无涉密信息，同意');
    const a4 = await draft(noticeCol.id, '关于调整午间服务时间的通知');
    await p.articles.submit(editor, a4.id);
    await p.articles.review(r1, a4.id, 'reject', '时间表述与大厅公告不一致，请核实后再报');
    const a5 = await draft(newsCol.id, '审批局窗口工作人员获评“服务标兵”');
    await p.articles.submit(editor, a5.id);
    for (const [r, o] of [[r1, '属实'], [r2, '同意'], [r3, '同意发布']] as const) await p.articles.review(r, a5.id, 'pass', o);
    const a6 = await draft(noticeCol.id, '关于元旦假期政务服务安排的公告', `${addDays(today, 7)}T01:00:00.000Z`);
    await p.articles.submit(editor, a6.id);
    for (const [r, o] of [[r1, '属实'], [r2, '同意'], [r3, '同意，定时发布']] as const) await p.articles.review(r, a6.id, 'pass', o);
    const a7 = await draft(noticeCol.id, '关于暂停周六窗口服务的通知');
    await p.articles.submit(editor, a7.id);
    for (const [r, o] of [[r1, '属实'], [r2, '同意'], [r3, '同意发布']] as const) await p.articles.review(r, a7.id, 'pass', o);
    await p.articles.withdraw(editor, a7.id, '周六窗口服务照常开放，原通知撤回');
  }

  // Policies and interpretations (one recent policy still waiting for its interpretation; one old one overdue).
  const policies = [
    { no: '邵政发〔2026〕3号', title: '邵东市优化营商环境若干措施', issuer: '邵东市人民政府', back: 200, kinds: ['text', 'graphic'] },
    { no: '邵政办发〔2026〕11号', title: '邵东市“高效办成一件事”工作实施方案', issuer: '邵东市人民政府办公室', back: 150, kinds: ['text', 'video'] },
    { no: '邵审批发〔2026〕5号', title: '邵东市政务服务“好差评”管理办法', issuer: '邵东市行政审批服务局', back: 90, kinds: ['graphic'] },
    { no: '邵政办发〔2026〕20号', title: '邵东市政务公开工作要点', issuer: '邵东市人民政府办公室', back: 40, kinds: [] },
    { no: '邵审批发〔2026〕9号', title: '邵东市政务服务大厅管理制度', issuer: '邵东市行政审批服务局', back: 3, kinds: [] },
  ];
  for (const pol of policies) {
    const { id } = await p.extras.createPolicy(admin, { departmentId: bureau.id, docNo: pol.no, title: pol.title, issuer: pol.issuer, issuedOn: addDays(today, -pol.back), body: `${pol.title}全文。第一条 为……制定本措施。第二条 ……` });
    for (const k of pol.kinds) await p.extras.addInterpretation(admin, id, { kind: k as 'text', title: `一图读懂《${pol.title}》`.replace('一图读懂', k === 'text' ? '解读' : k === 'video' ? '视频解读' : '一图读懂'), content: `《${pol.title}》出台的背景、主要内容和政策亮点。`, url: k === 'video' ? 'https://www.shaodong.gov.cn/video/policy.mp4' : null });
    await db.updateTable('disclosure_interpretations').set({ published_on: addDays(today, -pol.back + 5) }).where('policy_id', '=', id).execute();
  }

  // Consultations: one open, one closed with 采纳情况, one closed waiting for it.
  const cons = [
    { title: '《邵东市政务服务大厅管理制度（征求意见稿）》公开征求意见', opens: -10, closes: 20, feedback: null },
    { title: '关于“周末不打烊”服务时段的问卷调查', opens: -90, closes: -60, feedback: '共收到意见 2 条，采纳 1 条：周六上午增设综合窗口；未采纳 1 条（周日全天开放），理由：人员编制不足，先行试点。' },
    { title: '《邵东市政务公开工作要点（征求意见稿）》公开征求意见', opens: -40, closes: -5, feedback: null },
  ];
  for (const c of cons) {
    const { id } = await p.extras.createConsultation(admin, { departmentId: bureau.id, title: c.title, body: `${c.title}。请于截止日期前提出意见和建议。`, questions: ['您对本稿的总体意见？', '您的具体修改建议？'], opensOn: addDays(today, c.opens), closesOn: addDays(today, c.closes) });
    const opinions = c.opens < 0 && c.closes > 0 ? ['建议增加周末综合窗口', '希望简化材料清单'] : ['建议周六上午开放综合窗口', '建议周日全天开放'];
    for (const [i, text] of opinions.entries())
      await db.insertInto('disclosure_opinions').values({ consultation_id: id, content: text, answers_json: '[]', contact_name: i === 0 ? '李先生' : null, contact_phone: i === 0 ? '13807390001' : null, created_at: now, created_on: addDays(today, Math.min(c.closes, 0) - 1 - i) }).execute();
    if (c.feedback) await db.updateTable('disclosure_consultations').set({ feedback: c.feedback, feedback_on: addDays(today, c.closes + 5) }).where('id', '=', id).execute();
  }

  // 依申请公开 in every clock state (received back-dated; the due date from the statutory clock).
  const base = index.addWorkdays(today, -5);
  const specs: Array<{ back: number; state: string; answer?: string; ground?: string; late?: boolean; ext?: number; corr?: [number, number | null] }> = [
    { back: 2, state: 'received' },
    { back: 17, state: 'received' },
    { back: 24, state: 'received' },
    { back: 4, state: 'correcting', corr: [2, null] },
    { back: 12, state: 'received', corr: [3, 8] },
    { back: 22, state: 'received', ext: 15 },
    { back: 30, state: 'answered', answer: 'disclose' },
    { back: 45, state: 'answered', answer: 'proactive' },
    { back: 60, state: 'answered', answer: 'partial', ground: '《政府信息公开条例》第十五条：涉及个人隐私的部分不予公开' },
    { back: 75, state: 'answered', answer: 'refuse', ground: '《政府信息公开条例》第十六条：内部事务信息' },
    { back: 90, state: 'answered', answer: 'not_held' },
    { back: 120, state: 'answered', answer: 'unable', late: true },
    { back: 150, state: 'answered', answer: 'not_processed', ground: '《政府信息公开条例》第三十六条第（六）项：重复申请' },
  ];
  void base;
  for (const [i, s] of specs.entries()) {
    const received = index.addWorkdays(today, -s.back);
    const correctionFrom = s.corr ? index.addWorkdays(received, s.corr[0]) : null;
    const correctionTo = s.corr && s.corr[1] !== null ? index.addWorkdays(received, s.corr[1]) : null;
    const pre = requestClock(index, { receivedOn: received, correctionFrom, correctionTo, extensionDays: s.ext ?? 0, answeredOn: null, today });
    const answeredOn = s.state === 'answered' ? (s.late ? index.addWorkdays(pre.promisedDueDate, 3) : index.addWorkdays(received, 12)) : null;
    const person = i % 3 !== 2;
    await db
      .insertInto('disclosure_requests')
      .values({
        request_no: `YSQ${received.slice(0, 4)}D${String(i + 1).padStart(4, '0')}`,
        query_code: `DEMO${String(i + 1).padStart(4, '0')}GK`,
        applicant_kind: person ? 'person' : 'org',
        applicant_name: person ? ['王建国', '刘芳', '陈志强', '赵丽'][i % 4] : '邵东市某某建材有限公司',
        id_number: person ? idNumber(`19${70 + i}-0${(i % 9) + 1}-1${i % 9}`, 100 + i) : '91430582MA4L000001'.slice(0, 17) + 'X',
        phone: `1380739${String(1000 + i).padStart(4, '0')}`,
        description: ['申请公开2025年度政务服务大厅窗口设置及人员配置情况', '申请公开某小区项目的建设工程规划许可信息', '申请公开2025年本单位财政预算执行情况', '申请公开某路段拓宽工程的征收补偿方案'][i % 4],
        purpose: null,
        delivery: ['email', 'post', 'online', 'pickup'][i % 4],
        department_id: (i < 7 || i % 3 === 0 ? bureau : sites[1 + (i % 5)]).id,
        received_on: received,
        status: s.state,
        correction_from: correctionFrom,
        correction_to: correctionTo,
        correction_note: correctionFrom ? '请补充所需信息的文号或形成时间' : null,
        extension_days: s.ext ?? 0,
        extension_approver: s.ext ? '李局长' : null,
        extension_reason: s.ext ? '需征求第三方意见' : null,
        answer_type: s.answer ?? null,
        answer_text: s.answer ? '经审查，现将答复如下：……' : null,
        legal_ground: s.ground ?? null,
        answered_on: answeredOn,
        due_on: pre.promisedDueDate,
        created_at: now,
      })
      .execute();
  }

  // 政务新媒体: 22 accounts, a few silent for over two weeks; 读网 checks of the past days.
  const platforms = ['wechat', 'weibo', 'douyin', 'toutiao'];
  for (let i = 0; i < 22; i++) {
    const site = sites[i % sites.length];
    await p.extras.registerAccount(admin, { departmentId: site.id, name: `${site.shortName ?? site.name}${['发布', '政务', '服务', '在线'][i % 4]}`, platform: platforms[i % 4], updateDays: 14, lastUpdateOn: addDays(today, -(i % 7 === 3 ? 20 + i : i % 5)) });
  }
  const duty: Actor = editor ?? { ...sys, name: '值班员' };
  await p.extras.recordDutyCheck(duty, { findings: '首页及各栏目链接正常，无错别字；政务新媒体账号均正常更新。', problems: 0 });
  await p.extras.recordDutyCheck(duty, { findings: '发现“人事信息”栏目有一处外链失效，已通知住建局整改。', problems: 1 });
}
