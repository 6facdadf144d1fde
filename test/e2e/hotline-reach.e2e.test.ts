/**
 * A leader finds the 12345 reach figures on the dashboard and opens their records: the expert seats by
 * department, and the orders received.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, SCREENSHOT_DIR, settle, useBrowserSuite, waitForText } from './browser';

describeBrowser('hotline reach figures on the leader dashboard', () => {
  const suite = useBrowserSuite({ seed: ['org', 'hotline'] });

  it('a leader opens 专家坐席 and 热线受理工单 from their tiles', async () => {
    const page = await suite.newPage();
    await login(page, 'leader');
    const seats = page.getByTestId('kpi-hotline.expertSeats');
    await seats.waitFor();
    expect(await seats.textContent()).toContain('5 / 6');
    await seats.click();
    const drawer = page.locator('.kpi-drawer .ant-drawer-body');
    await drawer.waitFor();
    await waitForText(drawer, '法律援助专家坐席');
    await waitForText(drawer, '邵东市司法局');
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'hotline-reach-seats.png') });
    await drawer.getByText('分母：登记的专家坐席').click();
    await waitForText(drawer, '住房与物业专家坐席');
    await waitForText(drawer, '共 6 个');
    await page.locator('.kpi-drawer .ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    const received = page.getByTestId('kpi-hotline.received');
    await received.click();
    await drawer.waitFor();
    await waitForText(drawer, /共 \d+ 件/);
    await waitForText(drawer, /GD\d{12}/);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'hotline-reach-received.png') });
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
