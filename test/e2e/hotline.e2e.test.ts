import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_FILES } from '../../src/kernel/validators/upload-sniff.test-support';
import { describeBrowser, JOURNEY_TIMEOUT, login, pickOption, screenshot, settle, STEP_TIMEOUT, useBrowserSuite, waitForText, waitForToast } from './browser';

/** Two-character Chinese button labels get a space from antd (签 收): match either way. */
const btn = (label: string) => new RegExp(`^\\s*${[...label].join('\\s*')}\\s*$`);

async function kpiText(page: Page, name: string): Promise<string> {
  const loc = page.getByTestId(`kpi-${name}`);
  await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').includes('/'), `[data-testid="kpi-${name}"]`, { timeout: STEP_TIMEOUT });
  return ((await loc.textContent()) ?? '').trim();
}

const denominator = (text: string) => Number(text.split('/')[1]);

describeBrowser('hotline: a call from intake to a satisfied call-back', () => {
  const suite = useBrowserSuite();

  it('operator takes a call and dispatches it, the unit signs and replies on a phone, the operator calls back and the KPIs move', async () => {
    // 1. The operator registers the call.
    const desk = await suite.newPage();
    await login(desk, 'operator');
    await waitForText(desk, '来电登记');
    const onTimeBefore = await kpiText(desk, 'hotline.onTimeRate');
    const satisfactionBefore = await kpiText(desk, 'hotline.satisfactionRate');

    const form = desk.getByTestId('intake-form');
    await pickOption(desk, form.getByRole('combobox').first(), '投诉');
    await form.getByLabel('来电人').fill('赵先生');
    await form.getByLabel('联系电话').fill('13912345678');
    await form.getByLabel('诉求内容').fill('金龙小区 5 栋楼道堆放杂物多日无人清理，存在消防隐患，物业不处理。');
    await form.getByLabel('地点').fill('大禾塘街道金龙小区 5 栋');
    await screenshot(desk, 'hotline-1-operator-intake');
    await desk.getByTestId('intake-submit').click();

    // the new order opens in the drawer
    const drawer = desk.getByTestId('order-detail');
    await drawer.waitFor();
    const title = (await desk.locator('.ant-drawer-title').filter({ visible: true }).first().textContent()) ?? '';
    const orderNo = /GD\d{12}/.exec(title)?.[0];
    expect(orderNo).toBeTruthy();
    await waitForText(drawer, '已受理');
    await settle(desk);

    // 2. Dispatch to 住建局.
    await drawer.getByTestId('order-actions').getByRole('button', { name: btn('派单') }).click();
    const dialog = desk.getByRole('dialog').filter({ hasText: '派单至成员单位' });
    await pickOption(desk, dialog.getByRole('combobox'), '邵东市住房和城乡建设局', { search: '住房' });
    await settle(desk);
    await dialog.getByRole('button', { name: btn('提交') }).click();
    await waitForText(drawer, '已派单');
    await waitForText(drawer, '邵东市住房和城乡建设局');
    await screenshot(desk, 'hotline-2-operator-dispatched');

    // 3. The member unit signs for it and replies, on a phone.
    const phone = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await login(phone, 'unit');
    const inbox = phone.getByTestId('unit-inbox');
    await inbox.waitFor();
    await inbox.getByText(orderNo!).click();
    const unitDrawer = phone.getByTestId('order-detail');
    await unitDrawer.waitFor();
    await settle(phone);
    await screenshot(phone, 'hotline-3-unit-inbox-390');
    await unitDrawer.getByRole('button', { name: btn('签收') }).click();
    await waitForText(unitDrawer, '已签收');
    await unitDrawer.getByRole('button', { name: btn('回复') }).click();
    const replyDialog = phone.getByRole('dialog').filter({ hasText: '办理回复' });
    await replyDialog.waitFor();
    await settle(phone);
    await replyDialog.getByLabel('答复内容').fill('已责成物业公司当日清理楼道杂物，并完成消防通道检查。');
    await replyDialog.getByText('已解决', { exact: true }).click();
    await replyDialog.getByText('电话联系', { exact: true }).click();
    await replyDialog.getByTestId('reply-contact-note').fill('来电人表示认可');
    await replyDialog.getByTestId('reply-contact-time').fill('09:15');
    // A photo of the cleared corridor with the reply (typed by its content on the server).
    await replyDialog.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: SAMPLE_FILES.png() });
    await replyDialog.getByText('现场照片.png').waitFor();
    await replyDialog.getByRole('button', { name: btn('提交') }).click();
    await waitForText(unitDrawer, '已回复');
    // The reply's timeline entry names the contact (时间 · 方式 · 结果) and links the file.
    await waitForText(unitDrawer.getByTestId('timeline-contact'), /09:15 · 电话联系 · 来电人表示认可/);
    await unitDrawer.getByTestId('timeline-files').getByText('现场照片.png').waitFor();
    await screenshot(phone, 'hotline-4-unit-replied-390');
    // nothing on the phone is wider than the screen
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    // 4. The operator calls back: satisfied → closed.
    await desk.reload();
    await desk.getByRole('tab', { name: '待回访' }).click();
    const queue = desk.getByTestId('callback-queue');
    await queue.getByText(orderNo!).click();
    const drawer2 = desk.getByTestId('order-detail').filter({ visible: true });
    await drawer2.waitFor();
    await settle(desk);
    await drawer2.getByRole('button', { name: btn('回访') }).click();
    const cbDialog = desk.getByRole('dialog').filter({ hasText: '回访结果' });
    await cbDialog.waitFor();
    await settle(desk);
    await cbDialog.getByText('已联系上').click();
    await cbDialog.getByText('满意', { exact: true }).click();
    await cbDialog.getByRole('button', { name: btn('提交') }).click();
    await waitForText(drawer2, '已办结');
    await waitForText(drawer2, '满意');
    await screenshot(desk, 'hotline-5-operator-closed');

    // 5. The month's figures count the closed order.
    await desk.reload();
    await desk.getByTestId('hotline-kpis').waitFor();
    const onTimeAfter = await kpiText(desk, 'hotline.onTimeRate');
    const satisfactionAfter = await kpiText(desk, 'hotline.satisfactionRate');
    expect(denominator(onTimeAfter)).toBe(denominator(onTimeBefore) + 1);
    expect(denominator(satisfactionAfter)).toBe(denominator(satisfactionBefore) + 1);
    await screenshot(desk, 'hotline-6-kpis');
    expect(suite.problems).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('a leader sees 督办 letters and late orders; the deputies ledger lists their orders', async () => {
    const page = await suite.newPage();
    await login(page, 'leader');
    await page.goto('/hotline/supervision');
    await waitForText(page, '督办函');
    await waitForText(page, '超时工单');
    await screenshot(page, 'hotline-7-leader-supervision');
    // the seeded extension request of 住建局 is approved by the leader
    await page.getByRole('tab', { name: '延期审批' }).click();
    const queue = page.getByTestId('extension-queue');
    await queue.locator('tbody tr.ant-table-row').first().click();
    const drawer = page.getByTestId('order-detail').filter({ visible: true });
    await drawer.waitFor();
    await settle(page);
    await drawer.getByRole('button', { name: '批准延期' }).click();
    await waitForToast(page, /延期申请已批准/);
    await screenshot(page, 'hotline-7b-extension-approved');
    await page.goto('/hotline/deputies');
    await waitForText(page, '罗代表');
    await screenshot(page, 'hotline-8-deputies-ledger');
    expect(suite.problems).toEqual([]);
  });
});
