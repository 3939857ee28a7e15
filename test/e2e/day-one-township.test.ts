import { describe, expect, it } from 'vitest';
import { countyDate } from '@qf/shared';
import { gcj02ToWgs84 } from '../../miniprogram/src/components/PlacePicker/gcj02';
import { DESKTOP } from '../support/e2e-browser';
import { chooseTownship, dayOneSuite, giveRoles, noErrors, openApp, openFromMe, shot, signInAs, tab, waitForMeLink } from '../support/day-one';
import { pickDate, pickTime } from '../support/wheels';
import { lectureStartingSoon } from '../support/e2e-suite';

/**
 * Day one for township staff (司法所), on what `npm start` gives: the county admin gives him the
 * role on 人员与角色; he plans today's lecture with the wheels and his position (nothing typed that
 * a clerk would not know), publishes it once, runs check-in from the QR screen, records walk-ins,
 * marks it held with a photo and sees it count towards 20 and towards 覆盖群众. Screens only; the
 * resident's phone "scans" by opening the link the code carries.
 */
const CLERK = 'zhou-clerk';
const RESIDENT = 'wu-resident';
const TITLE = '今天的民法典讲座：邻里纠纷怎么办';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const HALL = { latitude: 35.8856, longitude: 115.1043 };

const suite = dayOneSuite();

const hhmm = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

describe('day one: township staff', () => {
  it('is given the role, plans and publishes today’s lecture, runs check-in, marks it held and sees it counted', async () => {
    const clerk = await openApp(suite.browser, suite.server, { ...DESKTOP, permissions: ['geolocation'], geolocation: { ...gcj02ToWgs84(HALL), accuracy: 10 } });
    await signInAs(clerk.page, CLERK);
    const resident = await openApp(suite.browser, suite.server);
    await signInAs(resident.page, RESIDENT);
    await chooseTownship(resident.page, '城关镇');

    const admin = await openApp(suite.browser, suite.server, DESKTOP);
    await signInAs(admin.page, 'admin');
    await openFromMe(admin.page, '人员与角色');
    await giveRoles(admin.page, CLERK, ['司法所工作人员'], '城关镇', 'day1-township-01-role');

    // The role reaches his 我的; the 讲座工作台 opens on his township.
    await waitForMeLink(clerk.page, '讲座工作台');
    await openFromMe(clerk.page, '讲座工作台');
    await clerk.page.waitForURL('**/packages/workbench/pages/index/index');
    await shot(clerk.page, 'day1-township-02-workbench');

    // Plans a lecture today, starting in a quarter of an hour (check-in opens 30 minutes before).
    const { start, end } = lectureStartingSoon();
    await clerk.page.getByText('新建讲座', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/form/index**');
    const type = (placeholder: string, value: string) => clerk.page.locator(`input[placeholder="${placeholder}"]`).fill(value);
    await type('例如：民法典婚姻家庭编讲座', TITLE);
    await clerk.page.getByText('相邻关系', { exact: true }).click();
    await type('例如：李律师', '张律师');
    await type('例如：某律师事务所', '清丰县法律援助中心');
    await type('例如：城关镇文化站', '城关镇文化站');
    await type('例如：城关镇中心街 1 号', '城关镇中心街 1 号');
    await clerk.page.getByText('用我的位置', { exact: true }).click();
    await clerk.page.getByText('✓ 已标出地图位置').waitFor();
    await pickDate(clerk.page, 'date', countyDate(start));
    await pickTime(clerk.page, 'start', hhmm(start));
    await pickTime(clerk.page, 'end', hhmm(end));
    // Nothing on the form is a raw number a clerk would have to look up.
    expect(await clerk.page.getByText(/GCJ|纬度|经度/).count()).toBe(0);
    await shot(clerk.page, 'day1-township-03-form');
    await clerk.page.getByText('保存并发布', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/index/index**');
    const card = clerk.page.locator('.lx-manage', { hasText: TITLE });
    await card.getByText('已发布').waitFor();
    // Published once: one card, whatever was tapped.
    expect(await card.count()).toBe(1);
    await shot(clerk.page, 'day1-township-04-published');

    // The resident signs up from the 讲座 tab.
    await tab(resident.page, '讲座');
    const listed = resident.page.locator('.lx-lecture', { hasText: TITLE });
    await listed.click();
    await resident.page.waitForURL('**/packages/lectures/pages/detail/index**');
    await resident.page.getByText('我要报名', { exact: true }).click();
    await resident.page.getByText('报名成功！请按时参加。').waitFor();

    // Check-in: the QR screen; the resident's phone opens what the code carries.
    await card.getByText('签到', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/checkin/index**');
    const link = new URL((await clerk.page.locator('.lx-qr[data-link^="http"]').getAttribute('data-link'))!);
    await resident.page.goto(`${link.pathname}${link.search}`);
    await resident.page.getByText('签到成功', { exact: true }).waitFor();
    await clerk.page.locator('input[placeholder="人数"]').fill('6');
    await clerk.page.getByText('保存人数', { exact: true }).click();
    await clerk.page.getByText('已记下到场人数').waitFor();
    await shot(clerk.page, 'day1-township-05-checkin');

    // Marks it held with a photo and the headcount.
    await clerk.page.getByRole('button', { name: '返回上一页' }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/index/index**');
    await clerk.page.locator('.lx-manage', { hasText: TITLE }).getByText('标记已举办', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/held/index**');
    const chooser = clerk.page.waitForEvent('filechooser');
    await clerk.page.getByText('添加照片', { exact: true }).click();
    await (await chooser).setFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await clerk.page.locator('.lx-photo').first().waitFor();
    await clerk.page.locator('input[placeholder="到场总人数"]').fill('28');
    await shot(clerk.page, 'day1-township-06-held');
    await clerk.page.getByText('确认已举办', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/index/index**');
    await clerk.page.locator('.lx-manage', { hasText: TITLE }).getByText('已举办').first().waitFor();

    // Progress: 城关镇 has one held lecture towards 20, and the 28 people count as reached.
    await clerk.page.getByText('全县进度', { exact: true }).click();
    await clerk.page.waitForURL('**/packages/workbench/pages/overview/index');
    await clerk.page.locator('.lx-bar[data-township="城关镇"][data-held="1"]').waitFor();
    await expect.poll(async () => Number(await clerk.page.locator('[data-stat="reached"]').innerText())).toBeGreaterThanOrEqual(28);
    await shot(clerk.page, 'day1-township-07-progress');

    noErrors(clerk, resident, admin);
  }, 180_000);
});
