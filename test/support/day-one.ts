import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, openPage, PHONE, saveScreenshot, type OpenedPage } from './e2e-browser';
import { startE2eServer, type E2eServer } from './e2e-server';

/**
 * The day-one tests start from what `npm start` gives a new county: the sample data seeded (sample
 * lectures, sites, posts and markets), the development identity `admin` as county admin, and WeChat's
 * content checks answered by the local stand-in (scripts/start.mjs sets the same variables).
 * People then act only through the screens.
 */
export function startDayOneServer(): Promise<E2eServer> {
  return startE2eServer({ env: { BOOTSTRAP_ADMIN_OPENIDS: 'dev:admin', WECHAT_STANDIN: '1' } });
}

/** One day-one server and browser for a test file: started before its tests, stopped after. Read them inside the tests. */
export function dayOneSuite(): { server: E2eServer; browser: Browser } {
  const suite = {} as { server: E2eServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startDayOneServer();
    suite.browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** A person opening the H5 app on a fresh browser (the app signs them in as a new resident). */
export async function openApp(browser: Browser, server: E2eServer, options: BrowserContextOptions = PHONE): Promise<OpenedPage> {
  const opened = await openPage(browser, server.baseUrl, { ...options, acceptDownloads: true });
  opened.page.setDefaultTimeout(20_000);
  await opened.page.goto('/');
  await opened.page.locator('.home__header').waitFor();
  return opened;
}

/** Through 我的 → 测试登录: signs in under a development name (as the README tells a tester to). */
export async function signInAs(page: Page, name: string) {
  await tab(page, '我的');
  await page.locator('.me__input input').fill(name);
  await page.getByText('用这个名字登录', { exact: true }).click();
  await page.locator('.me__name', { hasText: name }).waitFor();
}

/** Taps a tab; from a sub-page it first goes back (the H5 back bar) until the tab bar shows, as a person would. */
export async function tab(page: Page, title: string) {
  const tabbar = page.locator('.taro-tabbar__tabbar');
  for (let i = 0; i < 6 && !(await tabbar.isVisible()); i++) {
    await page.getByRole('button', { name: '返回上一页' }).click();
    await page.waitForTimeout(400);
  }
  await tabbar.getByText(title, { exact: true }).click();
}

/** Taps a row of 我的 by its title. */
export async function openFromMe(page: Page, title: string) {
  await tab(page, '我的');
  await page.locator('.me__link-title', { hasText: title }).first().click();
}

/** Waits for the H5 router's slide-in to settle, then saves a screenshot. */
export async function shot(page: Page, name: string) {
  await page.waitForTimeout(700);
  await saveScreenshot(page, name);
}

/** The county admin gives `person` roles on 人员与角色 (found by name), with a township for 司法所工作人员. */
export async function giveRoles(admin: Page, person: string, roles: string[], township?: string, screenshot?: string) {
  await admin.locator('.pp-search__input input').fill(person);
  await admin.getByText('查找', { exact: true }).click();
  const card = admin.locator('.pp-card', { has: admin.locator('.pp-card__name', { hasText: new RegExp(`^${person}$`) }) });
  await card.waitFor();
  await card.getByText('设置角色', { exact: true }).click();
  for (const role of roles) await card.locator('.pp-choice', { hasText: role }).click();
  if (township) {
    await card.getByText('选择乡镇', { exact: true }).click();
    await admin.getByRole('dialog', { name: '选择乡镇' }).getByText(township, { exact: true }).click();
  }
  if (screenshot) await shot(admin, screenshot);
  await card.getByText('保存', { exact: true }).click();
  for (const role of roles) {
    const shown = role === '司法所工作人员' && township ? `${township}司法所` : role;
    await card.locator('.pp-role', { hasText: shown }).waitFor();
  }
}

export function noErrors(...pages: OpenedPage[]) {
  expect(pages.flatMap((p) => p.errors)).toEqual([]);
}

/** On 我的: picks the township the person lives in. */
export async function chooseTownship(page: Page, township: string) {
  await page.getByText('选择乡镇', { exact: true }).click();
  await page.getByRole('dialog', { name: '选择乡镇' }).getByText(township, { exact: true }).click();
  await page.locator('.me__township', { hasText: township }).waitFor();
}

/** Reloads 我的 until a newly given role shows its row there (roles reach a phone on its next sign-in check). */
export async function waitForMeLink(page: Page, title: string) {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.locator('.me__name').waitFor();
        return page.locator('.me__link-title', { hasText: title }).count();
      },
      { timeout: 15_000 },
    )
    .toBe(1);
}
