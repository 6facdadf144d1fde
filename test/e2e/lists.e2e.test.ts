/**
 * Lists that find things: a clerk finds a case by the applicant's name and exports what is listed; a member
 * unit's inbox shows the urgent overdue order first; the dashboard's monthly chart never draws a rate above
 * 100 %; the hall's clock shows 北京时间 from the server whatever the browser's time zone.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { beijingParts } from '../../src/shared/beijing-time';
import { describeBrowser, JOURNEY_TIMEOUT, login, screenshot, SCREENSHOT_DIR, settle, STEP_TIMEOUT, useBrowserSuite, waitForText } from './browser';

describeBrowser('lists: find, filter, export; the unit inbox; the dashboard chart; the hall clock', () => {
  const suite = useBrowserSuite();

  it('a clerk finds a case by the applicant’s name and exports the filtered list', async () => {
    const page = await suite.newPage();
    await login(page, 'clerk');
    // An applicant of the demo data, by full name (lists show names masked; the detail view shows them to staff).
    const list = await (await page.request.get('/api/v1/cases?pageSize=1&status=accepted')).json();
    const caseNo = list.items[0].caseNo as string;
    const detail = await (await page.request.get(`/api/v1/cases/${caseNo}`)).json();
    const name = detail.applicant.name as string;
    const expected = await (await page.request.get(`/api/v1/cases?q=${encodeURIComponent(name)}&pageSize=100`)).json();
    expect(expected.total).toBeGreaterThan(0);

    await page.goto('/cases');
    await page.getByTestId('case-filters').waitFor();
    await page.getByRole('radio', { name: '全部' }).click().catch(async () => page.getByText('全部', { exact: true }).first().click());
    const search = page.getByTestId('case-search').getByRole('searchbox').or(page.getByPlaceholder('办件号 / 申请人 / 事项名称'));
    await search.first().fill(name);
    await search.first().press('Enter');
    await expect.poll(async () => (await page.getByTestId('case-total').textContent())?.trim(), { timeout: STEP_TIMEOUT }).toBe(`共 ${expected.total} 件`);
    await waitForText(page.locator('.ant-table-tbody'), caseNo);
    await settle(page);
    await screenshot(page, 'lists-1-clerk-search-by-applicant');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT }), page.getByTestId('case-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^办件清单.*\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file!) as unknown as ArrayBuffer);
    const rows = (wb.getWorksheet('办件清单')!.getSheetValues().slice(3) as unknown[][]).filter(Boolean);
    expect(rows.length).toBe(expected.total);
    expect(rows.map((r) => r[1])).toContain(caseNo);
    expect(rows.every((r) => r[4] === name)).toBe(true);
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('a member unit’s inbox shows the urgent overdue order first', async () => {
    const phone = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await login(phone, 'unit');
    const inbox = phone.getByTestId('unit-inbox');
    await inbox.waitFor();
    const first = inbox.getByTestId('unit-order').first();
    await first.waitFor({ timeout: STEP_TIMEOUT });
    await expect.poll(async () => (await first.textContent()) ?? '', { timeout: STEP_TIMEOUT }).toContain('紧急');
    expect(await first.textContent()).toContain('超时未签收');
    // The API agrees: the first order of the inbox order is urgent and late, and no normal order precedes an urgent late one.
    const api = await (await phone.request.get('/api/v1/workorders?sort=inbox&status=dispatched&pageSize=100')).json();
    const rank = (o: { urgency: string; late: string[] }) => (o.late.length > 0 ? 0 : 2) + (o.urgency === 'urgent' ? 0 : 1);
    const ranks = api.items.map(rank);
    expect(ranks[0]).toBe(0);
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    await settle(phone);
    await screenshot(phone, 'lists-2-unit-inbox-390');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('the dashboard’s monthly chart never draws a rate above 100 %', async () => {
    const page = await suite.newPage();
    await login(page, 'leader');
    const chart = page.getByTestId('trend-chart');
    await chart.waitFor({ timeout: STEP_TIMEOUT });
    await page.waitForFunction(() => !!(document.querySelector('[data-testid="trend-chart"]') as (HTMLElement & { chartOption?: unknown }) | null)?.chartOption, undefined, { timeout: STEP_TIMEOUT });
    const option = (await chart.evaluate((el) => (el as HTMLElement & { chartOption?: unknown }).chartOption)) as {
      series: Array<{ name: string; type: string; smooth?: boolean | number; data: Array<number | null> }>;
      yAxis: Array<{ max?: number; name?: string }>;
      xAxis: Array<{ name?: string }>;
    };
    // The shared option (src/shared/charts/on-time.ts), the one the yearly report draws: Chinese axis names.
    expect(option.xAxis[0].name).toBe('月份');
    expect(option.yAxis.map((a) => a.name)).toEqual(['比率（%）', '红黄牌（张）']);
    const onTime = option.series.find((s) => s.name === '按时办结率')!;
    expect(onTime.smooth === false || onTime.smooth === 0 || onTime.smooth === undefined).toBe(true);
    for (const s of option.series.filter((x) => x.type === 'line')) expect(s.smooth === true || (typeof s.smooth === 'number' && s.smooth > 0)).toBe(false);
    const values = onTime.data.filter((v): v is number => typeof v === 'number');
    expect(values.length).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(100);
    expect(option.yAxis[0].max).toBeGreaterThanOrEqual(100);
    // A month without completed cases is a gap (null), never drawn as 0 %.
    expect(onTime.data.every((v) => v === null || (typeof v === 'number' && v >= 0 && v <= 100))).toBe(true);
    const card = page.locator('.ant-card').filter({ hasText: '各月办件时效与红黄牌' });
    await card.scrollIntoViewIfNeeded();
    await settle(page);
    await screenshot(page, 'lists-3-dashboard-chart');
    await card.screenshot({ path: `${SCREENSHOT_DIR}/lists-3-dashboard-chart-card.png`, animations: 'disabled' });
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('the hall display shows the server’s 北京时间 on a PC set to New York time', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.server.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
    try {
      const page = await context.newPage();
      await page.goto('/hall/evaluations');
      const clock = page.getByTestId('hall-clock');
      const want = beijingParts(suite.server.clock.now().getTime());
      await expect.poll(async () => (await clock.textContent()) ?? '', { timeout: STEP_TIMEOUT }).toContain(`${want.dateCn} ${want.weekday}`);
      const local = await page.evaluate(() => new Date().toLocaleDateString('zh-CN'));
      expect(local).not.toBe(want.dateCn); // the browser's own date is elsewhere (another day and zone)
      await screenshot(page, 'lists-4-hall-clock-new-york');
    } finally {
      await context.close();
    }
  }, JOURNEY_TIMEOUT);

  it('the supervisor’s rule panel lists every rule that issues cards; the window workbench shows today’s intakes', async () => {
    const page = await suite.newPage();
    await login(page, 'supervisor');
    const panel = page.getByTestId('rule-panel');
    await waitForText(panel, '工单超时未签收');
    await waitForText(panel, '差评超时未核实');
    await waitForText(panel, '临近承诺期限');
    await settle(page);
    await screenshot(page, 'lists-5-supervisor-rule-panel');

    const clerk = await suite.newPage();
    await login(clerk, 'clerk');
    const today = clerk.getByTestId('window-today');
    await today.waitFor({ timeout: STEP_TIMEOUT });
    await waitForText(today, '待受理/待补正');
    await settle(clerk);
    await screenshot(clerk, 'lists-6-window-today');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});

