import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { LectureModel } from '../../server/src/modules/lectures/lectures.model';

const T1 = '410922100'; // 城关镇
let now = new Date('2026-03-02T09:00:00+08:00');
let api: TestApi;
let staff: Session;
let otherStaff: Session;
beforeAll(async () => {
  api = await startTestApi({}, { clock: () => now });
  [staff, otherStaff] = await Promise.all([
    api.loginAs('once-staff', { roles: ['township_staff'], staffTownshipCode: T1 }),
    api.loginAs('once-staff-2', { roles: ['township_staff'], staffTownshipCode: T1 }),
  ]);
});
afterAll(() => api.close());

/** What the form sends: its own id, made before the first save. */
const formId = () => Math.floor(Date.now() / 1000).toString(16) + Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
function lecture(title: string, startAt: string, endAt: string, id: string) {
  return {
    id,
    townshipCode: T1,
    title,
    speaker: { name: '李律师', unit: '某律师事务所' },
    venue: { name: '城关镇文化站', address: '中心街 1 号' },
    startAt,
    endAt,
    capacity: 60,
  };
}
const copiesOf = (title: string) => LectureModel.countDocuments({ title });

describe('保存并发布 is one step: a failure leaves one draft to fix, a retry never makes a second copy', () => {
  it('a create sent twice with the form’s id (a lost answer, a second tap) makes one lecture and answers with it both times', async () => {
    const id = formId();
    const body = lecture('重发一次的讲座', '2026-03-05T09:00:00+08:00', '2026-03-05T10:30:00+08:00', id);
    const [a, b] = await Promise.all([
      api.request('POST', '/api/v1/lectures', { token: staff.token, body }),
      api.request('POST', '/api/v1/lectures', { token: staff.token, body }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(id);
    expect(b.body.id).toBe(id);
    const again = await api.request('POST', '/api/v1/lectures', { token: staff.token, body });
    expect(again.body.id).toBe(id);
    expect(await copiesOf('重发一次的讲座')).toBe(1);
  });

  it('a refused publish leaves the single draft; fixing it and retrying publishes that same lecture', async () => {
    const id = formId();
    // The clerk picked a time that is already over: saved as a draft, then the publish is refused.
    const body = lecture('发布被拒的讲座', '2026-03-02T07:00:00+08:00', '2026-03-02T08:00:00+08:00', id);
    const created = await api.request('POST', '/api/v1/lectures', { token: staff.token, body });
    expect(created.status).toBe(201);
    const refused = await api.request('POST', `/api/v1/lectures/${id}/publish`, { token: staff.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await LectureModel.findById(id).lean()).toMatchObject({ status: 'draft' });

    // The retry, as the form does it: the same id is already saved, so it edits and publishes that one.
    const fixed = await api.request('PATCH', `/api/v1/lectures/${id}`, { token: staff.token, body: { startAt: '2026-03-02T10:00:00+08:00', endAt: '2026-03-02T11:30:00+08:00' } });
    expect(fixed.status).toBe(200);
    const published = await api.request('POST', `/api/v1/lectures/${id}/publish`, { token: staff.token });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id, status: 'published', startAt: '2026-03-02T10:00:00.000+08:00' });
    // A create replayed afterwards (its first answer lost) still does not make a copy.
    const replay = await api.request('POST', '/api/v1/lectures', { token: staff.token, body });
    expect(replay.body).toMatchObject({ id, status: 'published' });
    expect(await copiesOf('发布被拒的讲座')).toBe(1);
  });

  it('someone else’s form id is refused, and their lecture is left as it was', async () => {
    const id = formId();
    await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lecture('别人的讲座', '2026-03-06T09:00:00+08:00', '2026-03-06T10:00:00+08:00', id) });
    const res = await api.request('POST', '/api/v1/lectures', { token: otherStaff.token, body: lecture('抢用编号', '2026-03-06T09:00:00+08:00', '2026-03-06T10:00:00+08:00', id) });
    expect(res.status).toBe(409);
    expect(await LectureModel.findById(id).lean()).toMatchObject({ title: '别人的讲座' });
    expect(await copiesOf('抢用编号')).toBe(0);
  });

  it('a lecture needs no map point: the address is enough, and the place says it has none', async () => {
    const id = formId();
    const res = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lecture('只有地址的讲座', '2026-03-07T09:00:00+08:00', '2026-03-07T10:00:00+08:00', id) });
    expect(res.status).toBe(201);
    expect(res.body.venue).toEqual({ name: '城关镇文化站', address: '中心街 1 号', location: null });
    const withPoint = await api.request('PATCH', `/api/v1/lectures/${id}`, { token: staff.token, body: { venue: { name: '城关镇文化站', address: '中心街 1 号', location: { latitude: 35.8856, longitude: 115.1043 } } } });
    expect(withPoint.body.venue.location).toEqual({ latitude: 35.8856, longitude: 115.1043 });
  });
});
