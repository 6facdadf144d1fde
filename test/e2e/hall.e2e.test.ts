/**
 * 叫号 journey: a citizen takes a ticket at the kiosk (phone-sized touch screen), the clerk calls it at
 * the window console, the hall display shows the call live (server-sent events) and speaks it in Chinese
 * (speechSynthesis.speak stubbed in the page to record what it was asked to say), the clerk starts
 * handling, takes the intake and links the case to the ticket, and the hall KPIs move.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callAnnouncement } from '../../src/shared/hall-calls';
import { systemActor } from '../../src/kernel/auth/actor';
import { PERSON_ID } from '../fixtures';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, STEP_TIMEOUT, useBrowserSuite, waitForText, waitForToast } from './browser';

type Kpis = Record<string, { value: number | null; numerator: number; denominator: number }>;

/** Replaces the browser's speech with a recorder before any page script runs. */
async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __spoken: Array<{ text: string; lang: string }> };
    w.__spoken = [];
    if ('speechSynthesis' in window) {
      Object.defineProperty(SpeechSynthesis.prototype, 'speak', {
        configurable: true,
        value(u: SpeechSynthesisUtterance) {
          w.__spoken.push({ text: u.text, lang: u.lang });
        },
      });
    }
  });
}

describeBrowser('hall: kiosk ticket, console call, live display with speech, intake linked, KPIs', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'hall'] });

  async function asUser<T>(username: string, method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown): Promise<T> {
    const app = suite.server.built.app;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'demo1234' } });
    const res = await app.inject({ method, url: `/api/v1${path}`, payload: payload as Record<string, unknown>, headers: { authorization: `Bearer ${login.json().token}` } });
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }
  const kpis = async () => (await asUser<{ kpis: Kpis }>('leader', 'GET', '/stats/summary?from=2026-11-30&to=2026-11-30')).kpis;

  it('a citizen’s ticket is called, shown and spoken, served with its case; the KPIs count it', async () => {
    const before = await kpis();

    // The hall display, with speech recorded; the screen's one click turns voice on.
    const display = await suite.newPage({ viewport: { width: 1600, height: 900 } });
    await recordSpeech(display);
    await display.goto('/hall/display');
    await waitForText(display, '实时连接');
    await display.getByRole('button', { name: '点击开启语音播报' }).click();
    await display.getByTestId('voice-on').waitFor({ timeout: STEP_TIMEOUT });
    await waitForText(display, /北京时间 2026年11月30日/);
    await screenshot(display, 'hall-display-idle');

    // The kiosk on a phone-sized touch screen: an ordinary ticket for 综合受理.
    const kiosk = await suite.newPage({ viewport: { width: 360, height: 740 } });
    await kiosk.goto('/hall/kiosk');
    await waitForText(kiosk, '请选择要办理的业务');
    await screenshot(kiosk, 'hall-kiosk-360');
    await kiosk.getByRole('button', { name: /综合受理/ }).click();
    const ticketNo = (await kiosk.getByTestId('ticket-no').textContent())!.trim();
    expect(ticketNo).toBe('A001');
    await waitForText(kiosk, '您前面还有');
    await screenshot(kiosk, 'hall-kiosk-ticket-360');
    await expect.poll(async () => (await display.getByTestId('total-waiting').textContent())?.trim(), { timeout: STEP_TIMEOUT }).toBe('1');

    // The clerk of window A01 opens the console, starts service and calls the next ticket.
    const clerk = await suite.newPage();
    await login(clerk, 'clerk');
    await clerk.goto('/hall/console');
    await waitForText(clerk, '叫号台');
    await clerk.getByRole('button', { name: '开始服务' }).click();
    await waitForToast(clerk, '已开始服务');
    await clerk.getByRole('button', { name: '呼叫下一位' }).click();
    await waitForToast(clerk, `已呼叫 ${ticketNo} 号`);
    await expect.poll(async () => (await clerk.getByTestId('current-ticket').textContent())?.trim(), { timeout: STEP_TIMEOUT }).toBe(ticketNo);

    // The display shows the call and speaks it in Chinese.
    const call = display.getByTestId('current-call');
    await expect.poll(async () => (await call.textContent()) ?? '', { timeout: STEP_TIMEOUT }).toContain(`${ticketNo}号到 1号综合窗口 办理`);
    const said = callAnnouncement(ticketNo, '1号综合窗口');
    await expect.poll(() => display.evaluate(() => (window as unknown as { __spoken: Array<{ text: string; lang: string }> }).__spoken), { timeout: STEP_TIMEOUT }).toContainEqual({ text: said, lang: 'zh-CN' });
    await screenshot(display, 'hall-display-call');

    // 重呼 is announced again, as a repeated call.
    await clerk.getByRole('button', { name: /^重\s?呼$/ }).click();
    await expect
      .poll(() => display.evaluate(() => (window as unknown as { __spoken: Array<{ text: string }> }).__spoken.map((s) => s.text)), { timeout: STEP_TIMEOUT })
      .toContain(callAnnouncement(ticketNo, '1号综合窗口', 2));

    // 开始办理, the intake taken at this window, linked to the ticket, 办结.
    await clerk.getByRole('button', { name: '开始办理' }).click();
    await waitForText(clerk, '为该群众收件后');
    const items = await asUser<{ items: Array<{ code: string; name: string }> }>('clerk', 'GET', '/items?pageSize=50');
    const item = items.items.find((i) => i.name === '食品经营许可新办') ?? items.items[0];
    const full = await asUser<{ materials: Array<{ name: string }> }>('clerk', 'GET', `/items/${encodeURIComponent(item.code)}`);
    const created = await asUser<{ caseNo: string }>('clerk', 'POST', '/cases', {
      itemCode: item.code,
      channel: 'window',
      applicant: { type: 'person', name: '李小华', idNumber: PERSON_ID, phone: '13912345678' },
      materials: full.materials.map((m) => ({ name: m.name, provided: true })),
    });
    // The console offers the cases this clerk took today; the new one is among them.
    const caseBox = clerk.getByRole('combobox');
    await caseBox.click();
    await caseBox.fill(created.caseNo);
    await clerk.locator('.ant-select-item-option').filter({ hasText: created.caseNo }).first().click();
    await clerk.getByRole('button', { name: '关联办件' }).click();
    await waitForToast(clerk, '已关联办件');
    await waitForText(clerk, created.caseNo);
    await screenshot(clerk, 'hall-console-serving');
    await clerk.getByRole('button', { name: /^办\s?结$/ }).click();
    await waitForToast(clerk, '已办结');
    await waitForText(clerk, '呼叫下一位');
    await screenshot(clerk, 'hall-console-idle');

    // The ticket carries its case; the KPIs count the ticket, its wait and its handling.
    const tickets = await asUser<{ items: Array<{ ticketNo: string; status: string; caseNo: string | null }> }>('supervisor', 'GET', '/hall/tickets?day=2026-11-30');
    expect(tickets.items.find((t) => t.ticketNo === ticketNo)).toMatchObject({ status: 'done', caseNo: created.caseNo });
    const after = await kpis();
    expect(after['hall.tickets'].value).toBe((before['hall.tickets'].value ?? 0) + 1);
    expect(after['hall.averageWaitMinutes'].denominator).toBe(before['hall.averageWaitMinutes'].denominator + 1);
    expect(after['hall.averageServiceMinutes'].denominator).toBe(before['hall.averageServiceMinutes'].denominator + 1);

    // A leader opens 大厅取号 on the dashboard: the records are the tickets, each with its number and status.
    const leader = await suite.newPage();
    await login(leader, 'leader');
    await leader.getByTestId('kpi-hall.tickets').click();
    const drawer = leader.locator('.kpi-drawer .ant-drawer-body');
    await drawer.waitFor();
    await waitForText(drawer, /共 \d+ 条/);
    await drawer.getByRole('cell', { name: ticketNo, exact: true }).first().waitFor({ timeout: STEP_TIMEOUT });
    await waitForText(drawer, '已办结');
    await screenshot(leader, 'hall-dashboard-tickets');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('a citizen books a working-day slot on a phone (the holiday and rest days greyed) and sees it in 我的预约', async () => {
    const page = await suite.newPage({ viewport: { width: 360, height: 780 } });
    await login(page, 'citizen');
    await page.goto('/my/appointments');
    await waitForText(page, '预约到大厅办事');
    await page.getByLabel('业务类别').waitFor();
    expect(await page.getByTestId('booking-counties').count()).toBe(0); // one county hall: no county step
    await pickOption(page, page.getByLabel('业务类别'), '企业开办');
    const days = page.getByTestId('booking-days');
    await days.waitFor({ timeout: STEP_TIMEOUT });
    // 2026-12-05 is a Saturday: greyed; 12-01 a Tuesday: open
    await expect.poll(() => days.getByRole('button', { name: /12月5日/ }).isDisabled(), { timeout: STEP_TIMEOUT }).toBe(true);
    await days.getByRole('button', { name: /12月1日/ }).click();
    await page.getByTestId('booking-slots').getByRole('button', { name: /10:00/ }).click();
    await page.getByLabel('手机号').fill('13800001234');
    await screenshot(page, 'hall-booking-360');
    await page.getByRole('button', { name: /预约 12月1日/ }).click();
    await waitForText(page, '预约成功');
    const no = (await page.getByTestId('appointment-no').textContent())!.trim();
    await waitForText(page, `预约号 ${no}`);
    await screenshot(page, 'hall-booking-done-360');
    const mine = await asUser<{ items: Array<{ appointmentNo: string; status: string }> }>('citizen', 'GET', '/hall/appointments/mine');
    expect(mine.items.find((a) => a.appointmentNo === no)?.status).toBe('booked');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('on an installation of several counties a citizen picks the county first, then books at its hall (phone)', async () => {
    // A second county hall: 邵阳县 (its bureau names it) with a window of its own.
    await suite.server.built.ctx.services.org.create(systemActor('e2e'), { code: '430523-000', name: '邵阳县行政审批服务局', kind: 'bureau', regionCode: '430523' });
    await asUser('admin', 'PUT', '/hall/windows/K01', { name: '邵阳县大厅1号窗口', categories: ['A', 'B'], region: '430523' });
    const page = await suite.newPage({ viewport: { width: 360, height: 780 } });
    await login(page, 'citizen');
    await page.goto('/my/appointments');
    const counties = page.getByTestId('booking-counties');
    await counties.waitFor({ timeout: STEP_TIMEOUT });
    expect(await counties.getByRole('button').allTextContents()).toEqual(['邵东市', '邵阳县行政审批服务局']);
    // Nothing else to pick before the county.
    expect(await page.getByLabel('业务类别').count()).toBe(0);
    await screenshot(page, 'hall-booking-county-360');
    await counties.getByRole('button', { name: '邵阳县行政审批服务局' }).click();
    await pickOption(page, page.getByLabel('业务类别'), '企业开办');
    const days = page.getByTestId('booking-days');
    await days.waitFor({ timeout: STEP_TIMEOUT });
    await days.getByRole('button', { name: /12月1日/ }).click();
    // 10:00 at this county's hall is its own slot: the booking at the home hall took none of its places.
    const slot = page.getByTestId('booking-slots').getByRole('button', { name: /10:00/ });
    await expect.poll(() => slot.isDisabled(), { timeout: STEP_TIMEOUT }).toBe(false);
    await slot.click();
    await page.getByLabel('手机号').fill('13800001234');
    await screenshot(page, 'hall-booking-county-form-360');
    await page.getByRole('button', { name: /预约 12月1日/ }).click();
    await waitForText(page, '办理地点：邵阳县行政审批服务局');
    const no = (await page.getByTestId('appointment-no').textContent())!.trim();
    expect(no).toMatch(/^YY430523-20261201-\d{4}$/);
    await waitForText(page.getByTestId('my-appointments'), `邵阳县行政审批服务局 · 12月1日 周二 10:00 · 预约号 ${no}`);
    await screenshot(page, 'hall-booking-county-done-360');
    const mine = await asUser<{ items: Array<{ appointmentNo: string; region: string }> }>('citizen', 'GET', '/hall/appointments/mine');
    expect(mine.items.find((a) => a.appointmentNo === no)?.region).toBe('430523');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
