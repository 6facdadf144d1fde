import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/modules/org';
import { describeBrowser, login, logout, pickOption, screenshot, settle, useBrowserSuite, waitForText, waitForToast } from './browser';

/**
 * Each demo account's start page (path and title from the route table) and the menu entries it must and
 * must not see. `today`: the page shows today's working-day status (a module's own home page may not).
 */
const HOMES: Array<{ username: string; title: string; path: string; menu: string[]; today: boolean }> = [
  { username: 'admin', title: '系统管理', path: '/system', menu: ['系统管理', '领导驾驶舱', '工作日历'], today: true },
  { username: 'leader', title: '领导驾驶舱', path: '/dashboard', menu: ['领导驾驶舱', '工作日历'], today: true },
  { username: 'supervisor', title: '监察工作台', path: '/supervision', menu: ['监察工作台', '工作日历'], today: true },
  { username: 'editor', title: '事项管理', path: '/catalog', menu: ['事项管理', '工作日历'], today: false },
  { username: 'clerk', title: '窗口工作台', path: '/window', menu: ['窗口工作台', '工作日历'], today: true },
  { username: 'reviewer', title: '审批工作台', path: '/review', menu: ['审批工作台', '工作日历'], today: true },
  { username: 'operator', title: '热线坐席', path: '/hotline', menu: ['热线坐席', '工作日历'], today: true },
  { username: 'unit', title: '成员单位工单', path: '/unit', menu: ['成员单位工单', '工作日历'], today: true },
  { username: 'citizen', title: '我的办事', path: '/my', menu: ['我的办事'], today: true },
];
/** The role start pages: each role's menu holds its own and no other. */
const HOME_TITLES = HOMES.map((h) => h.title);

