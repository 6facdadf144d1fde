import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, screenshot, settle, useBrowserSuite, waitForApi, waitForToast } from './browser';

describeBrowser('admin: accounts are deactivated and reactivated from the page; the business settings have pages', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'hotline', 'evaluations', 'documents'] });

  it('deactivating the clerk signs them out at once and stops their login; reactivating lets them back in', async () => {
    const clerk = await suite.newPage();
    await login(clerk, 'clerk');
    expect((await clerk.request.get('/api/v1/auth/me')).status()).toBe(200);

    const admin = await suite.newPage();
    await login(admin, 'admin');
    await admin.goto('/system/users');
    await admin.getByPlaceholder('用户名或姓名').fill('clerk');
    await admin.getByPlaceholder('用户名或姓名').press('Enter');
    const row = admin.locator('tr.ant-table-row').filter({ has: admin.getByRole('cell', { name: 'clerk', exact: true }) });
    await row.waitFor();
    await row.getByRole('button', { name: /停\s*用/ }).click();
    const confirm = admin.locator('.ant-popconfirm').filter({ visible: true });
    await confirm.waitFor();
    await settle(admin);
    await confirm.getByRole('button', { name: /停\s*用/ }).click();
    await waitForToast(admin, '已停用');
    await row.getByText('已停用').waitFor();
    await screenshot(admin, 'admin-users-deactivated');

    // The clerk's open session is gone at once; a new login is refused.
    expect((await clerk.request.get('/api/v1/auth/me')).status()).toBe(401);
    const relogin = await clerk.request.post('/api/v1/auth/login', { data: { username: 'clerk', password: 'demo1234' } });
    expect(relogin.status()).toBe(401);

    // The last admin cannot deactivate itself: the page says why.
    await admin.getByPlaceholder('用户名或姓名').fill('admin');
    await admin.getByPlaceholder('用户名或姓名').press('Enter');
    const self = admin.locator('tr.ant-table-row').filter({ has: admin.getByRole('cell', { name: 'admin', exact: true }) });
    await self.waitFor();
    await self.getByRole('button', { name: /停\s*用/ }).click();
    const confirmSelf = admin.locator('.ant-popconfirm').filter({ visible: true });
    await confirmSelf.waitFor();
    await settle(admin);
    await confirmSelf.getByRole('button', { name: /停\s*用/ }).click();
    await waitForToast(admin, '不能停用');

    await admin.getByPlaceholder('用户名或姓名').fill('clerk');
    await admin.getByPlaceholder('用户名或姓名').press('Enter');
    await row.getByRole('button', { name: /启\s*用/ }).click();
    await waitForToast(admin, '已启用');
    await row.getByText('启用', { exact: true }).waitFor();
    await waitForApi(admin, '/api/v1/users?q=clerk', (d: { items: Array<{ username: string; active: boolean }> }) => d.items.find((u) => u.username === 'clerk')?.active, true);
    const back = await suite.newPage();
    await login(back, 'clerk');
    expect((await back.request.get('/api/v1/auth/me')).status()).toBe(200);
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('shows each business settings tab: devices, ranking weights, knowledge base, synonyms, 文书', async () => {
    const admin = await suite.newPage();
    await login(admin, 'admin');
    for (const [tab, text] of [
      ['devices', '登记评价器'],
      ['weights', '参评最少评价数'],
      ['kb', '新建条目'],
      ['synonyms', '搜索词'],
      ['documents', '可用字段'],
    ] as const) {
      await admin.goto(`/system/settings?tab=${tab}`);
      await admin.getByText(text).filter({ visible: true }).first().waitFor();
      await admin.waitForLoadState('networkidle');
      await screenshot(admin, `admin-settings-${tab}`);
    }

    // Register a rating device: its key shows once.
    await admin.goto('/system/settings?tab=devices');
    await admin.getByPlaceholder(/窗口号/).fill('B09');
    await admin.getByPlaceholder(/名称/).fill('B09 窗口评价器');
    await admin.getByRole('button', { name: /登记评价器/ }).click();
    await admin.getByTestId('device-key').waitFor();
    const row = admin.locator('tr.ant-table-row').filter({ hasText: 'B09 窗口评价器' });
    await row.getByRole('button', { name: /停\s*用/ }).click();
    const confirm = admin.locator('.ant-popconfirm').filter({ visible: true });
    await confirm.waitFor();
    await settle(admin);
    await confirm.getByRole('button', { name: /停\s*用/ }).click();
    await row.getByText('已停用').waitFor();

    // A template with an unknown field is refused with the fields it may use.
    await admin.goto('/system/settings?tab=documents');
    const body = admin.getByTestId('template-editor').getByRole('textbox').nth(1);
    await body.fill('{{申请人}}：{{不存在的字段}}');
    await admin.getByRole('button', { name: /保存模板/ }).click();
    await admin.getByTestId('template-error').getByText('不存在的字段').waitFor();
    await screenshot(admin, 'admin-settings-template-refused');
    expect(suite.problems.filter((p) => !p.includes('422'))).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
