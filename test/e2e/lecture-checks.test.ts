import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP } from '../support/e2e-browser';
import { e2eSuite, fillNewLecture, lectureStartingSoon, shot } from '../support/e2e-suite';
import { seriousAxeProblems } from '../support/a11y';

/**
 * 讲座前后答题 through the screens: staff plan a lecture on 婚姻家庭 and 继承; two residents check in
 * with the code and answer its 3 questions; the lecture ends (the only thing faked: its times move
 * into the past); they answer the same 3 again from the lecture's page and see how they did; staff
 * see the lecture's 知晓率 go up, and the township's report by topic.
 */
const CHENGGUAN = '410922100';
const TITLE = '婚姻与继承：讲座前后小测（E2E）';

const e2e = e2eSuite();
const { userWithRoles, pageAs } = e2e;

/** The bank's right answer to each question shown on the page, in order. */
async function rightAnswers(page: Page): Promise<{ right: string[]; wrong: string[] }[]> {
  const cards = page.locator('.quiz-q');
  const n = await cards.count();
  const out: { right: string[]; wrong: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    const stem = (await cards.nth(i).locator('.quiz-q__stem').innerText()).trim();
    const q = await e2e.db.collection('questions').findOne({ 'content.stem': stem });
    const right = q!.content.answer as string[];
    const keys = (q!.content.options as { key: string }[]).map((o) => o.key);
    // A wrong answer: an option that is not right, or (a multiple-choice question whose every option is right) only some of them.
    const other = keys.find((k) => !right.includes(k));
    out.push({ right, wrong: other ? [other] : right.slice(0, 1) });
  }
  return out;
}

/** Picks options on the page: for each question, the right ones or a wrong one. */
async function answer(page: Page, rightOnes: boolean[]) {
  const keys = await rightAnswers(page);
  expect(keys).toHaveLength(3);
  for (const [i, k] of keys.entries()) {
    for (const letter of rightOnes[i] ? k.right : k.wrong) {
      await page.locator('.quiz-q').nth(i).locator('.quiz-opt', { has: page.locator('.quiz-opt__key', { hasText: letter }) }).click();
    }
  }
}

