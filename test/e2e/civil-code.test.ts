import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchChromium, openPage, PHONE, saveScreenshot, takeRefusal } from '../support/e2e-browser';
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

  it('finds articles from plain words, marks the words found, shows more and says when nothing fits', async () => {
    const { page, errors, context } = await openPage(browser, server.baseUrl, PHONE);
    await page.goto(HOME);
    const input = page.locator('.law__search-input input, input.law__search-input').first();
    await input.waitFor();
    await input.fill('借款 利息');
    await input.press('Enter');
    await page.locator('.law__section-title', { hasText: '最相关的条文' }).waitFor();
    const hits = page.locator('.law__hit');
    expect(await hits.count()).toBeGreaterThan(3);
    await expect(page.locator('.law__hit .law__mark', { hasText: '利息' }).count()).resolves.toBeGreaterThan(0);
    await shoot(page, 'civil-code-search-phone');
    await page.locator('.law__hit', { hasText: '第680条' }).first().locator('.law__card-label').click();
    await page.locator('.law__para', { hasText: '禁止高利放贷' }).waitFor();

    await page.goto(HOME);
    await input.waitFor();
    await input.fill('邻居家的树砸了我的车');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__section-title', { hasText: '最相关的条文' }).waitFor();
    const before = await hits.count();
    await page.getByText('再多看几条', { exact: true }).click();
    await expect.poll(() => hits.count()).toBeGreaterThan(before);

    // Asked as a question (管不管), about school: the school articles, not family ones for 不管.
    await input.fill('孩子在学校让同学打了，学校管不管');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__hit .law__mark', { hasText: '学校' }).first().waitFor();
    const firstThree = (await hits.locator('.law__card-label').allInnerTexts()).slice(0, 3).join(' ');
    expect(firstThree).toMatch(/第(1199|1200|1201)条/);
    await shoot(page, 'civil-code-search-question-form-phone');

    await input.fill('火星移民');
    await page.locator('.law__search-btn').click();
    await page.getByText('没有找到很对得上的条文', { exact: true }).waitFor();
    await input.fill('第1300条');
    await page.locator('.law__search-btn').click();
    await page.locator('.law__note', { hasText: '民法典只有 1260 条' }).waitFor();
    // The last search's hits are gone: they would read as the answer to this one.
    expect(await page.locator('.law__hit').count()).toBe(0);
    await shoot(page, 'civil-code-search-none-phone');

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});

describe('the staff question bank in the H5 app', () => {
  async function staffIdentity(name: string, roles: string[]) {
    const login = await fetch(`${server.baseUrl}/api/v1/auth/dev`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, displayName: name }),
    });
    const session = (await login.json()) as { token: string; user: { id: string } };
    const connection = await mongoose.createConnection(server.mongoUri).asPromise();
    await connection.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(session.user.id) }, { $set: { roles: ['resident', ...roles] } });
    await connection.close();
    return session;
  }

  async function openAs(name: string, options = DESKTOP) {
    const opened = await openPage(browser, server.baseUrl, options);
    await opened.context.addInitScript((n) => localStorage.setItem('qf.devName', JSON.stringify({ data: n })), name);
    return opened;
  }

  it('lets a county admin find, retire and restore a question, and import an Excel file after checking each row', async () => {
    await staffIdentity('e2e-bank-admin', ['county_admin']);
    const { page, errors, context } = await openAs('e2e-bank-admin');
    await page.goto('/packages/quiz-bank/pages/list/index');
    await page.locator('.qb__count', { hasText: '继承' }).waitFor();
    expect(await page.locator('.qb__item').count()).toBe(20);
    await shoot(page, 'quiz-bank-list-desktop');

    const search = page.locator('.qb__search-input input, input.qb__search-input').first();
    await search.fill('1254');
    await page.locator('.qb__search-btn').click();
    await page.locator('.qb__item', { hasText: '高空' }).first().waitFor();
    await page.locator('.qb__item', { hasText: 'qq-022' }).click();
    await page.waitForURL(/edit\/index/);
    await page.locator('.qb__subtitle', { hasText: 'qq-022' }).waitFor();
    await shoot(page, 'quiz-bank-edit-desktop');
    await page.getByText('停用这道题', { exact: true }).click();
    await page.locator('.qb__ok', { hasText: '已停用' }).waitFor();
    await page.getByText('恢复使用', { exact: true }).click();
    await page.locator('.qb__ok', { hasText: '已恢复使用' }).waitFor();
    // A quotation the statute does not contain is refused by the server and shown under 解析; the text stays.
    const explanation = page.locator('.qf-textarea--tall textarea');
    await explanation.fill('依照「高空抛物的一律由全楼赔」，这是错的。');
    await page.getByText('保存修改', { exact: true }).click();
    await page.locator('.qb__field', { has: explanation }).locator('.qf-field__error').waitFor();
    await page.locator('.qb__error', { hasText: '输入有误' }).waitFor();
    expect(await explanation.inputValue()).toBe('依照「高空抛物的一律由全楼赔」，这是错的。');
    takeRefusal(errors);
    await shoot(page, 'quiz-bank-edit-refused-desktop');

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('题目');
    sheet.addRow(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '法条', '编', '难度', '标签']);
    sheet.addRow(['判断题', '网页导入：没有约定利息的借款，视为没有利息。', null, null, null, null, null, null, '正确', '「借款合同对支付利息没有约定的，视为没有利息。」', '680']);
    sheet.addRow(['单选题', '网页导入：这一行没有答案', '甲', '乙', null, null, null, null, null, '「继承从被继承人死亡时开始。」', '1121']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    await page.goto('/packages/quiz-bank/pages/import/index');
    await page.getByText('选择填好的文件并检查').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByText('选择填好的文件并检查').click();
    await (await chooser).setFiles({ name: '新题.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.locator('.qf-import__row').nth(1).waitFor();
    await page.locator('.qf-import__problem', { hasText: '答案：没有填答案' }).waitFor();
    await shoot(page, 'quiz-bank-import-report-desktop');
    await page.getByText('导入选中的 1 行').click();
    await page.locator('.qf-import__ok', { hasText: '已导入 1 道新题' }).waitFor();
    await shoot(page, 'quiz-bank-import-done-desktop');

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('tells a resident the bank is for staff', async () => {
    const { page, context } = await openAs('e2e-bank-resident', PHONE);
    await page.goto('/packages/quiz-bank/pages/list/index');
    await page.locator('.qb__error', { hasText: '只有宣传员和县司法局管理员' }).waitFor();
    await context.close();
  }, 60_000);
});
