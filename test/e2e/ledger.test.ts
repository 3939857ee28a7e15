import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP } from '../support/e2e-browser';
import { chooseTownship, dayOneSuite, giveRoles, noErrors, openApp, openFromMe, shot, signInAs, tab, waitForMeLink } from '../support/day-one';

/**
 * 一人一档 through the screens, on what `npm start` gives: the county admin makes a villager a
 * 法律明白人 and a clerk 城关镇司法所 staff; the 明白人 records a mediation (记一笔), first
 * forgetting to say what kind; the clerk returns one record with a reason and approves another;
 * the points reach the 明白人's page and the township's Excel file; the admin changes the rule.
 */
const LIAISON = 'li-mingbai';
const CLERK = 'wang-clerk';

const suite = dayOneSuite();
const downloads = mkdtempSync(join(tmpdir(), 'qf-ledger-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('the 法律明白人 ledger on the H5 build', () => {
  it('records work, is reviewed by the township, scores by the county rule and exports', async () => {
    const liaison = await openApp(suite.browser, suite.server);
    await signInAs(liaison.page, LIAISON);
    await chooseTownship(liaison.page, '城关镇');
    const clerk = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(clerk.page, CLERK);

    const admin = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(admin.page, 'admin');
    await openFromMe(admin.page, '人员与角色');
    await giveRoles(admin.page, LIAISON, ['法律明白人']);
    await giveRoles(admin.page, CLERK, ['司法所工作人员'], '城关镇');

    // The 明白人 finds 我的台账 on 我的 (after the roles reach his phone).
    await waitForMeLink(liaison.page, '我的台账');
    await openFromMe(liaison.page, '我的台账');
    await liaison.page.getByText('今年还没有记过', { exact: false }).waitFor();
    await shot(liaison.page, 'ledger-01-mine-empty');

    // 记一笔, forgetting the kind: the form says so and keeps what he wrote.
    await liaison.page.getByText('记一笔', { exact: true }).last().click();
    await liaison.page.waitForURL('**/packages/ledger/pages/record/index');
    const summary = liaison.page.locator('.lg__textarea textarea');
    await summary.fill('调解了东街两家的宅基地边界纠纷，双方签了协议。');
    await liaison.page.getByText('记上', { exact: true }).click();
    await liaison.page.getByText('请选择记录类别', { exact: false }).waitFor();
    expect(await summary.inputValue()).toBe('调解了东街两家的宅基地边界纠纷，双方签了协议。');
    await liaison.page.locator('.qf-chip').getByText('调解', { exact: true }).click();
    await liaison.page.locator('.qf-chip').getByText('示例村（东街）', { exact: true }).click();
    await liaison.page.locator('.qf-chip').getByText('宅基地', { exact: true }).click();
    await shot(liaison.page, 'ledger-02-record-form');
    await liaison.page.getByText('记上', { exact: true }).click();
    await liaison.page.waitForURL('**/packages/ledger/pages/mine/index');
    await liaison.page.locator('.lg__badge--pending', { hasText: '待审核' }).waitFor();

    // A second one, 宣传, which the office will send back.
    await liaison.page.getByText('记一笔', { exact: true }).last().click();
    await liaison.page.locator('.qf-chip').getByText('宣传', { exact: true }).click();
    await liaison.page.locator('.lg__textarea textarea').fill('在村口讲了防电信诈骗。');
    await liaison.page.getByText('记上', { exact: true }).click();
    await liaison.page.waitForURL('**/packages/ledger/pages/mine/index');
    await expect.poll(() => liaison.page.locator('.lg__badge--pending').count()).toBe(2);

    // The clerk reviews from 我的 → 法律明白人台账.
    await waitForMeLink(clerk.page, '法律明白人台账');
    await openFromMe(clerk.page, '法律明白人台账');
    await clerk.page.waitForURL('**/packages/ledger/pages/township/index');
    await clerk.page.locator('.qf-head__title', { hasText: '城关镇法律明白人台账' }).waitFor();
    const mediation = clerk.page.locator('.lg__card', { hasText: '宅基地边界纠纷' });
    const publicity = clerk.page.locator('.lg__card', { hasText: '防电信诈骗' });
    await publicity.waitFor();
    await shot(clerk.page, 'ledger-03-review-queue');
    await publicity.getByText('退回', { exact: true }).click();
    await publicity.locator('textarea').fill('请补一张现场照片');
    await publicity.getByText('确认退回', { exact: true }).click();
    await publicity.waitFor({ state: 'detached' });
    await mediation.getByText('通过', { exact: true }).click();
    await mediation.waitFor({ state: 'detached' });
    await clerk.page.getByText('没有等审核的记录。', { exact: true }).waitFor();

    // 每个人: the 明白人 with the points of one approved mediation (5 by default).
    await clerk.page.locator('.lg__tab', { hasText: '每个人' }).click();
    const person = clerk.page.locator('.lg__card', { hasText: LIAISON });
    await person.locator('.lg__points', { hasText: '5 分' }).waitFor();
    await shot(clerk.page, 'ledger-04-people');
    const downloading = clerk.page.waitForEvent('download');
    await clerk.page.getByText(/导出 \d{4} 年 Excel 台账/).click();
    const file = join(downloads, 'ledger.xlsx');
    await (await downloading).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cells = wb.worksheets.flatMap((ws) => (ws.getSheetValues() as unknown[][]).flat().map(String));
    expect(cells.some((c) => c.includes(LIAISON))).toBe(true);
    expect(cells.some((c) => c.includes('宅基地边界纠纷'))).toBe(true);

    // A villager (the 明白人's phone will do) searches the Civil Code for something it does not answer well.
    await tab(liaison.page, '首页');
    await liaison.page.locator('.entry', { hasText: '民法典查询' }).click();
    await liaison.page.locator('.law__search-input input, input.law__search-input').first().fill('火星移民签证');
    await liaison.page.locator('.law__search-btn').click();
    await liaison.page.getByText('没有找到很对得上的条文', { exact: true }).waitFor();

    // The record's topic reaches the township's hot-topic board; one tap plans a lecture on it.
    await openFromMe(clerk.page, '精准普法热点');
    await clerk.page.waitForURL('**/packages/hot-topics/pages/index/index');
    const hot = clerk.page.locator('.ht__topic-card', { hasText: '宅基地' });
    await hot.getByText('明白人记录 1', { exact: false }).waitFor();
    // The search that found nothing is listed too (searches are written down every 10 s).
    await expect
      .poll(
        async () => {
          const n = await clerk.page.locator('.ht__miss', { hasText: '火星' }).count();
          if (!n) await clerk.page.waitForLoadState('networkidle').then(() => clerk.page.reload());
          return n;
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toBe(1);
    await shot(clerk.page, 'ledger-07-hot-topics');
    await hot.getByText('安排一场讲座', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/form/index**');
    await expect.poll(() => clerk.page.locator('input[placeholder="例如：民法典婚姻家庭编讲座"]').inputValue()).toBe('宅基地法律知识讲座');
    // The clerk writes no posts: 写一篇文章 is for the county (and propaganda staff), who choose the township.
    expect(await hot.getByText('写一篇文章', { exact: true }).count()).toBe(0);
    await openFromMe(admin.page, '精准普法热点');
    await admin.page.locator('.ht__actions').getByText('选择乡镇', { exact: true }).click();
    await admin.page.getByRole('dialog', { name: '选择乡镇' }).filter({ hasText: '看哪个乡镇的热点' }).getByText('城关镇', { exact: true }).click();
    await admin.page.locator('.ht__topic-card', { hasText: '宅基地' }).getByText('写一篇文章', { exact: true }).click();
    await admin.page.waitForURL('**/packages/content/pages/editor/index**');
    await expect.poll(() => admin.page.locator('input[placeholder="例如：农村土地承包那些事"]').inputValue()).toBe('说说宅基地那些事');
    expect(await admin.page.getByRole('checkbox', { name: '宅基地' }).getAttribute('aria-checked')).toBe('true');
    expect(await admin.page.getByRole('checkbox', { name: '城关镇' }).getAttribute('aria-checked')).toBe('true');
    await shot(admin.page, 'ledger-08-article-from-topic');

    // The 明白人 sees the decision and the reason.
    await openFromMe(liaison.page, '我的台账');
    await liaison.page.locator('.lg__figure', { hasText: '积分' }).locator('.lg__figure-num', { hasText: '5' }).waitFor();
    await liaison.page.getByText('退回原因：请补一张现场照片', { exact: true }).waitFor();
    await shot(liaison.page, 'ledger-05-mine-scored');

    // The county admin raises a mediation to 8 points; the township's table follows.
    await openFromMe(admin.page, '法律明白人台账');
    await admin.page.getByText('积分规则', { exact: true }).click();
    await admin.page.waitForURL('**/packages/ledger/pages/rules/index');
    const points = admin.page.locator('input[name="mediation-points"]');
    await points.fill('');
    await admin.page.getByText(/保存 \d{4} 年规则/).click();
    await admin.page.locator('.qf-field__error').first().waitFor();
    await points.fill('8');
    await admin.page.getByText(/保存 \d{4} 年规则/).click();
    await admin.page.locator('.qf-head__sub', { hasText: '设置' }).waitFor();
    await shot(admin.page, 'ledger-06-rules');
    await openFromMe(clerk.page, '法律明白人台账');
    await clerk.page.locator('.lg__tab', { hasText: '每个人' }).click();
    await person.locator('.lg__points', { hasText: '8 分' }).waitFor();

    // The only refusals were the two deliberate mistakes (no kind; an empty box).
    const refused = 'console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)';
    expect(liaison.errors).toEqual([refused]);
    expect(admin.errors).toEqual([refused]);
    noErrors(clerk);
  }, 180_000);
});
