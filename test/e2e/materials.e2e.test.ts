import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { describeBrowser, fileSafe, JOURNEY_TIMEOUT, login, SCREENSHOT_DIR, pickOption, screenshot, settle, useBrowserSuite, waitForApi, waitForText } from './browser';
import { computeIdCheckChar } from '../../src/kernel/validators';
import { SAMPLE_FILES } from '../../src/kernel/validators/upload-sniff.test-support';

const ID = `43058219900312002${computeIdCheckChar('43058219900312002')}`;
const ITEM = '食品经营许可（餐饮服务）新办';

/** Clicks an action of the case page, fills its dialog and waits for the status in the API, then on the page. */
async function act(page: Page, caseNo: string, button: RegExp, status: string, fill?: () => Promise<void>) {
  await page.getByTestId('case-actions').getByRole('button', { name: button }).click();
  const d = page.getByRole('dialog');
  await d.waitFor({ state: 'visible' });
  await settle(page);
  if (fill) await fill();
  await d.getByRole('button', { name: /确\s*定/ }).click();
  await d.waitFor({ state: 'hidden' }).catch(async (e: unknown) => {
    throw new Error(`${button}: the dialog stayed open: ${await d.innerText().catch(() => '?')}`, { cause: e });
  });
  await waitForApi(page, `/api/v1/cases/${encodeURIComponent(caseNo)}`, (c: { statusLabel: string }) => c.statusLabel, status);
  await page.getByTestId('case-status').filter({ hasText: status }).waitFor();
}

/**
 * A screenshot of what the viewport shows, for open dialogs: a full-page screenshot resizes the viewport
 * and shows the page behind the dialog (a resize no longer remounts the layout: admin-config.e2e.test.ts).
 */
