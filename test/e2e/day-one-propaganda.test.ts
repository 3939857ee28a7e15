import { describe, expect, it } from 'vitest';
import { DESKTOP } from '../support/e2e-browser';
import { dayOneSuite, giveRoles, noErrors, openApp, openFromMe, shot, signInAs, tab } from '../support/day-one';

/**
 * Day one for propaganda staff (宣传员), on what `npm start` gives: a new person opens the app, the
 * county admin gives them the role on 人员与角色, they write a post, submit it (WeChat's checks answered
 * by the local stand-in, which reviewers are told), the admin approves it, and it reaches 首页.
 * Screens only.
 */
const WRITER = 'xuan-writer';
const TITLE = '赶集时买到假货怎么办';

const suite = dayOneSuite();

describe('day one: propaganda staff', () => {
  it('is given the role by the admin, writes, submits, and sees the post reviewed and published', async () => {
    // The writer opens the app for the first time: a resident, with no 宣传内容 entry yet.
    const w = await openApp(suite.browser, suite.server);
    await signInAs(w.page, WRITER);
    expect(await w.page.locator('.me__link-title', { hasText: '宣传内容' }).count()).toBe(0);
    await shot(w.page, 'day1-propaganda-01-me-before-role');

    // The county admin gives the role on 人员与角色, reached from 我的.
    const a = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(a.page, 'admin');
    await a.page.locator('.me__role', { hasText: '县司法局管理员' }).waitFor();
    await openFromMe(a.page, '人员与角色');
    await a.page.waitForURL('**/packages/people/pages/index/index');
    await giveRoles(a.page, WRITER, ['宣传员'], undefined, 'day1-propaganda-02-admin-gives-role');
    await shot(a.page, 'day1-propaganda-03-role-given');

    // The writer now finds 宣传内容 on 我的 (after the role reaches this session).
    await expect
      .poll(async () => {
        await w.page.reload();
        await w.page.locator('.me__name').waitFor();
        return w.page.locator('.me__link-title', { hasText: '宣传内容' }).count();
      }, { timeout: 15_000 })
      .toBe(1);
    await w.page.locator('.me__role', { hasText: '宣传员' }).waitFor();
    await openFromMe(w.page, '宣传内容');
    await w.page.waitForURL('**/packages/content/pages/manage/index');
    await w.page.locator('.qf-head__title', { hasText: '宣传内容' }).waitFor();
    await shot(w.page, 'day1-propaganda-04-manage-empty');

    // Writes and submits.
    await w.page.getByText('＋ 写新内容', { exact: true }).click();
    await w.page.waitForURL('**/packages/content/pages/editor/index');
    await w.page.locator('.editor__title input').fill(TITLE);
    await w.page.locator('.editor__summary textarea').fill('保留小票，找市场管理方或打 12315');
    await w.page.locator('.editor__body textarea').fill('<p>在集上买到假冒伪劣商品，可以要求卖家退货、赔偿。</p><p>记得保留小票或转账记录，协商不成可以拨打 12315 投诉。</p>');
    // What is typed is as large as the labels (Taro's native textarea used to fall back to 13px).
    expect(await w.page.locator('.editor__body textarea').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    await shot(w.page, 'day1-propaganda-05-editor');
    await w.page.getByText('提交审核', { exact: true }).click();
    await w.page.waitForURL('**/packages/content/pages/preview/index?id=*');
    // The stand-in answers like WeChat: the text at once; the page moves on to 待审核 by itself.
    await w.page.locator('.preview__status', { hasText: '待审核' }).waitFor({ timeout: 20_000 });
    await w.page.getByText(/本机试用：内容由本地替身/).waitFor();
    await shot(w.page, 'day1-propaganda-06-in-review');

    // The admin approves it from the review queue.
    await a.page.goto('/packages/content/pages/manage/index');
    await a.page.locator('.manage__item-title', { hasText: TITLE }).click();
    await a.page.waitForURL('**/packages/content/pages/preview/index?id=*');
    await a.page.getByText(/本机试用：内容由本地替身/).waitFor();
    await a.page.getByText('通过并发布', { exact: true }).waitFor();
    await shot(a.page, 'day1-propaganda-07-admin-review');
    await a.page.getByText('通过并发布', { exact: true }).click();
    await a.page.locator('.preview__status', { hasText: '已发布' }).waitFor();

    // The writer sees it reviewed: 已发布 in their list.
    await w.page.goto('/packages/content/pages/manage/index');
    const mine = w.page.locator('.manage__item', { hasText: TITLE });
    await mine.locator('.cp-status', { hasText: '已发布' }).waitFor();
    await shot(w.page, 'day1-propaganda-08-published');

    // And a resident finds it on 首页, beside the sample posts.
    const r = await openApp(suite.browser, suite.server);
    await r.page.locator('.feed-card__title', { hasText: TITLE }).waitFor();
    await r.page.locator('.feed-card__title', { hasText: '【示例】' }).first().waitFor();
    await tab(r.page, '首页');
    await shot(r.page, 'day1-propaganda-09-resident-feed');

    noErrors(w, a, r);
  }, 240_000);
});
