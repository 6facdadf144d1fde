import { expect, it } from 'vitest';
import type { APIRequestContext } from 'playwright-core';
import { computeOrgCodeCheckChar, computeUsccCheckChar } from '../../src/kernel/validators';
import { describeBrowser, JOURNEY_TIMEOUT, login, screenshot, settle, STEP_TIMEOUT, useBrowserSuite, waitForText, waitForToast } from './browser';

/** Two-character Chinese button labels get a space from antd (认 领): match either way. */
const btn = (label: string) => new RegExp(`^\\s*${[...label].join('\\s*')}\\s*$`);

/**
 * 电子证照: a license of the demo library (issued by the demo seed's approvals and existing library) verified
 * by a citizen on a 360 px phone, by the QR link printed on the license and by number + holder name; a
 * forged QR link shows 证照无效. The holder's ID never appears.
 */
describeBrowser('licenses: public verification on a phone', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'licenses'] });

  it('verifies a license by its QR link and by number + holder name at phone width', async () => {
    const page = await suite.newPage({ viewport: { width: 360, height: 740 } });
    const login = await page.request.post('/api/v1/auth/login', { data: { username: 'admin', password: 'demo1234' } });
    expect(login.status()).toBe(200);
    const token = (await login.json()).token as string;
    const auth = { authorization: `Bearer ${token}` };
    const list = await (await page.request.get(`/api/v1/licenses?typeCode=YYZZ&q=${encodeURIComponent('张三')}`, { headers: auth })).json();
    const lic = list.items[0];
    expect(lic?.holderName).toBe('张三');
    // Licenses issued by the seed's approvals carry their case numbers.
    const issued = await (await page.request.get('/api/v1/licenses?pageSize=100', { headers: auth })).json();
    expect(issued.items.some((l: { caseNo: string | null; source: string }) => l.source === 'case' && l.caseNo)).toBe(true);
    const print = await (await page.request.get(`/api/v1/licenses/${lic.licenseNo}/print`, { headers: auth })).json();
    expect(print.qrSvg).toContain('<svg');

    await page.goto(print.verifyPath);
    const result = page.getByTestId('verify-result');
    await result.getByText('证照有效').waitFor({ timeout: STEP_TIMEOUT });
    await expect.poll(() => result.textContent()).toContain(lic.licenseNo);
    expect(await page.content()).not.toContain(print.license.holderId);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'licenses-verify-qr-360');

    await page.goto(print.verifyPath.replace(/sig=[^&]{6}/, 'sig=AAAAAA'));
    await page.getByTestId('verify-result').getByText('证照无效').waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'licenses-verify-forged-360');

    await page.goto('/verify/license');
    await page.getByLabel('证照编号').fill(lic.licenseNo);
    await page.getByLabel('持证人名称').fill('张三');
    await page.getByRole('button', { name: /核\s*验/ }).click();
    await page.getByTestId('verify-result').getByText('证照有效').waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(page, 'licenses-verify-form-360');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});

/**
 * The whole loop at the clerk's and the department's desks: a case of 市场主体设立登记 is approved on its
 * page and its 营业执照 appears there and in the library; the printed license's QR link verifies on a
 * 390 px phone; the next application of the same company (食品经营许可新办) has its 营业执照 served by the
 * library; the supervising department finds the approval's 监管任务 in its queue and claims it.
 */
