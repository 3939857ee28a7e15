import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP } from '../support/e2e-browser';
import { e2eSuite, shot } from '../support/e2e-suite';
import { createConsultState } from '../../server/src/modules/consultations/consult-state';
import { createHandlingService } from '../../server/src/modules/consultations/handling.service';
import { createCivilCodeService } from '../../server/src/modules/civil-code/civil-code.service';

/**
 * The consultation loop on the H5 build, through the screens: a resident asks, a 明白人 answers, the
 * resident taps 还有疑问, the 普法员's time limit passes (the timer task runs in this process with a
 * later `now`, as a second server instance would), the adviser answers and publishes it as FAQ, and
 * a second resident typing a similar question sees that FAQ among the suggestions.
 */
const CHENGGUAN = '410922100';
const HOUR = 3_600_000;

const e2e = e2eSuite();
const { userWithRoles, pageAs } = e2e;

beforeAll(async () => {
  // The timer task, run from this process against the same database (a second instance).
  await mongoose.connect(e2e.server.mongoUri);
});

afterAll(async () => {
  await mongoose.disconnect();
});

describe('asking a question on the H5 build', () => {
  it('climbs from the 明白人 to the adviser and comes back as a public FAQ that the next resident finds', async () => {
    const staff = await userWithRoles('e2e-consult-staff', { roles: ['resident', 'township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN, displayName: '司法所小刘' });
    await userWithRoles('e2e-consult-resident', { townshipCode: CHENGGUAN, displayName: '张大爷' });
    await userWithRoles('e2e-consult-literate', { roles: ['resident', 'literate'], townshipCode: CHENGGUAN, displayName: '李明白' });
    await userWithRoles('e2e-consult-adviser', { roles: ['resident', 'adviser'], adviserTownshipCodes: [CHENGGUAN], townshipCode: CHENGGUAN, displayName: '王律师' });
    await userWithRoles('e2e-consult-second', { townshipCode: CHENGGUAN, displayName: '赵大娘' });
    const addVillage = (name: string) =>
      fetch(`${e2e.server.baseUrl}/api/v1/villages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${staff.token}` }, body: JSON.stringify({ townshipCode: CHENGGUAN, name }) });
    expect((await addVillage('东街村')).status).toBe(201);
    expect((await addVillage('西关村')).status).toBe(201);

    // 1. The resident asks from the 问一问 page.
    const resident = await pageAs('e2e-consult-resident');
    await resident.page.goto('/pages/home/index');
    await resident.page.getByText('问一问', { exact: true }).click();
    await resident.page.waitForURL('**/packages/consult/pages/ask/index**');
    await resident.page.locator('textarea').first().fill('儿子结婚后不给我赡养费，我该怎么办？');
    await resident.page.getByText('东街村', { exact: true }).click();
    await shot(resident.page, 'consult-1-ask');
    await resident.page.getByText('发送问题', { exact: true }).click();
    await resident.page.waitForURL('**/packages/consult/pages/thread/index**');
    await expect.poll(() => resident.page.getByText('待回复', { exact: true }).count()).toBeGreaterThan(0);
    const id = new URL(resident.page.url()).searchParams.get('id') ?? new URL(resident.page.url().replace('#', '')).searchParams.get('id');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    await shot(resident.page, 'consult-2-asked');

    // 2. The 明白人 finds it in his queue, claims it and answers with an article and a topic.
    const literate = await pageAs('e2e-consult-literate');
    await literate.page.goto('/packages/consult/pages/queue/index');
    await literate.page.getByText('儿子结婚后不给我赡养费，我该怎么办？').click();
    await literate.page.waitForURL('**/packages/consult/pages/thread/index**');
    await literate.page.getByText('认领这个问题', { exact: true }).click();
    await literate.page.locator('textarea').first().fill('子女对父母有赡养义务，儿子结婚了也一样。可以先请村里调解，不行可以起诉要赡养费。');
    await literate.page.locator('input[placeholder="如 1067"]').fill('1067');
    await literate.page.getByText('赡养老人', { exact: true }).click();
    await shot(literate.page, 'consult-3-literate-answers');
    await literate.page.getByText('发送回复', { exact: true }).click();
    await expect.poll(() => literate.page.getByText('已回复', { exact: true }).count()).toBeGreaterThan(0);

    // 3. The resident reads the answer and still has a question: up one tier.
    await resident.page.goto('/packages/consult/pages/mine/index');
    await resident.page.getByText('已回复', { exact: true }).first().click();
    await resident.page.waitForURL('**/packages/consult/pages/thread/index**');
    await expect.poll(() => resident.page.getByText('依据：民法典第 1067 条').count()).toBeGreaterThan(0);
    await resident.page.getByText('还有疑问', { exact: true }).click();
    await resident.page.locator('textarea').first().fill('我儿子在外地打工，去哪里起诉？');
    await resident.page.getByText('发给上一级', { exact: true }).click();
    await expect.poll(() => resident.page.getByText('已转上级', { exact: true }).count()).toBeGreaterThan(0);
    await shot(resident.page, 'consult-4-followup');

    // 4. Nobody at the 普法员 tier answers within 48 hours: the timer sends it to the advisers.
    const handling = createHandlingService({
      state: createConsultState({ clock: () => new Date(), onChange: () => undefined }),
      civilCode: createCivilCodeService(),
      notices: { templateId: null, waitingTemplateId: null, answered: async () => undefined, acceptWaiting: async () => ({ pending: 0 }), waiting: async () => undefined },
      clock: () => new Date(),
      faqIdOf: async () => null,
    });
    expect((await handling.escalateOverdue(new Date(Date.now() + 47 * HOUR))).moved).toBe(0);
    expect((await handling.escalateOverdue(new Date(Date.now() + 49 * HOUR))).moved).toBe(1);

    // 5. The adviser answers it and makes it a public FAQ.
    const adviser = await pageAs('e2e-consult-adviser', DESKTOP);
    await adviser.page.goto('/packages/consult/pages/queue/index');
    await expect
      .poll(async () => {
        const n = await adviser.page.getByText('儿子结婚后不给我赡养费，我该怎么办？').count();
        // Reload once the page's own requests are done (a reload mid-request aborts it).
        if (!n) await adviser.page.waitForLoadState('networkidle').then(() => adviser.page.reload());
        return n;
      }, { timeout: 20_000, interval: 1500 })
      .toBeGreaterThan(0);
    await shot(adviser.page, 'consult-5-adviser-queue');
    await adviser.page.getByText('儿子结婚后不给我赡养费，我该怎么办？').click();
    await adviser.page.getByText('认领这个问题', { exact: true }).click();
    await adviser.page.locator('textarea').first().fill('赡养费纠纷可以向您住所地或您儿子住所地的人民法院起诉，也可以先申请人民调解。生活困难的可以申请法律援助。');
    await adviser.page.locator('input[placeholder="如 1067"]').fill('1067');
    await adviser.page.getByText('赡养老人', { exact: true }).click();
    await adviser.page.getByText('发送回复', { exact: true }).click();
    await expect.poll(() => adviser.page.getByText('已回复', { exact: true }).count()).toBeGreaterThan(0);
    await shot(adviser.page, 'consult-6-adviser-answered');
    await adviser.page.getByText('可公开：整理成常见问答', { exact: true }).click();
    await adviser.page.waitForURL('**/packages/consult/pages/faq-edit/index**');
    const titleInput = adviser.page.locator('input').first();
    await expect.poll(() => titleInput.inputValue()).toContain('赡养费');
    await titleInput.fill('儿子不给赡养费怎么办？');
    await shot(adviser.page, 'consult-7-faq-draft');
    await adviser.page.getByText('检查并发布', { exact: true }).click();
    await expect.poll(() => adviser.page.getByText('已发布：乡亲们能在常见问答里看到').count()).toBeGreaterThan(0);

    // 6. The next resident typing a similar question sees that FAQ before sending anything.
    const second = await pageAs('e2e-consult-second');
    await second.page.goto('/packages/consult/pages/ask/index');
    await second.page.locator('textarea').first().fill('儿子不给赡养费怎么办');
    await expect.poll(() => second.page.getByText('儿子不给赡养费怎么办？', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot(second.page, 'consult-8-suggestion');
    await second.page.getByText('这个解决了我的问题', { exact: true }).first().click();
    await expect.poll(() => second.page.getByText('问题解决了就好', { exact: false }).count()).toBeGreaterThan(0);

    // 7. The judicial office sees its figures.
    const office = await pageAs('e2e-consult-staff', DESKTOP);
    await office.page.goto('/packages/consult/pages/dashboard/index');
    await expect.poll(() => office.page.getByText('本月提问', { exact: true }).count()).toBeGreaterThan(0);
    await shot(office.page, 'consult-9-dashboard');

    for (const p of [resident, literate, adviser, second, office]) expect(p.errors).toEqual([]);
  });

  it("shows a long queue a page at a time: the handler's village first, then 加载更多", async () => {
    const GUCHENG = '410922106';
    const staff = await userWithRoles('e2e-queue-staff', { roles: ['resident', 'township_staff'], staffTownshipCode: GUCHENG, townshipCode: GUCHENG, displayName: '司法所小孙' });
    await userWithRoles('e2e-queue-literate', { roles: ['resident', 'literate'], townshipCode: GUCHENG, displayName: '周明白' });
    const village = await fetch(`${e2e.server.baseUrl}/api/v1/villages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${staff.token}` }, body: JSON.stringify({ townshipCode: GUCHENG, name: '南街村' }) });
    const { id: villageId } = (await village.json()) as { id: string };
    // 25 questions asked over the last day (set up in the database: who asked is not what this test is about).
    const now = Date.now();
    await e2e.db.collection('consultations').insertMany(
      Array.from({ length: 25 }, (_, i) => {
        const at = new Date(now - (i + 1) * 1800_000);
        return { _id: new mongoose.Types.ObjectId(), townshipCode: GUCHENG, villageId, villageName: '南街村', askerId: new mongoose.Types.ObjectId(), askerName: '村民', proxyById: null, phone: null, text: `第${i + 1}个等待回复的问题`, photoIds: [], voiceId: null, notify: null, openSlot: null, stage: 0, tier: 'literate', state: 'waiting', tierSince: at, stages: [{ tier: 'literate', since: at, outcome: null, at: null }], topic: null, articles: [], referral: null, askedAt: at };
      }),
    );
    const literate = await pageAs('e2e-queue-literate');
    await literate.page.goto('/packages/consult/pages/queue/index');
    await expect.poll(() => literate.page.getByText('共 25 个', { exact: false }).count()).toBeGreaterThan(0);
    // The oldest first (due soonest); 20 on the first page.
    await expect.poll(() => literate.page.getByText(/^第\d+个等待回复的问题$/).count()).toBe(20);
    await expect.poll(() => literate.page.getByText('第25个等待回复的问题', { exact: true }).count()).toBe(1);
    await expect.poll(() => literate.page.getByText('第1个等待回复的问题', { exact: true }).count()).toBe(0);
    // Scroll down with the wheel like a person and tap the button where it shows. (Playwright's own
    // scroll-into-view fights Taro's pull-to-refresh wrapper on this page, which has pull-down refresh.)
    await literate.page.mouse.move(180, 400);
    await literate.page.mouse.wheel(0, 5000);
    const more = literate.page.getByText('加载更多（还有 5 条）', { exact: true });
    await expect.poll(async () => ((await more.boundingBox())?.y ?? 9999) < 760).toBe(true);
    const box = (await more.boundingBox())!;
    await literate.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => literate.page.getByText(/^第\d+个等待回复的问题$/).count()).toBe(25);
    await expect.poll(() => literate.page.getByText('第1个等待回复的问题', { exact: true }).count()).toBe(1);
    expect(await literate.page.getByText(/加载更多/).count()).toBe(0);
    await shot(literate.page, 'consult-10-long-queue');
    expect(literate.errors).toEqual([]);
  });
});
