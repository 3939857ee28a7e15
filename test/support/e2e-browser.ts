import { expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { REPO_ROOT } from './e2e-server';

/**
 * Debian's Chromium driven by playwright-core, for end-to-end tests on the H5 build.
 *
 *   const browser = await launchChromium();
 *   const { page, errors } = await openPage(browser, server.baseUrl, PHONE);
 *   await page.goto('/');
 *   …
 *   await saveScreenshot(page, 'home-phone');
 *   expect(errors).toEqual([]);
 *   await browser.close();
 *
 * Each launch starts from a fresh, empty profile (Playwright passes Chromium a new temporary
 * --user-data-dir and deletes it on close), and each `openPage` is a new context: its own storage,
 * so its own development-login identity.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags: no sandbox (containers), no GPU, no background traffic to Google. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** iPhone X-sized phone: the mini-program's real audience. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

/** Staff desktop (司法所 and county staff use the H5 build in a browser). */
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export const SCREENSHOT_DIR = join(REPO_ROOT, '.tmp', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /**
   * Uncaught page errors, console errors and failed same-origin requests, collected as they happen.
   * Most tests end with `expect(errors).toEqual([])`.
   */
  errors: string[];
}

/** A new context (fresh storage) and page whose relative URLs resolve against `baseUrl`. */
export async function openPage(browser: Browser, baseUrl: string, options: BrowserContextOptions = PHONE): Promise<OpenedPage> {
  const context = await browser.newContext({ ...options, baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isTaroInputMountRace(msg.text())) errors.push(`console.error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => {
    // ERR_ABORTED is the browser dropping a request because the page navigated or reloaded (a test
    // reloading while the feed loads): not a failure of the app. Refused connections, resets and
    // timeouts still count.
    const reason = req.failure()?.errorText ?? '';
    if (req.url().startsWith(baseUrl) && reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${req.method()} ${req.url()} (${reason})`);
  });
  page.on('response', (res) => {
    // 5xx is the server's fault; 405 is always the app calling a route the wrong way.
    if (res.url().startsWith(baseUrl) && (res.status() >= 500 || res.status() === 405)) errors.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { context, page, errors };
}

/**
 * A test that makes the app send input the server refuses (to see the refusal under its field)
 * expects the browser to log exactly that one 400 on its console: it is taken off the list, so
 * the test's closing `expect(errors).toEqual([])` still catches anything else.
 */
export function takeRefusal(errors: string[]) {
  const refused = errors.filter((e) => e.includes('status of 400'));
  expect(refused, 'one refused request on the console').toHaveLength(1);
  errors.splice(errors.indexOf(refused[0]!), 1);
}

/** Saves a full-page PNG to .tmp/screenshots/<name>.png (git-ignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Taro 4.2's H5 <Input> logs this when React sets its value in the same turn it mounts, before the
 * inner <input> exists (its watchValue reads the missing element). The value still lands; the forms
 * we know of mount with their starting values to avoid it, but it can still appear under load. It is
 * the only console error let through, matched exactly.
 */
function isTaroInputMountRace(text: string): boolean {
  return text.startsWith("TypeError: Cannot read properties of undefined (reading 'value')") && text.includes('watchValue');
}
