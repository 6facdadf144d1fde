/**
 * A bureau leader opens the dashboard, clicks a KPI and sees the records behind it, then downloads the
 * yearly self-evaluation report and finds the same figures in it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { buildApp, seedIfEmpty, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { systemActor } from '../../src/kernel/auth/actor';
import { openDb } from '../../src/kernel/db/db';
import { modules as allModules } from '../../src/modules';
import { casesModule } from '../../src/modules/cases';
import { JOURNEY_TIMEOUT, SCREENSHOT_DIR, SETUP_TIMEOUT, STEP_TIMEOUT, describeBrowser, launchBrowser, login, screenshot, settle, waitForText } from './browser';
import { ensureWebBuilt } from './server';


// The cases module may not be registered yet in modules.ts: the journey needs it, so it is put before supervision.
const MODULES = allModules.some((m) => m.name === 'cases')
  ? allModules
  : allModules.flatMap((m) => (m.name === 'supervision' ? [casesModule, m] : [m]));

const NOW = '2026-09-30T09:30:00+08:00';

describeBrowser('leader dashboard: KPIs, drill-down and the yearly report', () => {
  let built: BuiltApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    // npm test builds web/dist before the run; a stale build (sources edited since) is rebuilt once here.
    await ensureWebBuilt();
    const clock = new FixedClock(NOW);
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: 'file::memory:' });
    built = await buildApp({ config, clock, opened: openDb({ dialect: 'sqlite', url: ':memory:' }), modules: MODULES, serveWeb: true });
    await seedIfEmpty(built);
    const org = built.ctx.services.org;
    const food = (await org.byCode('430582-001'))!.id;
    const police = (await org.byCode('430582-002'))!.id;
    // Hand-made cases so the figures are known: 市场监管局 completed 4 (3 on time), 公安局 completed 2 (1 on time)
    // and has one open case 3 working days past due.
    const mk = (no: string, dep: number, o: Record<string, unknown>) => ({
      case_no: no,
      item_code: 'E2E',
      item_name: no.startsWith('F') ? '食品经营许可（新办）' : '居民身份证换领',
      version_id: 1,
      department_id: dep,
      channel: 'window',
      applicant_type: 'person',
      applicant_name: '王小明',
      applicant_id_number: '430582199003071234',
      applicant_last4: '1234',
      submitted_at: '2026-09-01T02:00:00.000Z',
      submitted_on: '2026-09-01',
      intake_from: '2026-09-01',
      accepted_at: '2026-09-02T02:00:00.000Z',
      accepted_on: '2026-09-02',
      promised_limit: 5,
      legal_limit: 20,
      limit_unit: 'workday',
      case_kind: 'promised',
      extension_allowance: 10,
      promised_due_date: '2026-09-09',
      materials_json: '[]',
      updated_at: '2026-09-01T02:00:00.000Z',
      status: 'completed',
      ...o,
    });
    const done = (on: string, onTime: 0 | 1, used: number) => ({ completed_on: on, closed_on: on, closed_at: `${on}T08:00:00.000Z`, on_time: onTime, workdays_used: used });
    await built.opened.db
      .insertInto('cases_cases')
      .values([
        mk('F-E2E-1', food, done('2026-09-08', 1, 4)),
        mk('F-E2E-2', food, done('2026-09-09', 1, 5)),
        mk('F-E2E-3', food, done('2026-09-07', 1, 3)),
        mk('F-E2E-4', food, done('2026-09-15', 0, 9)),
        mk('P-E2E-1', police, done('2026-09-09', 1, 5)),
        mk('P-E2E-2', police, done('2026-09-18', 0, 12)),
        mk('P-E2E-3', police, { status: 'accepted', promised_due_date: '2026-09-25' }),
      ])
      .execute();
    // A second county (a city installation): 公安局 moves to 邵阳县 with its own bureau, so the dashboard
    // offers 区县 and the county's figures are the police's alone.
    await org.create(systemActor('e2e'), { code: '430523-000', name: '邵阳县行政审批服务局', kind: 'bureau', regionCode: '430523' });
    await built.opened.db.updateTable('kernel_departments').set({ region_code: '430523' }).where('id', '=', police).execute();
    org.invalidate();
    await built.ctx.services.supervision.sweep();
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await built?.close();
  });

  it('a leader clicks a KPI, sees its records, and downloads the report with the same figures', { timeout: JOURNEY_TIMEOUT }, async () => {
    // The seeded demo county may add its own cases; the expected figures are read from the API the page uses.
    const token = (await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo1234' }) })).json()).token;
    const summary = await (await fetch(`${url}/api/v1/stats/summary?from=2026-01-01&to=2026-09-30`, { headers: { authorization: `Bearer ${token}` } })).json();
    const onTime = summary.kpis['cases.onTimeRate'];
    expect(onTime.denominator).toBeGreaterThanOrEqual(6);
    const pct = `${((onTime.numerator / onTime.denominator) * 100).toFixed(2)}%`;
    const drill = async (part: string) =>
      (await (await fetch(`${url}/api/v1/stats/drilldown?kpi=cases.onTimeRate&part=${part}&from=2026-01-01&to=2026-09-30&page=1&pageSize=10`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number; items: Array<{ caseNo: string }> };
    const num = await drill('numerator');
    const den = await drill('denominator');
    expect(num.total).toBe(onTime.numerator);
    expect(den.total).toBe(onTime.denominator);

    const context = await browser.newContext({ baseURL: url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    await context.clock.setFixedTime(new Date(NOW));
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) problems.push(`navigated: ${f.url()}`);
    });
    try {
      await login(page, 'leader');
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      const tile = page.getByTestId('kpi-cases.onTimeRate');
      await tile.waitFor();
      expect(await tile.textContent()).toContain(pct);
      expect(await tile.textContent()).toContain(`${onTime.numerator} / ${onTime.denominator}`);
      await waitForText(page, '部门排名（按时办结率）');
      await waitForText(page, 'P-E2E-3'); // the overdue case (and its red card)
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'leader-dashboard');

      await tile.click();
      const drawer = page.locator('.kpi-drawer .ant-drawer-body');
      await drawer.waitFor();
      await waitForText(drawer, `共 ${onTime.numerator} 件`);
      await waitForText(drawer, num.items[0].caseNo);
      await settle(page);
      // viewport-only shots: a full-page shot resizes the viewport, which the layout answers by re-rendering
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'leader-dashboard-drilldown-numerator.png') });
      await drawer.getByText('分母：办结').click();
      await waitForText(drawer, `共 ${onTime.denominator} 件`);
      await waitForText(drawer, den.items[0].caseNo);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'leader-dashboard-drilldown-denominator.png') });
      await page.locator('.kpi-drawer .ant-drawer-close').click();
      await page.locator('.kpi-drawer .ant-drawer-body').waitFor({ state: 'hidden' });
      const t0 = Date.now();
      const api = await page.request.get(`${url}/api/v1/stats/report.docx?year=2026`);
      expect(api.status()).toBe(200);
      console.log(`report.docx answered in ${Date.now() - t0} ms`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
      const file = await download.path();
      const zip = await JSZip.loadAsync(fs.readFileSync(file!));
      const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
      expect(text).toContain('2026年度部门整体支出绩效自评报告');
      expect(text).toContain(`按时办结率 ${pct}（按时办结 ${onTime.numerator.toLocaleString('zh-CN')} / 办结 ${onTime.denominator.toLocaleString('zh-CN')}）`);
      for (const s of ['一、部门（单位）基本概况', '二、整体支出绩效状况', '三、存在的问题及原因', '四、提高财政资金绩效的措施与建议', '邵东市公安局']) expect(text).toContain(s);
      fs.mkdirSync(path.resolve('test-results'), { recursive: true });
      fs.writeFileSync(path.resolve('test-results', 'leader-report-2026.docx'), fs.readFileSync(file!));

      // The open cards before a county is picked: the installation's (市场监管局's late completion among them).
      const openCards = async (region?: string) =>
        (await (await fetch(`${url}/api/v1/supervision/cards?status=open&pageSize=8${region ? `&region=${region}` : ''}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
      const allCards = await openCards();
      await waitForText(page, `待说明的红黄牌（${allCards.total}）`);

      // The leader picks a county: every figure, the ranking, the overdue list, the open cards and the export are its own.
      await page.locator('[data-testid="region-select"]').click();
      await page.locator('.ant-select-item-option', { hasText: '邵阳县' }).click();
      const county = (await (await fetch(`${url}/api/v1/stats/summary?from=2026-01-01&to=2026-09-30&region=430523`, { headers: { authorization: `Bearer ${token}` } })).json()).kpis['cases.onTimeRate'];
      expect(county.denominator).toBeLessThan(onTime.denominator);
      const countyText = `${county.numerator} / ${county.denominator}`;
      await page.waitForFunction((t) => document.querySelector('[data-testid="kpi-cases.onTimeRate"]')?.textContent?.includes(t), countyText, { timeout: STEP_TIMEOUT });
      await waitForText(page, '邵阳县行政审批服务局 · 2026-01-01 至 2026-09-30 主要指标');
      await waitForText(page, 'P-E2E-3');
      await page.waitForLoadState('networkidle');
      const ranked = await page.locator('.ant-card', { hasText: '部门排名（按时办结率）' }).locator('.ant-table-row').allTextContents();
      expect(ranked.length).toBeGreaterThan(0);
      expect(ranked.every((r) => r.includes('公安局'))).toBe(true);
      const countyCards = await openCards('430523');
      expect(countyCards.total).toBeGreaterThan(0); // P-E2E-3's red card
      expect(countyCards.total).toBeLessThan(allCards.total);
      await waitForText(page, `待说明的红黄牌（${countyCards.total}）`);
      const cardRows = await page.getByTestId('open-cards').locator('.ant-table-row').allTextContents();
      expect(cardRows.length).toBe(Math.min(8, countyCards.total));
      expect(cardRows.every((r) => r.includes('公安局'))).toBe(true);
      expect(cardRows.some((r) => r.includes('P-E2E-3'))).toBe(true);
      expect(await page.getByTestId('export-xlsx').getAttribute('href')).toContain('region=430523');
      expect(await page.getByTestId('download-report').getAttribute('href')).toContain('region=430523');
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'leader-dashboard-county.png') });
    } catch (err) {
      await screenshot(page, 'leader-dashboard-failure').catch(() => undefined);
      throw new Error(`${(err as Error).message}\nproblems seen: ${problems.join('\n')}`);
    }
    // Before login the app asks /auth/me and gets 401: expected; anything else is a problem.
    expect(problems.filter((p) => !p.startsWith('navigated:') && !p.includes('is deprecated') && !p.endsWith('/api/v1/auth/me'))).toEqual([]);
    await context.close();
  });
});