function nameOf(username: string): string {
  const a = DEMO_ACCOUNTS.find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username}`);
  return a.name;
}

/** The page's own title: the PageHeader title when the page has one, else the title text in the content area. */
async function expectTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((t) => document.title === `${t} - 一窗通办`, title);
  await waitForText(page.getByTestId('page-content'), title);
}

async function pageTitle(page: Page): Promise<string> {
  const t = page.getByTestId('page-title');
  await t.waitFor();
  return (await t.textContent())?.trim() ?? '';
}

describeBrowser('web shell', () => {
  const suite = useBrowserSuite();

  for (const home of HOMES) {
    it(`${home.username} logs in and sees ${home.title}`, async () => {
      const page = await suite.newPage();
      await login(page, home.username);
      expect(new URL(page.url()).pathname).toBe(home.path);
      await expectTitle(page, home.title);
      await page.getByTestId('user-name').filter({ hasText: nameOf(home.username) }).first().waitFor();
      if (home.today) {
        // the server's fixed clock is Monday 2026-11-30, a working day
        const today = page.getByTestId('today-status');
        await today.waitFor();
        expect(await today.textContent()).toContain('今天 2026年11月30日 星期一');
        expect(await today.textContent()).toContain('工作日');
        await waitForText(page, /下一个工作日：2026年12月1日 星期二/);
      }
      const menu = page.getByTestId('side-menu');
      if (home.menu.length > 1 || (await menu.count()) > 0) {
        const text = (await menu.textContent()) ?? '';
        for (const m of home.menu) expect(text).toContain(m);
        for (const m of HOME_TITLES.filter((x) => !home.menu.includes(x))) expect(text).not.toContain(m);
      }
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${home.username}-home`);
      expect(suite.problems).toEqual([]);
    });
  }

  it('a wrong password shows the Chinese error and stays on the login page', async () => {
    const page = await suite.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    // the bureau's name is white on the brand blue, never on the page's grey (readable on any height)
    const banner = page.getByTestId('login-banner');
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 95, 191)');
    expect(await banner.innerText()).toContain('邵东市行政审批服务局');
    await screenshot(page, 'login-wrong-password');
  });

  it('logout returns to the login page and the session is gone', async () => {
    const page = await suite.newPage();
    await login(page, 'clerk');
    await waitForText(page, '窗口工作台');
    await logout(page);
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await page.goto('/window');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/window');
  });

  it('a deep link asks for login first and then opens the page', async () => {
    const page = await suite.newPage();
    await page.goto('/calendar?year=2026');
    await page.waitForURL((u) => u.pathname === '/login');
    await login(page, 'reviewer');
    await page.waitForURL((u) => u.pathname === '/calendar');
    expect(await pageTitle(page)).toBe('工作日历');
  });

  it('a page outside the role answers 无权访问', async () => {
    const page = await suite.newPage();
    await login(page, 'clerk');
    await page.goto('/system');
    await waitForText(page, '无权访问');
  });

  it('the citizen home page fits a phone (390×844)', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await login(page, 'citizen');
    expect(await pageTitle(page)).toBe('我的办事');
    await page.getByTestId('user-name').filter({ hasText: nameOf('citizen') }).first().waitFor();
    await page.getByTestId('today-status').waitFor();
    expect(await page.getByTestId('side-menu').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'citizen-phone');
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('side-menu').filter({ visible: true }).waitFor();
    await screenshot(page, 'citizen-phone-menu');
    await logout(page);
  });

  it('the admin sees the calendar warning and edits a day', async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    await waitForText(page, '2027 年节假日安排尚未录入');
    await page.getByTestId('side-menu').getByRole('link', { name: '工作日历', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/calendar');
    await page.getByTestId('page-title').filter({ hasText: '工作日历' }).waitFor();
    await page.getByTestId('calendar-warning').waitFor();
    const cell = page.locator('[data-date="2026-12-30"]');
    expect(await cell.getAttribute('data-kind')).toBe('workday');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'admin-calendar');
    await cell.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await settle(page);
    await dialog.getByText('法定节假日', { exact: true }).click();
    await dialog.getByPlaceholder('节日名称（可不填）').fill('测试假日');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForToast(page, /已保存/);
    await page.locator('[data-date="2026-12-30"][data-kind="holiday"]').waitFor();
    expect(await page.locator('[data-date="2026-12-30"]').textContent()).toContain('测试假日');
    const res = await suite.server.built.app.inject({ method: 'GET', url: '/api/v1/calendar?year=2026', headers: { authorization: `Bearer ${(await suite.server.built.auth.login('admin', 'demo1234', '127.0.0.1')).token}` } });
    expect(res.json().days.find((d: { date: string }) => d.date === '2026-12-30')).toMatchObject({ kind: 'holiday', name: '测试假日' });
    expect(suite.problems).toEqual([]);
  });

  it('the admin enters a published year in one import: preview, then the year is confirmed', async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    await page.goto('/calendar?year=2027');
    await page.getByTestId('page-title').filter({ hasText: '工作日历' }).waitFor();
    // provisional 2027 already knows 春节 from the lunar calendar (2027-02-06 is 春节's eve)
    expect(await page.locator('[data-date="2027-02-08"]').getAttribute('data-kind')).toBe('holiday');
    await page.getByTestId('import-year').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '导入 2027 年放假安排' });
    await dialog.waitFor();
    await settle(page);
    await dialog.getByTestId('import-year-text').fill('{"year": 2026}');
    await dialog.getByTestId('import-year-error').filter({ hasText: '没有 days 列表' }).waitFor();
    const days = [
      ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ name: '元旦', date, isOffDay: true })),
      ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14'].map((date) => ({ name: '春节', date, isOffDay: true })),
      { name: '春节', date: '2027-02-20', isOffDay: false },
    ];
    await dialog.getByTestId('import-year-text').fill(JSON.stringify({ year: 2027, days }));
    await dialog.getByTestId('import-year-preview').filter({ hasText: '2027 年：放假 12 天，调休上班 1 天' }).waitFor();
    await screenshot(page, 'admin-calendar-import');
    await dialog.getByRole('button', { name: /导入并确认/ }).click();
    await waitForToast(page, /已导入并确认/);
    await page.locator('[data-date="2027-02-20"][data-kind="adjusted_workday"]').waitFor();
    await page.getByText('已录入', { exact: true }).waitFor();
    expect(suite.problems).toEqual([]);
  });

  it('the admin opens 账号管理, creates a window clerk, finds the account and resets its password', async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    await page.getByTestId('side-menu').getByRole('link', { name: '账号管理', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/system/users');
    await page.getByTestId('page-title').filter({ hasText: '账号管理' }).waitFor();
    await waitForText(page, /共 \d+ 个账号/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'admin-users');

    await page.getByRole('button', { name: /新建账号/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新建账号' });
    await dialog.waitFor();
    await settle(page);
    await dialog.getByLabel('用户名').fill('window9');
    await dialog.getByLabel('姓名').fill('钱九');
    await pickOption(page, dialog.getByTestId('new-user-roles'), '综合窗口');
    await dialog.getByLabel('窗口号').fill('A09');
    await dialog.getByLabel('手机').fill('13912345678');
    await dialog.getByLabel('初始密码').fill('Window-pass-2026');
    await screenshot(page, 'admin-users-new');
    await dialog.getByRole('button', { name: /新\s*建/ }).click();
    await waitForToast(page, '已新建账号 window9');
    const row = page.locator('.ant-table-row').filter({ hasText: 'window9' });
    await row.waitFor();
    expect(await row.textContent()).toContain('139****5678');
    expect(await row.textContent()).toContain('综合窗口');

    await row.getByRole('button', { name: /重置密码/ }).click();
    const reset = page.getByRole('dialog').filter({ hasText: '重置密码' });
    await reset.waitFor();
    await settle(page);
    await reset.getByLabel('新密码').fill('short');
    await reset.getByRole('button', { name: /重\s*置/ }).click();
    await waitForText(reset, /密码至少/);
    await reset.getByLabel('新密码').fill('Another-pass-2026');
    await reset.getByRole('button', { name: /重\s*置/ }).click();
    await waitForToast(page, /已重置 钱九 的密码/);
    const ok = await suite.server.built.auth.login('window9', 'Another-pass-2026', '127.0.0.1');
    expect(ok.user.roles).toEqual(['clerk']);
    expect(suite.problems).toEqual([]);
  });

  it('the clerk reckons a due date on the working-day calendar', async () => {
    const page = await suite.newPage();
    await login(page, 'clerk');
    const card = page.locator('.ant-card').filter({ hasText: '承诺期限试算' });
    await card.getByRole('button', { name: /试\s*算/ }).click();
    // 20 working days after Monday 2026-11-30 (the day itself not counted)
    const result = page.getByTestId('due-date-result');
    await result.getByText('到期日').waitFor();
    expect(await result.textContent()).toContain('2026年12月28日 星期一');
  });
});
