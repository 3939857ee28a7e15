import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseTownship, dayOneSuite, noErrors, openApp, openFromMe, shot, signInAs, tab } from '../support/day-one';
import { seriousAxeProblems } from '../support/a11y';

/**
 * 导出我的数据 and 注销 through the screens, on what `npm start` gives: a villager asks a question
 * with her phone in it, takes her data from 我的 (the test opens the file), then closes her account
 * after ticking that she understood and confirming once more; the app then starts her afresh as a
 * new person, and her question stays for the 明白人 without her name or phone.
 */
const NAME = 'zhao-daniang';
const QUESTION = '我家电话13912345678，儿子不给赡养费怎么办？';

const suite = dayOneSuite();
const downloads = mkdtempSync(join(tmpdir(), 'qf-privacy-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('a resident takes her data and leaves, on the H5 build', () => {
  it('exports her data to a file and closes her account', async () => {
    const villager = await openApp(suite.browser, suite.server);
    const { page } = villager;
    await signInAs(page, NAME);
    await chooseTownship(page, '城关镇');

    // She asks a question (her phone is in the words).
    await tab(page, '首页');
    await page.getByText('问一问', { exact: true }).first().click();
    await page.waitForURL('**/packages/consult/pages/ask/index**');
    await page.locator('textarea').first().fill(QUESTION);
    await page.locator('.cs__choice').first().click();
    await page.getByText('发送问题', { exact: true }).click();
    await page.waitForURL('**/packages/consult/pages/thread/index**');

    // 我的 → 我的数据与账号 → 导出我的数据.
    await openFromMe(page, '导出我的数据、注销账号');
    await page.waitForURL('**/packages/privacy/pages/index/index');
    await page.getByText('我们保存了您的这些信息', { exact: true }).waitFor();
    expect(await seriousAxeProblems(page)).toEqual([]);
    await shot(page, 'privacy-1-page');
    const downloading = page.waitForEvent('download');
    await page.getByText('导出我的数据', { exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^我的数据-\d{4}-\d{2}-\d{2}\.json$/);
    const file = join(downloads, 'data.json');
    await download.saveAs(file);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.账号).toMatchObject({ 名字: NAME, 所在乡镇: '城关镇' });
    expect(data.问一问[0]).toMatchObject({ 问题: QUESTION, 状态: '待回复' });

    // 注销 stays off until she ticks that she understood; then it asks once more.
    const closeButton = page.locator('.qf-btn', { hasText: '注销账号' });
    await closeButton.click();
    expect(await page.getByText('确定注销账号吗？').count()).toBe(0);
    await page.getByRole('checkbox', { name: '我已了解以上内容' }).click();
    await shot(page, 'privacy-2-ticked');
    await closeButton.click();
    await page.getByText('确定注销账号吗？').waitFor();
    await shot(page, 'privacy-3-confirm');
    await page.getByText('确定注销', { exact: true }).click();
    await page.getByText('您的账号已经注销', { exact: false }).waitFor();
    await shot(page, 'privacy-4-closed');

    // Her question is still there for the 明白人, without her name or phone.
    const db = await mongoose.createConnection(suite.server.mongoUri).asPromise();
    try {
      const asked = await db.collection('consultations').findOne({ text: { $regex: '赡养费' } });
      expect(asked).toMatchObject({ askerName: '已注销用户', phone: null });
      expect(asked!.text).toBe('我家电话[电话]，儿子不给赡养费怎么办？');
      expect(await db.collection('users').countDocuments({ displayName: NAME })).toBe(0);
    } finally {
      await db.close();
    }

    // 返回 leads to pages that say the account is closed; starting again makes her a new person.
    await page.getByRole('button', { name: '返回上一页' }).click();
    await tab(page, '我的');
    const closedState = page.locator('.qf-state', { hasText: '账号已注销' });
    await closedState.waitFor();
    await shot(page, 'privacy-5-me-closed');
    await closedState.getByText('以新用户身份重新开始', { exact: true }).click();
    await page.locator('.me__name').waitFor();
    expect(await page.locator('.me__name').textContent()).not.toBe(NAME);
    expect(await page.locator('.me__township', { hasText: '城关镇' }).count()).toBe(0);
    noErrors(villager);
  });
});
