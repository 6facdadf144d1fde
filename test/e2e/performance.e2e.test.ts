/**
 * 绩效目标与自评: the leader adjusts the year's target table (a wrong weight sum is refused), submits it; the
 * year's figures fill in from the records; the missed targets ask for their 偏差原因; a manual actual goes in
 * with its evidence file; the leader signs off, the table locks, and the yearly report downloads. Then the
 * finance officer's budget, procurement and asset pages.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PerformanceTableView } from '../../src/shared/performance.types';
import { confirmPopconfirm, describeBrowser, E2E_NOW, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, useBrowserSuite, waitForApi, waitForText, waitForToast } from './browser';


const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeBrowser('performance: targets, self-evaluation, sign-off and the report', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'hotline', 'supervision', 'evaluations', 'walks', 'performance'] });

  const tableOf = async (page: Page, year: number) => (await (await page.request.get(`/api/v1/performance/years/${year}`)).json()) as PerformanceTableView;

  it('the leader sets targets, explains the missed ones, signs off and downloads the report', async () => {
    const page = await suite.newPage();
    await login(page, 'leader');
    await page.goto('/performance');
    await waitForText(page, '绩效目标与自评');
    await waitForText(page, '办件按时办结率');
    const year = Number(E2E_NOW.slice(0, 4));
    const before = await tableOf(page, year);
    expect(before.status).toBe('draft');
    expect(before.weightSum).toBe(100);

    // targets: add an indicator bound to a KPI; the weights then sum to 105 and the submit is refused
    await page.getByRole('tab', { name: '绩效目标表' }).click();
    await page.getByTestId('indicator-new').click();
    const dialog = page.getByRole('dialog');
    await settle(page);
    await pickOption(page, dialog.getByLabel('一级指标'), '效益');
    await pickOption(page, dialog.getByLabel('二级指标'), '可持续影响');
    await dialog.getByLabel('三级指标').fill('走流程堵点整改完成率');
    await pickOption(page, dialog.getByLabel('绑定的平台指标'), '走流程整改完成率', { search: '走流程整改' });
    await dialog.getByLabel('目标值').fill('90');
    await dialog.getByLabel('分值').fill('5');
    await page.screenshot({ path: 'test-results/screenshots/performance-indicator-form.png' });
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForToast(page, '已保存指标');
    await waitForApi(page, `/api/v1/performance/years/${year}`, (b: PerformanceTableView) => b.weightSum, 105);
    await waitForText(page, '分值合计 105 / 100');
    await page.getByTestId('submit-targets').click();
    await waitForToast(page, '各指标分值合计须为 100，当前为 105');

    // take the 走流程事项 count out: back to 100, and submit
    await page.getByRole('row', { name: /领导干部走流程事项/ }).getByText('删除').click();
    await confirmPopconfirm(page);
    await waitForToast(page, '已删除指标');
    await waitForText(page, '分值合计 100 / 100，可以提交');
    await screenshot(page, 'performance-targets');
    await page.getByTestId('submit-targets').click();
    await waitForToast(page, '目标表已提交');
    await waitForApi(page, `/api/v1/performance/years/${year}`, (b: PerformanceTableView) => b.status, 'submitted');

    // the year's figures fill in from the records
    const submitted = await tableOf(page, year);
    const onTime = submitted.indicators.find((i) => i.kpiKey === 'cases.onTimeRate')!;
    expect(onTime.actual).not.toBeNull();
    expect(onTime.denominator).toBeGreaterThan(0);
    await waitForText(page, `${onTime.actual!.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} %`);
    const missed = submitted.indicators.filter((i) => !i.met && i.source === 'kpi');
    expect(missed.length).toBeGreaterThan(0);
    await page.getByTestId('missing-reasons').waitFor();
    await screenshot(page, 'performance-self-evaluation');

    // a missed target asks for its reason: signing before refuses and names it
    await page.getByTestId('sign-off').click();
    await confirmPopconfirm(page);
    await waitForToast(page, '须先填写偏差原因');

    // the manual actual goes in with its evidence
    const manual = page.getByRole('row', { name: /电子政务外网联通乡镇/ });
    await manual.getByRole('button', { name: '填报实际值' }).click();
    await settle(page);
    const actualDialog = page.getByRole('dialog');
    await actualDialog.getByLabel('实际值').fill('26');
    await actualDialog.getByLabel('说明').fill('26 个乡镇政务服务中心全部接入电子政务外网');
    await actualDialog.locator('input[type=file]').setInputFiles({ name: '外网联通清单.pdf', mimeType: 'application/pdf', buffer: PDF });
    await waitForText(actualDialog, '外网联通清单.pdf');
    await actualDialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForToast(page, '已填报实际值');
    await waitForApi(page, `/api/v1/performance/years/${year}`, (b: PerformanceTableView) => b.indicators.find((i) => i.source === 'manual')?.met, true);

    // every missed indicator gets its 偏差原因
    for (const id of (await tableOf(page, year)).missingReasons) {
      const name = submitted.indicators.find((i) => i.id === id)!.name;
      const input = page.getByLabel(`偏差原因：${name}`);
      await input.fill(`${name}未达目标：年中系统切换，部分数据延迟归集`);
      await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: /^保\s?存$/ }).click();
      await waitForApi(page, `/api/v1/performance/years/${year}`, (b: PerformanceTableView) => b.missingReasons.includes(id), false);
    }
    await waitForText(page, '可以签批');

    await page.getByTestId('sign-off').click();
    await confirmPopconfirm(page);
    await waitForToast(page, '已签批，自评表已锁定');
    await waitForApi(page, `/api/v1/performance/years/${year}`, (b: PerformanceTableView) => b.status, 'signed');
    const signed = await tableOf(page, year);
    await waitForText(page, '签批锁定');
    expect(await page.getByTestId('grade').innerText()).toBe(signed.grade);
    expect(await page.getByLabel(/^偏差原因：/).count()).toBe(0);
    await screenshot(page, 'performance-signed');

    // the toasts of the saved reasons still stack over the tab bar: click the tab itself
    await page.getByRole('tab', { name: '修订记录' }).dispatchEvent('click');
    await waitForText(page, '初始编制');
    await screenshot(page, 'performance-revisions');

    const href = await page.getByTestId('download-report').getAttribute('href');
    expect(href).toBe(`/api/v1/stats/report.docx?year=${year}`);
    const doc = await page.request.get(href!);
    expect(doc.status()).toBe(200);
    expect(doc.headers()['content-type']).toContain('wordprocessingml');

    // the finance officer's books (a fresh page: the leader's toasts would cover the login form)
    const fin = await suite.newPage();
    await login(fin, 'finance');
    await waitForText(fin, '预算与资产');
    await fin.goto('/performance/finance');
    await waitForText(fin, '政务服务中心运行经费');
    await screenshot(fin, 'performance-finance-budget');
    await fin.getByRole('tab', { name: '固定资产与盘点' }).click();
    await waitForText(fin, '政务服务大厅 LED 显示屏');
    await screenshot(fin, 'performance-finance-assets');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
