/**
 * 中介服务超市 through its pages: the enterprise posts a 随机抽取 project at its desk, three intermediaries
 * sign up at theirs, the enterprise draws (its desk shows the committed hash, then the revealed seed), the
 * public phone page shows hash, seed and result; after 公示 the contract is signed, the intermediary
 * delivers, the enterprise accepts and rates; the enterprise's next application for the item shows on its
 * case page that the survey report came from that market project. The market admin reviews a registration.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_ENTERPRISE_CODE } from '../../src/modules/intermediaries';
import { JOURNEY_TIMEOUT, SCREENSHOT_DIR, describeBrowser, login, pickOption, screenshot, settle, useBrowserSuite, waitForText, waitForToast } from './browser';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const AGENCY_NAMES: Record<string, string> = { agency1: '湖南恒信测绘有限公司', agency2: '邵阳市鼎诚工程咨询有限公司', agency3: '湖南天平资产评估有限公司' };
const TITLE = '宏远建材四期厂房竣工测量';

describeBrowser('intermediaries: a random draw in the open, from the desks', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'intermediaries'] });

  /** Moves the server's clock; pages opened afterwards stand on it and sign in afresh (sessions end after 12 h). */
  const dayAt = (instant: string) => suite.server.clock.set(instant);
  /** A fresh desktop page signed in as `username`, at `path`. */
  const desk = async (username: string, path: string): Promise<Page> => {
    const page = await suite.newPage();
    await login(page, username);
    await page.goto(path);
    return page;
  };

  // One journey in steps (each its own time budget on a loaded machine); later steps use what earlier ones found.
  let no = '';
  let committed = '';
  let seed = '';
  let picked = '';
  let pickedUser = '';
  const phonePage = async (path: string) => {
    const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(path);
    return phone;
  };

  it(
    'the enterprise posts a 随机抽取 project at its desk and three intermediaries sign up at theirs',
    async () => {
      const owner = await desk('enterprise', '/intermediaries/projects');
      await waitForText(owner, '我的采购项目');
      await owner.getByTestId('post-project').click();
      await settle(owner);
      await owner.getByLabel('业主单位').fill('邵东市宏远建材有限公司');
      await owner.getByLabel('统一社会信用代码').fill(DEMO_ENTERPRISE_CODE);
      await pickOption(owner, owner.getByTestId('post-service'), '工程测绘（测绘）');
      await owner.getByLabel('项目名称').fill(TITLE);
      await owner.getByLabel('服务范围').fill('竣工规划核实测量及房产面积实测');
      await owner.getByLabel('资质要求（可空）').fill('测绘资质');
      await owner.getByLabel('预算（元）').fill('28000');
      await owner.getByLabel('报名截止日').fill('2026-11-30');
      await owner.getByLabel('报名截止日').press('Enter');
      await screenshot(owner, 'market-desk-post');
      await owner.getByTestId('post-submit').click();
      await waitForToast(owner, '已发布项目');
      await owner.waitForURL(/\/intermediaries\/projects\/ZJ/);
      no = owner.url().split('/').pop()!;
      committed = (await owner.getByTestId('committed-hash').first().innerText()).trim();
      expect(committed).toMatch(/^[0-9a-f]{64}$/);
      await waitForText(owner, '报名截止日 2026-11-30 之后才能选取');

      for (const a of ['agency1', 'agency2', 'agency3']) {
        const page = await desk(a, '/intermediaries/agency');
        await waitForText(page, AGENCY_NAMES[a]);
        await page.getByRole('link', { name: TITLE }).first().click();
        await page.getByTestId('signup').click();
        await waitForToast(page, '已报名');
        if (a === 'agency1') {
          await waitForText(page, '已报名，等待随机抽取');
          await screenshot(page, 'market-agency-signed-up');
        }
        await page.context().close();
      }

      // The public page on a phone: the hash is public before the draw.
      const phone = await phonePage(`/market/projects/${no}`);
      await waitForText(phone, '报名截止后公开抽取');
      await waitForText(phone, committed);
      await waitForText(phone, '3 家');
      await settle(phone);
      await screenshot(phone, 'market-project-before-draw');
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'the next working day the enterprise draws in the open: the revealed seed matches the committed hash',
    async () => {
      expect(no).not.toBe('');
      dayAt('2026-12-01T10:00:00+08:00');
      const drawer = await desk('enterprise', `/intermediaries/projects/${no}`);
      await waitForText(drawer, AGENCY_NAMES.agency3);
      await screenshot(drawer, 'market-desk-before-draw');
      await drawer.getByTestId('draw').click();
      await waitForToast(drawer, '已公开抽取');
      seed = (await drawer.getByTestId('revealed-seed').first().innerText()).trim();
      expect(sha256(seed)).toBe(committed);
      picked = (await drawer.getByTestId('selected-agency').innerText()).trim();
      pickedUser = Object.keys(AGENCY_NAMES).find((k) => AGENCY_NAMES[k] === picked) ?? '';
      expect(pickedUser).not.toBe('');
      await waitForText(drawer, '公示期至 2026-12-08');
      await screenshot(drawer, 'market-desk-drawn');

      const phone = await phonePage(`/market/projects/${no}`);
      await waitForText(phone, '抽取后公开的种子');
      await waitForText(phone, `结果公示：${picked}`);
      await waitForText(phone, seed);
      await settle(phone);
      await screenshot(phone, 'market-project-drawn');
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'after 公示 the contract is signed, the intermediary delivers, the enterprise accepts and rates',
    async () => {
      expect(pickedUser).not.toBe('');
      dayAt('2026-12-09T10:00:00+08:00');
      const signer = await desk('enterprise', `/intermediaries/projects/${no}`);
      await waitForText(signer, '公示已于 2026-12-08 期满');
      await signer.getByLabel('合同编号').fill('HT-2026-1209');
      await signer.getByLabel('合同金额（元）').fill('25600');
      await signer.getByRole('button', { name: '签订合同' }).click();
      await waitForToast(signer, '合同已签订');
      await waitForText(signer, '交付期限 2026-12-23');

      const agency = await desk(pickedUser, '/intermediaries/agency');
      await agency.getByRole('tab', { name: /我的项目/ }).click();
      await agency.getByRole('link', { name: TITLE }).first().click();
      await agency.getByLabel('成果报告编号').fill('CH-2026-0456');
      await screenshot(agency, 'market-agency-deliver');
      await agency.getByRole('button', { name: '提交成果' }).click();
      await waitForToast(agency, '成果已提交');

      await signer.reload();
      await signer.getByRole('button', { name: /验\s*收/ }).click();
      await waitForToast(signer, '已验收');
      await signer.getByTestId('rating').locator('li').nth(4).click();
      await signer.getByPlaceholder('评价意见').fill('成果规范，提前交付');
      await signer.getByRole('button', { name: '提交评价' }).click();
      await waitForToast(signer, '评价已提交');
      await waitForText(signer, '5 星：成果规范，提前交付');
      await screenshot(signer, 'market-desk-rated');

      const phone = await phonePage(`/market/projects/${no}`);
      await waitForText(phone, '业主评价');
      await settle(phone);
      await screenshot(phone, 'market-project-rated');
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    "the enterprise's application for the item shows on its case page that the report came from the market project",
    async () => {
      expect(no).not.toBe('');
      const page = await desk('enterprise', '/my');
      const res = await page.request.get('/api/v1/intermediaries/item-services');
      const item = ((await res.json()) as { items: { itemCode: string; serviceName: string; selfAllowed: boolean }[] }).items.find((i) => i.serviceName === '工程测绘' && !i.selfAllowed)!;
      const submitted = await page.request.post('/api/v1/cases', {
        headers: { 'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'ow_csrf')?.value ?? '' },
        data: { itemCode: item.itemCode, channel: 'online', applicant: { type: 'organization', name: '邵东市宏远建材有限公司', creditCode: DEMO_ENTERPRISE_CODE, phone: '0739-2681000' } },
      });
      expect(submitted.status()).toBe(201);
      const caseNo = ((await submitted.json()) as { caseNo: string }).caseNo;
      await page.goto(`/cases/${caseNo}`);
      const card = page.getByTestId('case-market');
      await waitForText(card, '中介服务超市');
      await waitForText(card, no);
      await waitForText(card, 'CH-2026-0456');
      // A full-page capture resizes the window, and the case page then shows its loading state during the
      // capture: take what the clerk's screen shows, scrolled to the card.
      await settle(page);
      await page.getByTestId('case-status').waitFor();
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'market-case-report.png'), animations: 'disabled' });
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'lets the market admin review a registration, and shows the registry and the 体外循环 flags',
    async () => {
      const admin = await desk('admin', '/intermediaries/admin');
      await waitForText(admin, '邵东市诚信工程造价咨询有限公司');
      await screenshot(admin, 'market-admin-pending');
      await admin.getByRole('button', { name: /审\s*核/ }).first().click();
      await settle(admin);
      await admin.getByRole('button', { name: /确\s*定/ }).click();
      await waitForToast(admin, '邵东市诚信工程造价咨询有限公司 已入驻');
      await admin.getByRole('tab', { name: '体外循环预警' }).click();
      await waitForText(admin, '工程测绘');
      await screenshot(admin, 'market-admin-flags');

      const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
      await phone.goto('/market');
      await phone.getByText('中介机构').filter({ visible: true }).last().click();
      await waitForText(phone, '邵东市诚信工程造价咨询有限公司');
      await settle(phone);
      await screenshot(phone, 'market-registry');
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );
});
