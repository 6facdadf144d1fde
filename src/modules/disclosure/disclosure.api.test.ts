import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, dialects, type TestApp } from '../../../test/harness';
import { auditTrailOf } from '../../kernel/audit/audit';
import { computeIdCheckChar } from '../../kernel/validators';

const NOW = '2026-09-28T09:00:00+08:00'; // a Monday, before 中秋/国庆 2026
const ID = (() => {
  const first17 = '43058219800101123';
  return first17 + computeIdCheckChar(first17);
})();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

async function count(t: TestApp, table: string) {
  const r = await t.opened.db.selectFrom(table as 'kernel_audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(dialects)('政务公开 on %s', (dialect) => {
  let t: TestApp;
  let bureau: number;
  let newsCol: number;
  // Sessions expire on the test clock: a token is kept per (account, day) so the clock may jump weeks.
  const tokens = new Map<string, string>();
  const tokenOf = async (as: string) => {
    const key = `${as}@${t.clock.now().toISOString().slice(0, 10)}`;
    if (!tokens.has(key)) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: as, password: 'demo1234' } });
      tokens.set(key, r.json().token);
    }
    return tokens.get(key)!;
  };
  const req = async (method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/v1${url}`, payload, headers: as ? { authorization: `Bearer ${await tokenOf(as)}` } : {} });

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: NOW });
    bureau = (await t.ctx.services.org.byCode('430582-000'))!.id;
    const r = await req('POST', '/disclosure/columns', 'gkeditor', { departmentId: bureau, name: '工作动态', kind: 'news' });
    expect(r.statusCode, r.body).toBe(201);
    newsCol = r.json().id;
  });
  afterAll(async () => t?.close());
  afterEach(() => t.clock.set(NOW));

  const draft = async (title = '审批局召开政务公开推进会', extra: Record<string, unknown> = {}) => {
    const r = await req('POST', '/disclosure/articles', 'gkeditor', { columnId: newsCol, title, bodyHtml: '<p>会议部署了<strong>政务公开</strong>重点工作。</p>', ...extra });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const review = (id: number, as: string, decision: 'pass' | 'reject' = 'pass', opinion = '同意') => req('POST', `/disclosure/articles/${id}/review`, as, { decision, opinion });

  it('publishes only after 初审, 复审 and 终审 by three different accounts, none the author', async () => {
    const id = await draft();
    expect((await req('POST', `/disclosure/articles/${id}/submit`, 'gkeditor')).json().status).toBe('review1');
    const own = await review(id, 'gkeditor');
    expect(own.statusCode).toBe(422);
    expect(own.json().error.message).toContain('本人起草');
    expect((await review(id, 'gkaudit')).json().status).toBe('review2');
    const twice = await review(id, 'gkaudit');
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.code).toBe('REVIEWER_NOT_ALLOWED');
    expect((await review(id, 'gkcheck')).json().status).toBe('review3');
    expect((await t.request({ method: 'GET', url: `/api/v1/gk/articles/${id}` })).statusCode).toBe(404);
    const done = (await review(id, 'gkhead', 'pass', '同意发布')).json();
    expect(done.status).toBe('published');
    expect(done.reviews.map((r: { stepLabel: string; reviewerName: string }) => `${r.stepLabel}:${r.reviewerName}`)).toEqual(['初审:钱初审', '复审:郑复审', '终审:冯分管']);
    const pub = await t.request({ method: 'GET', url: `/api/v1/gk/articles/${id}` });
    expect(pub.json().bodyHtml).toContain('<strong>政务公开</strong>');
    const trail = await auditTrailOf(t.opened.db, 'disclosure_article', id);
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['disclosure.article_drafted', 'disclosure.article_submitted', 'disclosure.article_passed']));
    // a reviewer of another role the route refuses; a citizen cannot review
    expect((await review(id, 'citizen')).statusCode).toBe(403);
  });

  it('rejects back to draft with a reason; the edit is a new version and a new round starts', async () => {
    const id = await draft('关于调整办公时间的通知');
    await req('POST', `/disclosure/articles/${id}/submit`, 'gkeditor');
    expect((await review(id, 'gkaudit', 'reject', '')).statusCode).toBe(422);
    const back = (await review(id, 'gkaudit', 'reject', '时间表述有误')).json();
    expect(back.status).toBe('draft');
    expect(back.rejectReason).toBe('时间表述有误');
    const edited = await req('PUT', `/disclosure/articles/${id}`, 'gkeditor', { title: '关于调整办公时间的通知（修订）', bodyHtml: '<p>自10月8日起调整。</p>' });
    expect(edited.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await req('GET', `/disclosure/articles/${id}/versions/1`, 'gkeditor')).json().title).toBe('关于调整办公时间的通知');
    await req('POST', `/disclosure/articles/${id}/submit`, 'gkeditor');
    // the new round: gkaudit may review again (its earlier decision was in round 1)
    expect((await review(id, 'gkaudit')).json().status).toBe('review2');
  });

  it('refuses a body with script and a forbidden or oversized attachment, writing nothing', async () => {
    const before = await count(t, 'disclosure_articles');
    const bad = await req('POST', '/disclosure/articles', 'gkeditor', { columnId: newsCol, title: 'x', bodyHtml: '<p>hi</p><script>alert(1)</script>' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('BODY_UNSAFE');
    const onclick = await req('POST', '/disclosure/articles', 'gkeditor', { columnId: newsCol, title: 'x', bodyHtml: '<img src="a.png" onerror="alert(1)">' });
    expect(onclick.statusCode).toBe(422);
    expect(await count(t, 'disclosure_articles')).toBe(before);
    const id = await draft('附件测试');
    const exe = await req('POST', `/disclosure/articles/${id}/attachments`, 'gkeditor', { fileName: 'virus.exe', contentBase64: Buffer.from('MZ...').toString('base64') });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('UPLOAD_TYPE_NOT_ALLOWED');
    const fake = await req('POST', `/disclosure/articles/${id}/attachments`, 'gkeditor', { fileName: 'report.pdf', contentBase64: Buffer.from('<html>not a pdf</html>').toString('base64') });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('UPLOAD_TYPE_MISMATCH');
    expect(fake.json().error.message).toContain('不是声称的 PDF');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-1.4');
    const over = await req('POST', `/disclosure/articles/${id}/attachments`, 'gkeditor', { fileName: 'big.pdf', contentBase64: big.toString('base64') });
    expect(over.statusCode).toBe(413);
    expect(await count(t, 'disclosure_attachments')).toBe(0);
    const ok = await req('POST', `/disclosure/articles/${id}/attachments`, 'gkeditor', { fileName: '通知.pdf', contentBase64: PDF });
    expect(ok.statusCode, ok.body).toBe(201);
    // not public before publication; staff of the site can read it with its content type
    expect((await t.request({ method: 'GET', url: `/api/v1/disclosure/attachments/${ok.json().id}` })).statusCode).toBe(404);
    const file = await req('GET', `/disclosure/attachments/${ok.json().id}`, 'gkeditor');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('publishes a scheduled article when its time comes, and a withdrawn page says why', async () => {
    const id = await draft('关于国庆假期服务安排的公告', { scheduledAt: '2026-09-29T08:00:00+08:00' });
    await req('POST', `/disclosure/articles/${id}/submit`, 'gkeditor');
    for (const who of ['gkaudit', 'gkcheck']) await review(id, who);
    expect((await review(id, 'gkhead')).json().status).toBe('scheduled');
    expect(await t.ctx.services.disclosure.articles.publishDue()).toEqual({ published: 0 });
    t.clock.set('2026-09-29T08:00:00+08:00');
    expect(await t.ctx.services.disclosure.articles.publishDue()).toEqual({ published: 1 });
    expect((await t.request({ method: 'GET', url: `/api/v1/gk/articles/${id}` })).json().publishedOn).toBe('2026-09-29');
    expect((await req('POST', `/disclosure/articles/${id}/withdraw`, 'gkeditor', { reason: '' })).statusCode).toBe(422);
    await req('POST', `/disclosure/articles/${id}/withdraw`, 'gkeditor', { reason: '安排有变，另行通知' });
    const page = (await t.request({ method: 'GET', url: `/api/v1/gk/articles/${id}` })).json();
    expect(page).toMatchObject({ withdrawn: true, withdrawReason: '安排有变，另行通知', bodyHtml: null });
    t.clock.set(NOW);
  });

  it('finds published articles and policies by Chinese search, not drafts', async () => {
    await draft('草稿里的营商环境不应被检索到');
    const pol = await req('POST', '/disclosure/policies', 'gkeditor', { departmentId: bureau, docNo: '邵政发〔2026〕3号', title: '邵东市优化营商环境若干措施', issuer: '邵东市人民政府', issuedOn: '2026-09-01', body: '为持续优化营商环境……' });
    expect(pol.statusCode, pol.body).toBe(201);
    const res = (await t.request({ method: 'GET', url: `/api/v1/gk/search?q=${encodeURIComponent('营商环境')}` })).json();
    expect(res.policies.map((p: { docNo: string }) => p.docNo)).toEqual(['邵政发〔2026〕3号']);
    expect(res.articles.some((a: { title: string }) => a.title.includes('草稿'))).toBe(false);
    const hit = (await t.request({ method: 'GET', url: `/api/v1/gk/search?q=${encodeURIComponent('政务公开推进')}` })).json();
    expect(hit.articles.map((a: { title: string }) => a.title)).toContain('审批局召开政务公开推进会');
    const interp = await req('POST', `/disclosure/policies/${pol.json().id}/interpretations`, 'gkeditor', { kind: 'video', title: '视频解读', content: '……' });
    expect(interp.statusCode).toBe(422);
    await req('POST', `/disclosure/policies/${pol.json().id}/interpretations`, 'gkeditor', { kind: 'text', title: '《若干措施》解读', content: '主要内容……' });
    const side = (await t.request({ method: 'GET', url: '/api/v1/gk/policies' })).json();
    expect(side[0].interpretations.map((i: { kindLabel: string }) => i.kindLabel)).toEqual(['文字解读']);
  });

  it('依申请公开: 20 working days across 国庆 2026, the 补正 stop, one extension, and the answer rules', async () => {
    const bad = await t.request({ method: 'POST', url: '/api/v1/gk/requests', payload: { applicantKind: 'person', applicantName: '王建国', idNumber: ID, phone: '13807391234', description: '  ', delivery: 'email', departmentId: bureau } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('DESCRIPTION_REQUIRED');
    const badId = await t.request({ method: 'POST', url: '/api/v1/gk/requests', payload: { applicantKind: 'person', applicantName: '王建国', idNumber: '430582198001011230', phone: '13807391234', description: 'x', delivery: 'email', departmentId: bureau } });
    expect(badId.statusCode).toBe(422);
    expect(await count(t, 'disclosure_requests')).toBe(0);
    const filed = await t.request({ method: 'POST', url: '/api/v1/gk/requests', payload: { applicantKind: 'person', applicantName: '王建国', idNumber: ID, phone: '13807391234', description: '申请公开2025年度政务服务大厅窗口设置情况', delivery: 'email', departmentId: bureau } });
    expect(filed.statusCode, filed.body).toBe(201);
    // received Mon 28 Sep; 9/29, 9/30, then 国庆 (10/1–10/7) off, 10/10 a make-up workday: the 20th working day is 30 Oct
    expect(filed.json()).toMatchObject({ receivedOn: '2026-09-28', dueOn: '2026-10-30' });
    const { id } = filed.json();
    const code = filed.json().queryCode;
    const lookup = (await t.request({ method: 'GET', url: `/api/v1/gk/requests/${code.toLowerCase()}` })).json();
    expect(lookup.clockText).toContain('20 个工作日');
    expect(lookup.clockText).toContain('国庆节');
    expect(lookup.idNumber).toBeUndefined();

    // 补正 on Wed 30 Sep (2 working days in); the supplement arrives Mon 12 Oct: 9/30, 10/8, 10/9, 10/10 stand still
    t.clock.set('2026-09-30T10:00:00+08:00');
    const corr = (await req('POST', `/disclosure/requests/${id}/correction`, 'gkeditor', { note: '请补充所需信息的形成时间' })).json();
    expect(corr.status).toBe('correcting');
    expect((await req('POST', `/disclosure/requests/${id}/answer`, 'gkeditor', { type: 'disclose', text: '...' })).statusCode).toBe(409);
    t.clock.set('2026-10-12T09:00:00+08:00');
    const resumed = (await req('POST', `/disclosure/requests/${id}/corrected`, 'gkeditor')).json();
    expect(resumed).toMatchObject({ status: 'received', suspendedWorkdays: 4, dueOn: '2026-11-05' });
    expect(resumed.clockText).toContain('不计入答复期限');
    expect((await req('POST', `/disclosure/requests/${id}/correction`, 'gkeditor', { note: '再补' })).statusCode).toBe(409);

    // extension: at most 20, the approver named, once
    expect((await req('POST', `/disclosure/requests/${id}/extend`, 'gkeditor', { days: 21, approver: '李局长', reason: '需征求第三方意见' })).statusCode).toBe(422);
    expect((await req('POST', `/disclosure/requests/${id}/extend`, 'gkeditor', { days: 10, approver: ' ', reason: '需征求第三方意见' })).statusCode).toBe(422);
    const ext = (await req('POST', `/disclosure/requests/${id}/extend`, 'gkeditor', { days: 10, approver: '李局长', reason: '需征求第三方意见' })).json();
    expect(ext.dueOn).toBe('2026-11-19');
    expect(ext.extension).toMatchObject({ days: 10, approver: '李局长' });
    expect((await req('POST', `/disclosure/requests/${id}/extend`, 'gkeditor', { days: 5, approver: '李局长', reason: 'x' })).statusCode).toBe(409);

    // 不予公开 needs its legal ground
    const noGround = await req('POST', `/disclosure/requests/${id}/answer`, 'gkeditor', { type: 'refuse', text: '经审查不予公开' });
    expect(noGround.statusCode).toBe(422);
    expect(noGround.json().error.code).toBe('LEGAL_GROUND_REQUIRED');
    t.clock.set('2026-10-20T09:00:00+08:00');
    const answered = (await req('POST', `/disclosure/requests/${id}/answer`, 'gkeditor', { type: 'disclose', text: '现将窗口设置情况提供如下' })).json();
    expect(answered).toMatchObject({ status: 'answered', overdue: false, answer: { typeLabel: '予以公开', answeredOn: '2026-10-20' } });
    const year = (await req('GET', '/disclosure/requests-yearly?year=2026', 'leader')).json();
    expect(year).toMatchObject({ received: 1, answeredTotal: 1, carriedOut: 0 });
    const kpis = (await req('GET', '/disclosure/figures?from=2026-01-01&to=2026-12-31', 'leader')).json();
    expect(kpis['disclosure.requestOnTimeRate']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    t.clock.set(NOW);
  });

  it('flags a late request with a red card and stale or empty columns with yellow cards for the owner', async () => {
    const filed = await t.request({ method: 'POST', url: '/api/v1/gk/requests', payload: { applicantKind: 'org', applicantName: '邵东市某建材有限公司', idNumber: '91430582MA4L0000X1', phone: '13807391234', description: 'x', delivery: 'post', departmentId: bureau } });
    // the organisation code is checked too
    expect(filed.statusCode).toBe(422);
    const ok = await t.request({ method: 'POST', url: '/api/v1/gk/requests', payload: { applicantKind: 'person', applicantName: '刘芳', idNumber: ID, phone: '0739-2681234', description: '申请公开某路段拓宽工程的征收补偿方案', delivery: 'pickup', departmentId: bureau } });
    expect(ok.json().dueOn).toBe('2026-10-30');
    const empty = await req('POST', '/disclosure/columns', 'gkeditor', { departmentId: bureau, name: '人事信息', kind: 'personnel' });
    t.clock.set('2026-11-02T09:00:00+08:00');
    await t.ctx.services.supervision.sweep();
    const cards = (await req('GET', '/supervision/cards?pageSize=100', 'supervisor')).json().items as Array<{ rule: string; subjectId: string; color: string; departmentId: number; ruleLabel: string }>;
    const mine = cards.filter((c) => c.rule.startsWith('disclosure_'));
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'disclosure_request_late', color: 'red', subjectId: String(ok.json().id), departmentId: bureau, ruleLabel: '依申请公开超期未答复' }),
        expect.objectContaining({ rule: 'disclosure_column_stale', color: 'yellow', subjectId: String(empty.json().id) }),
      ]),
    );
    // 工作动态 was last updated 29 Sep (the scheduled notice) and 28 Sep: 34 days > 14 by 2 Nov
    expect(mine.some((c) => c.rule === 'disclosure_column_stale' && c.subjectId === String(newsCol))).toBe(true);
    const kpis = (await req('GET', '/disclosure/figures?from=2026-01-01&to=2026-11-02', 'leader')).json();
    expect(kpis['disclosure.staleColumns'].numerator).toBeGreaterThanOrEqual(2);
    t.clock.set(NOW);
  });

  it('gives the staff pages the flags they show: a stale column, a policy past its interpretation day, the attachment limits', async () => {
    const pol = await req('POST', '/disclosure/policies', 'gkeditor', { departmentId: bureau, docNo: '邵审批发〔2026〕9号', title: '关于推行告知承诺制的实施意见', issuer: '邵东市行政审批服务局', issuedOn: '2026-09-01', body: '为深化“放管服”改革……' });
    expect(pol.statusCode, pol.body).toBe(201);
    const empty = await req('POST', '/disclosure/columns', 'gkeditor', { departmentId: bureau, name: '财政预决算', kind: 'budget' });
    const staff = async () => (await req('GET', '/disclosure/policies', 'gkeditor')).json() as Array<{ id: number; interpretationDueOn: string; uninterpreted: boolean }>;
    // 10 working days after 1 Sep 2026 (a Tuesday) is 15 Sep; on 28 Sep it is past due
    expect((await staff()).find((p) => p.id === pol.json().id)).toMatchObject({ interpretationDueOn: '2026-09-15', uninterpreted: true });
    const cols = (await req('GET', '/disclosure/columns', 'gkeditor')).json() as Array<{ id: number; stale: string | null }>;
    expect(cols.find((c) => c.id === empty.json().id)?.stale).toBe('empty');
    await req('POST', `/disclosure/policies/${pol.json().id}/interpretations`, 'gkeditor', { kind: 'graphic', title: '一图读懂告知承诺制', content: '图解……' });
    expect((await staff()).find((p) => p.id === pol.json().id)?.uninterpreted).toBe(false);
    const meta = (await t.request({ method: 'GET', url: '/api/v1/disclosure/meta' })).json();
    expect(meta.attachments.maxBytes).toBe(10 * 1024 * 1024);
    expect(meta.attachments.types.map((x: { ext: string[] }) => x.ext).flat()).toEqual(expect.arrayContaining(['pdf', 'png', 'jpg', 'docx', 'xlsx']));
  });

  it('lists 读网 checks newest first, with who recorded them, also when two share an instant', async () => {
    for (const findings of ['首页链接正常', '“办事服务”栏目 1 处链接失效']) {
      const r = await req('POST', '/disclosure/duty-checks', 'gkeditor', { findings, problems: findings.includes('失效') ? 1 : 0 });
      expect(r.statusCode, r.body).toBe(201);
    }
    const list = (await req('GET', '/disclosure/duty-checks', 'gkeditor')).json() as Array<{ findings: string; checkedBy: string; problems: number }>;
    expect(list.slice(0, 2).map((c) => c.findings)).toEqual(['“办事服务”栏目 1 处链接失效', '首页链接正常']);
    expect(list[0]).toMatchObject({ checkedBy: '孙信息', problems: 1 });
  });

  it('takes opinions while a consultation is open, masks contacts, and refuses them after it closes', async () => {
    const c = await req('POST', '/disclosure/consultations', 'gkeditor', { departmentId: bureau, title: '大厅管理制度征求意见', body: '征求意见稿……', questions: ['总体意见？'], opensOn: '2026-09-20', closesOn: '2026-09-30' });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const op = await t.request({ method: 'POST', url: `/api/v1/gk/consultations/${id}/opinions`, payload: { content: '建议增设周末窗口', contactName: '李明', contactPhone: '13807390001' } });
    expect(op.statusCode, op.body).toBe(201);
    const list = (await req('GET', `/disclosure/consultations/${id}/opinions`, 'gkeditor')).json();
    expect(list[0]).toMatchObject({ contactPhone: '138****0001' });
    expect((await req('POST', `/disclosure/consultations/${id}/feedback`, 'gkeditor', { feedback: '采纳 1 条' })).statusCode).toBe(409);
    t.clock.set('2026-10-08T09:00:00+08:00');
    const late = await t.request({ method: 'POST', url: `/api/v1/gk/consultations/${id}/opinions`, payload: { content: '迟到的意见' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('已于 2026-09-30 截止');
    expect((await req('POST', `/disclosure/consultations/${id}/feedback`, 'gkeditor', { feedback: '共收到意见 1 条，采纳 1 条。' })).statusCode).toBe(200);
    const kpis = (await req('GET', '/disclosure/figures?from=2026-01-01&to=2026-12-31', 'leader')).json();
    expect(kpis['disclosure.consultations'].numerator).toBe(1);
    expect(kpis['disclosure.opinions'].numerator).toBe(1);
    t.clock.set(NOW);
  });

  it('keeps another department out of the bureau site', async () => {
    const zj = (await t.ctx.services.org.byName('住建局'))!.id;
    await t.ctx.auth.createUser({ kind: 'system', id: null, username: 'system:test', name: '系统', roles: [], departmentId: null }, { username: 'gkzj', name: '住建信息员', password: 'demo1234', roles: ['publisher'], departmentId: zj, isDemo: true });
    const r = await req('POST', '/disclosure/articles', 'gkzj', { columnId: newsCol, title: 'x', bodyHtml: '<p>x</p>' });
    expect(r.statusCode).toBe(403);
    expect((await req('GET', '/disclosure/articles', 'gkzj')).json().total).toBe(0);
  });
});

describe.each(dialects)('政务公开 demo seed on %s', (dialect) => {
  it('fills sites, every article state, policies, consultations and requests in every clock state', async () => {
    const t = await buildTestApp({ dialect, seed: ['org', 'disclosure'] });
    try {
      const states = await sql<{ status: string }>`select distinct status from disclosure_articles`.execute(t.opened.db);
      expect(states.rows.map((s) => s.status).sort()).toEqual(['draft', 'published', 'review1', 'review2', 'review3', 'scheduled', 'withdrawn']);
      const sites = (await t.request({ method: 'GET', url: '/api/v1/gk/sites' })).json();
      expect(sites.length).toBeGreaterThanOrEqual(10);
      const reqs = (await t.request({ method: 'GET', url: '/api/v1/disclosure/requests?pageSize=100', as: 'gkeditor' })).json().items as Array<{ status: string; overdue: boolean; correction: unknown; extension: unknown }>;
      expect(new Set(reqs.map((r) => r.status))).toEqual(new Set(['received', 'correcting', 'answered']));
      expect(reqs.some((r) => r.overdue && r.status === 'received')).toBe(true);
      expect(reqs.some((r) => r.extension)).toBe(true);
      const kpis = (await t.request({ method: 'GET', url: '/api/v1/disclosure/figures?from=2026-01-01&to=2026-09-30', as: 'leader' })).json();
      expect(kpis['disclosure.published'].numerator).toBeGreaterThan(100);
      expect(kpis['disclosure.newMediaAccounts'].numerator).toBe(22);
    } finally {
      await t.close();
    }
  }, 120_000);
});
