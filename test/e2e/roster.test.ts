import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROSTER_COLUMNS } from '@qf/shared';
import { DESKTOP, takeRefusal } from '../support/e2e-browser';
import { seriousAxeProblems } from '../support/a11y';
import { chooseTownship, dayOneSuite, giveRoles, noErrors, openApp, openFromMe, shot, signInAs, tab, waitForMeLink } from '../support/day-one';

/**
 * 普法名册 through the screens, on what `npm start` gives: the county makes a clerk 城关镇司法所
 * staff; the clerk imports the township's roster from Excel (a row with a wrong phone is reported
 * and left out), sees which villages are short of three 法律明白人, adds one by hand, and exports the
 * roster; a villager asking a question sees his village's 明白人, with a phone only where agreed.
 */
const CLERK = 'roster-clerk';
const VILLAGER = 'roster-villager';

const suite = dayOneSuite();
const downloads = mkdtempSync(join(tmpdir(), 'qf-roster-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

async function rosterFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow([...ROSTER_COLUMNS]);
  sheet.addRow(['张明', '13800000001', '东关村', '法律明白人', '每天晚上 7 点后', '是']);
  sheet.addRow(['李红', '13800000002', '东关村', '法律明白人', '', '否']);
  sheet.addRow(['王强', '13800000003', '东关村', '法律明白人', '', '']);
  sheet.addRow(['赵兰', '13800000004', '西街村', '法律明白人', '周六上午', '是']);
  sheet.addRow(['孙普法', '13800000005', '', '普法员', '', '']);
  sheet.addRow(['错号码', '12345', '西街村', '法律明白人', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('普法名册 on the H5 build', () => {
  it('imports a roster from Excel, shows villages short of 3 明白人, adds one by hand, exports, and shows a villager his village’s 明白人', async () => {
    const clerk = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(clerk.page, CLERK);
    const admin = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(admin.page, 'admin');
    await openFromMe(admin.page, '人员与角色');
    await giveRoles(admin.page, CLERK, ['司法所工作人员'], '城关镇');

    await waitForMeLink(clerk.page, '普法名册');
    await openFromMe(clerk.page, '普法名册');
    await clerk.page.waitForURL('**/packages/roster/pages/index/index');
    await clerk.page.getByText('Excel 导入', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/roster/pages/import/index**');
    const chooser = clerk.page.waitForEvent('filechooser');
    await clerk.page.getByText('选择填好的文件并检查', { exact: true }).click();
    await (await chooser).setFiles({ name: '城关镇名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await rosterFile() });
    await clerk.page.locator('.qf-import__row').nth(5).waitFor();
    await clerk.page.locator('.qf-import__problem', { hasText: '手机号：“12345”不是 11 位手机号' }).waitFor();
    await clerk.page.getByText('赵兰 · 法律明白人 · 西街村（新村，导入时添加）', { exact: true }).waitFor();
    await shot(clerk.page, 'roster-01-import-report');
    expect(await seriousAxeProblems(clerk.page)).toEqual([]);
    await clerk.page.getByText('导入选中的 5 行', { exact: true }).click();
    await clerk.page.locator('.qf-import__ok', { hasText: '新增 5 人' }).waitFor();
    await clerk.page.locator('.qf-import__ok', { hasText: '添加了 东关村、西街村' }).waitFor();

    // The roster: 西街村 is short of two 明白人 and says so in words.
    await clerk.page.getByRole('button', { name: '返回上一页' }).click();
    await clerk.page.waitForURL('**/packages/roster/pages/index/index');
    const west = clerk.page.locator('[data-village="西街村"]');
    await west.getByText('还差 2 名', { exact: true }).waitFor();
    await clerk.page.locator('[data-village="东关村"]').getByText('3 名，已够', { exact: true }).waitFor();
    await shot(clerk.page, 'roster-02-villages');
    expect(await seriousAxeProblems(clerk.page)).toEqual([]);

    // One more for 西街村, by hand, mentored by the 普法员; the first try forgets the phone.
    await clerk.page.getByText('添加人员', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/roster/pages/person/index**');
    await clerk.page.getByRole('checkbox', { name: '法律明白人' }).click();
    await clerk.page.locator('input[placeholder="例如：张明"]').fill('钱进');
    await clerk.page.getByRole('checkbox', { name: '西街村' }).click();
    await clerk.page.getByRole('checkbox', { name: '孙普法' }).click();
    await clerk.page.getByText('保存', { exact: true }).click();
    await clerk.page.locator('.qf-field__error', { hasText: '请填 11 位手机号' }).waitFor();
    takeRefusal(clerk.errors);
    // What was typed stays.
    expect(await clerk.page.locator('input[placeholder="例如：张明"]').inputValue()).toBe('钱进');
    await clerk.page.locator('input[placeholder="11 位手机号"]').fill('13800000007');
    await shot(clerk.page, 'roster-03-person');
    await clerk.page.getByText('保存', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/roster/pages/index/index');
    await west.getByText('还差 1 名', { exact: true }).waitFor();
    await clerk.page.getByText('带教：钱进', { exact: false }).waitFor();

    // The roster to hand on: the file opens, with everyone in it.
    const downloading = clerk.page.waitForEvent('download');
    await clerk.page.getByText('导出 Excel', { exact: true }).click();
    const file = join(downloads, 'roster.xlsx');
    await (await downloading).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const people = wb.getWorksheet('名册')!;
    expect(people.actualRowCount).toBe(7);
    const villages: string[] = [];
    wb.getWorksheet('各村明白人')!.eachRow((r) => villages.push((r.values as unknown[]).join('|')));
    expect(villages.some((v) => v.startsWith('|西街村|') && v.endsWith('|2|1'))).toBe(true);

    // A villager of 东关村 asks a question: he sees who will read it first, and can call the one who agreed.
    const villager = await openApp(suite.browser, suite.server);
    await signInAs(villager.page, VILLAGER);
    await chooseTownship(villager.page, '城关镇');
    await tab(villager.page, '首页');
    await villager.page.getByText('问一问', { exact: true }).click();
    await villager.page.waitForURL('**/packages/consult/pages/ask/index**');
    await villager.page.getByText('东关村', { exact: true }).click();
    const card = villager.page.locator('[data-liaisons="东关村"]');
    await card.getByText('张明（每天晚上 7 点后）', { exact: true }).waitFor();
    await card.getByText('打电话 13800000001', { exact: true }).waitFor();
    await card.getByText('王强', { exact: true }).waitFor();
    expect(await card.innerText()).not.toContain('13800000003');
    await card.scrollIntoViewIfNeeded();
    await shot(villager.page, 'roster-04-villager-sees-liaisons');

    noErrors(villager);
    noErrors(admin);
    // The only refusal was the deliberate one (the form without a phone).
    expect(clerk.errors).toEqual([]);
  }, 180_000);
});
