import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, screenshot, STEP_TIMEOUT, useBrowserSuite } from './browser';

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
