import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, STEP_TIMEOUT, useBrowserSuite, waitForApi, waitForText } from './browser';

/** antd spaces two-character button labels (送 审): match either way. */
const btn = (label: string) => new RegExp(`^\\s*${[...label].join('\\s*')}\\s*$`);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const YEAR = '/api/v1/disclosure/figures?from=2026-01-01&to=2026-12-31';

type Kpi = { numerator: number; denominator: number };
async function kpis(page: Page): Promise<Record<string, Kpi>> {
  const res = await page.request.get(YEAR, { timeout: STEP_TIMEOUT });
  expect(res.status()).toBe(200);
  return (await res.json()) as Record<string, Kpi>;
}

/** Opens the desk (signed in) and waits until the article list has rows: the page is loaded, not just its frame. */
const TAB_LABELS: Record<string, string> = { articles: '稿件（三审制）', requests: '依申请公开', policies: '政策文件与解读', consultations: '征集调查', columns: '栏目', media: '新媒体与读网' };
async function openDesk(page: Page, tab = 'articles') {
  await page.goto(tab === 'articles' ? '/disclosure' : `/disclosure?tab=${tab}`);
  await page.locator('.ant-tabs-tab-active').filter({ hasText: TAB_LABELS[tab] }).waitFor({ timeout: STEP_TIMEOUT });
  await page.locator('.ant-table-row').first().waitFor({ timeout: STEP_TIMEOUT });
}

/** A reviewer opens their queue (待初审 …) and the article in it. */
async function openFromQueue(page: Page, queue: string, title: string) {
  await openDesk(page);
  await page.locator('.ant-segmented-item').filter({ hasText: queue }).click();
  await page.locator('.ant-table-row').filter({ hasText: title }).click();
  await page.locator('.ant-drawer').filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT });
  await settle(page);
}

async function passStep(page: Page, username: string, title: string, step: string, opinion: string, next: string) {
  await login(page, username);
  await openFromQueue(page, `待${step}`, title);
  await waitForText(page, `${step}意见`);
  await page.getByLabel('审核意见').fill(opinion);
  await page.getByRole('button', { name: `${step}通过` }).click();
  await page.getByTestId('article-status').filter({ hasText: next }).waitFor({ timeout: STEP_TIMEOUT });
}

