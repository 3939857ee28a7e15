import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Me } from '@qf/shared';
import { DESKTOP, launchChromium, openPage, PHONE, saveScreenshot } from '../support/e2e-browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

const MAZHUANGQIAO = { code: '410922101', name: '马庄桥镇' };

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The session the app keeps in storage (Taro wraps values as {data}). */
async function storedSession(page: import('playwright-core').Page): Promise<{ token: string; user: Me } | null> {
  return page.evaluate(() => {
    const raw = localStorage.getItem('qf.session');
    return raw ? (JSON.parse(raw) as { data: { token: string; user: Me } }).data : null;
  });
}

describe('the H5 app foundation', () => {
  it('opens on the Chinese home page, signs in, and remembers the chosen township across reloads', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);

    await page.goto('/');
    await expect.poll(() => page.title()).toBe('清丰普法');
    const header = page.locator('.home__header');
    await header.getByText('清丰普法', { exact: true }).waitFor();
    // The township prompt only renders once the development login has finished.
    await header.getByText('请选择您所在的乡镇').waitFor();
    for (const tile of ['法治讲座', '民法典答题', '法律赶大集', '法治文化导览', '民法典查询', '我的学习记录']) {
      await expect(page.locator('.entry__title', { hasText: tile }).count()).resolves.toBe(1);
    }
    const session = await storedSession(page);
    expect(session?.token).toBeTruthy();
    expect(session?.user.townshipCode).toBeNull();
    await saveScreenshot(page, 'home-phone-signed-in');

    await header.getByText('选择', { exact: true }).click();
    const sheet = page.getByRole('dialog', { name: '选择乡镇' });
    await sheet.waitFor();
    await expect(sheet.locator('.qf-sheet__option').count()).resolves.toBe(17);
    await saveScreenshot(page, 'township-picker-phone');
    await sheet.getByText(MAZHUANGQIAO.name, { exact: true }).click();
    await sheet.waitFor({ state: 'detached' });
    await header.getByText(MAZHUANGQIAO.name, { exact: true }).waitFor();

    // Saved with the user on the server, not only in this browser.
    const me = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${session!.token}` } });
    expect(((await me.json()) as Me).townshipCode).toBe(MAZHUANGQIAO.code);

    await page.reload();
    await page.locator('.home__header').getByText(MAZHUANGQIAO.name, { exact: true }).waitFor();
    expect((await storedSession(page))?.user.id).toBe(session!.user.id);
    await saveScreenshot(page, 'home-phone-township');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws the home page before sign-in has finished, and offers 重新登录 on the page when it fails', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await context.route('**/api/v1/auth/dev', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: '服务器正忙，请稍后再试' } }) }),
    );
    await page.goto('/');
    // The entries need no account: they are there although nobody could sign in.
    for (const tile of ['法治讲座', '民法典答题', '法律赶大集']) await page.locator('.entry__title:visible', { hasText: tile }).waitFor();
    const failed = page.locator('.home__signin:visible');
    await failed.getByText('服务器正忙，请稍后再试').waitFor();
    await page.locator('.home__header').getByText('还没有登录').waitFor();
    await saveScreenshot(page, 'home-phone-signin-failed');

    await context.unroute('**/api/v1/auth/dev');
    await failed.getByText('重新登录', { exact: true }).click();
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();
    await failed.waitFor({ state: 'detached' });
    // The refused sign-ins are the only errors: the browser logs each 503, and so does our collector.
    expect(errors.filter((e) => !e.includes('503'))).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    await context.close();
  });

  it('signs in again by itself when the server refuses the stored token', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto('/');
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();
    const before = (await storedSession(page))!;

    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('qf.session')!) as { data: { token: string } };
      stored.data.token = 'a-token-the-server-never-issued';
      localStorage.setItem('qf.session', JSON.stringify(stored));
    });
    const refused = page.waitForResponse((res) => res.url().endsWith('/api/v1/me') && res.status() === 401);
    await page.reload();
    await refused;
    // The refused session is dropped, then a new one is stored: wait for the new one, not the gap between.
    await expect.poll(async () => (await storedSession(page))?.token ?? 'none yet').not.toMatch(/^(a-token-the-server-never-issued|none yet)$/);
    expect((await storedSession(page))!.user.id).toBe(before.user.id);
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();

    // Chromium logs the refused request itself; anything else is a real error.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    await context.close();
  });

  it('shows name, role and township on 我的, and signs in under another development name there', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto('/');
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();
    const first = (await storedSession(page))!;

    await page.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click();
    await page.waitForURL('**/pages/me/index');
    await page.locator('.me__name', { hasText: first.user.displayName }).waitFor();
    await page.locator('.me__role', { hasText: '群众' }).waitFor();
    await page.locator('.me__township', { hasText: '还没有选择' }).waitFor();

    await page.getByText('选择乡镇', { exact: true }).click();
    await page.getByRole('dialog', { name: '选择乡镇' }).getByText('六塔乡', { exact: true }).click();
    await page.locator('.me__township', { hasText: '六塔乡' }).waitFor();
    await saveScreenshot(page, 'me-phone');

    // Another identity: a fresh user without a township…
    await page.locator('.me__input input').fill('e2e-other-user');
    await page.getByText('用这个名字登录', { exact: true }).click();
    await page.locator('.me__name', { hasText: 'e2e-other-user' }).waitFor();
    await page.locator('.me__township', { hasText: '还没有选择' }).waitFor();
    const second = (await storedSession(page))!;
    expect(second.user.id).not.toBe(first.user.id);

    // …and the same name again gives back the same user, township included, after a reload.
    await page.reload();
    await page.locator('.me__name', { hasText: 'e2e-other-user' }).waitFor();
    expect((await storedSession(page))!.user.id).toBe(second.user.id);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens every tab and every home entry without errors', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto('/');
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();
    const tabbar = page.locator('.taro-tabbar__tabbar');
    for (const [tab, route] of [
      ['讲座', 'pages/lectures/index'],
      ['答题', 'pages/quiz/index'],
      ['导览', 'pages/guide/index'],
      ['我的', 'pages/me/index'],
    ] as const) {
      await tabbar.getByText(tab, { exact: true }).click();
      await page.waitForURL(`**/${route}`);
    }
    for (const [tile, route] of [
      ['法律赶大集', 'packages/fairs/pages/index/index'],
      ['民法典查询', 'packages/civil-code/pages/index/index'],
      ['我的学习记录', 'packages/lectures/pages/record/index'],
    ] as const) {
      await page.goto('/');
      await page.locator('.entry__title', { hasText: tile }).filter({ visible: true }).click();
      await page.waitForURL(`**/${route}`);
      await page.waitForTimeout(500); // let the page's first requests finish, so their errors count
      await saveScreenshot(page, `entry-${route.split('/')[1]}-phone`);
    }
    // Leaving a page while its requests are in flight aborts them; that is navigation, not an error.
    const realErrors = errors.filter((e) => !e.includes('net::ERR_ABORTED'));
    expect(realErrors, JSON.stringify(realErrors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('lays out on a desktop browser for staff', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, DESKTOP);
    await page.goto('/');
    await page.locator('.home__header').getByText('请选择您所在的乡镇').waitFor();
    await saveScreenshot(page, 'home-desktop');
    await page.goto('/pages/me/index');
    await page.locator('.me__role', { hasText: '群众' }).waitFor();
    await saveScreenshot(page, 'me-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
