import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, logout, screenshot, useBrowserSuite, waitForText, waitForToast } from './browser';

describeBrowser('catalog: public guide and the edit → review → publish loop', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog'] });

  it('a citizen on a phone searches 营业执照 and opens its guide', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('/services');
    await page.getByLabel('搜索事项').fill('营业执照');
    await page.getByLabel('搜索事项').press('Enter');
    await waitForText(page, /找到 \d+ 个与“营业执照”相关的事项/);
    await screenshot(page, 'catalog-phone-search');
    const first = page.getByTestId('catalog-item').first();
    expect(await first.textContent()).toContain('营业执照');
    await first.click();
    await page.getByTestId('guide-title').waitFor();
    expect(await page.getByTestId('guide-title').textContent()).toContain('营业执照');
    await waitForText(page, '申请材料');
    await waitForText(page, '在哪里办');
    await screenshot(page, 'catalog-phone-guide');
    expect(suite.problems).toEqual([]);
  });

  it('an editor changes a limit, a leader publishes; the new version shows and the old stays readable', async () => {
    const page = await suite.newPage();
    await login(page, 'editor');
    await page.getByPlaceholder('按名称、编码或关键词查找').fill('营业执照遗失补领');
    await page.getByPlaceholder('按名称、编码或关键词查找').press('Enter');
    await page.getByRole('link', { name: '营业执照遗失补领' }).click();
    await page.getByTestId('save-item').waitFor();
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const promised = page.getByLabel('承诺办结时限');
    await promised.fill('2');
    await page.getByTestId('save-item').click();
    await waitForToast(page, '已保存为第 2 版草稿');
    await page.getByRole('button', { name: '提交审核' }).click();
    await waitForText(page, '已提交审核');
    await screenshot(page, 'catalog-editor-draft');
    await logout(page);

    await login(page, 'leader');
    await page.goto('/catalog/review');
    await waitForText(page, '营业执照遗失补领');
    await screenshot(page, 'catalog-review-queue');
    await page.getByRole('link', { name: '营业执照遗失补领' }).first().click();
    await page.getByTestId('publish-item').click();
    await waitForToast(page, /发布成功（第 2 版/);
    await page.getByRole('tab', { name: '版本历史' }).click();
    await waitForText(page, '历史版本');
    await page.getByRole('button', { name: '查看改动' }).first().click();
    await waitForText(page, '承诺办结时限');
    await screenshot(page, 'catalog-version-diff');

    const guide = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await guide.goto(`/services/${encodeURIComponent(code)}`);
    await guide.getByTestId('guide-promised').waitFor();
    expect(await guide.getByTestId('guide-promised').textContent()).toContain('承诺 2 个工作日');
    expect(await guide.getByTestId('guide-version').textContent()).toContain('第 2 版');
    const v1 = await page.request.get(`/api/v1/items/${encodeURIComponent(code)}/versions/1`);
    expect(v1.status()).toBe(200);
    expect(await v1.json()).toMatchObject({ version: 1, status: 'superseded', promisedLimit: 1 });
  }, JOURNEY_TIMEOUT);
});
