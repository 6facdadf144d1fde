import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, screenshot, useBrowserSuite } from './browser';
import type { Db } from '../../src/kernel/db/db';

/**
 * Every public page fits a 360 px phone (issue 20 item 5): no sideways scrolling, and the header's brand and
 * links each on one line, inside the screen, overlapping nothing.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
    const header = document.querySelector('[data-testid=public-header]');
    if (!header) return out;
    // an inline link that wraps has one client rect per line
    const items = [...header.querySelectorAll('a')].map((a) => ({ text: a.textContent ?? '', r: a.getBoundingClientRect(), lines: a.getClientRects().length }));
    for (const { text, r, lines } of items) {
      if (r.left < 0 || r.right > width) out.push(`${text} runs off the screen (${Math.round(r.left)}–${Math.round(r.right)})`);
      if (lines > 1) out.push(`${text} wraps onto ${lines} lines`);
    }
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        const [a, b] = [items[i].r, items[j].r];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${items[i].text} overlaps ${items[j].text}`);
      }
    const bar = header.getBoundingClientRect();
    for (const { text, r } of items) if (r.bottom > bar.bottom + 1) out.push(`${text} hangs below the header`);
    return out;
  });
}

const fitsScreen = (page: Page) => page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, width: window.innerWidth }));

describeBrowser('public pages on a 360 px phone', () => {
  // the full demo install: every public page has something to show
  const suite = useBrowserSuite();

  it('fits every public page without sideways scrolling, cut text or overlap', async () => {
    const page = await suite.newPage({ viewport: { width: 360, height: 740 } });
    const json = async (url: string) => {
      const res = await page.request.get(url);
      expect(res.ok(), url).toBe(true);
      return res.json();
    };
    const code: string = (await json('/api/v1/items?q=营业执照')).items[0]?.code;
    expect(code).toBeTruthy();
    const projectNo: string | undefined = (await json('/api/v1/intermediaries/projects?pageSize=1')).items[0]?.projectNo;
    const drawNo: string | undefined = (await json('/api/v1/regulation/public/draws?pageSize=1')).items[0]?.drawNo;
    const sites = await json('/api/v1/gk/sites');
    const columnId: number | undefined = sites.flatMap((site: { columns?: Array<{ id: number }> }) => site.columns ?? [])[0]?.id;
    const articleId: number | undefined = columnId ? (await json(`/api/v1/gk/columns/${columnId}?pageSize=1`)).items[0]?.id : undefined;
    const db = suite.server.built.ctx.db as unknown as Db;
    const docToken: string | undefined = (await db.selectFrom('documents_documents').select('verify_token').executeTakeFirst())?.verify_token;
    const pages: Array<[string, string | RegExp, string]> = [
      ['/services', '办事指南', 'public-360-services'],
      [`/services/${encodeURIComponent(code)}`, '申请材料', 'public-360-guide'],
      ['/progress', '进度查询', 'public-360-progress'],
      ['/mailbox', '市长信箱', 'public-360-mailbox'],
      ['/login', '登录', 'public-360-login'],
      ['/market', '中介服务超市', 'public-360-market'],
      ['/gk', '政务公开', 'public-360-gk'],
      ['/draws', '双随机', 'public-360-draws'],
      ['/verify/license', '核验', 'public-360-verify-license'],
      ['/rate/window?key=demo-window-A01', /评价|窗口/, 'public-360-rate-window'],
      ['/hall/evaluations', /评价/, 'public-360-hall-display'],
    ];
    if (projectNo) pages.push([`/market/projects/${encodeURIComponent(projectNo)}`, projectNo, 'public-360-market-project']);
    if (drawNo) pages.push([`/draws/${encodeURIComponent(drawNo)}`, drawNo, 'public-360-draw']);
    if (articleId) pages.push([`/gk/articles/${articleId}`, '政务公开', 'public-360-gk-article']);
    if (docToken) pages.push([`/api/v1/public/documents/${docToken}/page`, '本文书由本机关制发', 'public-360-document-verify']);
    expect(pages.length).toBeGreaterThanOrEqual(14);
    for (const [path, text, shot] of pages) {
      await page.goto(path);
      await page.getByText(text).filter({ visible: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, shot);
      const fit = await fitsScreen(page);
      expect(fit.scrollWidth, `${path} is ${fit.scrollWidth}px wide on a ${fit.width}px screen`).toBeLessThanOrEqual(360);
      expect(await layoutProblems(page), path).toEqual([]);
    }
    expect(suite.problems).toEqual([]);
  });
});
