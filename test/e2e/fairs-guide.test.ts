import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countyDate, describeDate, nextMarketDays } from '@qf/shared';
import { DESKTOP, PHONE } from '../support/e2e-browser';
import { e2eSuite, fill, shot } from '../support/e2e-suite';
import { gcj02ToWgs84 } from '../../miniprogram/src/components/PlacePicker/gcj02';

const CHENGGUAN = '410922100';
const sanBa = { kind: 'endsWith', digits: [3, 8] } as const;

/*
 * Figures are taken only on or after the fair day. The test plans the next 逢三逢八 day, so the
 * server's clock is moved to 10:00 that day (a constant shift of Date in the server process; the
 * browser keeps real time). When today is a market day there is no shift at all.
 */
const fairDay = nextMarketDays({ rule: sanBa }, countyDate(new Date()), 1)[0]!;
const clockShiftMs = fairDay.date === countyDate(new Date()) ? 0 : Math.max(0, new Date(`${fairDay.date}T10:00:00+08:00`).getTime() - Date.now());
const shimDir = mkdtempSync(join(tmpdir(), 'qf-e2e-clock-'));
const shimPath = join(shimDir, 'shift-clock.mjs');
writeFileSync(
  shimPath,
  `const shift = Number(process.env.QF_E2E_CLOCK_SHIFT_MS || 0);
if (shift) {
  const Real = Date;
  // Named Date, and Real dates still pass instanceof, so libraries that check for Date keep working.
  const Shifted = class Date extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + shift); else super(...args); }
    static now() { return Real.now() + shift; }
    static [Symbol.hasInstance](value) { return value instanceof Real; }
  };
  globalThis.Date = Shifted;
}
`,
);

const e2e = e2eSuite({ env: { NODE_OPTIONS: `--import ${shimPath}`, QF_E2E_CLOCK_SHIFT_MS: String(clockShiftMs) }, sampleData: true });
const { userWithRoles, pageAs } = e2e;

afterAll(() => rmSync(shimDir, { recursive: true, force: true }));

