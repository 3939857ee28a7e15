import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let staff: Session;
let resident: Session;
beforeAll(async () => {
  api = await startTestApi();
  [staff, resident] = await Promise.all([
    api.loginAs('zh-staff', { roles: ['township_staff'], staffTownshipCode: '410922100' }),
    api.loginAs('zh-resident'),
  ]);
});
afterAll(() => api.close());

/** A message a person can read: it has Chinese in it and no English word (field paths included). */
function expectPlainChinese(message: unknown) {
  expect(typeof message).toBe('string');
  expect(message as string).toMatch(/[\u4e00-\u9fff]/);
  expect(message as string).not.toMatch(/[A-Za-z]{2,}/);
}

function expectChinese400(res: { status: number; body: any }) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_input');
  expectPlainChinese(res.body.error.message);
  expect(Array.isArray(res.body.error.details)).toBe(true);
  for (const d of res.body.error.details) expectPlainChinese(d.message);
}

const lecture = {
  townshipCode: '410922100',
  title: '民法典讲座',
  speaker: { name: '李律师', unit: '某律师事务所' },
  venue: { name: '城关镇文化站', address: '中心街 1 号' },
  startAt: '2030-03-05T09:00:00+08:00',
  endAt: '2030-03-05T10:30:00+08:00',
  capacity: 60,
};

describe('every validation message reaches a person in plain Chinese', () => {
  it('a number left empty says so in Chinese, naming the field (not 「expected number, received null」)', async () => {
    const res = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: { ...lecture, speaker: { name: '李律师', unit: null } } });
    expectChinese400(res);
    expect(res.body.error.message).toBe('输入有误：主讲人单位不能为空');
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.speaker.unit', label: '主讲人单位' });
    const lat = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: { ...lecture, venue: { ...lecture.venue, location: { latitude: null, longitude: 115.1 } } } });
    expect(lat.body.error.message).toBe('输入有误：位置不能为空');
  });

  it('wrong types, bad dates, enum values and unknown fields in several routes', async () => {
    const cases: [string, string, unknown, string?][] = [
      ['POST', '/api/v1/lectures', { ...lecture, capacity: '六十' }],
      ['POST', '/api/v1/lectures', { ...lecture, startAt: '明天上午' }],
      ['POST', '/api/v1/lectures', { ...lecture, title: 5 }],
      ['POST', '/api/v1/lectures', { ...lecture, townshipCode: 'nowhere' }],
      ['POST', '/api/v1/lectures', { ...lecture, speaker: null }],
      ['POST', '/api/v1/lectures', { ...lecture, venue: { ...lecture.venue, location: { latitude: null, longitude: 115.1 } } }],
      ['POST', '/api/v1/lectures', { ...lecture, colour: 'red' }],
      ['PATCH', '/api/v1/me', { displayName: 42 }, resident.token],
      ['POST', '/api/v1/fairs/markets', { townshipCode: '410922100', name: '', rule: { kind: 'weekly' } }],
      ['POST', '/api/v1/guide/sites', { kind: 'village' }],
    ];
    for (const [method, path, body, token] of cases) {
      const res = await api.request(method, path, { token: token ?? staff.token, body });
      expectChinese400(res);
    }
  });

  it('query strings and path parameters too', async () => {
    expectChinese400(await api.request('GET', '/api/v1/lectures?limit=many', { token: resident.token }));
    expectChinese400(await api.request('GET', '/api/v1/lectures?status=maybe', { token: resident.token }));
    expectChinese400(await api.request('GET', '/api/v1/lectures/not-an-id', { token: resident.token }));
    expectChinese400(await api.request('GET', '/api/v1/progress?year=soon', { token: staff.token }));
  });

  it('messages a service writes itself name the field in Chinese as well', async () => {
    const created = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lecture });
    expect(created.status).toBe(201);
    const res = await api.request('PATCH', `/api/v1/lectures/${created.body.id}`, { token: staff.token, body: { endAt: '2030-03-05T08:00:00+08:00' } });
    expectChinese400(res);
  });
});
