import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';

const T1 = '410922100'; // 城关镇
const T2 = '410922101'; // 马庄桥镇
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let now = new Date('2026-04-01T08:00:00+08:00');
let api: TestApi;
let staff: Session;
let admin: Session;
let residents: Session[];
beforeAll(async () => {
  api = await startTestApi({ SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  [staff, admin, ...residents] = await Promise.all([
    api.loginAs('reach-staff', { roles: ['township_staff'], staffTownshipCode: T1 }),
    api.loginAs('reach-admin', { roles: ['county_admin'] }),
    api.loginAs('reach-a'),
    api.loginAs('reach-b'),
  ]);
});
afterAll(() => api.close());

async function heldLecture(title: string, day: string, headcount: number, checkIns: Session[], walkIns = 0) {
  now = new Date(`${day}T08:00:00+08:00`);
  const created = await api.request('POST', '/api/v1/lectures', {
    token: staff.token,
    body: { townshipCode: T1, title, speaker: { name: '李律师', unit: '某所' }, venue: { name: '文化站', address: '中心街' }, startAt: `${day}T09:00:00+08:00`, endAt: `${day}T10:30:00+08:00`, capacity: 100 },
  });
  const id = created.body.id as string;
  expect((await api.request('POST', `/api/v1/lectures/${id}/publish`, { token: staff.token })).status).toBe(200);
  now = new Date(`${day}T09:10:00+08:00`);
  for (const r of checkIns) {
    const code = await api.request('GET', `/api/v1/lectures/${id}/check-in-code`, { token: staff.token });
    expect((await api.request('POST', `/api/v1/lectures/${id}/check-ins`, { token: r.token, body: { token: code.body.token } })).status).toBe(200);
  }
  if (walkIns) expect((await api.request('PUT', `/api/v1/lectures/${id}/walk-ins`, { token: staff.token, body: { count: walkIns } })).status).toBe(200);
  const form = new FormData();
  form.append('file', new Blob([PNG]), 'scene.png');
  const photo = await (await fetch(`${api.baseUrl}/api/v1/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${staff.token}` }, body: form })).json();
  const held = await api.request('POST', `/api/v1/lectures/${id}/held`, { token: staff.token, body: { photos: [photo.id], headcount } });
  expect(held.status).toBe(200);
  return id;
}

describe('覆盖群众 counts everybody a lecture reached, not only those who checked in on a phone', () => {
  it('a lecture with 28 present and nobody scanning counts 28; people identified twice count once; walk-ins add', async () => {
    await heldLecture('只有到场人数的讲座', '2026-04-01', 28, []);
    let figures = (await api.request('GET', '/api/v1/reports/participation?year=2026', { token: admin.token })).body;
    expect(figures.totals).toMatchObject({ headcount: 28, checkIns: 0, distinctResidents: 0, reached: 28 });
    expect(figures.byTownship.find((t: { townshipCode: string }) => t.townshipCode === T1)).toMatchObject({ reached: 28 });
    expect(figures.byTownship.find((t: { townshipCode: string }) => t.townshipCode === T2)).toMatchObject({ reached: 0 });

    // Two residents scan at two lectures: 2 people, not 4; the second lecture also had 3 without WeChat of 10 present.
    await heldLecture('两人签到的讲座', '2026-04-05', 2, residents);
    await heldLecture('又是这两人', '2026-04-09', 10, residents, 3);
    figures = (await api.request('GET', '/api/v1/reports/participation?year=2026', { token: admin.token })).body;
    // 28 unnamed + 2 identified + (10 present − 2 scanned = 8 unnamed, more than the 3 walk-ins).
    expect(figures.totals).toMatchObject({ distinctResidents: 2, reached: 28 + 2 + 8 });
  });
});
