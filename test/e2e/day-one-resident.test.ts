import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { toCountyIso } from '@qf/shared';
import { DESKTOP, launchChromium } from '../support/e2e-browser';
import type { E2eServer } from '../support/e2e-server';
import { noErrors, openApp, openFromMe, shot, signInAs, startDayOneServer, tab } from '../support/day-one';

/**
 * Day one for a resident (群众), on what `npm start` gives: picks her township, reads a post, finds the
 * next market days of a law fair, signs up for a lecture and checks in with the code the staff show,
 * does the daily quiz, and finds all of it under 我的. Screens only for her.
 *
 * Set-up through the API (not the resident's doing, and the township staff's own day-one test covers
 * it through the screens): the county admin makes a township staff member, who schedules a lecture
 * in 城关镇 starting in 15 minutes, so check-in is open while the test runs.
 */
const CHENGGUAN = '410922100';
const LECTURE = '民法典进村：赡养与继承（第一天）';

let server: E2eServer;
let browser: Browser;

async function api<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  server = await startDayOneServer();
  browser = await launchChromium();
  const admin = await api('POST', '/auth/dev', undefined, { name: 'admin' });
  const staff = await api('POST', '/auth/dev', undefined, { name: 'day1-town-staff' });
  await api('PUT', `/users/${staff.user.id}/roles`, admin.token, { roles: ['resident', 'township_staff'], staffTownshipCode: CHENGGUAN });
  const start = new Date(Date.now() + 15 * 60_000);
  const lecture = await api('POST', '/lectures', staff.token, {
    townshipCode: CHENGGUAN,
    title: LECTURE,
    topics: ['赡养老人'],
    speaker: { name: '李律师', unit: '清丰县法律援助中心' },
    venue: { name: '城关镇文化站', address: '清丰县城关镇中心街 1 号', location: { latitude: 35.8856, longitude: 115.1043 } },
    startAt: toCountyIso(start),
    endAt: toCountyIso(new Date(start.getTime() + 90 * 60_000)),
    capacity: 40,
  });
  await api('POST', `/lectures/${lecture.id}/publish`, staff.token);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('day one: a resident', () => {
  it('reads a post, finds a fair, signs up for a lecture, checks in, quizzes, and sees it all on 我的', async () => {
    const r = await openApp(browser, server);
    const page = r.page;

    // Picks her township from 首页.
    await page.locator('.home__header').getByText('选择', { exact: true }).click();
    await page.getByRole('dialog', { name: '选择乡镇' }).getByText('城关镇', { exact: true }).click();
    await page.locator('.home__header').getByText('城关镇', { exact: true }).waitFor();
    await shot(page, 'day1-resident-01-home');

    // Reads one of the posts on 首页 (the samples `npm start` seeds), and comes back.
    const card = page.locator('.feed-card').first();
    const title = (await card.locator('.feed-card__title').innerText()).trim();
    await card.click();
    await page.waitForURL('**/packages/content/pages/post/index?id=*');
    await page.getByText(title).first().waitFor();
    await shot(page, 'day1-resident-02-post');
    await page.getByRole('button', { name: '返回上一页' }).click();
    await page.waitForURL((url) => url.pathname === '/' || url.pathname.includes('pages/home'));

    // Finds the law fairs: her township's market and its next market days.
    await page.locator('.entry__title', { hasText: '法律赶大集' }).filter({ visible: true }).click();
    await page.waitForURL('**/packages/fairs/pages/index/index');
    const market = page.locator('.fx-market', { hasText: '城关大集（示例）' });
    await market.locator('.fx-day').first().waitFor();
    expect(await page.getByText('还没有登记集市').count()).toBe(0);
    await shot(page, 'day1-resident-03-fairs');
    await page.getByRole('button', { name: '返回上一页' }).click();

    // Signs up for the lecture.
    await tab(page, '讲座');
    const listed = page.locator('.lx-lecture', { hasText: LECTURE });
    await listed.click();
    await page.waitForURL('**/packages/lectures/pages/detail/index**');
    await page.getByText('我要报名', { exact: true }).click();
    await page.getByText('报名成功！请按时参加。').waitFor();
    await shot(page, 'day1-resident-04-signed-up');

    // At the lecture the staff show the check-in code; she scans it (opens its link).
    const staff = await openApp(browser, server, DESKTOP);
    await signInAs(staff.page, 'day1-town-staff');
    await openFromMe(staff.page, '讲座工作台');
    await staff.page.locator('.lx-manage', { hasText: LECTURE }).getByText('签到', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/checkin/index**');
    const link = new URL((await staff.page.locator('.lx-qr[data-link^="http"]').getAttribute('data-link'))!);
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByText('签到成功', { exact: true }).waitFor();
    await shot(page, 'day1-resident-05-checked-in');

    // The daily quiz: she answers each question with her best guess and hands it in.
    await tab(page, '答题');
    await page.locator('.qz-card__title:visible', { hasText: '每日答题' }).click();
    await page.waitForURL(/daily\/index/);
    const questions = page.locator('.quiz-q:visible');
    await questions.nth(4).waitFor();
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('.quiz-opt:visible').first().click();
    await page.getByText('交卷', { exact: true }).click();
    await page.locator('.quiz-score__value:visible').waitFor();
    await shot(page, 'day1-resident-06-quiz-result');

    // 我的: her learning, the 错题本 and certificates are one tap away.
    await tab(page, '我的');
    await page.locator('.me__link-title', { hasText: '错题本' }).waitFor();
    await page.locator('.me__link-title', { hasText: '我的证书' }).waitFor();
    await shot(page, 'day1-resident-07-me');
    await openFromMe(page, '学习记录');
    await page.waitForURL('**/packages/lectures/pages/record/index');
    await page.getByText('每日一题：连续 1 天').waitFor();
    await page.locator('.lx-title', { hasText: '错题本' }).waitFor();
    await page.getByText(LECTURE).first().waitFor();
    await shot(page, 'day1-resident-08-record');

    // An address that is no page says so, with a way home.
    await page.goto('/packages/nothing/here');
    await page.locator('.nf__title', { hasText: '找不到这个页面' }).waitFor();
    await shot(page, 'day1-resident-09-not-found');
    await page.getByText('回到首页', { exact: true }).click();
    await page.locator('.home__header').waitFor();

    noErrors(r, staff);
  }, 300_000);
});
