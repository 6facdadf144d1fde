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
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest';
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

/**
 * How long one browser step (a navigation, a click, a result appearing) may take. The suite must pass on a
 * busy 2-core machine (load averages of 8–18 were seen), where a step that takes half a second on an idle
 * one can take many seconds: every timeout of the browser tests is this constant or a multiple of it, so a
 * slower machine needs one change. Steps wait on a visible result or the API's state, never a fixed sleep,
 * so a generous limit costs nothing when all is well and only bounds how long a real failure takes.
 */
export const STEP_TIMEOUT = 60_000;
/** A short test (one login, a few steps). */
export const BROWSER_TEST_TIMEOUT = 5 * STEP_TIMEOUT;
/** A journey through several accounts and pages (several logins, a dozen steps or more). */
export const JOURNEY_TIMEOUT = 10 * STEP_TIMEOUT;
/** Starting a server and a browser, which may include building the web app first. */
export const SETUP_TIMEOUT = 5 * STEP_TIMEOUT;
/** One attempt of a step that is retried while the page is still settling (see pickOption). */
export const ATTEMPT_TIMEOUT = STEP_TIMEOUT / 6;

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
  const toggle = page.getByTestId('menu-toggle').filter({ visible: true }).first();
  // Wait for the header first: asking isVisible() while it still renders would take a desktop for a phone.
  await button.or(toggle).first().waitFor({ timeout: STEP_TIMEOUT });
  // on a phone the button sits in the menu drawer
  if (!(await button.isVisible())) await toggle.click();
  await button.click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: STEP_TIMEOUT });
}

/** Waits until `text` is visible somewhere on the page (playwright-core has no `expect`). */
export async function waitForText(page: Page | Locator, text: string | RegExp, timeout = STEP_TIMEOUT): Promise<Locator> {
  const loc = page.getByText(text).filter({ visible: true }).first();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/**
 * Waits until the page's animations have run out (a dialog zooming in, a drawer sliding in; endless ones
 * such as spinners do not count). Playwright waits for a button to stand still before clicking it, but on
 * a starved CPU the button can still move between that check and the click, which then lands beside it
 * and does nothing: call this after opening a dialog or drawer, before clicking inside it.
 */
export async function settle(page: Page, timeout = STEP_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout },
  );
}

/**
 * Clicks the confirm button of the antd Popconfirm on screen. Waits for it to be open and its opening
 * animation to end first: a click during the zoom-in lands on a moving target and can be lost on a loaded
 * machine (an earlier, closed Popconfirm may also linger hidden in the DOM, so only the visible one counts).
 */
export async function confirmPopconfirm(page: Page, button: string | RegExp = /确\s?定/): Promise<void> {
  const popconfirm = page.locator('.ant-popconfirm').filter({ visible: true }).last();
  await popconfirm.waitFor({ timeout: STEP_TIMEOUT });
  await settle(page);
  await popconfirm.getByRole('button', { name: button }).click();
}

/**
 * Picks an option of an antd Select or AutoComplete and waits until the choice took. `select` is the
 * component (its data-testid lands on the .ant-select root) or its combobox input; `option` is the
 * option's title (antd's title attribute for text labels) or a locator for options with rich labels;
 * `search` is typed first; `took` is what shows the choice (default: the select displays `option`).
 * On a loaded machine the option list can arrive late, re-render or close under the click and leave
 * nothing chosen: then the attempt is repeated, within STEP_TIMEOUT overall.
 */
export async function pickOption(page: Page, select: Locator, option: string | Locator, opts: { search?: string; took?: Locator } = {}): Promise<void> {
  const root = select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const combobox = root.getByRole('combobox');
  const target = (typeof option === 'string' ? page.locator(`.ant-select-item-option[title="${option}"]`) : option).filter({ visible: true }).first();
  if (typeof option !== 'string' && !opts.took) throw new Error('pickOption: say what shows the choice (took) when the option is a locator');
  const took = opts.took ?? root.filter({ hasText: option as string });
  const deadline = Date.now() + STEP_TIMEOUT;
  for (let attempt = 1; ; attempt++) {
    try {
      // A late choice counts (clicking a multiple select's option again would take it back off).
      if (attempt > 1 && (await took.first().isVisible())) return;
      // Open the list only when it is closed: clicking an open select closes it again.
      if ((await combobox.getAttribute('aria-expanded', { timeout: ATTEMPT_TIMEOUT })) !== 'true') await root.click({ timeout: ATTEMPT_TIMEOUT });
      if (opts.search !== undefined) await combobox.fill(opts.search, { timeout: ATTEMPT_TIMEOUT });
      await target.click({ timeout: ATTEMPT_TIMEOUT });
      await took.first().waitFor({ state: 'visible', timeout: ATTEMPT_TIMEOUT });
      // A multiple select keeps its list open; the next click elsewhere closes it (Tab would toggle the
      // active option off again).
      return;
    } catch (e) {
      if (Date.now() >= deadline) throw new Error(`could not pick ${typeof option === 'string' ? `"${option}"` : option} in ${attempt} attempts`, { cause: e });
    }
  }
}

/** Records the text of every antd message (toast) the page shows, so a wait cannot miss one that already left. */
export async function recordToasts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __toasts: string[] }).__toasts = seen;
    new MutationObserver(() => {
      for (const n of document.querySelectorAll('.ant-message-notice')) {
        const text = n.textContent ?? '';
        if (text && !seen.includes(text)) seen.push(text);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * Waits until the page has shown a toast matching `text`. A toast leaves after about 3 s, which on a loaded
 * machine can pass before a plain wait for visible text even starts; pages from useBrowserSuite record them.
 */
export async function waitForToast(page: Page, text: string | RegExp, timeout = STEP_TIMEOUT): Promise<void> {
  const pattern = typeof text === 'string' ? { source: text, literal: true, flags: '' } : { source: text.source, literal: false, flags: text.flags };
  await page.waitForFunction(
    (p) => ((window as unknown as { __toasts?: string[] }).__toasts ?? []).some((t) => (p.literal ? t.includes(p.source) : new RegExp(p.source, p.flags).test(t))),
    pattern,
    { timeout },
  );
}

/**
 * Polls a GET of the API, as the page's signed-in user (its cookies), until `pick` of the answer contains
 * `want` (a substring) or equals it, within STEP_TIMEOUT. For a result that a page shows after an action:
 * wait for the server's state first, then for the page.
 */
export async function waitForApi<T = Record<string, unknown>>(page: Page, url: string, pick: (body: T) => unknown, want: unknown): Promise<void> {
  const poll = expect.poll(
    async () => {
      const res = await page.request.get(url, { timeout: ATTEMPT_TIMEOUT });
      return res.ok() ? pick((await res.json()) as T) : `HTTP ${res.status()}`;
    },
    { timeout: STEP_TIMEOUT, interval: 250, message: `GET ${url}` },
  );
  await (typeof want === 'string' ? poll.toContain(want) : poll.toBe(want));
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
  }, SETUP_TIMEOUT);

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
      await recordToasts(context);
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
