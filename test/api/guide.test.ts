import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { countAllDocuments } from '../support/db-snapshot';
import { seedSampleGuide } from '../../server/src/modules/guide/guide.seed';
import { CheckinModel, SiteModel, PointModel } from '../../server/src/modules/guide/guide.model';

const GUCHENG = '410922106';
const GAOBAO = '410922204';

let now = new Date('2026-11-25T02:00:00Z');
const later = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

let api: TestApi;
let admin: Session;
let guchengStaff: Session;
let gaobaoStaff: Session;
let resident: Session;

/** About `metres` north of a point (1° of latitude ≈ 111.2 km). */
const north = (p: { latitude: number; longitude: number }, metres: number) => ({ latitude: p.latitude + metres / 111_195, longitude: p.longitude });

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(session: Session, bytes: Uint8Array, name: string, kind = 'image') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=${kind}`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const siteBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'village',
  townshipCode: GUCHENG,
  name: '固城法治长廊',
  intro: '村里的法治长廊',
  location: { latitude: 35.9745, longitude: 115.0318 },
  openingHours: '8:00–18:00',
  checkinRadiusMeters: 50,
  ...overrides,
});
const pointBody = (siteId: string, overrides: Record<string, unknown> = {}) => ({
  siteId,
  name: '婚姻家庭展板',
  text: '介绍婚姻家庭编',
  location: { latitude: 35.9745, longitude: 115.0318 },
  civilCodeArticles: [1041, 1042],
  constitutionArticles: [49],
  routeOrder: 1,
  ...overrides,
});

async function createSite(session: Session, overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/guide/sites', { token: session.token, body: siteBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
async function createPoint(session: Session, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/guide/points', { token: session.token, body: pointBody(siteId, overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const checkIn = (session: Session, pointId: string, location: { latitude: number; longitude: number }) =>
  api.request('POST', `/api/v1/guide/points/${pointId}/checkins`, { token: session.token, body: { location } });

beforeAll(async () => {
  api = await startTestApi({ SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  admin = await api.loginAs('county-admin', { roles: ['county_admin'] });
  guchengStaff = await api.loginAs('gucheng-staff', { roles: ['township_staff'], staffTownshipCode: GUCHENG });
  gaobaoStaff = await api.loginAs('gaobao-staff', { roles: ['township_staff'], staffTownshipCode: GAOBAO });
  resident = await api.loginAs('resident-li', { townshipCode: GUCHENG });
});
afterAll(() => api.close());

describe('sample content', () => {
  it('seeds the county complex and village sites once, every document marked as sample', async () => {
    expect(await seedSampleGuide()).toEqual({ seeded: true });
    expect(await seedSampleGuide()).toEqual({ seeded: false });
    const list = await api.request('GET', '/api/v1/guide/sites');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items[0]).toMatchObject({ kind: 'county', name: '清丰县法治文化园', isSample: true, pointCount: 4 });
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['固城法治文化阵地', '高堡法治文化阵地', '马庄桥法治文化阵地']));
    expect(list.body.items.every((s: { isSample: boolean }) => s.isSample)).toBe(true);
    const complex = await api.request('GET', `/api/v1/guide/sites/${list.body.items[0].id}`);
    expect(complex.body.points.map((p: { name: string }) => p.name)).toEqual(['民法典公园', '宪法广场', '法治人物广场', '法律宣讲广场']);
    expect(complex.body.points.every((p: { isSample: boolean; text: string }) => p.isSample && p.text.includes('示例'))).toBe(true);
    expect(complex.body.progress).toBeNull();
    expect(await PointModel.countDocuments({ isSample: false })).toBe(0);
    expect(await SiteModel.countDocuments({ isSample: false })).toBe(0);
  });
});

describe('who manages sites', () => {
  it('lets only the county admin manage the county complex', async () => {
    const complex = siteBody({ kind: 'county', townshipCode: null, name: '宪法主题公园' });
    expect((await api.request('POST', '/api/v1/guide/sites', { token: guchengStaff.token, body: complex })).status).toBe(403);
    const created = await createSite(admin, { kind: 'county', townshipCode: null, name: '宪法主题公园' });
    const { kind: _k, townshipCode: _t, ...update } = complex;
    expect((await api.request('PUT', `/api/v1/guide/sites/${created.id}`, { token: guchengStaff.token, body: update })).status).toBe(403);
    expect((await api.request('POST', '/api/v1/guide/points', { token: guchengStaff.token, body: pointBody(created.id) })).status).toBe(403);
    expect((await api.request('PUT', `/api/v1/guide/sites/${created.id}`, { token: admin.token, body: { ...update, name: '宪法公园' } })).body.name).toBe('宪法公园');
  });

  it("lets township staff manage their own village sites and not another township's", async () => {
    const site = await createSite(guchengStaff);
    expect(site).toMatchObject({ townshipCode: GUCHENG, townshipName: '固城镇', isSample: false });
    expect((await api.request('POST', '/api/v1/guide/sites', { token: gaobaoStaff.token, body: siteBody() })).status).toBe(403);
    expect((await api.request('POST', '/api/v1/guide/points', { token: gaobaoStaff.token, body: pointBody(site.id) })).status).toBe(403);
    const point = await createPoint(guchengStaff, site.id);
    expect((await api.request('DELETE', `/api/v1/guide/points/${point.id}`, { token: gaobaoStaff.token })).status).toBe(403);
    expect((await api.request('DELETE', `/api/v1/guide/points/${point.id}`, { token: admin.token })).status).toBe(204);
    expect((await api.request('POST', '/api/v1/guide/sites', { token: resident.token, body: siteBody() })).status).toBe(403);
  });

  it('keeps photos, article numbers and opening hours of a point', async () => {
    const photo = await upload(guchengStaff, PNG, 'board.png');
    expect(photo.status).toBe(201);
    const site = await createSite(guchengStaff, { name: '有照片的阵地' });
    const point = await createPoint(guchengStaff, site.id, { photos: [photo.body.id], openingHours: '白天开放' });
    const got = await api.request('GET', `/api/v1/guide/points/${point.id}`);
    expect(got.body).toMatchObject({
      siteName: '有照片的阵地',
      photos: [{ id: photo.body.id, url: `/api/v1/uploads/${photo.body.id}` }],
      civilCodeArticles: [1041, 1042],
      constitutionArticles: [49],
      openingHours: '白天开放',
      checkedIn: false,
    });
  });

  it.each([
    ['an empty name', { name: '' }, 'body.name'],
    ['coordinates outside China', { location: { latitude: 60, longitude: 115 } }, 'body.location.latitude'],
    ['Civil Code article 1261', { civilCodeArticles: [1261] }, 'body.civilCodeArticles.0'],
    ['Constitution article 144', { constitutionArticles: [144] }, 'body.constitutionArticles.0'],
    ['a photo id that names no uploaded image', { photos: ['AAAAAAAAAAAAAAAAAAAAAAAA'] }, 'body.photos.0'],
  ])('answers a point with %s with a 400 naming the field, storing nothing', async (_label, overrides, field) => {
    const site = await createSite(guchengStaff, { name: `阵地-${field}` });
    const before = await countAllDocuments();
    const res = await api.request('POST', '/api/v1/guide/points', { token: guchengStaff.token, body: pointBody(site.id, overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await countAllDocuments()).toEqual(before);
  });

  it('refuses a photo that is not an image, at upload and when attached', async () => {
    const text = await upload(guchengStaff, new TextEncoder().encode('这不是图片，只是一段文字'), 'photo.jpg');
    expect(text.status).toBe(400);
    expect(text.body.error.details[0].field).toBe('file');
    // An upload of another kind is not a photo either.
    const wav = Buffer.alloc(64);
    wav.write('RIFF', 0);
    wav.writeUInt32LE(56, 4);
    wav.write('WAVEfmt ', 8);
    const audio = await upload(guchengStaff, wav, 'sound.wav', 'audio');
    const before = await countAllDocuments();
    expect(audio.status, JSON.stringify(audio.body)).toBe(201);
    const res = await api.request('POST', '/api/v1/guide/sites', { token: guchengStaff.token, body: siteBody({ photos: [audio.body.id] }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.photos.0');
    expect(await countAllDocuments()).toEqual(before);
  });

  it('refuses a village site without a township, naming the field', async () => {
    const res = await api.request('POST', '/api/v1/guide/sites', { token: admin.token, body: siteBody({ townshipCode: null }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.townshipCode');
  });
});

describe('打卡 check-in', () => {
  let siteId: string;
  let first: { id: string; location: { latitude: number; longitude: number } };
  let second: { id: string; location: { latitude: number; longitude: number } };

  beforeAll(async () => {
    const site = await createSite(guchengStaff, { name: '两点路线', checkinRadiusMeters: 50 });
    siteId = site.id;
    first = await createPoint(guchengStaff, siteId, { name: '第一站', routeOrder: 1 });
    second = await createPoint(guchengStaff, siteId, { name: '第二站', routeOrder: 2, location: north(first.location, 300) });
  });

  it('refuses a check-in far from the point and stores nothing', async () => {
    const before = await countAllDocuments();
    const res = await checkIn(resident, first.id, north(first.location, 120));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.location');
    expect(res.body.error.message).toMatch(/还有约 1[12]\d 米/);
    expect(await countAllDocuments()).toEqual(before);
  });

  it('needs a signed-in user and a location in China', async () => {
    expect((await api.request('POST', `/api/v1/guide/points/${first.id}/checkins`, { body: { location: first.location } })).status).toBe(401);
    const res = await checkIn(resident, first.id, { latitude: 0, longitude: 0 });
    expect(res.status).toBe(400);
  });

  it('checks in near the point, keeping only distance and time, and a repeat does not double it', async () => {
    const res = await checkIn(resident, first.id, north(first.location, 20));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ firstTime: true, distanceMeters: 20, progress: { checkedIn: 1, total: 2, completed: false, badgeAt: null } });

    const stored = await CheckinModel.find({ pointId: first.id }).lean();
    expect(stored).toHaveLength(1);
    expect(Object.keys(stored[0]!).sort()).toEqual(['_id', 'at', 'distanceMeters', 'pointId', 'siteId', 'userId']);
    expect(JSON.stringify(stored)).not.toContain(String(north(first.location, 20).latitude));

    later(30);
    const again = await checkIn(resident, first.id, north(first.location, 10));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ firstTime: false, distanceMeters: 20, checkedInAt: res.body.checkedInAt, progress: { checkedIn: 1 } });
    const racing = await Promise.all(Array.from({ length: 8 }, () => checkIn(resident, first.id, first.location)));
    expect(racing.map((r) => r.status)).toEqual(racing.map(() => 200));
    expect(await CheckinModel.countDocuments({ pointId: first.id })).toBe(1);
  });

  it('refuses an implausible jump from the last check-in, and accepts it once enough time has passed', async () => {
    const far = await createSite(admin, { kind: 'county', townshipCode: null, name: '远处的园子', location: { latitude: 35.5, longitude: 115.0318 } });
    const farPoint = await createPoint(admin, far.id, { name: '远处', location: { latitude: 35.5, longitude: 115.0318 } });
    later(60);
    const jump = await checkIn(resident, farPoint.id, farPoint.location);
    expect(jump.status).toBe(409);
    expect(await CheckinModel.countDocuments({ pointId: farPoint.id })).toBe(0);
    later(3 * 3600); // ~53 km in three hours is a drive
    const drive = await checkIn(resident, farPoint.id, farPoint.location);
    expect(drive.status).toBe(200);
    // Coming straight back is a jump again.
    later(10);
    expect((await checkIn(resident, second.id, second.location)).status).toBe(409);
    later(3 * 3600);
  });

  it('completes the route and gives the badge only when every point on it is checked in', async () => {
    const before = await api.request('GET', `/api/v1/guide/sites/${siteId}`, { token: resident.token });
    expect(before.body.progress).toEqual({ checkedIn: 1, total: 2, completed: false, badgeAt: null });
    expect(before.body.points.map((p: { checkedIn: boolean }) => p.checkedIn)).toEqual([true, false]);
    // The one-point site of the jump test is already complete; this route is not.
    const earlier = (await api.request('GET', '/api/v1/guide/badges', { token: resident.token })).body.items;
    expect(earlier.map((b: { siteName: string }) => b.siteName)).toEqual(['远处的园子']);

    const done = await checkIn(resident, second.id, north(second.location, -15));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.progress).toMatchObject({ checkedIn: 2, total: 2, completed: true });
    expect(done.body.progress.badgeAt).toBe(now.toISOString());
    const badges = await api.request('GET', '/api/v1/guide/badges', { token: resident.token });
    expect(badges.body.items.at(-1)).toEqual({ siteId, siteName: '两点路线', earnedAt: now.toISOString() });
    expect(badges.body.items).toHaveLength(2);

    // Another resident who has checked in one point only has no badge.
    const other = await api.loginAs('resident-zhao');
    later(5);
    await checkIn(other, second.id, second.location);
    const theirs = await api.request('GET', `/api/v1/guide/sites/${siteId}`, { token: other.token });
    expect(theirs.body.progress).toEqual({ checkedIn: 1, total: 2, completed: false, badgeAt: null });
  });
});