describeBrowser('政务公开: an article through 三审制 onto the public portal; a request on its clock', () => {
  const suite = useBrowserSuite();

  it(
    // (kept short: the failure screenshots are named after the test, cut at 120 characters, one per page)
    'drafted in the page with a PDF, passed by three reviewers, read on /gk at 360 px; a phone request answered on its clock; KPIs move',
    async () => {
      const title = `审批局开展“政务公开日”活动 ${Date.now() % 100000}`;
      // 1. gkeditor drafts in the page. The desk is waited for by its rows (the lists loaded), and the
      // dialog by its settled animation, before anything is typed: under load the first page of a fresh
      // browser is the slowest, and typing into a dialog still zooming in loses keystrokes.
      const editor = await suite.newPage();
      await login(editor, 'gkeditor');
      await openDesk(editor);
      const before = await kpis(editor);
      await editor.getByRole('button', { name: '起草稿件' }).click();
      const form = editor.getByTestId('draft-form');
      await form.waitFor();
      await settle(editor);
      await pickOption(editor, form.getByRole('combobox').first(), '动态要闻');
      await form.getByLabel('标题').fill(title);
      await form.getByLabel('正文').fill('5月15日，审批局在政务服务大厅开展“政务公开日”活动。\n## 活动内容\n- 现场解读了《优化营商环境若干措施》\n- 回答群众提问 36 个');
      await form.getByText('预览').waitFor();
      await screenshot(editor, 'disclosure-1-editor-draft');
      await editor.getByRole('button', { name: '保存草稿' }).click();
      await editor.getByTestId('article-status').filter({ hasText: '草稿' }).waitFor({ timeout: STEP_TIMEOUT });
      await settle(editor);

      // ... edits it (a second version) and attaches a PDF
      await editor.getByRole('button', { name: '修改草稿' }).click();
      const edit = editor.getByTestId('draft-form');
      await edit.getByLabel('正文').waitFor();
      await settle(editor);
      const body = await edit.getByLabel('正文').inputValue();
      expect(body).toContain('## 活动内容');
      await edit.getByLabel('正文').fill(`${body}\n活动共发放政策汇编 **200 册**。`);
      await editor.getByRole('button', { name: '保存草稿' }).click();
      await waitForText(editor, '第 2 版（共 2 版留存）');
      await editor.getByLabel('选择附件').setInputFiles({ name: '活动通知.pdf', mimeType: 'application/pdf', buffer: PDF });
      await editor.getByTestId('attachments').getByRole('link', { name: '活动通知.pdf' }).waitFor({ timeout: STEP_TIMEOUT });
      // a forbidden type is refused with the limits in words, nothing stored
      await editor.getByLabel('选择附件').setInputFiles({ name: 'run.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
      await waitForText(editor, '不支持 .exe 文件');
      await screenshot(editor, 'disclosure-2-draft-edited-with-attachment');
      await editor.getByRole('button', { name: btn('送审') }).click();
      await editor.getByTestId('article-status').filter({ hasText: '待初审' }).waitFor({ timeout: STEP_TIMEOUT });
      // the author is told they cannot review their own draft (the server refuses it too: API tests)
      await editor.getByTestId('review-blocked').filter({ hasText: '本人起草' }).waitFor();

      // 2. Three reviewers, three accounts, each in their queue.
      const audit = await suite.newPage();
      await passStep(audit, 'gkaudit', title, '初审', '内容属实，无涉密信息', '待复审');
      const check = await suite.newPage();
      await passStep(check, 'gkcheck', title, '复审', '文字规范，同意', '待终审');
      const head = await suite.newPage();
      await passStep(head, 'gkhead', title, '终审', '同意发布', '已发布');
      await waitForText(head, '第1轮 终审 · 冯分管 · 通过：同意发布');
      await screenshot(head, 'disclosure-3-final-review-published');

      // 3. The editor links an interpretation to the policy flagged for having none.
      await openDesk(editor, 'policies');
      const flagged = editor.locator('.ant-table-row').filter({ hasText: '邵东市政务公开工作要点' });
      await flagged.filter({ hasText: '无解读' }).waitFor();
      await screenshot(editor, 'disclosure-4-policies-flagged');
      await flagged.getByRole('button', { name: '添加解读' }).click();
      const interp = editor.getByTestId('interpretation-form');
      await interp.waitFor();
      await settle(editor);
      await interp.getByLabel('解读标题').fill('图解《邵东市政务公开工作要点》');
      await interp.getByLabel('解读内容').fill('今年政务公开聚焦五个方面：政策解读、依申请公开、政务新媒体……');
      await editor.getByRole('button', { name: '发布解读' }).click();
      await flagged.filter({ hasText: '图解《邵东市政务公开工作要点》' }).waitFor({ timeout: STEP_TIMEOUT });

      // 4. A phone finds the article (and its attachment) and the interpretation on the public portal, no login.
      const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
      await phone.goto('/gk');
      await waitForText(phone, '公开信息');
      await phone.getByLabel('搜索').fill('政务公开日');
      await phone.getByRole('button', { name: /搜\s*索/ }).click();
      await phone.getByTestId('search-results').getByRole('link', { name: title }).click();
      await phone.getByTestId('article-title').filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(phone, '回答群众提问 36 个');
      await waitForText(phone, '活动通知.pdf');
      await screenshot(phone, 'disclosure-5-portal-article-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await phone.goto('/gk?tab=policies');
      const card = phone.getByTestId('policy-card').filter({ hasText: '邵东市政务公开工作要点' });
      await card.waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(card, '图解《邵东市政务公开工作要点》');
      await card.scrollIntoViewIfNeeded();
      await screenshot(phone, 'disclosure-6-portal-policies-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

      // 5. A citizen files a 依申请公开 request on the phone.
      await phone.goto('/gk?tab=request');
      const rf = phone.getByTestId('request-form');
      await rf.waitFor();
      await rf.getByLabel('姓名或单位名称').fill('王建国');
      await rf.getByLabel('身份证号或统一社会信用代码').fill('430582198001011237');
      await rf.getByLabel('联系电话').fill('13807391234');
      await pickOption(phone, rf.getByLabel('向哪个机关申请'), '邵东市行政审批服务局', { search: '审批' });
      await rf.getByLabel('所需信息的名称、文号或便于查询的特征').fill('申请公开2026年政务服务大厅窗口设置及人员配置情况');
      await screenshot(phone, 'disclosure-7-request-form-360');
      await rf.getByRole('button', { name: '提交申请' }).click();
      const codeText = (await phone.getByTestId('request-code').textContent({ timeout: STEP_TIMEOUT })) ?? '';
      const code = /查询码\s*([A-Z0-9]{10})/.exec(codeText)?.[1];
      expect(code, codeText).toBeTruthy();

      // 6. The office opens it on its clock and answers within it.
      await openDesk(editor, 'requests');
      await editor.locator('.ant-table-row').filter({ hasText: '窗口设置及人员配置情况' }).first().getByRole('button', { name: btn('办理') }).click();
      const drawer = editor.locator('.ant-drawer').filter({ hasText: '窗口设置及人员配置情况' });
      await drawer.getByTestId('request-clock').filter({ hasText: '20 个工作日' }).waitFor();
      await settle(editor);
      await screenshot(editor, 'disclosure-8-request-clock');
      await drawer.getByRole('button', { name: btn('答复') }).click();
      const dlg = editor.getByRole('dialog').filter({ hasText: '答复 YSQ' });
      await dlg.waitFor();
      await settle(editor);
      await pickOption(editor, dlg.getByLabel('答复类型'), '予以公开');
      await dlg.getByLabel('答复内容').fill('现将政务服务大厅窗口设置及人员配置情况随附提供。');
      await dlg.getByRole('button', { name: btn('答复') }).click();
      await drawer.getByTestId('request-clock').filter({ hasText: '按时答复' }).waitFor({ timeout: STEP_TIMEOUT });
      await drawer.getByTestId('request-answer').filter({ hasText: '予以公开' }).waitFor();
      await screenshot(editor, 'disclosure-9-office-answered');

      await phone.goto('/gk?tab=request');
      await phone.getByLabel('查询码').fill(code!);
      await phone.getByRole('button', { name: /查\s*询/ }).click();
      const progress = phone.getByTestId('request-progress');
      await progress.waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(progress, '予以公开');
      await waitForText(progress, '未超期');
      await screenshot(phone, 'disclosure-10-lookup-answered-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

      // 7. The KPIs moved: one more article published, one more interpretation, one more on-time answer.
      await waitForApi<Record<string, Kpi>>(editor, YEAR, (k) => k['disclosure.requestOnTimeRate'].denominator, before['disclosure.requestOnTimeRate'].denominator + 1);
      const after = await kpis(editor);
      expect(after['disclosure.published'].numerator).toBe(before['disclosure.published'].numerator + 1);
      expect(after['disclosure.interpretations'].numerator).toBe(before['disclosure.interpretations'].numerator + 1);
      expect(after['disclosure.requestOnTimeRate'].numerator).toBe(before['disclosure.requestOnTimeRate'].numerator + 1);
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );

  it('columns with their flags, 采纳情况 after a consultation closed, a 读网 check recorded', async () => {
    const page = await suite.newPage();
    await login(page, 'gkeditor');
    await openDesk(page, 'columns');
    await page.getByTestId('site-columns').first().waitFor();
    await screenshot(page, 'disclosure-11-columns');

    // the seeded consultation that closed without feedback: opinions with masked contacts, then the 采纳情况
    await openDesk(page, 'consultations');
    await page.locator('.ant-table-row').filter({ hasText: '已截止，待反馈' }).first().click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '采纳情况反馈' });
    await drawer.getByTestId('opinions').filter({ hasText: '李*' }).waitFor();
    expect(await drawer.getByTestId('opinions').textContent()).not.toContain('13807390001');
    await settle(page);
    await drawer.getByLabel('采纳情况').fill('共收到意见 2 条，采纳 1 条：延长周六服务时间的建议已采纳；未采纳的 1 条超出本办法调整范围。');
    await drawer.getByRole('button', { name: '发布采纳情况' }).click();
    await drawer.getByTestId('feedback-card').filter({ hasText: '已于' }).waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'disclosure-12-consultation-feedback');

    // 读网 duty: the check is recorded with who and what
    await openDesk(page, 'media');
    const duty = page.getByTestId('duty-card');
    await duty.getByLabel('检查情况').fill('检查审批局网站各栏目及 3 个政务新媒体账号，发现“办事服务”栏目 1 处链接失效。');
    await duty.getByLabel('问题数').fill('1');
    await duty.getByRole('button', { name: '记录本次检查' }).click();
    // newest first, with who recorded it
    await duty.locator('.ant-table-row').first().filter({ hasText: '1 处链接失效' }).filter({ hasText: '孙信息' }).waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'disclosure-13-new-media-duty');
    expect(suite.problems).toEqual([]);
  });
});