const api = async (path: string, token: string, body?: unknown) => {
  const res = await fetch(`${e2e.server.baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe('法律赶大集 on the H5 build', () => {
  it('staff add a 逢三逢八 market and plan a fair; a resident sees it this week with its lunar date; the figures reach the report', async () => {
    const staffSession = await userWithRoles('e2e-fairs-staff', { roles: ['resident', 'township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN });
    await userWithRoles('e2e-fairs-resident', { townshipCode: CHENGGUAN });

    // The clerk adds the market standing at the stall: the browser gives his position.
    const stall = { latitude: 35.8868, longitude: 115.1116 };
    const staff = await pageAs('e2e-fairs-staff', { ...DESKTOP, permissions: ['geolocation'], geolocation: { ...gcj02ToWgs84(stall), accuracy: 10 } });
    await staff.page.goto('/packages/fairs/pages/index/index');
    await staff.page.getByText('新增集市', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/market-form/index**');
    await fill(staff.page, '例如：韩村大集', '城关逢集');
    await fill(staff.page, '例如：韩村', '城关村');
    await fill(staff.page, '例如：村委会门口', '人民路供销社门口');
    await staff.page.getByText('用我的位置', { exact: true }).click();
    await staff.page.getByText('✓ 已标出地图位置').waitFor();
    await staff.page.getByText('逢三', { exact: true }).click();
    await staff.page.getByText('逢八', { exact: true }).click();
    await staff.page.getByText('现在是：逢三逢八').waitFor();
    await shot(staff.page, 'fairs-market-form-desktop');
    await staff.page.getByText('保存集市', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/index/index');
    const card = staff.page.locator('.fx-market', { hasText: '城关逢集' });
    await card.getByText('逢三逢八').waitFor();

    await card.getByText('安排赶集', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/plan/index**');
    await staff.page.getByText(`${fairDay.solarLabel} · 农历${fairDay.lunarLabel}`, { exact: true }).click();
    await staff.page.getByText('法律咨询', { exact: true }).click();
    await staff.page.getByText('律师事务所', { exact: true }).click();
    await shot(staff.page, 'fairs-plan-desktop');
    await staff.page.getByText('安排这次赶集', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/fair/index**');
    await staff.page.getByText('登记服务情况', { exact: true }).waitFor();

    const resident = await pageAs('e2e-fairs-resident');
    await resident.page.goto('/packages/fairs/pages/index/index');
    const thisWeek = resident.page.locator('.fx-week-fair', { hasText: '城关逢集' });
    await thisWeek.getByText(`农历${describeDate(fairDay.date).lunarLabel}`).waitFor();
    await thisWeek.getByText(fairDay.solarLabel, { exact: true }).waitFor();
    await thisWeek.getByText('律师事务所').waitFor();
    await shot(resident.page, 'fairs-this-week-phone');
    await thisWeek.click();
    await resident.page.waitForURL('**/packages/fairs/pages/fair/index**');
    await resident.page.getByText('地点：人民路供销社门口').waitFor();
    expect(await resident.page.getByText('登记服务情况').count()).toBe(0);
    await shot(resident.page, 'fairs-fair-phone');

    await staff.page.getByText('登记服务情况', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/record/index**');
    const numbers = staff.page.locator('.qf-input input');
    await numbers.nth(0).fill('23');
    await numbers.nth(1).fill('150');
    await numbers.nth(2).fill('2');
    await numbers.nth(3).fill('1');
    await staff.page.getByText('土地承包', { exact: true }).click();
    await staff.page.getByText('赡养老人', { exact: true }).click();
    await shot(staff.page, 'fairs-record-desktop');
    await staff.page.getByText('保存服务情况', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/fair/index**');
    await staff.page.locator('.fx-record').getByText('23', { exact: true }).waitFor();

    await staff.page.goto(`/packages/fairs/pages/report/index?townshipCode=${CHENGGUAN}`);
    const report = staff.page.locator('.fx-report');
    await report.getByText('23', { exact: true }).waitFor();
    await report.getByText('150', { exact: true }).waitFor();
    await staff.page.getByText('土地承包', { exact: true }).waitFor();
    await shot(staff.page, 'fairs-report-desktop');

    const year = Number(fairDay.date.slice(0, 4));
    const fromApi = await api(`/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, staffSession.token);
    expect(fromApi.body).toMatchObject({ fairsHeld: 1, consulted: 23, materials: 150, referredMediation: 2, referredLegalAid: 1 });

    // The market stops being held: staff retire it, it leaves the list, and the year's figures stay.
    await staff.page.goto('/packages/fairs/pages/index/index');
    await staff.page.locator('.fx-market', { hasText: '城关逢集' }).getByText('修改集市', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/market-form/index?id=**');
    await staff.page.getByText('停用这个集市', { exact: true }).click();
    await staff.page.getByText('停用后不再列出', { exact: false }).waitFor();
    await shot(staff.page, 'fairs-market-retire-desktop');
    await staff.page.getByText('停用', { exact: true }).click();
    await staff.page.waitForURL('**/packages/fairs/pages/index/index');
    await staff.page.getByText('新增集市', { exact: true }).waitFor();
    await expect.poll(() => staff.page.locator('.fx-market', { hasText: '城关逢集' }).count()).toBe(0);
    const markets = await api(`/fairs/markets?townshipCode=${CHENGGUAN}`, staffSession.token);
    expect((markets.body.items as { name: string }[]).map((m) => m.name)).not.toContain('城关逢集');
    expect((await api(`/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, staffSession.token)).body).toMatchObject({ fairsHeld: 1, consulted: 23 });

    expect(staff.errors).toEqual([]);
    expect(resident.errors).toEqual([]);
    await staff.context.close();
    await resident.context.close();
  }, 120_000);
});

describe('法治文化导览 on the H5 build', () => {
  it('a resident walks a two-point route with the location the browser gives, and gets the badge', async () => {
    const admin = await userWithRoles('e2e-guide-admin', { roles: ['resident', 'county_admin'] });
    const site = await api('/guide/sites', admin.token, {
      kind: 'county',
      townshipCode: null,
      name: '端到端测试路线',
      location: { latitude: 35.89, longitude: 115.12 },
      checkinRadiusMeters: 80,
    });
    expect(site.status).toBe(201);
    const first = { latitude: 35.89, longitude: 115.12 };
    const second = { latitude: 35.89 + 150 / 111_195, longitude: 115.12 };
    for (const [i, location] of [first, second].entries()) {
      const point = await api('/guide/points', admin.token, { siteId: site.body.id, name: i === 0 ? '宪法墙' : '民法典长廊', location, routeOrder: i + 1, civilCodeArticles: i === 1 ? [1043] : [], constitutionArticles: i === 0 ? [33] : [] });
      expect(point.status).toBe(201);
    }

    const walker = await pageAs('e2e-guide-walker', { ...PHONE, permissions: ['geolocation'], geolocation: { ...gcj02ToWgs84(first), accuracy: 10 } });
    const { page } = walker;
    await page.goto('/pages/guide/index');
    await page.getByText('示例内容').first().waitFor(); // the seeded sample sites are flagged
    await shot(page, 'guide-sites-phone');
    await page.getByText('端到端测试路线', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/site/index**');
    await page.locator('.gd-plan__dot').nth(1).waitFor();
    await page.getByText('0 / 2').waitFor();

    await page.locator('.gd-stop', { hasText: '宪法墙' }).click();
    await page.waitForURL('**/packages/guide/pages/point/index**');
    await page.getByText('宪法第33条', { exact: true }).waitFor();
    await page.getByText('我到了，打卡', { exact: true }).click();
    await page.getByText('同意打卡', { exact: true }).click();
    await page.getByText('打卡成功！已走 1 / 2 站。').waitFor();
    await shot(page, 'guide-checked-in-phone');

    await page.goBack();
    await page.waitForURL('**/packages/guide/pages/site/index**');
    await page.getByText('1 / 2').waitFor();
    await walker.context.setGeolocation({ ...gcj02ToWgs84(second), accuracy: 10 });
    await page.locator('.gd-stop', { hasText: '民法典长廊' }).click();
    await page.waitForURL('**/packages/guide/pages/point/index**');
    await page.getByText('我到了，打卡', { exact: true }).click();
    await page.getByText('获得路线徽章', { exact: true }).waitFor();
    await shot(page, 'guide-badge-phone');
    await page.getByText('好的', { exact: true }).click();

    await page.goBack();
    await page.getByText('走完全程，获得路线徽章！').waitFor();
    await page.getByText('2 / 2').waitFor();
    await shot(page, 'guide-route-complete-phone');

    const stored = await e2e.db.collection('guidecheckins').find({}).toArray();
    expect(stored).toHaveLength(2);
    for (const doc of stored) expect(Object.keys(doc).sort()).toEqual(['_id', 'at', 'distanceMeters', 'pointId', 'siteId', 'userId']);
    expect(walker.errors).toEqual([]);
    await walker.context.close();
  }, 120_000);

  it('shows staff that seeded content is a sample, and lets the county admin replace it', async () => {
    await userWithRoles('e2e-guide-editor', { roles: ['resident', 'county_admin'] });
    const editor = await pageAs('e2e-guide-editor', DESKTOP);
    const { page } = editor;
    await page.goto('/pages/guide/index');
    await page.getByText('清丰县法治文化园', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/site/index**');
    await page.getByText('这个阵地的文字、位置是示例', { exact: false }).waitFor();
    await page.locator('.gd-stop', { hasText: '宪法广场' }).click();
    await page.waitForURL('**/packages/guide/pages/point/index**');
    await page.getByText('这个点位的文字、位置是示例', { exact: false }).waitFor();
    await shot(page, 'guide-sample-point-staff-desktop');
    await page.getByText('修改这个点位', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/point-form/index**');
    await page.locator('textarea').fill('宪法广场位于园区东侧，展示宪法全文和公民的基本权利与义务。');
    await page.getByText('已核实的真实内容', { exact: true }).click();
    // The place is a map point already set, never numbers to read.
    await page.getByText('✓ 已标出地图位置').waitFor();
    expect(await page.getByText(/GCJ|纬度|经度/).count()).toBe(0);
    await shot(page, 'guide-point-form-desktop');
    await page.getByText('保存点位', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/point/index**');
    await page.getByText('宪法广场位于园区东侧', { exact: false }).waitFor();
    await expect.poll(() => page.locator('.gd-sample:visible').count()).toBe(0);

    await page.goBack();
    await page.waitForURL('**/packages/guide/pages/site/index**');
    await page.getByText('修改阵地', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/site-form/index**');
    await page.getByText('已核实的真实内容', { exact: true }).click();
    await shot(page, 'guide-site-form-desktop');
    await page.getByText('保存阵地', { exact: true }).click();
    await page.waitForURL('**/packages/guide/pages/site/index**');
    await expect.poll(() => page.locator('.gd-sample:visible').count()).toBe(0);
    expect(await e2e.db.collection('guidesites').findOne({ name: '清丰县法治文化园' })).toMatchObject({ isSample: false });

    const stored = await e2e.db.collection('guidepoints').findOne({ name: '宪法广场' });
    expect(stored).toMatchObject({ isSample: false, text: '宪法广场位于园区东侧，展示宪法全文和公民的基本权利与义务。', constitutionArticles: [1, 5, 33] });
    expect(editor.errors).toEqual([]);
    await editor.context.close();
  }, 120_000);
});
