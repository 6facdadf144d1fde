import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeBrowser, JOURNEY_TIMEOUT, login, logout, pickOption, screenshot, settle, useBrowserSuite, waitForApi } from './browser';
import { computeIdCheckChar } from '../../src/kernel/validators';

const ID = `43058219910304005${computeIdCheckChar('43058219910304005')}`;

describeBrowser('documents: the clerk accepts a case, prints the 受理通知书; its QR code confirms it publicly', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'documents'] });

  it('受理通知书 appears on the case, prints on A4, and its QR page confirms it without personal data', async () => {
    suite.server.clock.set('2026-11-30T09:30:00+08:00');
    const page = await suite.newPage();
    await login(page, 'clerk');
    await page.goto('/intake');
    const item = '食品经营许可（餐饮服务）新办';
    await pickOption(page, page.getByTestId('item-search'), page.locator('.ant-select-item-option', { hasText: item }), {
      search: '食品经营许可',
      took: page.getByRole('alert').filter({ hasText: item }),
    });
    await page.getByLabel('姓名').fill('周海燕');
    await page.getByLabel('身份证号').fill(ID);
    await page.getByLabel('联系电话').fill('13907390001');
    await page.getByRole('button', { name: /下一步/ }).click();
    for (const box of await page.getByRole('checkbox').all()) if (!(await box.isChecked()) && (await box.isEnabled())) await box.check();
    await page.getByTestId('submit-case').click();
    await page.getByTestId('receipt').waitFor();
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    await page.getByTestId('receipt-case-no').click();
    await page.getByTestId('case-status').waitFor();

    await page.getByTestId('case-actions').getByRole('button', { name: /^受\s*理$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    await settle(page);
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForApi(page, `/api/v1/cases/${encodeURIComponent(caseNo)}/documents`, (d: { items: { kind: string }[] }) => d.items.map((i) => i.kind).join(','), 'acceptance');
    const row = page.getByTestId('document-row').filter({ hasText: '受理通知书' });
    await row.waitFor();
    const docNo = (await row.innerText()).match(/邵\S+受〔2026〕\d+号/)?.[0];
    expect(docNo).toBeTruthy();
    await screenshot(page, 'documents-case-card');

    const [sheet] = await Promise.all([page.context().waitForEvent('page'), row.getByRole('button', { name: /打\s*印/ }).click()]);
    await sheet.waitForLoadState('load');
    await sheet.setViewportSize({ width: 900, height: 1250 });
    expect(await sheet.locator('h1').innerText()).toBe('受理通知书');
    expect(await sheet.locator('.docno').innerText()).toBe(docNo);
    await sheet.locator('.seal').waitFor();
    await screenshot(sheet, 'documents-acceptance-a4');
    await sheet.emulateMedia({ media: 'print' });
    expect(await sheet.locator('.toolbar').isVisible()).toBe(false);
    const pdf = await sheet.pdf({ format: 'A4' });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
    const verifyUrl = await sheet.locator('a.verify-link').getAttribute('href');
    expect(verifyUrl).toMatch(/\/api\/v1\/public\/documents\/[0-9a-f]{32}\/page$/);

    const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(new URL(verifyUrl!).pathname);
    await phone.getByText('本文书由本机关制发').waitFor();
    const text = await phone.locator('main').innerText();
    expect(text).toContain(docNo!);
    expect(text).toContain(caseNo);
    expect(text).toContain('验证通过');
    expect(text).not.toContain('周海燕');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone, 'documents-verify-360');
  }, JOURNEY_TIMEOUT);

  /** Opens a notice's A4 print page from its row on the case page (a new tab) and checks it fits one page. */
  async function printed(page: Page, row: Locator, shot: string): Promise<{ text: string; sheet: Page }> {
    const [sheet] = await Promise.all([page.context().waitForEvent('page'), row.getByRole('button', { name: /打\s*印/ }).click()]);
    await sheet.waitForLoadState('load');
    await sheet.setViewportSize({ width: 900, height: 1250 });
    await sheet.locator('.seal').waitFor();
    await screenshot(sheet, shot);
    await sheet.emulateMedia({ media: 'print' });
    const pdf = await sheet.pdf({ format: 'A4' });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length, shot).toBe(1);
    return { text: await sheet.locator('body').innerText(), sheet };
  }

  async function act(page: Page, button: RegExp, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
    await page.getByTestId('case-actions').getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    await settle(page);
    if (fill) await fill(dialog);
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  const kindsOf = (d: { items: { kind: string }[] }) => d.items.map((i) => i.kind).join(',');

  it('一次性告知书 for a missing material, 补正, 受理通知书, then the reviewer refuses and the 不予许可决定书 names the remedies', async () => {
    suite.server.clock.set('2026-12-01T09:30:00+08:00');
    const page = await suite.newPage();
    await login(page, 'clerk');
    await page.goto('/intake');
    const item = '食品经营许可（餐饮服务）新办';
    await pickOption(page, page.getByTestId('item-search'), page.locator('.ant-select-item-option', { hasText: item }), {
      search: '食品经营许可',
      took: page.getByRole('alert').filter({ hasText: item }),
    });
    const id = `43058219850612002${computeIdCheckChar('43058219850612002')}`;
    await page.getByLabel('姓名').fill('欧阳明');
    await page.getByLabel('身份证号').fill(id);
    await page.getByLabel('联系电话').fill('13907390002');
    await page.getByRole('button', { name: /下一步/ }).click();
    // Every material but the last one the applicant could bring: that one is missing.
    const open = [];
    for (const box of await page.getByRole('checkbox').all()) if (!(await box.isChecked()) && (await box.isEnabled())) open.push(box);
    expect(open.length).toBeGreaterThan(1);
    for (const box of open.slice(0, -1)) await box.check();
    const missing = (await open.at(-1)!.locator('xpath=ancestor::label[1]').innerText()).trim();
    expect(missing).not.toBe('');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('receipt').waitFor();
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    await page.getByTestId('receipt-case-no').click();
    await page.getByTestId('case-status').waitFor();
    const docsUrl = `/api/v1/cases/${encodeURIComponent(caseNo)}/documents`;

    // 一次性告知: the missing material is left unticked, so it is listed on the notice.
    await act(page, /一次性告知补正/);
    await waitForApi(page, docsUrl, kindsOf, 'correction');
    const correction = page.getByTestId('document-row').filter({ hasText: '补正材料通知书' });
    await correction.waitFor();
    const notice = await printed(page, correction, 'documents-journey-correction-a4');
    expect(notice.text).toContain('一次性告知');
    expect(notice.text).toContain(missing);
    expect(notice.text).toContain('欧阳明');
    await notice.sheet.close();

    // The applicant brings the material; the clerk records it and accepts.
    await act(page, /补齐补正材料/);
    await page.getByTestId('case-actions').getByRole('button', { name: /^受\s*理$/ }).waitFor();
    await act(page, /^受\s*理$/);
    await waitForApi(page, docsUrl, kindsOf, 'acceptance');
    const acceptance = page.getByTestId('document-row').filter({ hasText: '受理通知书' });
    await acceptance.waitFor();
    const accepted = await printed(page, acceptance, 'documents-journey-acceptance-a4');
    expect(accepted.text).toContain('决定予以受理');
    expect(accepted.text).toContain(caseNo);
    await accepted.sheet.close();
    await logout(page);

    // The reviewer of 市场监督管理局 refuses with a reason.
    await login(page, 'reviewer');
    await page.goto(`/cases/${encodeURIComponent(caseNo)}`);
    await page.getByTestId('case-status').waitFor();
    const reason = '经现场核查，经营场所与食品经营许可审查细则规定的布局要求不符';
    await act(page, /不予许可/, (dialog) => dialog.getByLabel(/理由/).fill(reason));
    await waitForApi(page, docsUrl, kindsOf, 'denial');
    const denial = page.getByTestId('document-row').filter({ hasText: '不予行政许可决定书' });
    await denial.waitFor();
    await screenshot(page, 'documents-journey-case-denied');
    const refused = await printed(page, denial, 'documents-journey-denial-a4');
    expect(refused.text).toContain(reason);
    expect(refused.text).toContain('六十日内');
    expect(refused.text).toContain('行政复议');
    expect(refused.text).toContain('六个月内');
    expect(refused.text).toContain('行政诉讼');
    expect(refused.text).toMatch(/邵东市人民政府/);
    await refused.sheet.close();
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
