/**
 * 好差评 journey: a window tablet rates a case 不满意, the supervisor verifies it valid, records the
 * rectification and the call-back, and the KPIs and the window ranking change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb } from '../../src/kernel/db/db';
import { modules } from '../../src/modules';
import { DEMO_DEVICE_KEY } from '../../src/modules/evaluations';
import { JOURNEY_TIMEOUT, SCREENSHOT_DIR, SETUP_TIMEOUT, STEP_TIMEOUT, describeBrowser, launchBrowser, login, screenshot, settle, waitForText } from './browser';
import { E2E_NOW, ensureWebBuilt } from './server';


describeBrowser('evaluations: 好差评 from the window tablet to rectification', () => {
  let built: BuiltApp;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    const clock = new FixedClock(E2E_NOW);
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: 'file::memory:' });
    built = await buildApp({ config, clock, opened: openDb({ dialect: 'sqlite', url: ':memory:' }), modules, serveWeb: true });
    for (const m of modules) if (['org', 'catalog', 'evaluations'].includes(m.name)) await m.seed?.(built.ctx, { kind: 'demo' });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await built?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const c of contexts) for (const [i, p] of c.pages().entries()) await screenshot(p, `${ctx.task.name}-${i}-failure`).catch(() => undefined);
    }
  });

  async function newPage(viewport = { width: 1366, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ baseURL: url, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    await context.clock.setFixedTime(new Date(E2E_NOW));
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    return page;
  }

  const tokens = new Map<string, string>();
  async function call<T = Record<string, unknown>>(as: string, method: string, path: string, body?: unknown): Promise<T> {
    if (!tokens.has(as)) {
      const r = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: as, password: 'demo1234' } });
      tokens.set(as, r.json().token);
    }
    const res = await built.app.inject({ method: method as 'GET', url: `/api/v1${path}`, payload: body as Record<string, unknown>, headers: { authorization: `Bearer ${tokens.get(as)}` } });
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }

  /** A completed case of the food department (the demo reviewer's), driven through the cases API. */
  async function completedCase(): Promise<{ caseNo: string; itemName: string }> {
    const dept = (await call<{ items: { id: number; code: string }[] }>('admin', 'GET', '/departments')).items.find((d) => d.code === '430582-001')!;
    const items = (await call<{ items: { code: string; name: string }[] }>('clerk', 'GET', `/items?department=${dept.id}&pageSize=50`)).items;
    const item = items.find((i) => i.name === '食品经营许可新办') ?? items[0];
    const full = await call<{ materials: { name: string }[] }>('clerk', 'GET', `/items/${encodeURIComponent(item.code)}`);
    const c = await call<{ caseNo: string }>('clerk', 'POST', '/cases', {
      itemCode: item.code,
      channel: 'window',
      applicant: { type: 'person', name: '李小华', idNumber: '43058219900307123' + checkChar('43058219900307123'), phone: '13912345678' },
      materials: full.materials.map((m) => ({ name: m.name, provided: true })),
    });
    await call('clerk', 'POST', `/cases/${c.caseNo}/actions`, { action: 'accept' });
    await call('reviewer', 'POST', `/cases/${c.caseNo}/actions`, { action: 'approve' });
    await call('clerk', 'POST', `/cases/${c.caseNo}/actions`, { action: 'complete', deliveryMethod: '窗口领取' });
    return { caseNo: c.caseNo, itemName: item.name };
  }

  const kpis = async () =>
    (await call<{ kpis: Record<string, { value: number | null; numerator: number; denominator: number }> }>('supervisor', 'GET', '/evaluations/kpis?from=2026-11-01&to=2026-11-30')).kpis;
  const windowA01 = async () =>
    (await call<{ windows: { key: string; validBad: number; score: number; active: number }[] }>('supervisor', 'GET', '/evaluations/rankings?month=2026-11')).windows.find((w) => w.key === 'A01');

  it('a tablet rates 不满意; the supervisor verifies, rectifies and calls back; KPIs and ranking follow', async () => {
    // A good rating first, so that the rates have something to move from.
    const good = await completedCase();
    await built.app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: { 'x-device-key': DEMO_DEVICE_KEY }, payload: { caseNo: good.caseNo, level: 5, channel: 'window_device', comment: '办得很快' } });
    const { caseNo, itemName } = await completedCase();

    // --- the window tablet ----------------------------------------------------------------------
    const tablet = await newPage({ width: 1280, height: 900 });
    await tablet.goto(`/rate/window?key=${DEMO_DEVICE_KEY}`);
    await waitForText(tablet, itemName);
    await waitForText(tablet, caseNo);
    await screenshot(tablet, 'evaluations-1-tablet-ready');
    await tablet.getByTestId('level-2').click();
    await tablet.getByRole('button', { name: '等候时间长' }).click();
    await tablet.getByLabel('评价内容').fill('排队一个多小时，窗口说明不清楚，我电话13912345678');
    await screenshot(tablet, 'evaluations-2-tablet-unsatisfied');
    await tablet.getByRole('button', { name: '提交评价' }).click();
    await waitForText(tablet, '感谢您的评价！');
    await screenshot(tablet, 'evaluations-3-tablet-thanks');

    const before = await kpis();
    expect(before['evaluations.goodRate']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(before['evaluations.actualGoodRate']).toMatchObject({ numerator: 2, denominator: 2 });
    expect((await windowA01())!.validBad).toBe(0);
    const scoreBefore = (await windowA01())!.score;

    // --- the supervisor's workbench -------------------------------------------------------------
    const page = await newPage();
    await login(page, 'supervisor');
    await page.goto('/evaluations/reviews');
    await waitForText(page, caseNo);
    await screenshot(page, 'evaluations-4-workbench');
    await page.getByText(caseNo).first().click();
    await waitForText(page, '核实结论');
    await settle(page);
    await shot(page, 'evaluations-4b-verify-form');
    await page.getByLabel('核实情况 / 理由').fill('调取窗口录像，群众反映属实');
    await page.getByRole('button', { name: '提交核实' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('有效差评').first().waitFor();
    await page.getByLabel('整改措施').fill('对窗口人员批评教育，高峰时段增开弹性窗口，统一一次性告知口径');
    await shot(page, 'evaluations-5-verified-valid');
    await page.getByRole('button', { name: '提交登记整改' }).click();
    await waitForText(page, '回访记录');
    await page.getByLabel('回访记录').fill('电话回访，群众对整改表示满意');
    await page.getByRole('button', { name: '提交回访' }).click();
    await waitForText(page, '群众对整改表示满意');
    await shot(page, 'evaluations-6-closed-with-trail');

    const after = await kpis();
    expect(after['evaluations.actualGoodRate']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(after['evaluations.rectificationRate']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    const a01 = (await windowA01())!;
    expect(a01.validBad).toBe(1);
    expect(a01.score).toBeLessThan(scoreBefore);

    // --- rankings and KPIs in the UI -------------------------------------------------------------
    await page.keyboard.press('Escape');
    await page.goto('/evaluations/rankings');
    await waitForText(page, '窗口排名');
    await waitForText(page, '50.00%'); // 实际好评率 and 好评率: 1 of 2
    await waitForText(page, '100.00%'); // 差评整改率
    await waitForText(page, 'A01 窗口');
    await screenshot(page, 'evaluations-7-rankings');

    // --- the hall screen: public, no personal data ------------------------------------------------
    const hall = await newPage({ width: 1920, height: 1080 });
    await hall.goto('/hall/evaluations');
    await waitForText(hall, '政务服务“好差评”实时公示');
    await waitForText(hall, '139****5678');
    expect(await hall.content()).not.toContain('13912345678');
    expect(await hall.content()).not.toContain('李小华');
    await screenshot(hall, 'evaluations-8-hall-display');
    expect(problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});

/** A viewport screenshot: the drawer is a fixed overlay that a full-page capture would resize away. */
async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}

/** GB 11643 check character (the test needs one valid ID number). */
function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * w[i], 0);
  return '10X98765432'[sum % 11];
}
