import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildApp, seedIfEmpty, WEB_DIST, type BuiltApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { FixedClock } from '../../src/kernel/clock';
import { openDb } from '../../src/kernel/db/db';
import { describeBrowser, launchBrowser, login } from '../e2e/browser';

/**
 * The Content-Security-Policy must not break what it protects: the built web app (Vite bundle, antd's
 * CSS-in-JS) and the Swagger UI at /docs, served by the app itself as in production, run in Chromium
 * without a single CSP violation.
 */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|apply|execute|connect|frame)/i.test(m.text())) seen.push(m.text());
    else if (process.env.CSP_DEBUG) console.log('console:', m.type(), m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  return seen;
}

describeBrowser('security: CSP in the browser', () => {
  let built: BuiltApp;
  let browser: Browser;
  let base = '';
  const hasWeb = fs.existsSync(`${WEB_DIST}/index.html`);

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', ONEWINDOW_JOBS: '0', DATABASE_URL: 'file::memory:' });
    built = await buildApp({ config, clock: new FixedClock('2026-09-30T09:00:00+08:00'), opened: openDb({ dialect: 'sqlite', url: ':memory:' }), serveWeb: hasWeb });
    await seedIfEmpty(built);
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(built.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await built?.close();
  });

  it.skipIf(!hasWeb)('runs the web app without CSP violations', async () => {
    const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
    const page = await context.newPage();
    const violations = cspViolations(page);
    const res = await page.goto('/');
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await login(page, 'leader');
    // The signed-in shell rendered (antd injects its styles at runtime: the inline-style allowance at work).
    await page.getByTestId('logout').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('runs the Swagger UI at /docs without CSP violations', async () => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.goto('/docs');
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    await context.close();
  });
});
