import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FAKE_SPEECH, measure, seriousAxeProblems } from '../support/a11y';
import { openPage, PHONE, type OpenedPage } from '../support/e2e-browser';
import { dayOneSuite, noErrors, openFromMe, shot, signInAs, tab } from '../support/day-one';

/**
 * 长辈版 in headless Chromium at a phone width, on what `npm start` gives: chosen in one tap on first
 * launch; then, on the home page, an article, a lecture and a quiz question, every text measured as
 * drawn (body ≥ 20 px, nothing under 16 px) and every thing to tap ≥ 60 px; axe-core finds no
 * serious or critical problem; the article is read aloud piece by piece and stops on 停; the choice
 * follows the person to a new device. The same pages in 标准版 keep text ≥ 14 px and targets ≥ 44 px.
 */
const suite = dayOneSuite();

async function firstLaunch(devName?: string, slowSignIn = false): Promise<OpenedPage> {
  const opened = await openPage(suite.browser, suite.server.baseUrl, PHONE);
  opened.page.setDefaultTimeout(20_000);
  await opened.context.addInitScript(FAKE_SPEECH);
  // A slow network: the choice is tapped before sign-in has finished, and must still reach the server.
  if (slowSignIn) await opened.page.route('**/api/v1/auth/dev', async (route) => setTimeout(() => void route.continue(), 2000));
  if (devName) await opened.context.addInitScript((name) => localStorage.setItem('qf.devName', JSON.stringify({ data: name })), devName);
  await opened.page.goto('/');
  await opened.page.locator('.home__header').waitFor();
  return opened;
}

/** The page now shown meets the sizes and axe finds nothing serious. */
async function check(page: Page, where: string, minBody: number, minText: number, minTarget: number) {
  await page.waitForTimeout(700); // the router's slide-in
  const sizes = await measure(page, minText, minTarget);
  expect(sizes.body, `${where}: body text`).toBeGreaterThanOrEqual(minBody);
  expect(sizes.smallText, `${where}: text under ${minText} px`).toEqual([]);
  expect(sizes.smallTargets, `${where}: targets under ${minTarget} px`).toEqual([]);
  expect(await seriousAxeProblems(page), `${where}: axe`).toEqual([]);
}

/** Home → 民法典查询 → 1043 → the article; then a lecture from 讲座; then the daily quiz's first question. */
async function walk(page: Page, mode: string, minBody: number, minText: number, minTarget: number) {
  await check(page, `${mode} home`, minBody, minText, minTarget);
  await shot(page, `elder-${mode}-01-home`);
  await page.locator('.entry', { hasText: '民法典查询' }).click();
  await page.waitForURL('**/packages/civil-code/pages/index/index');
  await page.locator('.law__search-input input, input.law__search-input').first().fill('1043');
  await page.locator('.law__search-btn').click();
  await page.waitForURL('**/packages/civil-code/pages/article/index**');
  await page.locator('.law__para').first().waitFor();
  await check(page, `${mode} article`, minBody, minText, minTarget);
  await shot(page, `elder-${mode}-02-article`);

  await tab(page, '讲座');
  await page.locator('.lx-lecture').first().click();
  await page.waitForURL('**/packages/lectures/pages/detail/index**');
  await page.getByText('我要报名', { exact: true }).waitFor();
  await check(page, `${mode} lecture`, minBody, minText, minTarget);
  await shot(page, `elder-${mode}-03-lecture`);

  await tab(page, '答题');
  await page.getByText('每日答题', { exact: true }).click();
  await page.waitForURL('**/packages/quiz/pages/daily/index');
  await page.locator('.quiz-q__stem').first().waitFor();
  await check(page, `${mode} quiz`, minBody, minText, minTarget);
  await shot(page, `elder-${mode}-04-quiz`);

  // 问一问, and from 我的: 学习记录 and 我的数据与账号.
  await tab(page, '首页');
  await page.locator('.entry', { hasText: '问一问' }).first().click();
  await page.waitForURL('**/packages/consult/pages/ask/index**');
  await page.locator('textarea').first().waitFor();
  await check(page, `${mode} ask`, minBody, minText, minTarget);
  await shot(page, `elder-${mode}-05-ask`);
  for (const [title, url, name] of [
    ['学习记录', '**/packages/lectures/pages/record/index', '06-record'],
    ['导出我的数据', '**/packages/privacy/pages/index/index', '07-privacy'],
  ] as const) {
    await openFromMe(page, title);
    await page.waitForURL(url);
    await page.waitForLoadState('networkidle');
    await check(page, `${mode} ${title}`, minBody, minText, minTarget);
    await shot(page, `elder-${mode}-${name}`);
  }
}

