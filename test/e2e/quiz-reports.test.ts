import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Session } from '@qf/shared';
import { DESKTOP, launchChromium, openPage, PHONE, saveScreenshot } from '../support/e2e-browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

const GUCHENG = '410922106';
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

let server: E2eServer;
let browser: Browser;
let db: mongoose.Connection;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchChromium();
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});

afterAll(async () => {
  await db?.close();
  await browser?.close();
  await server?.stop();
});

/** A development-login user with a display name and roles, and a signed-in browser page. */
async function person(name: string, displayName: string, set: Record<string, unknown>, device: BrowserContextOptions = PHONE) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, displayName }) });
  const session = (await res.json()) as Session;
  await db.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(session.user.id) }, { $set: set });
  const opened = await openPage(browser, server.baseUrl, device);
  opened.page.setDefaultTimeout(20_000);
  await opened.context.addInitScript((devName) => localStorage.setItem('qf.devName', JSON.stringify({ data: devName })), name);
  return { ...opened, token: session.token };
}

/** The browser logs each refused request on its console: exactly the one 400 we provoked is expected. */
function takeExpectedRefusal(errors: string[]) {
  const refused = errors.filter((e) => e.includes('status of 400'));
  expect(refused).toHaveLength(1);
  errors.splice(errors.indexOf(refused[0]!), 1);
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(700);
  await saveScreenshot(page, name);
}

describe('报错 in the H5 app', () => {
  it('a resident reports a daily question; bank staff see it on the bank page, retire the question and answer; the resident reads the answer', async () => {
    // The resident answers today's quiz through the screens.
    const resident = await person('e2e-report-resident', '赵大娘', { townshipCode: GUCHENG });
    const { page } = resident;
    await page.goto('/pages/quiz/index');
    await page.locator('.qz-card__title:visible', { hasText: '每日答题' }).click();
    await page.waitForURL(/daily\/index/);
    await page.locator('.quiz-q:visible').nth(4).waitFor();
    for (let i = 0; i < 5; i++) await page.locator('.quiz-q:visible').nth(i).locator('.quiz-opt:visible').first().click();
    await page.getByText('交卷', { exact: true }).click();
    await page.locator('.quiz-score__value:visible').waitFor();

    const daily = await (await fetch(`${server.baseUrl}/api/v1/quiz/daily`, { headers: { Authorization: `Bearer ${resident.token}` } })).json();
    const questionId: string = daily.result.items[0].questionId;
    const stem: string = daily.result.items[0].stem;

    // Under the first explanation: 「这道题有问题？」 opens the small form.
    const firstReview = page.locator('.quiz-review:visible').first();
    await expect(page.locator('.quiz-report__link:visible', { hasText: '这道题有问题？' }).count()).resolves.toBe(5);
    await firstReview.locator('.quiz-report__link', { hasText: '这道题有问题？' }).click();
    await firstReview.locator('.quiz-report__box textarea').waitFor();
    // Sending nothing is refused under the box, and nothing is stored.
    await firstReview.getByText('发送', { exact: true }).click();
    await firstReview.locator('.qf-field__error', { hasText: '请写几句话' }).waitFor();
    expect(await db.collection('questionreports').countDocuments({ questionId })).toBe(0);
    takeExpectedRefusal(resident.errors);
    const said = '解析里说的和我们村里的做法不一样，能再讲清楚点吗？';
    await firstReview.locator('.quiz-report__box textarea').fill(said);
    await firstReview.locator('.quiz-report__count', { hasText: `${said.length} / 300` }).waitFor();
    await expect(firstReview.locator('.qf-field__error').count()).resolves.toBe(0);
    await firstReview.locator('.quiz-report__box').scrollIntoViewIfNeeded();
    await shot(page, 'quiz-report-form-phone');
    await firstReview.getByText('发送', { exact: true }).click();
    await firstReview.locator('.quiz-report--sent', { hasText: '已收到您的报错' }).waitFor();
    await shot(page, 'quiz-report-sent-phone');
    expect(await db.collection('questionreports').countDocuments({ questionId, status: 'open' })).toBe(1);

    await firstReview.locator('.quiz-report__link', { hasText: '看我的报错' }).click();
    await page.waitForURL(/quiz\/pages\/reports/);
    await page.locator('.quiz-card__badge:visible', { hasText: '等待回复' }).waitFor();
    await page.locator('.quiz-myreport__said:visible', { hasText: said }).waitFor();

    // Propaganda staff, who manage the bank, on a desktop: the bank page says there is a report.
    const staff = await person('e2e-report-editor', '县委宣传员', { roles: ['resident', 'propaganda'] }, DESKTOP);
    const s = staff.page;
    await s.goto('/packages/quiz-bank/pages/list/index');
    await s.locator('.qb__reports-link:visible', { hasText: '1 条待回复' }).waitFor();
    await shot(s, 'quiz-bank-list-with-reports-desktop');
    await s.locator('.qb__reports-link:visible').click();
    await s.waitForURL(/quiz-bank\/pages\/reports/);
    const card = s.locator('.qb-report:visible', { hasText: stem.slice(0, 12) });
    await card.locator('.qb-report__said', { hasText: said }).waitFor();
    await card.locator('.qb__tag', { hasText: '1 条报错' }).waitFor();
    await shot(s, 'quiz-bank-reports-desktop');

    // Retire in one tap, after a confirmation.
    await card.getByText('停用这道题', { exact: true }).click();
    await s.locator('.taro-modal__title:visible', { hasText: '停用这道题？' }).waitFor();
    await shot(s, 'quiz-bank-reports-retire-confirm-desktop');
    await s.locator('.taro-modal__foot:visible').getByText('停用', { exact: true }).click();
    await card.locator('.qb__tag', { hasText: '已停用' }).waitFor();
    expect((await db.collection<{ _id: string; status: string }>('questions').findOne({ _id: questionId }))!.status).toBe('retired');

    // Answer the reporter: an empty answer is refused under the box, then the real one closes the report.
    await card.getByText('发送回复', { exact: true }).click();
    await card.locator('.qf-field__error', { hasText: '请写给报错人的回复' }).waitFor();
    takeExpectedRefusal(staff.errors);
    const answer = '谢谢您！这道题的说法确实容易误解，已停用，改好后再用。';
    await card.locator('textarea').fill(answer);
    await card.getByText('发送回复', { exact: true }).click();
    await s.locator('.qb__help:visible', { hasText: '没有待回复的报错' }).waitFor();
    await s.locator('.qb__chip:visible', { hasText: '已回复' }).click();
    await s.locator('.qb-report__answer:visible', { hasText: answer }).waitFor();
    await s.waitForTimeout(1500); // the 已回复 toast fades before the picture
    await shot(s, 'quiz-bank-reports-answered-desktop');

    // The resident sees the answer under 我的报错 (reached from the 答题 tab).
    await page.goto('/pages/quiz/index');
    await page.locator('.qz-card__title:visible', { hasText: '我的报错' }).click();
    await page.waitForURL(/quiz\/pages\/reports/);
    await page.locator('.quiz-card__badge:visible', { hasText: '已回复' }).waitFor();
    await page.locator('.quiz-myreport__answer:visible', { hasText: answer }).waitFor();
    await shot(page, 'quiz-my-reports-answered-phone');

    expect(resident.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await resident.context.close();
    await staff.context.close();
  }, 180_000);
});
