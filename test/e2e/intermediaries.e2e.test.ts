/**
 * 中介服务超市 journey on a phone: an enterprise posts a 随机抽取 project, three intermediaries sign up, the
 * draw is made in public (the page shows the committed hash, the revealed seed and the candidates), the
 * result goes on 公示; after it the contract is signed, delivered, accepted and rated, and the enterprise's
 * next application for the item is not flagged as 体外循环. Owner and intermediary steps go through the API
 * (their desks have no pages yet); what the public reads is checked in the browser.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEMO_ENTERPRISE_CODE } from '../../src/modules/intermediaries';
import { JOURNEY_TIMEOUT, describeBrowser, screenshot, settle, useBrowserSuite, waitForText } from './browser';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describeBrowser('intermediaries: a random draw in the open', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'intermediaries'] });

  it(
    'posts, signs up three intermediaries, draws publicly, publicizes, contracts, delivers and rates',
    async () => {
      const { url, clock } = suite.server;
      const tokens = new Map<string, string>();
      const call = async (method: string, path: string, as: string | null, body?: unknown) => {
        let token = as ? tokens.get(as) : undefined;
        if (as && !token) {
          const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: as, password: 'demo1234' }) });
          token = ((await r.json()) as { token: string }).token;
          tokens.set(as, token);
        }
        const r = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
        const json = (await r.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
        return json;
      };
      const services = (await call('GET', '/intermediaries/services', null)).items as { id: number; code: string }[];
      const survey = services.find((s) => s.code === 'SURVEY')!.id;
      const today = clock.now().toISOString().slice(0, 10);
      const ownerCode = DEMO_ENTERPRISE_CODE;
      const p = await call('POST', '/intermediaries/projects', 'enterprise', {
        serviceId: survey,
        title: '宏远建材四期厂房竣工测量',
        scope: '竣工规划核实测量及房产面积实测',
        requiredQualification: '测绘资质',
        requiredLevel: '乙级',
        budget: 28000,
        mode: 'random',
        signupTo: today,
        deliveryWorkdays: 10,
        ownerCode,
        ownerName: '邵东市宏远建材有限公司',
      });
      const no = p.projectNo as string;
      const committed = p.seedHash as string;
      for (const a of ['agency1', 'agency2', 'agency3']) await call('POST', `/intermediaries/projects/${no}/signup`, a, {});

      const page = await suite.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto('/market');
      await waitForText(page, '宏远建材四期厂房竣工测量');
      await settle(page);
      await screenshot(page, 'market-open-projects');
      await page.getByText('宏远建材四期厂房竣工测量').click();
      await waitForText(page, '报名截止后公开抽取');
      await waitForText(page, committed);
      await screenshot(page, 'market-project-before-draw');

      // The next working day the owner draws; the public page shows the seed to check.
      clock.set('2026-12-01T10:00:00+08:00');
      tokens.clear(); // sessions end after 12 h on the moved clock
      const drawn = await call('POST', `/intermediaries/projects/${no}/select`, 'enterprise', {});
      expect(drawn.status).toBe('publicity');
      expect(sha256(drawn.seed)).toBe(committed);
      await page.reload();
      await waitForText(page, '抽取后公开的种子');
      await waitForText(page, `结果公示：${drawn.selectedAgency.name}`);
      await waitForText(page, drawn.seed);
      await settle(page);
      await screenshot(page, 'market-project-drawn');

      // After 公示 (5 working days: to Tue 12-08) the contract, delivery, acceptance and the rating.
      clock.set('2026-12-09T10:00:00+08:00');
      tokens.clear();
      const mine = await Promise.all(['agency1', 'agency2', 'agency3'].map(async (a) => [a, (await call('GET', '/intermediaries/agencies/mine', a)).agency.id] as const));
      const pickedUser = mine.find(([, id]) => id === drawn.selectedAgency.id)![0];
      const contracted = await call('POST', `/intermediaries/projects/${no}/contract`, 'enterprise', { contractNo: 'HT-2026-1209', price: 25600 });
      expect(contracted.deliveryDue).toBe('2026-12-23');
      await call('POST', `/intermediaries/projects/${no}/deliver`, pickedUser, { reportNo: 'CH-2026-0456' });
      await call('POST', `/intermediaries/projects/${no}/accept`, 'enterprise', {});
      const rated = await call('POST', `/intermediaries/projects/${no}/rate`, 'enterprise', { rating: 5, comment: '成果规范，提前交付' });
      expect(rated).toMatchObject({ status: 'accepted', rating: 5, onTime: true });
      await page.reload();
      await waitForText(page, '业主评价');
      await settle(page);
      await screenshot(page, 'market-project-rated');

      await page.goto('/market');
      await page.getByText('中介机构').filter({ visible: true }).last().click();
      await waitForText(page, drawn.selectedAgency.name);
      await settle(page);
      await screenshot(page, 'market-registry');
      expect(suite.problems).toEqual([]);
    },
    JOURNEY_TIMEOUT,
  );
});
