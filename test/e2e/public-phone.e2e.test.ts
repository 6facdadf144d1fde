import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, screenshot, useBrowserSuite } from './browser';

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

describeBrowser('public pages on a 360 px phone', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'hotline'] });

  it('fits the catalogue, a guide, the progress lookup, the 市长信箱 and the login page without cut text or overlap', async () => {
    const page = await suite.newPage({ viewport: { width: 360, height: 740 } });
    const items = await (await page.request.get('/api/v1/items?q=营业执照')).json();
    const code: string = items.items[0]?.code;
    expect(code).toBeTruthy();
    const pages: Array<[string, string, string]> = [
      ['/services', '办事指南', 'public-360-services'],
      [`/services/${encodeURIComponent(code)}`, '申请材料', 'public-360-guide'],
      ['/progress', '进度查询', 'public-360-progress'],
      ['/mailbox', '市长信箱', 'public-360-mailbox'],
      ['/login', '登录', 'public-360-login'],
    ];
    for (const [path, text, shot] of pages) {
      await page.goto(path);
      await page.getByText(text).filter({ visible: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, shot);
      expect(await layoutProblems(page), path).toEqual([]);
    }
    expect(suite.problems).toEqual([]);
  });
});