describeBrowser('licenses: issued on approval, verified by QR, reused at intake, supervised', () => {
  const suite = useBrowserSuite();

  const apiAs = async (request: APIRequestContext, username: string) => {
    const r = await request.post('/api/v1/auth/login', { data: { username, password: 'demo1234' } });
    expect(r.status()).toBe(200);
    const headers = { authorization: `Bearer ${(await r.json()).token as string}` };
    return {
      get: async (url: string) => (await request.get(url, { headers })).json(),
      post: async (url: string, data: unknown) => {
        const res = await request.post(url, { headers, data });
        expect(res.status(), await res.text()).toBeLessThan(300);
        return res.json();
      },
    };
  };
  const itemCode = async (api: Awaited<ReturnType<typeof apiAs>>, name: string) => {
    const r = await api.get(`/api/v1/items?q=${encodeURIComponent(name)}&pageSize=20`);
    const item = r.items.find((i: { name: string }) => i.name === name);
    expect(item, name).toBeTruthy();
    return item.code as string;
  };

  it('approve → license on the case page and in the list → QR verified on a phone → served at the next intake → task claimed', async () => {
    // The clerk's API calls run in a context of their own (its session cookie stays out of the pages').
    const clerk = await apiAs((await suite.newPage()).request, 'clerk');
    const page = await suite.newPage();
    const first17 = `91430582MA4T8E2K${computeOrgCodeCheckChar('MA4T8E2K')}`;
    const company = { type: 'organization', name: '邵东市新禾餐饮管理有限公司', creditCode: first17 + computeUsccCheckChar(first17), phone: '13907390123' };
    const setup = await itemCode(clerk, '市场主体设立登记');
    const item = await clerk.get(`/api/v1/items/${setup}`);
    const c = await clerk.post('/api/v1/cases', { itemCode: setup, channel: 'window', applicant: company, materials: item.materials.map((m: { name: string }) => ({ name: m.name, provided: true })) });
    await clerk.post(`/api/v1/cases/${c.caseNo}/actions`, { action: 'accept' });

    // The reviewer approves on the case page: the 营业执照 shows up on it.
    await login(page, 'reviewer');
    await page.goto(`/cases/${c.caseNo}`);
    await page.getByTestId('case-actions').getByRole('button', { name: '准予许可' }).click();
    // Approval asks for the 审查意见 and a confirmation (issue 21 item 11).
    const approve = page.getByRole('dialog');
    await approve.waitFor({ state: 'visible' });
    await settle(page);
    await page.getByTestId('review-opinion').fill('材料齐全，符合法定条件，准予登记。');
    await page.getByTestId('review-confirm').check();
    await approve.getByRole('button', { name: /确\s*定/ }).click();
    await approve.waitFor({ state: 'hidden' });
    const card = page.getByTestId('case-licenses');
    await waitForText(card, '营业执照');
    const licenseNo = ((await card.locator('a').first().textContent()) ?? '').trim();
    expect(licenseNo).toMatch(/^YYZZ430582\d{10}$/);
    await settle(page);
    await screenshot(page, 'licenses-1-case-approved');

    // In the library: searched by the company's name, opened with its history.
    await page.goto('/licenses');
    await page.getByTestId('license-search').locator('input').fill('新禾餐饮');
    await page.getByTestId('license-search').locator('input').press('Enter');
    const list = page.getByTestId('license-list');
    await waitForText(list, licenseNo);
    await settle(page);
    await screenshot(page, 'licenses-2-list');
    await list.getByRole('link', { name: licenseNo }).click();
    await waitForText(page.getByTestId('license-history'), '颁发');
    await waitForText(page, '签名有效');
    await settle(page);
    await screenshot(page, 'licenses-3-detail');

    // The printable page carries the QR code of the verification link.
    await page.goto(`/licenses/${licenseNo}/print`);
    const qr = page.getByTestId('license-qr');
    await qr.locator('svg').waitFor({ timeout: STEP_TIMEOUT });
    const verifyUrl = (await qr.getAttribute('data-url'))!;
    expect(verifyUrl).toContain(`/verify/license?no=${licenseNo}`);
    await settle(page);
    await screenshot(page, 'licenses-4-print');

    // A citizen scans it on a 390 px phone, without login.
    const phone = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(new URL(verifyUrl).pathname + new URL(verifyUrl).search);
    const result = phone.getByTestId('verify-result');
    await result.getByText('证照有效').waitFor({ timeout: STEP_TIMEOUT });
    await expect.poll(() => result.textContent()).toContain('邵东市新禾餐饮管理有限公司');
    expect(await phone.content()).not.toContain(company.creditCode);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await screenshot(phone, 'licenses-5-verify-qr-390');

    // The company's next application: its 营业执照 comes from the library.
    const food = await itemCode(clerk, '食品经营许可新办');
    const next = await clerk.post('/api/v1/cases', { itemCode: food, channel: 'window', applicant: company, materials: [{ name: '申请书', provided: true }, { name: '经营场所使用证明', provided: true }] });
    expect(next.materials.find((m: { name: string }) => m.name === '营业执照').servedBy).toMatchObject({ kind: 'license', ref: licenseNo });
    await page.goto(`/cases/${next.caseNo}`);
    const served = page.getByTestId('case-licenses');
    await waitForText(served, '证照免提交');
    await waitForText(served, licenseNo);
    await settle(page);
    await screenshot(page, 'licenses-6-next-case-served');

    // The supervising department finds the approval's 监管任务 and claims it.
    const db = suite.server.built.opened.db;
    const task = await db.selectFrom('regulation_tasks').select(['task_no', 'license_no', 'department_id']).where('case_no', '=', c.caseNo).executeTakeFirstOrThrow();
    expect(task.license_no).toBe(licenseNo);
    const desk = await suite.newPage();
    await login(desk, 'regulator');
    const queue = desk.getByTestId('regulation-tasks');
    await queue.waitFor();
    await desk.getByTestId('task-search').locator('input').fill(c.caseNo);
    await desk.getByTestId('task-search').locator('input').press('Enter');
    const row = queue.locator('tbody tr.ant-table-row', { hasText: task.task_no });
    await row.waitFor({ timeout: STEP_TIMEOUT });
    await settle(desk);
    await screenshot(desk, 'licenses-7-task-queue');
    await row.getByRole('button', { name: btn('认领') }).click();
    await waitForToast(desk, `已认领监管任务 ${task.task_no}`);
    const stored = await db.selectFrom('regulation_tasks').select(['status']).where('task_no', '=', task.task_no).executeTakeFirstOrThrow();
    expect(stored.status).toBe('claimed');

    // The issuing department changes the license in place: the paper printed before reads as superseded, not forged.
    const reviewer = await apiAs((await suite.newPage()).request, 'reviewer');
    await reviewer.post(`/api/v1/licenses/${licenseNo}/actions`, { action: 'change', reason: '住所变更', data: { 住所: '邵东市大禾塘街道衡宝路 18 号' } });
    await phone.reload();
    await phone.getByTestId('verify-result').getByText('证照已变更，请以最新版本为准').waitFor({ timeout: STEP_TIMEOUT });
    await screenshot(phone, 'licenses-8-verify-superseded-390');

    // The 证照目录 the types come from.
    await page.goto('/licenses/types');
    await waitForText(page.getByTestId('license-types'), '营业执照');
    await settle(page);
    await screenshot(page, 'licenses-9-types');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