describe('讲座前后答题 on the H5 build', () => {
  it('residents answer 3 questions at check-in and again after the lecture; staff see 知晓率 rise by lecture and by topic', async () => {
    await userWithRoles('e2e-check-staff', { roles: ['resident', 'township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN });
    await userWithRoles('e2e-check-wang', { townshipCode: CHENGGUAN, displayName: '王大娘' });
    await userWithRoles('e2e-check-li', { townshipCode: CHENGGUAN, displayName: '李大爷' });

    // 1. Staff plan a lecture on two topics, starting in 15 minutes (check-in is open).
    const { start, end } = lectureStartingSoon();
    const staff = await pageAs('e2e-check-staff', DESKTOP);
    await fillNewLecture(staff.page, { title: TITLE, topics: ['婚姻家庭', '继承'], start, end });
    await staff.page.getByText('保存并发布', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/index/index**');
    const card = staff.page.locator('.lx-manage', { hasText: TITLE });
    await card.getByText('签到', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/checkin/index**');
    const qr = staff.page.locator('.lx-qr[data-link]');
    await qr.waitFor();
    const link = new URL((await qr.getAttribute('data-link'))!);
    const lectureId = link.searchParams.get('id')!;

    // 2. Two residents check in with the code; each is offered the 3 questions.
    const wang = await pageAs('e2e-check-wang');
    const li = await pageAs('e2e-check-li');
    for (const [who, rightBefore] of [
      [wang, [false, false, false]],
      [li, [true, false, false]],
    ] as const) {
      // Each scans the code on the screen when it is his turn: it is renewed every 45 s and lasts
      // 90 s, so the first resident's link can be stale by the time the second, slower one scans.
      const now = new URL((await qr.getAttribute('data-link'))!);
      await who.page.goto(`${now.pathname}${now.search}`);
      await who.page.getByText('签到成功', { exact: true }).waitFor();
      await who.page.getByText('先答 3 道小题', { exact: true }).waitFor();
      if (who === wang) await shot(who.page, 'lecture-checks-01-offered-phone');
      await who.page.getByText('答 3 道小题', { exact: true }).click();
      await who.page.waitForURL('**/packages/lecture-checks/pages/check/index**');
      await who.page.locator('.quiz-q').nth(2).waitFor();
      // 交上答案 waits until every question has an answer.
      await who.page.getByText('还有 3 道没选', { exact: true }).waitFor();
      await answer(who.page, [...rightBefore]);
      if (who === wang) {
        await shot(who.page, 'lecture-checks-02-before-phone');
        expect(await seriousAxeProblems(who.page)).toEqual([]);
      }
      await who.page.getByText('交上答案', { exact: true }).click();
      await who.page.getByText('答完了，谢谢您！', { exact: true }).waitFor();
      // No answers yet: they would spoil the second time.
      expect(await who.page.locator('.quiz-opt__mark').count()).toBe(0);
    }
    await wang.page.getByText('讲座结束后提醒我', { exact: true }).click();
    await wang.page.getByText('讲座结束后，打开这场讲座的页面就能再答一次。', { exact: false }).waitFor();
    await shot(wang.page, 'lecture-checks-03-answered-before-phone');
    // Back on the check-in page the questions are not offered again.
    await wang.page.getByText('好的', { exact: true }).click();
    await wang.page.getByText('签到成功', { exact: true }).waitFor();
    await expect.poll(() => wang.page.getByText('先答 3 道小题', { exact: true }).count()).toBe(0);

    // 3. Time passes: the lecture took place an hour ago.
    const HOUR = 3600_000;
    await e2e.db.collection('lectures').updateOne({ _id: new mongoose.Types.ObjectId(lectureId) }, { $set: { startAt: new Date(Date.now() - 2 * HOUR), endAt: new Date(Date.now() - HOUR) } });

    // 4. They open the lecture and answer the same 3 again: Wang gets all three, Li two.
    for (const [who, rightAfter] of [
      [wang, [true, true, true]],
      [li, [true, true, false]],
    ] as const) {
      await who.page.goto(`/packages/lectures/pages/detail/index?id=${lectureId}`);
      const invite = who.page.locator('[data-check="after"]');
      await invite.getByText('讲座结束了。再答一次同样的 3 道题，看看学到了多少。', { exact: true }).waitFor();
      if (who === wang) await shot(who.page, 'lecture-checks-04-detail-after-phone');
      await invite.getByText('再答一次', { exact: true }).click();
      await who.page.waitForURL('**/packages/lecture-checks/pages/check/index**');
      await who.page.locator('.quiz-q').nth(2).waitFor();
      await answer(who.page, [...rightAfter]);
      await who.page.getByText('交上答案', { exact: true }).click();
      await who.page.locator('[data-result="both"]').waitFor();
    }
    const result = wang.page.locator('[data-result="both"]');
    expect(await result.innerText()).toMatch(/讲座前答对\s*0\/3[\s\S]*讲座后答对\s*3\/3/);
    await wang.page.getByText('进步了！', { exact: false }).waitFor();
    // Now the right answers and why.
    expect(await wang.page.locator('.quiz-opt__mark').count()).toBeGreaterThanOrEqual(3);
    await wang.page.getByText(/讲座前选 [A-F]+ · 讲座后选 [A-F]+ · 正确答案 [A-F]+/).first().waitFor();
    await shot(wang.page, 'lecture-checks-05-after-phone');
    expect(await seriousAxeProblems(wang.page)).toEqual([]);

    // 5. Staff: the lecture's 知晓率 before → after (Wang 0→3, Li 1→2 of 3: 17% → 83%).
    await staff.page.goto('/packages/workbench/pages/index/index');
    await staff.page.locator('.lx-manage', { hasText: TITLE }).getByText('知晓率', { exact: true }).click();
    await staff.page.waitForURL('**/packages/lecture-checks/pages/lecture/index**');
    await staff.page.locator('[data-awareness="17-83"]').waitFor();
    await staff.page.getByText('知晓率（2 人两次都答了）', { exact: true }).waitFor();
    await staff.page.getByText('提高了 66 个百分点', { exact: true }).waitFor();
    await shot(staff.page, 'lecture-checks-06-lecture-desktop');
    expect(await seriousAxeProblems(staff.page)).toEqual([]);

    // Months of 问一问 before the lecture (history no screen makes): two questions on 继承 in the weeks before it.
    const past = (days: number) => new Date(Date.now() - days * 24 * HOUR);
    await e2e.db.collection('consultations').insertMany(
      [10, 20].map((d) => ({ townshipCode: CHENGGUAN, villageId: 'v1', villageName: '东关村', askerName: '某村民', text: '遗产怎么分', tier: 'literate', state: 'answered', tierSince: past(d), askedAt: past(d), topic: '继承', stages: [], photoIds: [], articles: [], stage: 0 })),
    );

    // 6. And the township's report, by topic, with the questions on each topic before and after.
    await staff.page.goto('/packages/workbench/pages/index/index');
    await staff.page.getByText('讲座效果', { exact: true }).click();
    await staff.page.waitForURL('**/packages/lecture-checks/pages/report/index');
    for (const topic of ['婚姻家庭', '继承']) await staff.page.locator(`[data-topic="${topic}"]`).getByText('1 场讲座 · 2 人次', { exact: false }).waitFor();
    await staff.page.locator('.lc-link', { hasText: TITLE }).getByText('知晓率 17% → 83%', { exact: false }).waitFor();
    await staff.page.locator('[data-trend="继承"]').getByText('讲座前 13 周问了 2 次，讲座后 0 天问了 0 次', { exact: true }).waitFor();
    await staff.page.locator('[data-trend="继承"]').scrollIntoViewIfNeeded();
    await shot(staff.page, 'lecture-checks-07-report-desktop');
    expect(await seriousAxeProblems(staff.page)).toEqual([]);

    for (const p of [staff, wang, li]) expect(p.errors).toEqual([]);
  }, 180_000);
});
