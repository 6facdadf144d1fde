/**
 * Shared helpers for browser journeys (playwright-core driving Debian's /usr/bin/chromium).
 *
 *   import { describeBrowser, useBrowserSuite, login, screenshot } from './browser';
 *
 *   describeBrowser('cases: intake at the window', () => {
 *     const suite = useBrowserSuite();                   // server + browser for this file
 *     it('clerk accepts a case', async () => {
 *       const page = await suite.newPage();              // fresh context; failure screenshot is automatic
 *       await login(page, 'clerk');
 *       await page.getByRole('link', { name: '办件受理' }).click();
 *       …
 *       await screenshot(page, 'clerk-case-accepted');   // test-results/screenshots/clerk-case-accepted.png
 *     });
 *   });
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startE2eServer, type E2eServer, type E2eServerOptions } from './server';

export { E2E_NOW } from './server';
export type { E2eServer } from './server';

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser found by test/global-setup.ts, or null (then browser suites are skipped). */
export const chromiumPath: string | null = inject('chromiumPath');

/** Browser steps are slow on a busy 2-core machine: generous per-test and per-step limits. */
export const BROWSER_TEST_TIMEOUT = 120_000;
export const STEP_TIMEOUT = 20_000;

/**
 * `describe` with browser-sized timeouts when a browser is available, else `describe.skip` (the global
 * setup already fails the run when a browser is required).
 */
export function describeBrowser(name: string, fn: () => void): void {
  (chromiumPath ? describe : describe.skip)(name, { timeout: BROWSER_TEST_TIMEOUT }, fn);
}

/** Launches Debian's chromium headless; every launch gets a fresh temporary profile (user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no chromium for browser tests (see test/global-setup.ts)');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}

export interface NewPageOptions {
  /** Default 1366×800 (an office PC); a phone is { width: 390, height: 844 }. */
  viewport?: { width: number; height: number };
  /** Emulate a touch phone (isMobile, hasTouch, deviceScaleFactor 2). Default: true when width < 768. */
  mobile?: boolean;
  /** The instant the page's Date stands on (default: the server's clock instant). Pass null for real time. */
  now?: string | null;
}

/** Turns a test name into a file name: letters, digits and CJK kept, the rest dashes. */
export function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'page';
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${fileSafe(name)}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Signs in through the login form and waits until the app has left /login. */
export async function login(page: Page, username: string, password = 'demo1234'): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT });
}

/** Signs out with the header button (or the phone drawer's) and waits for the login page. */
export async function logout(page: Page): Promise<void> {
  const button = page.getByTestId('logout').filter({ visible: true }).first();
  // on a phone the button sits in the menu drawer
  if (!(await button.isVisible())) await page.getByTestId('menu-toggle').click();
  await button.click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT });
}

/** Waits until `text` is visible somewhere on the page (playwright-core has no `expect`). */
export async function waitForText(page: Page | Locator, text: string | RegExp, timeout = STEP_TIMEOUT): Promise<Locator> {
  const loc = page.getByText(text).filter({ visible: true }).first();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

export interface BrowserSuite {
  readonly server: E2eServer;
  readonly browser: Browser;
  /** A page in a fresh browser context (own cookies) on the suite's server. */
  newPage(opts?: NewPageOptions): Promise<Page>;
  /** Uncaught page errors, console errors (other than failed-resource noise) and 5xx answers seen in the current test. */
  readonly problems: string[];
  /** Console warnings of the current test, antd deprecation notices included. */
  readonly warnings: string[];
}

/**
 * Starts the server and the browser once per describe block; gives each test fresh contexts; on a failing
 * test saves test-results/screenshots/<test>-failure.png of every page it opened, then closes them.
 */
export function useBrowserSuite(opts: E2eServerOptions = {}): BrowserSuite {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];

  beforeAll(async () => {
    server = await startE2eServer(opts);
    browser = await launchBrowser();
  }, 300_000); // may include a vite build

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    if (failed) {
      let i = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          const suffix = i++ === 0 ? '' : `-${i}`;
          await screenshot(p, `${ctx.task.name}${suffix}-failure`).catch(() => undefined);
        }
      }
    }
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    contexts = [];
    problems.length = 0;
    warnings.length = 0;
  });

  return {
    get server() {
      if (!server) throw new Error('the browser suite has not started (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser suite has not started (use it inside a test)');
      return browser;
    },
    problems,
    warnings,
    async newPage(o: NewPageOptions = {}) {
      const viewport = o.viewport ?? { width: 1366, height: 800 };
      const mobile = o.mobile ?? viewport.width < 768;
      const context = await this.browser.newContext({
        baseURL: this.server.url,
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      contexts.push(context);
      const now = o.now === undefined ? this.server.clock.now().toISOString() : o.now;
      if (now) await context.clock.setFixedTime(new Date(now));
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT);
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        const text = m.text();
        // Chrome logs every 4xx fetch as "Failed to load resource"; expected 401/422 answers are not problems.
        if (text.startsWith('Failed to load resource')) return;
        // antd reports deprecated props through console.error even in production builds: worth fixing, not a broken page
        if (text.startsWith('Warning: [antd') || m.type() === 'warning') warnings.push(`console: ${text}`);
        else problems.push(`console: ${text}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`);
      });
      return page;
    },
  };
}
