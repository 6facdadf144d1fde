/**
 * A leader opens 走流程, sees the campaign's figures, records a walk with a 堵点 and its measure, reports a
 * measure done; then opens 季度荣誉, sees the quarter's candidates and downloads the 讲评会 report.
 */
import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, useBrowserSuite, waitForApi, waitForText, waitForToast } from './browser';

describeBrowser('walks and honours: record a walk, rectify a measure, the quarter’s honours and report', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'evaluations', 'walks', 'honours'] });

  it('a leader records a walk and sees it on the board; the honours page and its report', async () => {
    const page = await suite.newPage();
    await login(page, 'leader');
    await page.goto('/walks');
    await waitForText(page, '堵点整改台账');
    await waitForText(page, '走流程人数');
    await screenshot(page, 'walks-board');
    const before = await (await page.request.get('/api/v1/walks/campaign')).json();

    await page.getByTestId('walk-new').click();
    await page.getByLabel('事项').fill('不动产转移登记（走流程测试）');
    await page.getByLabel('用时（分钟）').fill('95');
    await page.getByLabel('体验环节（每行一个）').fill('取号\n递交材料\n缴税');
    await page.getByLabel('发现的堵点（可不填）').fill('缴税须到另一楼层窗口排队');
    await pickOption(page, page.getByLabel('责任部门'), '邵东市住房和城乡建设局', { search: '住房' });
    await page.getByLabel('整改措施').fill('税务窗口并入不动产综合窗口');
    await screenshot(page, 'walks-record-form');
    await page.getByRole('dialog').getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForToast(page, '已登记走流程');
    await waitForApi(page, '/api/v1/walks/campaign', (b: { problems: number }) => b.problems, before.problems + 1);
    await waitForText(page, '税务窗口并入不动产综合窗口');
    await screenshot(page, 'walks-after-record');

    await page.getByRole('row', { name: /税务窗口并入不动产综合窗口/ }).getByRole('button', { name: '报送完成' }).click();
    await page.getByPlaceholder('整改成效或佐证材料').fill('已合并窗口，复走用时 30 分钟');
    await page.getByRole('dialog').getByRole('button', { name: /^报\s?送$/ }).click();
    await waitForToast(page, '已报送整改完成');
    await waitForApi(page, '/api/v1/walks/campaign', (b: { rectified: number }) => b.rectified, before.rectified + 1);

    await page.goto('/honours');
    await waitForText(page, '季度荣誉评定（讲评会）');
    await waitForText(page, '历次讲评会');
    await screenshot(page, 'honours-candidates');
    const href = await page.getByTestId('report-download').getAttribute('href');
    const doc = await page.request.get(href!);
    expect(doc.status()).toBe(200);
    expect(doc.headers()['content-type']).toContain('wordprocessingml');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