describe('长辈版 on the H5 build', () => {
  it('is chosen in one tap, meets the 适老化 sizes on every page walked, reads aloud and follows the person', async () => {
    const elder = await firstLaunch(undefined, true);
    const { page } = elder;
    await page.getByText('您想用哪个版本？', { exact: true }).waitFor();
    expect(await page.getByText('正在登录…', { exact: true }).count()).toBe(1);
    await shot(page, 'elder-00-first-launch');
    await page.getByText('长辈版（字大）', { exact: true }).click();
    await page.getByText('您想用哪个版本？', { exact: true }).waitFor({ state: 'detached' });
    // Four big entries and the hotline.
    expect(await page.locator('.home__entries .entry').count()).toBe(4);
    await page.getByText('12348', { exact: true }).waitFor();
    await walk(page, 'elder', 20, 16, 60);

    // 听: the article is read in order, and 停 stops it.
    await page.goto('/packages/civil-code/pages/article/index?number=1043');
    await page.locator('.law__para').first().waitFor();
    await page.getByRole('button', { name: '朗读：听这一条' }).click();
    const spoken = (await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)).join('');
    expect(spoken.startsWith('第一千零四十三条')).toBe(true);
    expect(spoken).toContain('家庭应当树立优良家风');
    expect(spoken).toContain('夫妻应当互相忠实');
    await page.getByRole('button', { name: '停止朗读' }).click();
    expect(await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '朗读：听这一条' }).waitFor();

    // 听题: switched on, the first question is read as it shows; answering it reads the next one.
    await page.goto('/packages/quiz/pages/daily/index');
    const stems = page.locator('.quiz-q__stem');
    await stems.first().waitFor();
    // What was read since a point, pieces joined (a long question with its options is several pieces).
    const spokenCount = () => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.length);
    const spokenSince = (from: number) => page.evaluate((n) => (window as unknown as { __spoken: string[] }).__spoken.slice(n).join(''), from);
    const autoRead = page.getByRole('switch');
    expect(await autoRead.getAttribute('aria-checked')).toBe('false');
    const beforeSwitch = await spokenCount();
    await autoRead.click();
    expect(await autoRead.getAttribute('aria-checked')).toBe('true');
    const [first, second] = [(await stems.nth(0).textContent())!, (await stems.nth(1).textContent())!];
    await expect.poll(() => spokenSince(beforeSwitch)).toContain(first.slice(0, 10));
    await shot(page, 'elder-08-auto-read');
    const beforeAnswer = await spokenCount();
    await page.locator('.quiz-q').first().locator('.quiz-opt').first().click();
    await expect.poll(() => spokenSince(beforeAnswer)).toContain(second.slice(0, 10));
    expect(await spokenSince(beforeAnswer)).not.toContain(first.slice(0, 10));
    // Kept on the phone: the quiz opens with it on next time.
    await page.reload();
    await page.getByRole('switch').waitFor();
    expect(await page.getByRole('switch').getAttribute('aria-checked')).toBe('true');

    // The choice is on the server too: the same person on a new phone is not asked again.
    const devName = await page.evaluate(() => JSON.parse(localStorage.getItem('qf.devName') ?? '{}').data as string);
    const again = await firstLaunch(devName);
    await expect.poll(() => again.page.locator('.home__entries .entry').count()).toBe(4);
    expect(await again.page.getByText('您想用哪个版本？', { exact: true }).count()).toBe(0);

    noErrors(elder, again);
  }, 240_000);

  it('keeps 标准版 readable too: text ≥ 14 px and targets ≥ 44 px on the same pages', async () => {
    const standard = await firstLaunch();
    await standard.page.getByText('标准版', { exact: true }).click();
    await standard.page.getByText('您想用哪个版本？', { exact: true }).waitFor({ state: 'detached' });
    expect(await standard.page.locator('.home__entries .entry').count()).toBe(7);
    await walk(standard.page, 'standard', 16, 14, 44);
    noErrors(standard);
  }, 240_000);

  for (const [mode, choice, minBody, minText, minTarget] of [
    ['elder', '长辈版（字大）', 20, 16, 60],
    ['standard', '标准版', 14, 14, 44],
  ] as const) {
    it(`holds for the county admin’s pages in ${mode === 'elder' ? '长辈版' : '标准版'} too: 我的, workbench, fairs, posts, the bank, ledger, hot topics, consultations, people`, async () => {
      const staff = await firstLaunch();
      const { page } = staff;
      await page.getByText(choice, { exact: true }).click();
      await signInAs(page, 'admin');
      await check(page, `${mode} 我的`, minBody, minText, minTarget);
      await shot(page, `elder-staff-${mode}-我的`);
      const pages: [string, string][] = [
        ['讲座工作台', '**/packages/workbench/pages/index/index'],
        ['法律赶大集', '**/packages/fairs/pages/index/index'],
        ['宣传内容', '**/packages/content/pages/manage/index'],
        ['民法典题库', '**/packages/quiz-bank/pages/list/index'],
        ['法律明白人台账', '**/packages/ledger/pages/township/index'],
        ['精准普法热点', '**/packages/hot-topics/pages/index/index'],
        ['问一问', '**/packages/consult/pages/queue/index'],
        ['咨询情况', '**/packages/consult/pages/dashboard/index'],
        ['人员与角色', '**/packages/people/pages/index/index'],
      ];
      for (const [title, url] of pages) {
        await openFromMe(page, title);
        await page.waitForURL(url);
        await page.waitForLoadState('networkidle');
        await check(page, `${mode} ${title}`, minBody, minText, minTarget);
        await shot(page, `elder-staff-${mode}-${title}`);
      }
      noErrors(staff);
    }, 240_000);
  }
});
