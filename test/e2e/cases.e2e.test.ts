import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, useBrowserSuite, waitForApi, waitForText } from './browser';
import { computeIdCheckChar } from '../../src/kernel/validators';

const ID = `43058219880512004${computeIdCheckChar('43058219880512004')}`;

/**
 * Clicks an action button of the case page (/cases/:caseNo), fills its dialog (if any) and waits for the
 * new status: first in the API (the server took the action), then on the page.
 */
async function act(page: Page, button: string, status: string, fill?: () => Promise<void>, dialog = true) {
  const caseNo = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  // Exact match (受理 is also inside 不予受理), allowing the space antd puts between two CJK characters.
  const name = new RegExp(`^${[...button].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}$`);
  await page.getByTestId('case-actions').getByRole('button', { name }).click();
  if (dialog) {
    const d = page.getByRole('dialog');
    await d.waitFor({ state: 'visible' });
    await settle(page);
    if (fill) await fill();
    await d.getByRole('button', { name: /确\s*定/ }).click();
    // The dialog closes when the server has taken the action; a refused form or action stays in it.
    await d.waitFor({ state: 'hidden' }).catch(async (e: unknown) => {
      throw new Error(`${button}: the dialog stayed open: ${await d.innerText().catch(() => '?')}`, { cause: e });
    });
  }
  await waitForApi(page, `/api/v1/cases/${encodeURIComponent(caseNo)}`, (c: { statusLabel: string }) => c.statusLabel, status);
  await page.getByTestId('case-status').filter({ hasText: status }).waitFor();
}

const promised = async (page: Page) => (await page.getByTestId('promised-due-date').textContent())?.trim();

describeBrowser('cases: window intake → correction → acceptance → 专家评审 → approval → delivery', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog'] });

  it('the clerk and the reviewer take a case through its life; the due date moves as SPEC §2.3 says', async () => {
    // Monday 2026-11-30.
    suite.server.clock.set('2026-11-30T09:30:00+08:00');
    let page = await suite.newPage();
    await login(page, 'clerk');
    await page.goto('/intake');
    const foodLicence = '食品经营许可（餐饮服务）新办';
    await pickOption(page, page.getByTestId('item-search'), page.locator('.ant-select-item-option', { hasText: foodLicence }), {
      search: '食品经营许可',
      took: page.getByRole('alert').filter({ hasText: foodLicence }),
    });
    await page.getByLabel('姓名').fill('周海燕');
    await page.getByLabel('身份证号').fill(ID);
    await page.getByLabel('联系电话').fill('13907390001');
    await page.getByRole('button', { name: /下一步/ }).click();
    // The application form is handed in, 营业执照 comes from the e-license library; the rest will be asked for in one notice.
    await page.getByRole('checkbox', { name: '食品经营许可申请书' }).check();
    await screenshot(page, 'cases-intake-materials');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('receipt').waitFor();
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^430582-20261130-\d{6}$/);
    await waitForText(page, '2026-12-07 前（5 个工作日内）');
    await screenshot(page, 'cases-intake-receipt');
    // 打印回执 prints the receipt alone on one A4 page, not the app around it
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#root').isVisible()).toBe(false);
    expect(await page.getByTestId('receipt-print').innerText()).toContain(caseNo);
    await screenshot(page, 'cases-intake-receipt-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
    await page.emulateMedia({ media: 'screen' });

    await page.getByTestId('receipt-case-no').click();
    await page.getByTestId('case-status').waitFor();
    expect(await promised(page)).toBe('受理后计算');
    await act(page, '一次性告知补正', '待补正');
    await waitForText(page, /请补齐以下材料：.*食品安全自查/);
    await act(page, '补齐补正材料', '已提交待受理');
    await act(page, '受理', '已受理办理中');
    // Accepted Mon 11-30 (not counted): 12-1, 12-2, 12-3, 12-4, 12-7.
    expect(await promised(page)).toBe('2026-12-07');
    expect(await page.getByTestId('legal-due-date').textContent()).toBe('2026-12-28');
    await screenshot(page, 'cases-accepted');

    // Tuesday: the department's reviewer sends it to 专家评审.
    suite.server.clock.set('2026-12-01T10:00:00+08:00');
    page = await suite.newPage({ now: '2026-12-01T10:00:00+08:00' });
    await login(page, 'reviewer');
    await page.goto('/cases');
    await page.getByRole('link', { name: caseNo }).click();
    await act(page, '中止（特别程序）', '特别程序中止', async () => pickOption(page, page.getByTestId('suspend-reason'), '专家评审'));
    await waitForText(page, /专家评审中止：2026-12-01 起（进行中）/);
    await screenshot(page, 'cases-suspended');

    // Friday: the experts have answered; 12-1, 12-2, 12-3 did not count, so the due date moves by 3 working days.
    suite.server.clock.set('2026-12-04T09:00:00+08:00');
    page = await suite.newPage({ now: '2026-12-04T09:00:00+08:00' });
    await login(page, 'reviewer');
    await page.goto(`/cases/${caseNo}`);
    await act(page, '恢复办理', '已受理办理中', undefined, false);
    expect(await promised(page)).toBe('2026-12-10');
    await waitForText(page, '专家评审中止 3 个工作日');
    // Approval shows the materials and asks for a 审查意见 and a confirmation (issue 21 item 11).
    await act(page, '准予许可', '已准予', async () => {
      await page.getByTestId('review-opinion').fill('经专家评审，符合条件，准予许可。');
      await page.getByTestId('review-confirm').check();
    });
    await screenshot(page, 'cases-approved');

    suite.server.clock.set('2026-12-04T15:00:00+08:00');
    page = await suite.newPage({ now: '2026-12-04T15:00:00+08:00' });
    await login(page, 'clerk');
    await page.goto(`/cases/${caseNo}`);
    await act(page, '办结送达', '已办结', async () => pickOption(page, page.getByTestId('delivery-method'), '窗口领取'));
    await waitForText(page, /按时办结/);
    const timeline = await page.getByTestId('case-timeline').textContent();
    for (const step of ['提交申请', '一次性告知补正', '补齐补正材料', '受理', '中止（特别程序）', '恢复办理', '准予许可', '办结送达']) expect(timeline).toContain(step);
    await screenshot(page, 'cases-completed');
    expect(suite.problems).toEqual([]);
    // Four logins and a dozen steps: more than the default browser-test budget on a busy 2-core machine.
  }, JOURNEY_TIMEOUT);

  it('a citizen on a phone applies online and finds the case in 我的办件', async () => {
    suite.server.clock.set('2026-11-30T10:00:00+08:00');
    const page = await suite.newPage({ viewport: { width: 390, height: 844 }, now: '2026-11-30T10:00:00+08:00' });
    await login(page, 'citizen');
    await page.goto('/my/apply');
    await pickOption(page, page.getByTestId('item-search'), page.locator('.ant-select-item-option', { hasText: '个体工商户设立登记' }), {
      search: '营业执照',
      took: page.getByRole('alert').filter({ hasText: '个体工商户设立登记' }),
    });
    await page.getByLabel('身份证号').fill(ID);
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByTestId('submit-case').click();
    await page.getByTestId('receipt').waitFor();
    const caseNo = (await page.getByTestId('receipt-case-no').textContent())!.trim();
    await page.goto('/my/cases');
    await waitForText(page, `办件号 ${caseNo}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'cases-citizen-my-cases-phone');
    expect(suite.problems).toEqual([]);
  });
});
