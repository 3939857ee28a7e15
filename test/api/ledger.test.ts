import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { countAllDocuments } from '../support/db-snapshot';

const CHENGGUAN = '410922100';
const GUCHENG = '410922106';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// The county's clock for this suite: 2026-12-20 10:00 in Qingfeng (the year's end is near, for the rule tests).
let now = new Date('2026-12-20T02:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

let api: TestApi;
let literate: Session;
let literate2: Session;
let quiet: Session;
let staff: Session;
let otherStaff: Session;
let admin: Session;
let resident: Session;

async function uploadPhoto(token: string) {
  const form = new FormData();
  form.append('file', new Blob([PNG]), 'scene.png');
  const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const record = (overrides: Record<string, unknown> = {}) => ({
  kind: 'mediation',
  summary: '调解了东头两户的宅基地边界纠纷，双方签了协议',
  occurredAt: daysAgo(1),
  topic: '宅基地',
  village: '城关村',
  ...overrides,
});

async function create(session: Session, overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/ledger/records', { token: session.token, body: record(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

async function decide(session: Session, id: string, body: Record<string, unknown>) {
  return api.request('POST', `/api/v1/ledger/records/${id}/decision`, { token: session.token, body });
}

/** Signs in and takes the Chinese name a person would type on 我的. */
async function person(id: string, displayName: string, options: Parameters<TestApi['loginAs']>[1]) {
  const session = await api.loginAs(id, options);
  const res = await api.request('PATCH', '/api/v1/me', { token: session.token, body: { displayName } });
  expect(res.status).toBe(200);
  return { ...session, user: res.body };
}

beforeAll(async () => {
  api = await startTestApi({ SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  literate = await person('li', '明白人老李', { roles: ['literate'], townshipCode: CHENGGUAN });
  literate2 = await person('wang', '明白人老王', { roles: ['literate'], townshipCode: CHENGGUAN });
  quiet = await person('zhao', '明白人老赵', { roles: ['literate'], townshipCode: CHENGGUAN });
  staff = await person('cg-staff', '城关司法所', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN });
  otherStaff = await person('gc-staff', '固城司法所', { roles: ['township_staff'], staffTownshipCode: GUCHENG });
  admin = await person('admin', '县局管理员', { roles: ['county_admin'] });
  resident = await person('zhang', '群众小张', { townshipCode: CHENGGUAN });
});
afterAll(() => api.close());

describe('记一笔 and review', () => {
  it('stores a 明白人 record with photos, waits for review, and shows it in his own ledger', async () => {
    const photos = [await uploadPhoto(literate.token), await uploadPhoto(literate.token)];
    const created = await api.request('POST', '/api/v1/ledger/records', { token: literate.token, body: record({ photos }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', kind: 'mediation', townshipCode: CHENGGUAN, village: '城关村', userName: '明白人老李', decision: null });
    expect(created.body.photos).toHaveLength(2);

    const mine = await api.request('GET', '/api/v1/ledger/me', { token: literate.token });
    expect(mine.status).toBe(200);
    expect(mine.body.records.map((r: { id: string }) => r.id)).toContain(created.body.id);
    expect(mine.body.person).toMatchObject({ pending: 1, approved: 0, points: 0 });
  });

  it('refuses bad records with the field named in Chinese, and stores nothing', async () => {
    const photo = await uploadPhoto(literate.token);
    const before = await countAllDocuments();
    const cases: [Record<string, unknown>, string][] = [
      [{ photos: [photo, photo, photo, photo] }, 'body.photos'],
      [{ kind: 'gossip' }, 'body.kind'],
      [{ occurredAt: new Date(now.getTime() + 3600_000).toISOString() }, 'body.occurredAt'],
      [{ summary: '' }, 'body.summary'],
      [{ summary: '长'.repeat(201) }, 'body.summary'],
      [{ photos: ['notanuploadidatall00000'] }, 'body.photos.0'],
    ];
    for (const [overrides, field] of cases) {
      const res = await api.request('POST', '/api/v1/ledger/records', { token: literate.token, body: record(overrides) });
      expect(res.status, JSON.stringify(overrides)).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await countAllDocuments()).toEqual(before);
  });

  it('lets only 法律明白人 record, and only staff of his township review', async () => {
    expect((await api.request('POST', '/api/v1/ledger/records', { token: resident.token, body: record() })).status).toBe(403);
    const r = await create(literate);
    // Another township's staff: not even a hint that it exists.
    expect((await decide(otherStaff, r.id, { decision: 'approve' })).status).toBe(404);
    const list = await api.request('GET', `/api/v1/ledger/records?townshipCode=${CHENGGUAN}`, { token: otherStaff.token });
    expect(list.status).toBe(403);
    const table = await api.request('GET', `/api/v1/ledger/township?townshipCode=${CHENGGUAN}`, { token: otherStaff.token });
    expect(table.status).toBe(404);
  });

  it('approves a record exactly once when two staff decide at the same moment', async () => {
    const r = await create(literate);
    const answers = await Promise.all([decide(staff, r.id, { decision: 'approve' }), decide(admin, r.id, { decision: 'approve' }), decide(staff, r.id, { decision: 'return', reason: '照片看不清' })]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const mine = await api.request('GET', '/api/v1/ledger/me', { token: literate.token });
    const stored = mine.body.records.find((x: { id: string }) => x.id === r.id);
    expect(stored.status).toBe(winner.body.status);
  });

  it('returns a record with a reason, and requires the reason', async () => {
    const r = await create(literate2, { kind: 'publicity', summary: '在村口发了宣传册' });
    const noReason = await decide(staff, r.id, { decision: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('body.reason');
    const returned = await decide(staff, r.id, { decision: 'return', reason: '请补一张现场照片' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', decision: { byName: '城关司法所', reason: '请补一张现场照片' } });
    const queue = await api.request('GET', `/api/v1/ledger/records?status=pending`, { token: staff.token });
    expect(queue.status).toBe(200);
    expect(queue.body.items.every((x: { status: string; townshipCode: string }) => x.status === 'pending' && x.townshipCode === CHENGGUAN)).toBe(true);
  });
});

describe('points, the township table and the export', () => {
  it('scores approved records by the year rule with a daily cap, flags the inactive, and a new rule leaves past years alone', async () => {
    const setRule = (year: number, mediation: number) =>
      api.request('PUT', `/api/v1/ledger/rules/${year}`, {
        token: admin.token,
        body: {
          publicity: { points: 2, dailyCap: 4 },
          mediation: { points: mediation, dailyCap: 100 },
          report: { points: 1, dailyCap: 2 },
          errand: { points: 3, dailyCap: 3 },
          other: { points: 1, dailyCap: 1 },
        },
      });
    expect((await setRule(2026, 10)).status).toBe(200);
    // Three 宣传 records on one day: 2 + 2, then the cap of 4 is reached.
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create(literate2, { kind: 'publicity', summary: `集上发资料 ${i}`, occurredAt: daysAgo(2) })).id);
    for (const id of ids) expect((await decide(staff, id, { decision: 'approve' })).status).toBe(200);

    const table = await api.request('GET', `/api/v1/ledger/township?townshipCode=${CHENGGUAN}`, { token: staff.token });
    expect(table.status).toBe(200);
    const wang = table.body.people.find((p: { name: string }) => p.name === '明白人老王');
    expect(wang).toMatchObject({ approved: 3, returned: 1, points: 4, inactive: false });
    expect(wang.byKind.publicity).toBe(4);
    const zhao = table.body.people.find((p: { name: string }) => p.name === '明白人老赵');
    expect(zhao).toMatchObject({ approved: 0, points: 0, inactive: true });
    // The quietest first.
    expect(table.body.people[0].inactive).toBe(true);

    // The county may not rewrite a past year, and a negative value is refused.
    now = new Date('2027-01-05T02:00:00Z');
    const past = await setRule(2026, 99);
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].field).toBe('params.year');
    const negative = await api.request('PUT', '/api/v1/ledger/rules/2027', { token: admin.token, body: { publicity: { points: -1, dailyCap: 4 }, mediation: { points: 1, dailyCap: 1 }, report: { points: 1, dailyCap: 1 }, errand: { points: 1, dailyCap: 1 }, other: { points: 1, dailyCap: 1 } } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].field).toBe('body.publicity.points');
    expect((await setRule(2027, 1)).status).toBe(200);
    const again = await api.request('GET', `/api/v1/ledger/township?townshipCode=${CHENGGUAN}&year=2026`, { token: staff.token });
    expect(again.body.people.find((p: { name: string }) => p.name === '明白人老王').points).toBe(4);
    expect((await api.request('GET', '/api/v1/ledger/rules/2026', { token: staff.token })).body.kinds.mediation.points).toBe(10);
    // Township staff cannot set the county's rule.
    expect((await setRule(2028, 1)).status).toBe(200);
    expect((await api.request('PUT', '/api/v1/ledger/rules/2028', { token: staff.token, body: {} })).status).toBe(403);
    now = new Date('2026-12-20T02:00:00Z');
  });

  it('exports the township table and one sheet per person', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/ledger/township.xlsx?townshipCode=${CHENGGUAN}&year=2026`, { headers: { Authorization: `Bearer ${staff.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('城关镇法律明白人台账-2026.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['台账汇总', '明白人老李', '明白人老王', '明白人老赵']));
    const summary = wb.getWorksheet('台账汇总')!;
    const rows = summary.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).filter((v) => v !== undefined && v !== null));
    const wangRow = rows.find((r) => r[0] === '明白人老王')!;
    expect(wangRow).toContain(4);
    const wangSheet = wb.getWorksheet('明白人老王')!;
    const texts = JSON.stringify(wangSheet.getSheetValues());
    expect(texts).toContain('集上发资料 0');
    expect(texts).toContain('请补一张现场照片');
  });
});
