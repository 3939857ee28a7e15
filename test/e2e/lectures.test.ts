import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP, takeRefusal } from '../support/e2e-browser';
import { e2eSuite, fill, fillNewLecture, lectureStartingSoon, shot } from '../support/e2e-suite';

const CHENGGUAN = '410922100';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const TITLE = '民法典进村：婚姻家庭与赡养（E2E）';

const e2e = e2eSuite();
const { userWithRoles, pageAs } = e2e;
const downloads = mkdtempSync(join(tmpdir(), 'qf-e2e-lectures-'));

afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('township lectures on the H5 build', () => {
  it('staff plan and publish a lecture, a resident signs up and checks in with the code, staff mark it held with a photo, the county sees it and downloads the Excel file', async () => {
    await userWithRoles('e2e-lecture-staff', { roles: ['resident', 'township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN });
    await userWithRoles('e2e-lecture-resident', { townshipCode: CHENGGUAN, displayName: '王大娘' });
    await userWithRoles('e2e-lecture-admin', { roles: ['resident', 'county_admin'] });

    // Starts in 15 minutes: sign-up is still open and check-in (from 30 minutes before) already is.
    const { start, end } = lectureStartingSoon();

    // 1. Staff plan the lecture in the 工作台 and publish it.
    const staff = await pageAs('e2e-lecture-staff', DESKTOP);
    await fillNewLecture(staff.page, { title: TITLE, topics: ['婚姻家庭', '赡养老人'], start, end });
    // A refused number is shown under 人数上限; everything typed stays, and the same form then publishes.
    await fill(staff.page, '例如：60', '0');
    await staff.page.getByText('保存草稿', { exact: true }).click();
    await staff.page.locator('.qf-field', { hasText: '人数上限' }).locator('.qf-field__error', { hasText: '人数上限至少为 1' }).waitFor();
    await staff.page.locator('.lx-notice--bad', { hasText: '人数上限至少为 1' }).waitFor();
    takeRefusal(staff.errors);
    await shot(staff.page, 'lectures-form-refused-desktop');
    expect(await staff.page.locator('input[placeholder="例如：民法典婚姻家庭编讲座"]').inputValue()).toBe(TITLE);
    await fill(staff.page, '例如：60', '30');
    await shot(staff.page, 'lectures-form-desktop');
    await staff.page.getByText('保存并发布', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/index/index**');
    const card = staff.page.locator('.lx-manage', { hasText: TITLE });
    await card.getByText('已发布').waitFor();
    await shot(staff.page, 'lectures-workbench-desktop');

    // 2. A resident finds it among this week's lectures and signs up.
    const resident = await pageAs('e2e-lecture-resident');
    await resident.page.goto('/pages/lectures/index');
    const listed = resident.page.locator('.lx-lecture', { hasText: TITLE });
    await listed.getByText('本周').waitFor();
    await listed.getByText('还剩 30 个名额').waitFor();
    await shot(resident.page, 'lectures-list-phone');
    await listed.click();
    await resident.page.waitForURL('**/packages/lectures/pages/detail/index**');
    await resident.page.getByText('我要报名', { exact: true }).click();
    await resident.page.getByText('报名成功！请按时参加。').waitFor();
    await resident.page.locator('.lx-mine__status', { hasText: '已报名' }).waitFor();
    await shot(resident.page, 'lectures-detail-signed-up-phone');

    // 3. Staff open the check-in screen: a QR code carrying a signed link.
    await card.getByText('签到', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/checkin/index**');
    const qr = staff.page.locator('.lx-qr[data-link]');
    await qr.waitFor();
    const link = (await qr.getAttribute('data-link'))!;
    // The signed token is carried by the code, never printed on the screen.
    expect(await staff.page.locator('.lx-qr').innerText()).not.toContain(new URL(link).searchParams.get('t')!);
    expect(link).toContain('/packages/lectures/pages/checkin/index?id=');
    expect(await staff.page.locator('.lx-qr img, .lx-qr__image img, img.lx-qr__image').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await staff.page.getByText('王大娘').waitFor();
    await shot(staff.page, 'lectures-checkin-screen-desktop');

    // 4. The resident opens the code's link (what scanning does) and is checked in.
    const url = new URL(link);
    await resident.page.goto(`${url.pathname}${url.search}`);
    await resident.page.getByText('签到成功', { exact: true }).waitFor();
    await shot(resident.page, 'lectures-checked-in-phone');

    // 5. Staff record the walk-ins and mark the lecture held with a photo.
    await fill(staff.page, '人数', '6');
    // Saving reloads the lecture and the list of names; wait for both before leaving the page.
    const reloaded = staff.page.waitForResponse((r) => r.url().includes('/registrations'));
    await staff.page.getByText('保存人数', { exact: true }).click();
    await staff.page.getByText('已记下到场人数').waitFor();
    await reloaded;
    await staff.page.getByText('无微信到场 6 人', { exact: false }).waitFor();
    await staff.page.goto('/packages/workbench/pages/index/index');
    await staff.page.locator('.lx-manage', { hasText: TITLE }).getByText('标记已举办', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/held/index**');
    await staff.page.getByText('扫码签到 1 人，没有微信的 6 人。').waitFor();
    const chooser = staff.page.waitForEvent('filechooser');
    await staff.page.getByText('添加照片', { exact: true }).click();
    await (await chooser).setFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await staff.page.locator('.lx-photo').first().waitFor();
    await fill(staff.page, '到场总人数', '25');
    await shot(staff.page, 'lectures-held-desktop');
    await staff.page.getByText('确认已举办', { exact: true }).click();
    await staff.page.waitForURL('**/packages/workbench/pages/index/index**');
    await staff.page.locator('.lx-manage', { hasText: TITLE }).getByText('已举办').first().waitFor();

    // 6. The county admin sees 城关镇 at 1 held and downloads the year's Excel file.
    const admin = await pageAs('e2e-lecture-admin', DESKTOP);
    await admin.page.goto('/packages/workbench/pages/overview/index');
    const bar = admin.page.locator('.lx-bar', { hasText: '城关镇' });
    await bar.getByText('已举办 1/20', { exact: false }).waitFor();
    expect(await admin.page.locator('.lx-bar').count()).toBe(17);
    await shot(admin.page, 'lectures-county-overview-desktop');
    const downloading = admin.page.waitForEvent('download');
    await admin.page.getByText(/导出 \d{4} 年 Excel/).click();
    const file = join(downloads, 'lectures.xlsx');
    await (await downloading).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows = wb.getWorksheet('讲座')!.getSheetValues() as unknown[][];
    const row = rows.find((r) => Array.isArray(r) && r[2] === TITLE)!;
    expect(row).toBeDefined();
    expect(row[1]).toBe('城关镇');
    expect(row[10]).toBe('已举办');
    expect(row[14]).toBe(1); // check-ins
    expect(row[15]).toBe(6); // walk-ins
    expect(row[18]).toBe('是');
    const progress = wb.getWorksheet('乡镇进度')!.getSheetValues() as unknown[][];
    expect(progress.find((r) => Array.isArray(r) && r[1] === '城关镇')?.[3]).toBe(1);

    expect([...staff.errors, ...resident.errors, ...admin.errors]).toEqual([]);
  }, 240_000);
});
