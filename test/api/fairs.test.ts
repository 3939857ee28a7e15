import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDate, marketDaysBetween, nextMarketDays, shiftDate, type Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { countAllDocuments } from '../support/db-snapshot';
import { fairsReport } from '../../server/src/modules/fairs/fairs.service';

const CHENGGUAN = '410922100';
const GUCHENG = '410922106';

// The county's clock for this suite; tests move it forward when a fair has to be in the past.
let now = new Date('2026-11-25T02:00:00Z');
const today = () => now.toISOString().slice(0, 10);

let api: TestApi;
let staff: Session;
let otherStaff: Session;
let admin: Session;
let resident: Session;

const sanBa = { kind: 'endsWith', digits: [3, 8] } as const;
const marketBody = (overrides: Record<string, unknown> = {}) => ({
  townshipCode: CHENGGUAN,
  name: '城关大集',
  village: '城关村',
  address: '城关镇人民路与顿丘路交叉口',
  location: { latitude: 35.8868, longitude: 115.1116 },
  rule: sanBa,
  ...overrides,
});
const planBody = (marketId: string, date: string, overrides: Record<string, unknown> = {}) => ({
  marketId,
  date,
  services: ['法律咨询', '法律援助申请'],
  units: ['司法所', '律师事务所'],
  staff: ['张律师'],
  ...overrides,
});
const recordBody = (overrides: Record<string, unknown> = {}) => ({
  consulted: 23,
  topics: ['土地承包', '赡养老人'],
  materials: 150,
  referredMediation: 2,
  referredLegalAid: 1,
  ...overrides,
});

async function createMarket(session: Session, overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/fairs/markets', { token: session.token, body: marketBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  // Tokens must outlive the clock moving to the fair day (at most a week ahead).
  api = await startTestApi({ SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  staff = await api.loginAs('chengguan-staff', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN });
  otherStaff = await api.loginAs('gucheng-staff', { roles: ['township_staff'], staffTownshipCode: GUCHENG });
  admin = await api.loginAs('county-admin', { roles: ['county_admin'] });
  resident = await api.loginAs('resident-wang', { townshipCode: CHENGGUAN });
});
afterAll(() => api.close());

