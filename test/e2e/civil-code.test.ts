import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage, PHONE, saveScreenshot } from '../support/e2e-browser';
import { H5_DIST, startE2eServer, type E2eServer } from '../support/e2e-server';

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

const HOME = '/packages/civil-code/pages/index/index';

/** Lets the H5 page-slide animation finish so screenshots show the page in place. */
async function shoot(page: import('playwright-core').Page, name: string) {
  await page.waitForTimeout(700);
  await saveScreenshot(page, name);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the Civil Code look-up in the H5 app', () => {
  it('never bundles the statute text', () => {
    const bundled = filesUnder(H5_DIST).filter((f) => /\.(js|html|json)$/.test(f));
    expect(bundled.length).toBeGreaterThan(0);
    for (const file of bundled) {
      const text = readFileSync(file, 'utf8');
      expect(text.includes('家庭应当树立优良家风'), file).toBe(false);
      expect(text.includes('宅基地使用权人依法对集体所有的土地享有占有和使用的权利'), file).toBe(false);
    }
  });

  it('browses a book to a chapter, and opens articles by number written either way', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto(HOME);
    await page.locator('.law__book-name', { hasText: '第二编 物权' }).waitFor();
    await expect(page.locator('.law__book').count()).resolves.toBe(8);
    await shoot(page, 'civil-code-home-phone');

    await page.locator('.law__book-head', { hasText: '第二编 物权' }).click();
    await page.locator('.law__part', { hasText: '第三分编 用益物权' }).waitFor();
    await shoot(page, 'civil-code-book-open-phone');
    await page.locator('.law__chapter', { hasText: '第十三章 宅基地使用权' }).click();
    await page.waitForURL(/chapter\/index/);
    await page.locator('.law__title', { hasText: '第十三章 宅基地使用权' }).waitFor();
    await page.locator('.law__article-label', { hasText: '第三百六十二条' }).waitFor();
    await expect(page.locator('.law__article').count()).resolves.toBe(4);
    await shoot(page, 'civil-code-chapter-phone');
    await page.getByText('下一章', { exact: true }).click();
    await page.locator('.law__title', { hasText: '第十四章 居住权' }).waitFor();

    for (const written of ['1043', '第一千零四十三条']) {
      await page.goto(HOME);
      const input = page.locator('.law__search-input input, input.law__search-input').first();
      await input.waitFor();
      await input.fill(written);
      await page.locator('.law__search-btn').click();
      await page.waitForURL(/article\/index/);
      await page.locator('.law__article-label', { hasText: '第一千零四十三条' }).waitFor();
      await page.locator('.law__para', { hasText: '家庭应当树立优良家风' }).waitFor();
      await expect(page.locator('.law__para').count()).resolves.toBe(2);
    }
    await shoot(page, 'civil-code-article-phone');
    await page.getByText('下一条', { exact: true }).click();
    await page.locator('.law__article-label', { hasText: '第一千零四十四条' }).waitFor();
    await page.getByText('看本章全部条文', { exact: true }).click();
    await page.locator('.law__title', { hasText: '第一章 一般规定' }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('searches by keyword, marks the words found, pages through results and says when nothing is found', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto(HOME);
    const input = page.locator('.law__search-input input, input.law__search-input').first();
    await input.waitFor();
    await input.fill('借款 利息');
    await input.press('Enter');
    await page.locator('.law__section-title', { hasText: '找到' }).waitFor();
    const hits = page.locator('.law__hit');
    expect(await hits.count()).toBeGreaterThan(3);
    await expect(page.locator('.law__hit .law__mark', { hasText: '利息' }).count()).resolves.toBeGreaterThan(0);
    await shoot(page, 'civil-code-search-phone');
    await page.locator('.law__hit', { hasText: '第六百八十条' }).click();
    await page.locator('.law__para', { hasText: '禁止高利放贷' }).waitFor();

    await page.goto(HOME);
    await input.waitFor();
    await input.fill('合同');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__section-title', { hasText: '找到' }).waitFor();
    await expect(hits.count()).resolves.toBe(20);
    await page.getByText(/再看 20 条/).click();
    await expect.poll(() => hits.count()).toBe(40);

    await input.fill('火星移民');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__section-title', { hasText: '没有找到' }).waitFor();
    await input.fill('第1300条');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__note', { hasText: '民法典只有 1260 条' }).waitFor();
    await shoot(page, 'civil-code-search-none-phone');

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
