import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, STEP_TIMEOUT, useBrowserSuite, waitForText } from './browser';

/** antd spaces two-character button labels (送 审): match either way. */
const btn = (label: string) => new RegExp(`^\\s*${[...label].join('\\s*')}\\s*$`);

async function openArticle(page: Page, title: string) {
  await page.goto('/disclosure');
  await waitForText(page, '稿件（三审制）');
  await page.getByText(title).first().click();
  await page.locator('.ant-drawer').filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT });
  await settle(page);
}

async function passStep(page: Page, username: string, title: string, step: string, opinion: string, next: string) {
  await login(page, username);
  await openArticle(page, title);
  await waitForText(page, `${step}意见`);
  await page.getByLabel('审核意见').fill(opinion);
  await page.getByRole('button', { name: `${step}通过` }).click();
  await page.getByTestId('article-status').filter({ hasText: next }).waitFor({ timeout: STEP_TIMEOUT });
}

describeBrowser('政务公开: an article through 三审制 onto the public portal; a request on its clock', () => {
  const suite = useBrowserSuite();

  it(
    'an editor drafts, three reviewers pass it, a phone finds it on /gk; a citizen files a request on a phone and the office answers it',
    async () => {
      const title = `审批局开展“政务公开日”活动 ${Date.now() % 100000}`;
      // 1. gkeditor drafts and submits.
      const editor = await suite.newPage();
      await login(editor, 'gkeditor');
      await waitForText(editor, '稿件（三审制）');
      await editor.getByRole('button', { name: '起草稿件' }).click();
      const form = editor.getByTestId('draft-form');
      await form.waitFor();
      await settle(editor);
      await pickOption(editor, form.getByRole('combobox'), '动态要闻');
      await form.getByLabel('标题').fill(title);
      await form.getByLabel('正文（每段一行）').fill('5月15日，审批局在政务服务大厅开展“政务公开日”活动。\n现场解读了《优化营商环境若干措施》，回答群众提问 36 个。');
      await screenshot(editor, 'disclosure-1-editor-draft');
      await editor.getByRole('button', { name: '保存草稿' }).click();
      await editor.getByTestId('article-status').filter({ hasText: '草稿' }).waitFor({ timeout: STEP_TIMEOUT });
      await settle(editor);
      await editor.getByRole('button', { name: btn('送审') }).click();
      await editor.getByTestId('article-status').filter({ hasText: '待初审' }).waitFor({ timeout: STEP_TIMEOUT });
      // the author cannot review: the drafting account sees the 初审 box but the server refuses
      await editor.getByLabel('审核意见').fill('自审');
      await editor.getByRole('button', { name: '初审通过' }).click();
      await waitForText(editor, '不能审核本人起草的稿件');
      await screenshot(editor, 'disclosure-2-self-review-refused');

      // 2. Three reviewers, three accounts.
      const audit = await suite.newPage();
      await passStep(audit, 'gkaudit', title, '初审', '内容属实，无涉密信息', '待复审');
      const check = await suite.newPage();
      await passStep(check, 'gkcheck', title, '复审', '文字规范，同意', '待终审');
      const head = await suite.newPage();
      await passStep(head, 'gkhead', title, '终审', '同意发布', '已发布');
      await waitForText(head, '第1轮 终审 · 冯分管 · 通过：同意发布');
      await screenshot(head, 'disclosure-3-final-review-published');

      // 3. A phone finds it on the public portal, no login.
      const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
      await phone.goto('/gk');
      await waitForText(phone, '公开信息');
      await phone.getByLabel('搜索').fill('政务公开日');
      await phone.getByRole('button', { name: /搜\s*索/ }).click();
      await phone.getByTestId('search-results').getByRole('link', { name: title }).click();
      await phone.getByTestId('article-title').filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(phone, '回答群众提问 36 个');
      await screenshot(phone, 'disclosure-4-portal-article-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      await phone.goto('/gk?tab=policies');
      await phone.getByTestId('policy-card').first().waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(phone, '文字解读');
      await screenshot(phone, 'disclosure-5-portal-policies-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

      // 4. A citizen files a 依申请公开 request on the phone.
      await phone.goto('/gk?tab=request');
      const rf = phone.getByTestId('request-form');
      await rf.waitFor();
      await rf.getByLabel('姓名或单位名称').fill('王建国');
      await rf.getByLabel('身份证号或统一社会信用代码').fill('430582198001011237');
      await rf.getByLabel('联系电话').fill('13807391234');
      await pickOption(phone, rf.getByLabel('向哪个机关申请'), '邵东市行政审批服务局', { search: '审批' });
      await rf.getByLabel('所需信息的名称、文号或便于查询的特征').fill('申请公开2026年政务服务大厅窗口设置及人员配置情况');
      await screenshot(phone, 'disclosure-6-request-form-360');
      await rf.getByRole('button', { name: '提交申请' }).click();
      const codeText = (await phone.getByTestId('request-code').textContent({ timeout: STEP_TIMEOUT })) ?? '';
      const code = /查询码\s*([A-Z0-9]{10})/.exec(codeText)?.[1];
      expect(code, codeText).toBeTruthy();
      await screenshot(phone, 'disclosure-7-request-filed-360');

      // 5. The office answers within the clock; the lookup shows the answer.
      await editor.goto('/disclosure');
      await editor.getByRole('tab', { name: '依申请公开' }).click();
      const row = editor.locator('tr').filter({ hasText: '窗口设置及人员配置情况' }).first();
      await row.getByRole('button', { name: btn('答复') }).click();
      const dlg = editor.getByRole('dialog').filter({ hasText: '答复 YSQ' });
      await dlg.waitFor();
      await settle(editor);
      await pickOption(editor, dlg.getByLabel('答复类型'), '予以公开');
      await dlg.getByLabel('答复内容').fill('现将政务服务大厅窗口设置及人员配置情况随附提供。');
      await dlg.getByRole('button', { name: btn('答复') }).click();
      await row.filter({ hasText: '予以公开' }).waitFor({ timeout: STEP_TIMEOUT });
      await screenshot(editor, 'disclosure-8-office-answered');

      await phone.goto('/gk?tab=request');
      await phone.getByLabel('查询码').fill(code!);
      await phone.getByRole('button', { name: /查\s*询/ }).click();
      const progress = phone.getByTestId('request-progress');
      await progress.waitFor({ timeout: STEP_TIMEOUT });
      await waitForText(progress, '予以公开');
      await waitForText(progress, '未超期');
      await screenshot(phone, 'disclosure-9-lookup-answered-360');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );
});
