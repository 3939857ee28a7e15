import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Session } from '@qf/shared';
import { launchChromium, openPage, PHONE, saveScreenshot, takeRefusal } from '../support/e2e-browser';
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

/** A development-login user with a display name, township and roles, and a signed-in browser page. */
async function person(name: string, displayName: string, set: Record<string, unknown>) {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, displayName }) });
  const session = (await res.json()) as Session;
  await db.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(session.user.id) }, { $set: set });
  const opened = await openPage(browser, server.baseUrl, PHONE);
  opened.page.setDefaultTimeout(20_000);
  await opened.context.addInitScript((devName) => localStorage.setItem('qf.devName', JSON.stringify({ data: devName })), name);
  return { ...opened, token: session.token };
}

async function api(path: string, token: string, method = 'GET') {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()) as any;
}

/** The answer key, read from the bank in the database (the API never sends it before answering). */
async function answersOf(ids: string[]): Promise<Map<string, string[]>> {
  const docs = await db.collection<{ _id: string; content: { answer: string[] } }>('questions').find({ _id: { $in: ids } }).toArray();
  return new Map(docs.map((d) => [d._id, d.content.answer]));
}

/** Taps the options of the i-th question on the page. */
async function choose(page: Page, i: number, letters: string[]) {
  const card = page.locator('.quiz-q:visible').nth(i);
  for (const letter of letters) await card.locator('.quiz-opt:visible').nth(LETTERS.indexOf(letter)).click();
}

function wrongFor(answer: string[], optionCount: number): string[] {
  const other = LETTERS.slice(0, optionCount).find((l) => !answer.includes(l))!;
  return [other];
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(700);
  await saveScreenshot(page, name);
}

