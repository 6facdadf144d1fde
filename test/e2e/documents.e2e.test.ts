import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, useBrowserSuite, waitForApi } from './browser';
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
});
