import { expect, it } from 'vitest';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, useBrowserSuite, waitForText, waitForToast } from './browser';

/** Two-character Chinese button labels get a space from antd (认 领): match either way. */
const btn = (label: string) => new RegExp(`^\\s*${[...label].join('\\s*')}\\s*$`);

describeBrowser('regulation: the supervising department claims and closes a 监管任务; the draw is public', () => {
  const suite = useBrowserSuite();

  it('regulator claims a pushed task, closes it, and the draw result reads on a phone without login', async () => {
    const page = await suite.newPage();
    await login(page, 'regulator');
    const queue = page.getByTestId('regulation-tasks');
    await queue.waitFor();
    await waitForText(queue, '超期未认领');
    await settle(page);
    await screenshot(page, 'regulation-1-queue');

    // The first pending task (the most urgent claim due first).
    const row = queue.locator('tbody tr.ant-table-row').first();
    const taskNo = ((await row.locator('td').first().textContent()) ?? '').trim();
    expect(taskNo).toMatch(/^JG\d{10}$/);
    await row.getByRole('button', { name: btn('认领') }).click();
    await waitForToast(page, `已认领监管任务 ${taskNo}`);

    await queue.getByText('已认领', { exact: true }).first().click();
    const claimedRow = queue.locator('tbody tr.ant-table-row', { hasText: taskNo });
    await claimedRow.waitFor();
    await claimedRow.getByRole('button', { name: btn('办结') }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '办结监管任务' });
    await dialog.waitFor();
    await pickOption(page, dialog.getByRole('combobox'), '已实地核查');
    await dialog.getByLabel('监管情况说明').fill('已到经营场所实地核查，经营项目与许可内容一致。');
    await screenshot(page, 'regulation-2-close-dialog');
    await dialog.getByRole('button', { name: btn('办结') }).click();
    await waitForToast(page, `监管任务 ${taskNo} 已办结`);

    const db = suite.server.built.opened.db;
    const stored = await db.selectFrom('regulation_tasks').select(['status', 'result', 'claimed_on']).where('task_no', '=', taskNo).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'closed', result: 'inspected' });
    expect(stored.claimed_on).toBe('2026-11-30');

    await queue.getByText('已办结', { exact: true }).first().click();
    await waitForText(queue, taskNo);
    await screenshot(page, 'regulation-3-closed');

    // The draws tab, and the drawn draw's public page on a phone without login.
    await page.getByRole('tab', { name: '双随机抽查' }).click();
    await waitForText(page, '食品经营者双随机抽查');
    await settle(page);
    await screenshot(page, 'regulation-4-draws');
    const draw = await db.selectFrom('regulation_draws').select(['draw_no', 'seed']).where('status', '=', 'drawn').executeTakeFirstOrThrow();
    const phone = await suite.newPage({ viewport: { width: 360, height: 780 } });
    await phone.goto(`${suite.server.url}/draws/${draw.draw_no}`);
    await waitForText(phone, '抽中的检查对象');
    await waitForText(phone, draw.seed!);
    await settle(phone);
    await screenshot(phone, 'regulation-5-public-draw-360');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
