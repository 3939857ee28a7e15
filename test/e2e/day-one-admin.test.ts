import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { TOWNSHIPS } from '@qf/shared';
import { DESKTOP } from '../support/e2e-browser';
import { dayOneSuite, giveRoles, noErrors, openApp, openFromMe, shot, signInAs } from '../support/day-one';

/**
 * Day one for the county admin (县司法局), on what `npm start` gives: assigns roles on 人员与角色
 * (a 司法所工作人员 needs a township, as the API requires), township staff then see their township's
 * people, approves a post a new 宣传员 wrote, and exports the year's Excel file (opened here).
 * Screens only.
 */
const STAFF = 'zhao-staff';
const RESIDENT = 'liu-resident';
const WRITER = 'sun-writer';
const TITLE = '农忙时节，务工合同要写清';

const suite = dayOneSuite();
const downloads = mkdtempSync(join(tmpdir(), 'qf-day1-admin-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('day one: the county admin', () => {
  it('assigns roles on 人员与角色, approves a post and exports the Excel report', async () => {
    // Three people open the app first; the resident says he lives in 城关镇.
    const resident = await openApp(suite.browser, suite.server);
    await signInAs(resident.page, RESIDENT);
    await resident.page.getByText('选择乡镇', { exact: true }).click();
    await resident.page.getByRole('dialog', { name: '选择乡镇' }).getByText('城关镇', { exact: true }).click();
    await resident.page.locator('.me__township', { hasText: '城关镇' }).waitFor();
    const staff = await openApp(suite.browser, suite.server);
    await signInAs(staff.page, STAFF);
    const writer = await openApp(suite.browser, suite.server);
    await signInAs(writer.page, WRITER);

    // The admin signs in and opens 人员与角色 from 我的.
    const a = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(a.page, 'admin');
    await openFromMe(a.page, '人员与角色');
    await a.page.waitForURL('**/packages/people/pages/index/index');
    await a.page.locator('.qf-head__title', { hasText: '人员与角色' }).waitFor();
    await a.page.locator('.pp-card').first().waitFor();
    await shot(a.page, 'day1-admin-01-people');

    // Filtering by a role lists only those people.
    await a.page.locator('.pp-filter__item', { hasText: '县司法局管理员' }).click();
    await a.page.locator('.pp-count', { hasText: '共 1 人' }).waitFor();
    await a.page.locator('.pp-card__name', { hasText: 'admin' }).waitFor();
    await a.page.locator('.pp-filter__item', { hasText: '全部' }).click();

    // 司法所工作人员 needs a township: the page says so before saving, then takes one.
    await a.page.locator('.pp-search__input input').fill(STAFF);
    await a.page.getByText('查找', { exact: true }).click();
    const card = a.page.locator('.pp-card', { hasText: STAFF });
    await card.getByText('设置角色', { exact: true }).click();
    await card.locator('.pp-choice', { hasText: '司法所工作人员' }).click();
    await card.getByText('司法所工作人员必须指定所属乡镇').waitFor();
    await shot(a.page, 'day1-admin-02-needs-township');
    await card.getByText('选择乡镇', { exact: true }).click();
    await a.page.getByRole('dialog', { name: '选择乡镇' }).getByText('城关镇', { exact: true }).click();
    await card.getByText('保存', { exact: true }).click();
    await card.locator('.pp-role', { hasText: '城关镇司法所' }).waitFor();
    await shot(a.page, 'day1-admin-03-staff-assigned');

    // The writer gets 宣传员 the same way.
    await giveRoles(a.page, WRITER, ['宣传员']);

    // The new township staff member sees his township's people (read only) from his 讲座工作台.
    await expect
      .poll(async () => {
        await staff.page.reload();
        await staff.page.locator('.me__name').waitFor();
        return staff.page.locator('.me__township', { hasText: '城关镇司法所' }).count();
      }, { timeout: 15_000 })
      .toBe(1);
    await staff.page.locator('.me__link-title', { hasText: '讲座工作台' }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/index/index');
    await staff.page.locator('.qf-btn', { hasText: '人员与角色' }).click();
    await staff.page.waitForURL('**/packages/people/pages/index/index');
    await staff.page.locator('.pp-card__name', { hasText: RESIDENT }).waitFor();
    expect(await staff.page.getByText('设置角色', { exact: true }).count()).toBe(0);
    await staff.page.getByText('城关镇的人员；角色由县司法局分配').waitFor();
    await shot(staff.page, 'day1-admin-04-staff-sees-township');
    // Back to where he came from.
    await staff.page.getByRole('button', { name: '返回上一页' }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/index/index');

    // The writer writes and submits a post…
    await expect
      .poll(async () => {
        await writer.page.reload();
        await writer.page.locator('.me__name').waitFor();
        return writer.page.locator('.me__link-title', { hasText: '宣传内容' }).count();
      }, { timeout: 15_000 })
      .toBe(1);
    await openFromMe(writer.page, '宣传内容');
    await writer.page.getByText('＋ 写新内容', { exact: true }).click();
    await writer.page.locator('.editor__title input').fill(TITLE);
    await writer.page.locator('.editor__body textarea').fill('<p>外出务工，要签书面劳动合同，写清工钱、工期和安全责任。</p>');
    await writer.page.getByText('提交审核', { exact: true }).click();
    await writer.page.locator('.preview__status', { hasText: '待审核' }).waitFor({ timeout: 20_000 });

    // …and the admin approves it from 宣传内容's review queue.
    await a.page.goto('/packages/content/pages/manage/index');
    await a.page.locator('.manage__item-title', { hasText: TITLE }).click();
    await a.page.getByText('通过并发布', { exact: true }).click();
    await a.page.locator('.preview__status', { hasText: '已发布' }).waitFor();
    await shot(a.page, 'day1-admin-05-approved');

    // The year's Excel report, from 讲座工作台 → 全县进度.
    await openFromMe(a.page, '讲座工作台');
    await a.page.getByText('全县进度', { exact: true }).click();
    await a.page.waitForURL('**/packages/workbench/pages/overview/index');
    await a.page.locator('.lx-bar').first().waitFor();
    await shot(a.page, 'day1-admin-06-overview');
    const downloading = a.page.waitForEvent('download');
    await a.page.getByText(/导出 \d{4} 年 Excel/).click();
    const file = join(downloads, 'report.xlsx');
    await (await downloading).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const progress = wb.getWorksheet('乡镇进度')!.getSheetValues() as unknown[][];
    const townships = progress.filter((r) => Array.isArray(r) && TOWNSHIPS.some((t) => t.name === r[1]));
    expect(townships).toHaveLength(17);
    expect(wb.getWorksheet('讲座')).toBeDefined();

    noErrors(resident, staff, writer, a);
  }, 300_000);
});