describe('the quiz in the H5 app', () => {
  it('a resident does the daily quiz, gets one wrong, finds it in 错题本 and looks up the cited article', async () => {
    const { page, errors, context, token } = await person('e2e-quiz-daily', '王小明', { townshipCode: GUCHENG });
    await page.goto('/pages/quiz/index');
    await page.locator('.qz-card__title:visible', { hasText: '每日答题' }).waitFor();
    await shot(page, 'quiz-tab-phone');
    await page.locator('.qz-card__title:visible', { hasText: '每日答题' }).click();
    await page.waitForURL(/daily\/index/);
    await page.locator('.quiz-q:visible').nth(4).waitFor();
    await shot(page, 'quiz-daily-questions-phone');

    const daily = await api('/quiz/daily', token);
    const ids: string[] = daily.questions.map((q: { id: string }) => q.id);
    const key = await answersOf(ids);
    const wrongId = ids[0]!;
    for (const [i, q] of daily.questions.entries()) {
      const right = key.get(q.id)!;
      await choose(page, i, i === 0 ? wrongFor(right, q.options.length) : right);
    }
    await page.getByText('交卷', { exact: true }).click();
    await page.locator('.quiz-score__value:visible', { hasText: '80' }).waitFor();
    await expect(page.locator('.quiz-review--wrong:visible').count()).resolves.toBe(1);
    await expect(page.locator('.quiz-review--right:visible').count()).resolves.toBe(4);
    await page.locator('.quiz-score__pass:visible', { hasText: '连续答题 1 天' }).waitFor();
    await shot(page, 'quiz-daily-result-phone');

    await page.getByText('去错题本重做', { exact: true }).click();
    await page.waitForURL(/wrongbook\/index/);
    await page.locator('.quiz-head__title:visible', { hasText: '错题本 · 1 道' }).waitFor();
    const stem = daily.questions[0].stem as string;
    await page.locator('.quiz-q__stem:visible', { hasText: stem.slice(0, 12) }).waitFor();
    await shot(page, 'quiz-wrongbook-phone');

    await choose(page, 0, key.get(wrongId)!);
    await page.getByText('确定', { exact: true }).click();
    await page.locator('.quiz-review__extra:visible', { hasText: '再答对 1 次就移出错题本' }).waitFor();
    const cited = await db.collection<{ _id: string; content: { articles: number[] } }>('questions').findOne({ _id: wrongId });
    const article = cited!.content.articles[0]!;
    await page.locator('.quiz-review__article-no:visible', { hasText: `民法典第 ${article} 条` }).waitFor();
    await shot(page, 'quiz-wrongbook-feedback-phone');
    await page.locator('.quiz-review__article-link:visible').first().click();
    await page.waitForURL(/civil-code\/pages\/article/);
    await page.locator('.law__article-label:visible').waitFor();
    const statute = await api(`/civil-code/articles/${article}`, token);
    await page.locator('.law__para:visible').first().filter({ hasText: statute.text.split('\n')[0].slice(0, 15) }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('township staff see the articles their people got wrong as suggested lecture topics', async () => {
    const { page, errors, context } = await person('e2e-quiz-staff', '固城司法所', { roles: ['resident', 'township_staff'], staffTownshipCode: GUCHENG, townshipCode: GUCHENG });
    await page.goto('/pages/quiz/index');
    await page.locator('.qz-card__title:visible', { hasText: '精准普法' }).click();
    await page.waitForURL(/weakspots\/index/);
    await page.locator('.quiz-head__title:visible', { hasText: '固城镇 · 薄弱法条' }).waitFor();
    await page.locator('.quiz-card__badge:visible', { hasText: '错 1 次' }).first().waitFor();
    await page.locator('.quiz-card__title:visible', { hasText: '建议讲座选题' }).waitFor();
    await shot(page, 'quiz-weakspots-phone');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('an admin creates a campaign; a resident takes it, sees the certificate, and the township board shows their township', async () => {
    const admin = await person('e2e-quiz-admin', '县局小李', { roles: ['resident', 'county_admin'] });
    await admin.page.goto('/pages/quiz/index');
    await admin.page.locator('.qz-card__title:visible', { hasText: '创建竞赛' }).click();
    await admin.page.waitForURL(/campaign-new/);
    await admin.page.locator('.quiz-new__title input, input.quiz-new__title').first().fill('宪法宣传周民法典知识竞赛');
    for (const [cls, value] of <[string, string][]>[
      ['quiz-new__count', '5'],
      ['quiz-new__minutes', '10'],
      ['quiz-new__attempts', '2'],
      ['quiz-new__pass', '60'],
    ]) {
      const input = admin.page.locator(`.${cls} input, input.${cls}`).first();
      await input.fill(value);
    }
    await admin.page.locator('.quiz-book:visible', { hasText: '继承编' }).click();
    await admin.page.locator('.quiz-book:visible', { hasText: '婚姻家庭编' }).click();
    await shot(admin.page, 'quiz-campaign-new-phone');
    await admin.page.getByText('创建竞赛', { exact: true }).last().click();
    await admin.page.waitForURL(/campaign\/index\?id=/);
    await admin.page.locator('.quiz-head__title:visible', { hasText: '宪法宣传周民法典知识竞赛' }).waitFor();
    const campaignId = new URL(admin.page.url()).searchParams.get("id") ?? "";

    // The admin changes the settings: a bad value is named under its field and nothing typed is lost.
    await admin.page.getByText('修改竞赛设置', { exact: true }).click();
    await admin.page.waitForURL(/campaign-new\/index\?id=/);
    const titleInput = admin.page.locator('.quiz-new__title input, input.quiz-new__title').first();
    await expect.poll(() => titleInput.inputValue()).toBe('宪法宣传周民法典知识竞赛');
    const attemptsInput = admin.page.locator('.quiz-new__attempts input, input.quiz-new__attempts').first();
    expect(await attemptsInput.inputValue()).toBe('2');
    await attemptsInput.fill('0');
    await admin.page.locator('.quiz-new__desc textarea, textarea.quiz-new__desc').first().fill('请先在「我的」里选好乡镇，再开始答题。');
    await admin.page.getByText('保存修改', { exact: true }).click();
    await admin.page.locator('.qf-field__error:visible', { hasText: '至少允许答 1 次' }).waitFor();
    expect(await attemptsInput.inputValue()).toBe('0');
    expect(await titleInput.inputValue()).toBe('宪法宣传周民法典知识竞赛');
    // The browser reports the refused request on its console: that one 400 is expected, nothing else.
    takeRefusal(admin.errors);
    await shot(admin.page, 'quiz-campaign-edit-error-phone');
    await attemptsInput.fill('2');
    await admin.page.getByText('保存修改', { exact: true }).click();
    await admin.page.waitForURL(/campaign\/index\?id=/);
    await admin.page.locator('.quiz-note:visible', { hasText: '请先在「我的」里选好乡镇' }).waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const resident = await person('e2e-quiz-player', '欧阳娜娜', { townshipCode: GUCHENG });
    const { page, errors, token } = resident;
    await page.goto('/pages/quiz/index');
    await page.locator('.qz-card__title:visible', { hasText: '宪法宣传周民法典知识竞赛' }).click();
    await page.waitForURL(/campaign\/index/);
    await page.getByText('开始答题', { exact: true }).click();
    await page.waitForURL(/attempt\/index/);
    await page.locator('.quiz-timer:visible', { hasText: '剩余时间' }).waitFor();
    await page.locator('.quiz-q:visible').nth(4).waitFor();
    await shot(page, 'quiz-attempt-phone');

    const attempt = await api(`/quiz/campaigns/${campaignId}/attempts/1`, token);
    const key = await answersOf(attempt.questions.map((q: { id: string }) => q.id));
    for (const [i, q] of attempt.questions.entries()) await choose(page, i, key.get(q.id)!);
    await page.getByText('交卷', { exact: true }).click();
    await page.locator('.quiz-score__value:visible', { hasText: '100' }).waitFor();
    await page.locator('.quiz-score__pass:visible', { hasText: '成绩合格' }).waitFor();
    await shot(page, 'quiz-attempt-result-phone');

    await page.getByText('查看我的证书', { exact: true }).click();
    await page.waitForURL(/certificate\/index/);
    await page.locator('.quiz-cert__name:visible', { hasText: '欧阳娜娜（固城镇）' }).waitFor();
    await page.locator('.quiz-cert__body:visible', { hasText: '宪法宣传周民法典知识竞赛' }).waitFor();
    await page.locator('.quiz-cert__body:visible', { hasText: '100 分' }).waitFor();
    const code = (await page.locator('.quiz-cert__code:visible').innerText()).replace(/.*：/, '').trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    await shot(page, 'quiz-certificate-phone');

    await page.goto(`/pages/quiz/index`);
    await page.locator('.qz-card__title:visible', { hasText: '宪法宣传周民法典知识竞赛' }).first().waitFor();
    await shot(page, 'quiz-tab-after-campaign-phone');
    await page.locator('.qz-card__title:visible', { hasText: '宪法宣传周民法典知识竞赛' }).first().click();
    await page.waitForURL(/campaign\/index/);
    const mine = page.locator('.quiz-board__row--mine:visible');
    await mine.filter({ hasText: '固城镇' }).waitFor();
    await expect(mine.innerText()).resolves.toMatch(/1 人参加 · 合格率 100%/);
    await expect(page.locator('.quiz-board__row:visible').first().innerText()).resolves.toContain('固城镇');
    await page.locator('.quiz-note:visible', { hasText: /排名统计于 \d{2}:\d{2}/ }).waitFor();
    await shot(page, 'quiz-township-board-phone');
    await page.locator('.quiz-tab:visible', { hasText: '个人排名' }).click();
    await page.locator('.quiz-board__name:visible', { hasText: '欧**娜' }).waitFor();

    await page.goto('/packages/quiz/pages/verify/index');
    await page.locator('.quiz-verify__input input, input.quiz-verify__input').first().fill(code);
    await page.getByText('查验', { exact: true }).click();
    await page.locator('.quiz-verify__result:visible', { hasText: '证书真实有效' }).waitFor();
    await expect(page.locator('.quiz-verify__result:visible').innerText()).resolves.toContain('欧**娜');
    await shot(page, 'quiz-verify-phone');

    expect(errors).toEqual([]);
    await resident.context.close();
  }, 180_000);
});
