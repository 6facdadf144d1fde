/**
 * An admin opens 政务外网与培训, sees the connection register with its township and village counts, records a
 * handled security incident and a 乡镇政务中心 training, and finds both in their lists and counts.
 */
import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, screenshot, useBrowserSuite, waitForApi, waitForText, waitForToast } from './browser';

describeBrowser('egov: the extranet register, an incident and a training', () => {
  const suite = useBrowserSuite({ seed: ['org', 'egov'] });

  it('an admin records an incident and a training', async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    await page.goto('/egov');
    await waitForText(page, '外网接入台账');
    await waitForText(page, '乡镇（街道）接入');
    const conn = await (await page.request.get('/api/v1/egov/connections')).json();
    expect(conn.townships.connected).toBeGreaterThan(0);
    await waitForText(page, `${conn.townships.connected} / ${conn.townships.units}`);
    await screenshot(page, 'egov-connections');

    const year = 2026; // the suite's clock (E2E_NOW)
    const incidentsBefore = (await (await page.request.get(`/api/v1/egov/incidents?from=${year}-01-01&status=handled`)).json()).total;
    await page.getByRole('tab', { name: '网络安全事件' }).click();
    await page.getByTestId('incident-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('受影响对象').fill('团山镇政务服务中心终端（浏览器测试）');
    await dialog.getByLabel('事件情况').fill('终端感染挖矿木马，外网出口流量异常');
    await dialog.getByLabel('处置措施').fill('断网查杀，重装系统并更新防病毒软件');
    await screenshot(page, 'egov-incident-form');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForToast(page, '已登记安全事件');
    await waitForApi(page, `/api/v1/egov/incidents?from=${year}-01-01&status=handled`, (b: { total: number }) => b.total, incidentsBefore + 1);
    await waitForText(page, '团山镇政务服务中心终端（浏览器测试）');

    const trainingsBefore = await (await page.request.get(`/api/v1/egov/trainings?from=${year}-01-01`)).json();
    await page.getByRole('tab', { name: '业务培训' }).click();
    await page.getByTestId('training-new').click();
    const t = page.getByRole('dialog');
    await t.getByLabel('培训名称').fill('乡镇政务服务中心业务培训（浏览器测试）');
    await t.getByLabel('参训人数').fill('46');
    await t.getByLabel('地点').fill('市政务服务中心三楼会议室');
    await t.getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForToast(page, '已登记业务培训');
    await waitForApi(page, `/api/v1/egov/trainings?from=${year}-01-01`, (b: { attendees: number }) => b.attendees, trainingsBefore.attendees + 46);
    await waitForText(page, '乡镇政务服务中心业务培训（浏览器测试）');
    await screenshot(page, 'egov-trainings');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