describe('markets', () => {
  it('keeps a 逢三逢八 market and lists its next market days with both solar and lunar dates', async () => {
    const market = await createMarket(staff);
    expect(market).toMatchObject({ townshipCode: CHENGGUAN, townshipName: '城关镇', ruleText: '逢三逢八', active: true });
    const expected = nextMarketDays({ rule: sanBa }, today(), 4);
    expect(market.nextDays.map((d: { date: string }) => d.date)).toEqual(expected.map((d) => d.date));
    for (const day of market.nextDays) {
      expect([3, 8]).toContain(day.lunarDay % 10);
      expect(day.lunarLabel).toBe(describeDate(day.date).lunarLabel);
      expect(day.solarLabel).toMatch(/^\d{1,2}月\d{1,2}日$/);
      expect(day.fairId).toBeNull();
    }
    const list = await api.request('GET', `/api/v1/fairs/markets?townshipCode=${CHENGGUAN}&nextCount=6`);
    expect(list.status).toBe(200);
    const listed = list.body.items.find((m: { id: string }) => m.id === market.id);
    expect(listed.nextDays).toHaveLength(6);
  });

  it('keeps a day-list market that also meets on a solar date', async () => {
    const market = await createMarket(staff, { name: '初一十五庙会', rule: { kind: 'days', days: [1, 15] }, solarDays: [6] });
    expect(market.ruleText).toBe('农历初一、十五；公历每月6日');
    const got = await api.request('GET', `/api/v1/fairs/markets/${market.id}?nextCount=8`);
    for (const day of got.body.nextDays) {
      expect(day.by === 'solar' ? day.date.endsWith('-06') : [1, 15].includes(day.lunarDay)).toBe(true);
    }
  });

  it("refuses township staff another township's market with 403 and stores nothing", async () => {
    const before = await countAllDocuments();
    const res = await api.request('POST', '/api/v1/fairs/markets', { token: otherStaff.token, body: marketBody() });
    expect(res.status).toBe(403);
    expect(await countAllDocuments()).toEqual(before);
  });

  it('lets the county admin add a market in any township, and refuses residents', async () => {
    await createMarket(admin, { townshipCode: GUCHENG, name: '固城集' });
    const res = await api.request('POST', '/api/v1/fairs/markets', { token: resident.token, body: marketBody() });
    expect(res.status).toBe(403);
  });

  it.each([
    ['a lunar day 31', { rule: { kind: 'days', days: [1, 31] } }, 'body.rule.days.1'],
    ['a 逢X digit of 12', { rule: { kind: 'endsWith', digits: [12] } }, 'body.rule.digits.0'],
    ['coordinates outside China', { location: { latitude: 48.85, longitude: 2.35 } }, 'body.location.longitude'],
    ['an empty name', { name: '  ' }, 'body.name'],
    ['a solar day 32', { solarDays: [32] }, 'body.solarDays.0'],
    ['an unknown field', { color: 'red' }, 'body.color'],
  ])('answers %s with a 400 naming the field, storing nothing', async (_label, overrides, field) => {
    const before = await countAllDocuments();
    const res = await api.request('POST', '/api/v1/fairs/markets', { token: staff.token, body: marketBody(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await countAllDocuments()).toEqual(before);
  });

  it("changes a market's rule but never its township", async () => {
    const market = await createMarket(staff, { name: '改规则集' });
    const { townshipCode: _t, ...update } = marketBody({ name: '改规则集', rule: { kind: 'endsWith', digits: [5, 0] } });
    const res = await api.request('PUT', `/api/v1/fairs/markets/${market.id}`, { token: staff.token, body: update });
    expect(res.status).toBe(200);
    expect(res.body.ruleText).toBe('逢五逢十');
    expect(res.body.rule).toEqual({ kind: 'endsWith', digits: [5, 0] });
    const moved = await api.request('PUT', `/api/v1/fairs/markets/${market.id}`, { token: staff.token, body: { ...update, townshipCode: GUCHENG } });
    expect(moved.status).toBe(400);
    const foreign = await api.request('PUT', `/api/v1/fairs/markets/${market.id}`, { token: otherStaff.token, body: update });
    expect(foreign.status).toBe(403);
  });
});

describe('law fairs', () => {
  let marketId: string;
  let fairDay: string;
  let fairId: string;

  beforeAll(async () => {
    marketId = (await createMarket(staff, { name: '韩村集' })).id;
    fairDay = nextMarketDays({ rule: sanBa }, today(), 1)[0]!.date;
  });

  it('plans a fair on a market day, shows it to residents in this week with its lunar date and services', async () => {
    const res = await api.request('POST', '/api/v1/fairs', { token: staff.token, body: planBody(marketId, fairDay) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    fairId = res.body.id;
    expect(fairId).toBe(`${marketId}:${fairDay}`);
    expect(res.body).toMatchObject({ status: 'planned', record: null, startTime: '08:00', endTime: '12:00' });

    const week = await api.request('GET', `/api/v1/fairs?townshipCode=${CHENGGUAN}`, { token: resident.token });
    expect(week.status).toBe(200);
    expect(week.body.from).toBe(today());
    expect(week.body.to).toBe(shiftDate(today(), 6));
    const listed = week.body.items.find((f: { id: string }) => f.id === fairId);
    expect(listed).toMatchObject({
      marketName: '韩村集',
      services: ['法律咨询', '法律援助申请'],
      units: ['司法所', '律师事务所'],
      day: { date: fairDay, lunarLabel: describeDate(fairDay).lunarLabel },
      location: { latitude: 35.8868, longitude: 115.1116 },
    });
    const county = await api.request('GET', '/api/v1/fairs');
    expect(county.body.items.map((f: { id: string }) => f.id)).toContain(fairId);
    const elsewhere = await api.request('GET', `/api/v1/fairs?townshipCode=${GUCHENG}`);
    expect(elsewhere.body.items.map((f: { id: string }) => f.id)).not.toContain(fairId);

    const market = await api.request('GET', `/api/v1/fairs/markets/${marketId}`);
    expect(market.body.nextDays[0]).toMatchObject({ date: fairDay, fairId });
  });

  it('refuses a day that is not a market day with a 400 naming the date', async () => {
    const notMarket = Array.from({ length: 10 }, (_, i) => shiftDate(today(), i)).find((d) => ![3, 8].includes(describeDate(d).lunarDay % 10))!;
    const res = await api.request('POST', '/api/v1/fairs', { token: staff.token, body: planBody(marketId, notMarket) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.date');
    expect(res.body.error.message).toContain('不是');
  });

  it('plans a market day once: the same day again is a 409', async () => {
    const res = await api.request('POST', '/api/v1/fairs', { token: staff.token, body: planBody(marketId, fairDay) });
    expect(res.status).toBe(409);
  });

  it('plans a day once even when many requests race', async () => {
    const day = nextMarketDays({ rule: sanBa }, shiftDate(today(), 20), 1)[0]!.date;
    const results = await Promise.all(Array.from({ length: 10 }, () => api.request('POST', '/api/v1/fairs', { token: staff.token, body: planBody(marketId, day) })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it("refuses another township's staff to plan, change or record this market's fairs", async () => {
    const day = nextMarketDays({ rule: sanBa }, shiftDate(today(), 30), 1)[0]!.date;
    expect((await api.request('POST', '/api/v1/fairs', { token: otherStaff.token, body: planBody(marketId, day) })).status).toBe(403);
    const { marketId: _m, date: _d, ...plan } = planBody(marketId, fairDay);
    expect((await api.request('PUT', `/api/v1/fairs/${fairId}`, { token: otherStaff.token, body: plan })).status).toBe(403);
    expect((await api.request('PUT', `/api/v1/fairs/${fairId}/record`, { token: otherStaff.token, body: recordBody() })).status).toBe(403);
  });

  it('does not take figures before the fair has happened', async () => {
    if (fairDay === today()) now = new Date(now.getTime() - 24 * 3600_000);
    const res = await api.request('PUT', `/api/v1/fairs/${fairId}/record`, { token: staff.token, body: recordBody() });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('集日还没到');
  });

  it('refuses negative or fractional figures with a 400 naming the field', async () => {
    now = new Date(`${fairDay}T10:00:00+08:00`);
    const res = await api.request('PUT', `/api/v1/fairs/${fairId}/record`, { token: staff.token, body: recordBody({ consulted: -1, materials: 2.5 }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.consulted', 'body.materials']);
  });

  it("records the fair's figures and they join the township's report", async () => {
    const res = await api.request('PUT', `/api/v1/fairs/${fairId}/record`, { token: staff.token, body: recordBody() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('held');
    expect(res.body.record).toMatchObject({ consulted: 23, materials: 150, topics: ['土地承包', '赡养老人'] });

    const year = Number(fairDay.slice(0, 4));
    const report = await api.request('GET', `/api/v1/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, { token: staff.token });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      townshipCode: CHENGGUAN,
      fairsHeld: 1,
      consulted: 23,
      materials: 150,
      referredMediation: 2,
      referredLegalAid: 1,
    });
    expect(report.body.fairsPlanned).toBeGreaterThanOrEqual(2);
    expect(report.body.topics).toHaveLength(2);
    expect(report.body.topics).toEqual(expect.arrayContaining([
      { tag: '土地承包', fairs: 1 },
      { tag: '赡养老人', fairs: 1 },
    ]));
    expect(report.body.byMonth[Number(fairDay.slice(5, 7)) - 1]).toEqual({ month: Number(fairDay.slice(5, 7)), fairsHeld: 1, consulted: 23 });

    // Other features (Excel export, suggested topics) call the exported function.
    expect(await fairsReport(year, CHENGGUAN)).toEqual(report.body);
  });

  it('corrects a record without counting the fair twice', async () => {
    const res = await api.request('PUT', `/api/v1/fairs/${fairId}/record`, { token: staff.token, body: recordBody({ consulted: 30, topics: ['土地承包', '土地承包'] }) });
    expect(res.status).toBe(200);
    const year = Number(fairDay.slice(0, 4));
    const report = await api.request('GET', `/api/v1/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, { token: admin.token });
    expect(report.body).toMatchObject({ fairsHeld: 1, consulted: 30, topics: [{ tag: '土地承包', fairs: 1 }] });
  });

  it("keeps a township's report from other townships' staff and residents", async () => {
    const year = Number(fairDay.slice(0, 4));
    expect((await api.request('GET', `/api/v1/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, { token: otherStaff.token })).status).toBe(403);
    expect((await api.request('GET', `/api/v1/fairs/report?year=${year}&townshipCode=${CHENGGUAN}`, { token: resident.token })).status).toBe(403);
    const county = await api.request('GET', `/api/v1/fairs/report/county?year=${year}`, { token: admin.token });
    expect(county.status).toBe(200);
    expect(county.body.items).toHaveLength(17);
    expect(county.body.items.find((r: { townshipCode: string }) => r.townshipCode === CHENGGUAN).consulted).toBe(30);
    expect((await api.request('GET', `/api/v1/fairs/report/county?year=${year}`, { token: staff.token })).status).toBe(403);
  });

  it('keeps a fair with a record, and lets staff call off one that has none', async () => {
    expect((await api.request('DELETE', `/api/v1/fairs/${fairId}`, { token: staff.token })).status).toBe(409);
    const day = nextMarketDays({ rule: sanBa }, shiftDate(today(), 40), 1)[0]!.date;
    const planned = await api.request('POST', '/api/v1/fairs', { token: staff.token, body: planBody(marketId, day) });
    expect((await api.request('DELETE', `/api/v1/fairs/${planned.body.id}`, { token: staff.token })).status).toBe(204);
    expect((await api.request('GET', `/api/v1/fairs/${planned.body.id}`)).status).toBe(404);
  });
});

describe('the API document', () => {
  it('lists the law-fair and guide routes with who may call them', async () => {
    const res = await api.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    expect(paths['/api/v1/fairs/report'].get['x-access']).toEqual(['township_staff', 'county_admin']);
    expect(paths['/api/v1/fairs'].get['x-access']).toBe('public');
    expect(paths['/api/v1/fairs/{id}/record'].put).toBeDefined();
    expect(paths['/api/v1/guide/points/{id}/checkins'].post['x-access']).toBe('user');
  });
});