async function viewportShot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${fileSafe(name)}.png`), animations: 'disabled' });
}

const pdf = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: SAMPLE_FILES.pdf(text) });

describeBrowser('电子材料: apply online with uploads → 补正 of one material → 材料已补齐 → the reviewer opens the file', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog'] });

  it('a citizen on a 390 px phone uploads, supplements a new version on request, and the reviewer reads it in the case', async () => {
    suite.server.clock.set('2026-11-30T09:30:00+08:00');
    // --- the citizen applies online, with a file for each material ---
    let phone = await suite.newPage({ viewport: { width: 390, height: 844 }, now: '2026-11-30T09:30:00+08:00' });
    await login(phone, 'citizen');
    await phone.goto('/my/apply');
    await pickOption(phone, phone.getByTestId('item-search'), phone.locator('.ant-select-item-option', { hasText: ITEM }), {
      search: '食品经营许可',
      took: phone.getByRole('alert').filter({ hasText: ITEM }),
    });
    await phone.getByLabel('身份证号').fill(ID);
    await phone.getByRole('button', { name: /下一步/ }).click();
    const rows = phone.getByTestId('apply-material');
    await rows.first().waitFor();
    // Materials served by the e-license library are shown as provided: nothing to upload there.
    expect(await phone.getByText('电子证照自动调取，无需上传').count()).toBeGreaterThan(0);
    const names: string[] = [];
    for (const row of await rows.all()) {
      if ((await row.getByTestId('apply-material-input').count()) === 0) continue;
      const name = (await row.getAttribute('data-material'))!;
      names.push(name);
      await row.getByTestId('apply-material-input').setInputFiles(pdf(`${name}.pdf`, name));
      await row.getByText(`${name}.pdf`).waitFor();
    }
    expect(names.length).toBeGreaterThan(0);
    await waitForText(phone, '单个文件不超过 10 MB');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'materials-citizen-apply-uploads-phone');
    await phone.getByTestId('submit-case').click();
    await phone.getByTestId('receipt').waitFor();
    const caseNo = (await phone.getByTestId('receipt-case-no').textContent())!.trim();
    await waitForApi(phone, `/api/v1/cases/${encodeURIComponent(caseNo)}/materials`, (m: { missing: string[] }) => m.missing.length, 0);
    await waitForText(phone, '申请已提交');
    expect(await phone.getByText('继续收件').count()).toBe(0);
    await screenshot(phone, 'materials-citizen-submitted-phone');

    // --- the clerk asks for one material again (补正) ---
    const asked = names[names.length - 1];
    let desk = await suite.newPage();
    await login(desk, 'clerk');
    await desk.goto(`/cases/${caseNo}`);
    await desk.getByTestId('material-file-link').first().waitFor();
    await act(desk, caseNo, /一次性告知补正/, '待补正', async () => {
      // Every material handed in is ticked; unticking one names it in the 补正 notice.
      await desk.getByRole('dialog').getByRole('checkbox', { name: new RegExp(`^${asked}`) }).uncheck();
      await viewportShot(desk, 'materials-clerk-correction-dialog');
    });
    await desk.context().close();

    // --- the citizen uploads a new version of that one material; 材料已补齐 then succeeds ---
    await phone.goto(`/cases/${caseNo}`);
    const row = phone.locator(`[data-testid="material-row"][data-material="${asked}"]`);
    await row.getByText('需补正').waitFor();
    await screenshot(phone, 'materials-citizen-correction-asked-phone');
    await row.getByTestId('material-input').setInputFiles(pdf(`${asked}-清晰版.pdf`, `${asked} 清晰版`));
    await row.getByTestId('material-history').waitFor();
    await row.getByText(`${asked}-清晰版.pdf`).waitFor();
    await act(phone, caseNo, /材料已补齐/, '已提交待受理');
    const files = await phone.request.get(`/api/v1/cases/${encodeURIComponent(caseNo)}/materials`);
    const plan = ((await files.json()) as { materials: Array<{ name: string; files: Array<{ version: number; current: boolean }> }> }).materials.find((m) => m.name === asked)!;
    expect(plan.files.map((f) => [f.version, f.current])).toEqual([[2, true], [1, false]]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'materials-citizen-supplemented-phone');
    await phone.context().close();

    // --- the clerk accepts; the reviewer finds it on the to-do list and opens the file inside the case ---
    desk = await suite.newPage();
    await login(desk, 'clerk');
    await desk.goto(`/cases/${caseNo}`);
    await act(desk, caseNo, /^受\s*理$/, '已受理办理中');
    await desk.context().close();

    const reviewer = await suite.newPage();
    await login(reviewer, 'reviewer');
    const todo = reviewer.getByTestId('review-todo');
    await todo.getByText(caseNo).waitFor();
    await screenshot(reviewer, 'materials-reviewer-todo');
    await todo.getByTestId('review-todo-row').filter({ hasText: caseNo }).getByRole('link', { name: /审\s*查/ }).click();
    const link = reviewer.locator(`[data-testid="material-row"][data-material="${asked}"]`).getByTestId('material-file-link').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    const opened = await reviewer.request.get(href);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect((await opened.body()).toString('utf8')).toContain(`${asked} 清晰版`);
    // The file opens in a tab of its own (inline, its real type).
    const [tab] = await Promise.all([reviewer.context().waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toContain(href);
    await tab.close();

    await reviewer.getByTestId('case-actions').getByRole('button', { name: /准予许可/ }).click();
    const d = reviewer.getByRole('dialog');
    await d.getByTestId('material-file-link').first().waitFor();
    await d.getByTestId('review-opinion').fill('材料齐全，符合法定条件，准予许可。');
    await viewportShot(reviewer, 'materials-reviewer-approve-dialog');
    // Without the confirmation the dialog stays open.
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await d.getByText('请确认已审阅全部材料').waitFor();
    await d.getByTestId('review-confirm').check();
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await d.waitFor({ state: 'hidden' });
    await waitForApi(reviewer, `/api/v1/cases/${encodeURIComponent(caseNo)}`, (c: { statusLabel: string }) => c.statusLabel, '已准予');
    await waitForText(reviewer.getByTestId('case-timeline'), '材料齐全，符合法定条件，准予许可。');
    await screenshot(reviewer, 'materials-reviewer-approved');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
