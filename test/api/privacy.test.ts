import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { answerFor, insertFixtureQuestions, loginPerson, type FixtureQuestion } from './quiz-fixtures';
import { UploadModel } from '../../server/src/modules/uploads/uploads.model';

/**
 * 导出我的数据 and 注销 over real HTTP against FerretDB. A resident leaves traces in every feature
 * (a lecture sign-up and check-in, a campaign with a certificate, a question with his phone, name
 * and a photo, a 报错); after 注销 no collection holds his openid, name or phone, the figures that
 * counted him are unchanged, his certificate's public check says it was withdrawn, and the same
 * WeChat signing in again is a new person.
 */
const CHENGGUAN = '410922100';
const HOUR = 3_600_000;
const NAME = '王秀英';
const PHONE = '13812345678';
const DEV_NAME = `p${[...NAME].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let api: TestApi;
let now = new Date('2026-12-04T01:00:00Z');
let bank: Map<string, FixtureQuestion>;
let admin: string;
let staff: string;
let resident: { token: string; user: { id: string } };

const iso = (d: Date) => d.toISOString();

beforeAll(async () => {
  api = await startTestApi({}, { clock: () => now });
  bank = await insertFixtureQuestions();
  admin = (await api.loginAs('privacy-admin', { roles: ['county_admin'] })).token;
  staff = (await api.loginAs('privacy-staff', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN })).token;
  resident = await loginPerson(api, NAME, { townshipCode: CHENGGUAN });
});
afterAll(() => api.close());

/** Every document of every collection in this suite's database, as text. */
async function everything(): Promise<string> {
  const db = mongoose.connection.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) parts.push(JSON.stringify(await db.collection(name).find({}).toArray()));
  return parts.join('\n');
}

describe('a resident leaves', () => {
  let lectureId: string;
  let campaignId: string;
  let certificate: string;

  it('first leaves traces in each feature', async () => {
    // A lecture: he signs up, and staff check him in at the lecture.
    const start = new Date(now.getTime() + HOUR);
    const created = await api.request('POST', '/api/v1/lectures', {
      token: staff,
      body: {
        townshipCode: CHENGGUAN,
        title: '民法典婚姻家庭编讲座',
        topics: ['婚姻家庭'],
        speaker: { name: '李律师', unit: '清丰县某律师事务所' },
        venue: { name: '城关镇文化站', address: '清丰县城关镇中心街 1 号', location: { latitude: 35.8856, longitude: 115.1043 } },
        startAt: iso(start),
        endAt: iso(new Date(start.getTime() + 2 * HOUR)),
        capacity: 50,
        notes: '',
      },
    });
    expect(created.status).toBe(201);
    lectureId = created.body.id;
    expect((await api.request('POST', `/api/v1/lectures/${lectureId}/publish`, { token: staff })).status).toBe(200);
    expect((await api.request('POST', `/api/v1/lectures/${lectureId}/registrations`, { token: resident.token })).status).toBeLessThan(300);
    now = new Date(start.getTime() + 10 * 60_000);
    const checkIn = await api.request('POST', `/api/v1/lectures/${lectureId}/check-ins/proxy`, { token: staff, body: { userId: resident.user.id } });
    expect(checkIn.status).toBeLessThan(300);

    // A campaign, passed: a certificate with his name.
    const campaign = await api.request('POST', '/api/v1/quiz/campaigns', {
      token: admin,
      body: { title: '宪法宣传周竞赛', description: '', opensAt: iso(new Date(now.getTime() - HOUR)), closesAt: iso(new Date(now.getTime() + 24 * HOUR)), questionCount: 10, books: [], timeLimitSeconds: 600, attemptsAllowed: 1, passMark: 60 },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
    const attempt = await api.request('POST', `/api/v1/quiz/campaigns/${campaignId}/attempts`, { token: resident.token });
    const submitted = await api.request('POST', `/api/v1/quiz/campaigns/${campaignId}/attempts/1/submit`, {
      token: resident.token,
      body: { answers: attempt.body.questions.map((q: { id: string }) => ({ questionId: q.id, answer: answerFor(bank.get(q.id)!, true) })) },
    });
    expect(submitted.status).toBe(200);
    const mine = await api.request('GET', '/api/v1/quiz/certificates', { token: resident.token });
    certificate = mine.body.items[0].code;
    expect((await api.request('GET', `/api/v1/certificates/${certificate}`)).body).toMatchObject({ valid: true });

    // A question with his name and phone in it, a call-back phone and a photo.
    const village = await api.request('POST', '/api/v1/villages', { token: staff, body: { townshipCode: CHENGGUAN, name: '注销测试村' } });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)]), 'photo.png');
    const photo = await fetch(`${api.baseUrl}/api/v1/consultations/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${resident.token}` }, body: form });
    const photoId = ((await photo.json()) as { id: string }).id;
    const asked = await api.request('POST', '/api/v1/consultations', {
      token: resident.token,
      body: { text: `我叫${NAME}，电话${PHONE}，邻居占了我家的宅基地怎么办？`, villageId: village.body.id, phone: PHONE, photoIds: [photoId] },
    });
    expect(asked.status).toBe(201);

    // A 报错 of a bank question, signed with his name.
    const questionId = [...bank.keys()][0]!;
    expect((await api.request('POST', '/api/v1/quiz/question-reports', { token: resident.token, body: { questionId, text: `答案好像不对，${NAME}` } })).status).toBe(201);

    const text = await everything();
    expect(text).toContain(NAME);
    expect(text).toContain(PHONE);
    expect(text).toContain(`dev:${DEV_NAME}`);
  });

  it('hands him one file with what we hold about him', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/me/data.json`, { headers: { Authorization: `Bearer ${resident.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('我的数据-'));
    const data = (await res.json()) as Record<string, any>;
    expect(data.账号).toMatchObject({ 名字: NAME, 所在乡镇: '城关镇', 角色: ['群众'], 通过微信登录: true });
    expect(data.法治讲座.报名).toHaveLength(1);
    expect(data.法治讲座.签到[0]).toMatchObject({ 讲座: '民法典婚姻家庭编讲座', 方式: '工作人员代签' });
    expect(data.答题与竞赛.证书[0]).toMatchObject({ 编号: certificate, 持证人: NAME });
    expect(data.问一问[0]).toMatchObject({ 留的电话: PHONE, 状态: '待回复' });
    expect(data.问一问[0].问题).toContain(PHONE);
    expect(data.题目报错).toHaveLength(1);
    // Only his own: nobody else's name is in it.
    expect(JSON.stringify(data)).not.toContain('privacy-staff');
  });

  it('refuses 注销 without the confirmation, and for someone who still holds a work role', async () => {
    const unconfirmed = await api.request('POST', '/api/v1/me/deletion', { token: resident.token, body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details[0]).toMatchObject({ field: 'body.confirm', message: '请先确认要注销账号' });
    const staffLeaving = await api.request('POST', '/api/v1/me/deletion', { token: staff, body: { confirm: true } });
    expect(staffLeaving.status).toBe(409);
    expect(staffLeaving.body.error.message).toContain('司法所工作人员');
    expect((await api.request('GET', '/api/v1/me', { token: staff })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/me', { token: resident.token })).status).toBe(200);
  });

  it('forgets him everywhere and keeps the figures that counted him', async () => {
    const before = {
      lecture: (await api.request('GET', `/api/v1/lectures/${lectureId}`, { token: staff })).body,
      board: (await api.request('GET', `/api/v1/quiz/campaigns/${campaignId}/leaderboard/people`, { token: admin })).body,
      dashboard: (await api.request('GET', '/api/v1/consultation-dashboard', { token: staff })).body.townships[0],
    };
    expect(before.lecture.checkInCount).toBe(1);

    const res = await api.request('POST', '/api/v1/me/deletion', { token: resident.token, body: { confirm: true } });
    expect(res.status).toBe(204);

    // His token no longer works.
    expect((await api.request('GET', '/api/v1/me', { token: resident.token })).status).toBe(401);
    // No collection holds his openid, name or phone.
    const text = await everything();
    expect(text).not.toContain(`dev:${DEV_NAME}`);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(PHONE);
    // The photo is gone with its file.
    expect(await UploadModel.countDocuments({ ownerId: new mongoose.Types.ObjectId(resident.user.id) })).toBe(0);

    // The figures that counted him are unchanged.
    const lecture = (await api.request('GET', `/api/v1/lectures/${lectureId}`, { token: staff })).body;
    expect(lecture.checkInCount).toBe(before.lecture.checkInCount);
    expect(lecture.registeredCount).toBe(before.lecture.registeredCount);
    const board = (await api.request('GET', `/api/v1/quiz/campaigns/${campaignId}/leaderboard/people`, { token: admin })).body;
    expect(board.items ?? board.rows).toHaveLength((before.board.items ?? before.board.rows).length);
    expect(JSON.stringify(board)).toContain('已注销用户');
    const dashboard = (await api.request('GET', '/api/v1/consultation-dashboard', { token: staff })).body.townships[0];
    expect(dashboard.asked).toBe(before.dashboard.asked);
    // The question is still in the 明白人's queue, without a name, phone or photo.
    const queue = await api.request('GET', '/api/v1/consultations/queue', { token: staff });
    expect(queue.body.items[0]).toMatchObject({ askerName: '已注销用户', hasPhone: false });
    expect(queue.body.items[0].text).toBe('我叫[姓名]，电话[电话]，邻居占了我家的宅基地怎么办？');

    // The certificate's public check says it was withdrawn, and names nobody.
    const check = await api.request('GET', `/api/v1/certificates/${certificate}`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: false, holderName: '' });
    expect(check.body.withdrawnAt).toMatch(/\+08:00$/);
  });

  it('lets the same WeChat sign in again later as a new person', async () => {
    const again = await api.request('POST', '/api/v1/auth/dev', { body: { name: DEV_NAME, displayName: '新来的' } });
    expect(again.status).toBe(200);
    expect(again.body.user.id).not.toBe(resident.user.id);
    const certificates = await api.request('GET', '/api/v1/quiz/certificates', { token: again.body.token });
    expect(certificates.body.items).toEqual([]);
  });
});
