/**
 * The admin's configuration pages: 审查层级配置 per item (承办 → 审核 → 签发, reviewers per level), and a window
 * resized between desktop and phone width that keeps an open dialog open with what was typed in it (a
 * breakpoint change once remounted the layout and closed dialogs).
 */
import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, STEP_TIMEOUT, useBrowserSuite, waitForToast } from './browser';

describeBrowser('admin configuration: review levels per item; dialogs survive a resize', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog'] });

  it('an admin gives an item 审核 → 签发 with a named 签发 reviewer, and the API keeps it', async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    // An item of the department the demo reviewers work in.
    const reviewers = await (await page.request.get('/api/v1/users?role=reviewer&pageSize=100')).json();
    const dept = reviewers.items[0].departmentId as number;
    const items = await (await page.request.get(`/api/v1/catalog/items?department=${dept}&status=published&pageSize=1`)).json();
    const item = items.items[0] as { code: string; name: string };
    expect(item).toBeDefined();
    const before = await (await page.request.get(`/api/v1/review-levels/${encodeURIComponent(item.code)}`)).json();
    expect(before.levels).toEqual([]);
    const signer = before.candidates[0] as { id: number; name: string };

    await page.goto('/catalog/review-levels');
    await pickOption(page, page.getByTestId('review-levels-item'), `${item.name}（${item.code}）`, { search: item.name.slice(0, 6) });
    await page.getByText('未配置：一级审批').waitFor();
    await page.getByTestId('review-levels-levels').getByText('审核', { exact: true }).click();
    await page.getByTestId('review-levels-accounts-签发').waitFor();
    await pickOption(page, page.getByTestId('review-levels-accounts-签发'), signer.name);
    await page.keyboard.press('Escape');
    await page.getByTestId('review-levels-save').click();
    await waitForToast(page, `审查层级为 审核 → 签发`);
    await expect
      .poll(async () => (await (await page.request.get(`/api/v1/review-levels/${encodeURIComponent(item.code)}`)).json()), { timeout: STEP_TIMEOUT })
      .toMatchObject({ levels: ['审核', '签发'], accounts: { 签发: [signer.id] }, updatedByName: expect.any(String) });
    await page.getByText(/最近由 .+ 修改/).waitFor();
    await settle(page);
    await screenshot(page, 'admin-config-1-review-levels');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('resizing between desktop and phone width keeps an open dialog open, with what was typed, on the same element', async () => {
    const page = await suite.newPage({ viewport: { width: 1366, height: 800 } });
    await login(page, 'admin');
    await page.goto('/system/users');
    await page.getByRole('button', { name: /新建账号/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新建账号' });
    await dialog.waitFor();
    const name = dialog.getByLabel('用户名');
    await name.fill('resize-test');
    // A mark on the input's DOM node: a remount would replace the node and lose it.
    await name.evaluate((el) => el.setAttribute('data-resize-mark', 'kept'));
    await page.getByTestId('side-menu').first().waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('menu-toggle').waitFor(); // the phone layout took over
    await expect.poll(async () => dialog.isVisible(), { timeout: STEP_TIMEOUT }).toBe(true);
    expect(await name.inputValue()).toBe('resize-test');
    expect(await name.getAttribute('data-resize-mark')).toBe('kept');
    await screenshot(page, 'admin-config-2-dialog-on-phone-width');

    await page.setViewportSize({ width: 1366, height: 800 });
    await page.getByTestId('side-menu').first().waitFor();
    expect(await page.getByTestId('menu-toggle').count()).toBe(0);
    expect(await dialog.isVisible()).toBe(true);
    expect(await name.inputValue()).toBe('resize-test');
    expect(await name.getAttribute('data-resize-mark')).toBe('kept');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
