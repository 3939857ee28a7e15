import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { ConsultationModel, ConsultOutcomeModel, ConsultClaimModel, VillageModel } from '../../server/src/modules/consultations/consultations.model';
import { seedSampleVillages, SAMPLE_VILLAGES } from '../../server/src/modules/consultations/villages.service';

/**
 * The tiered consultation over real HTTP against FerretDB: every move and refusal, privacy by
 * township and tier, the limits, the exactly-once cases (50 claimers; an answer racing the timer on
 * two instances), the answered message through the WeChat stand-in, and FAQ publishing.
 */
const CHENGGUAN = '410922100';
const GUCHENG = '410922106';
const TEMPLATE = 'consult-answered-template-01';
const WAITING_TEMPLATE = 'consult-waiting-template-01';
const HOUR = 3_600_000;

let api: TestApi;
let admin: Session;
let staff: Session;
let otherStaff: Session;
let literate: Session;
let literate2: Session;
let otherLiterate: Session;
let popularizer: Session;
let adviser: Session;
let otherAdviser: Session;
let village: string;
let otherVillage: string;
const sends: any[] = [];
let textChecks = 0;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(session: Session, bytes: Uint8Array, name: string, kind = 'image') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${api.baseUrl}/api/v1/consultations/uploads?kind=${kind}`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const resident = (name: string, township = CHENGGUAN) => api.loginAs(`${name}-${randomBytes(3).toString('hex')}`, { townshipCode: township });

async function makeAdviser(name: string, code: string) {
  const s = await api.loginAs(name);
  const res = await api.request('PUT', `/api/v1/townships/${code}/advisers/${s.user.id}`, { token: admin.token });
  expect(res.status).toBe(200);
  return { ...s, user: res.body };
}

const ask = (s: Session, body: Record<string, unknown>) => api.request('POST', '/api/v1/consultations', { token: s.token, body: { villageId: village, ...body } });
const get = (s: Session, id: string) => api.request('GET', `/api/v1/consultations/${id}`, { token: s.token });
const post = (s: Session, id: string, action: string, body?: unknown) => api.request('POST', `/api/v1/consultations/${id}/${action}`, { token: s.token, ...(body ? { body } : {}) });
const answerBody = { text: '可以。按民法典，子女对父母负有赡养义务。', articles: [1067], topic: '赡养老人' };
const escalationTask = () => api.tasks.find((t) => t.name === 'consultations:escalate-overdue')!;

beforeAll(async () => {
  api = await startTestApi({ WECHAT_TEMPLATE_CONSULT_ANSWERED: TEMPLATE, WECHAT_TEMPLATE_CONSULT_WAITING: WAITING_TEMPLATE });
  api.wechat.handle('POST', '/cgi-bin/message/subscribe/send', ({ url, body }) => {
    if (!api.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (typeof body?.touser !== 'string' || typeof body.template_id !== 'string' || typeof body.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid' };
    sends.push(body);
    return { errcode: 0, errmsg: 'ok' };
  });
  api.wechat.handle('POST', '/wxa/msg_sec_check', ({ url, body }) => {
    if (!api.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (body?.version !== 2 || typeof body.openid !== 'string') return { errcode: 47001, errmsg: 'data format error' };
    textChecks++;
    const suggest = `${body.title ?? ''}${body.content}`.includes('赌博') ? 'risky' : 'pass';
    return { errcode: 0, errmsg: 'ok', result: { suggest, label: suggest === 'risky' ? 20006 : 100 }, trace_id: 'x' };
  });
  admin = await api.loginAs('consult-admin', { roles: ['county_admin'] });
  staff = await api.loginAs('consult-staff', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN });
  otherStaff = await api.loginAs('consult-staff-b', { roles: ['township_staff'], staffTownshipCode: GUCHENG, townshipCode: GUCHENG });
  literate = await api.loginAs('consult-literate', { roles: ['literate'], townshipCode: CHENGGUAN });
  literate2 = await api.loginAs('consult-literate-2', { roles: ['literate'], townshipCode: CHENGGUAN });
  otherLiterate = await api.loginAs('consult-literate-b', { roles: ['literate'], townshipCode: GUCHENG });
  popularizer = await api.loginAs('consult-popularizer', { roles: ['popularizer'], townshipCode: CHENGGUAN });
  adviser = await makeAdviser('consult-adviser', CHENGGUAN);
  otherAdviser = await makeAdviser('consult-adviser-b', GUCHENG);
  village = (await api.request('POST', '/api/v1/villages', { token: staff.token, body: { townshipCode: CHENGGUAN, name: '东街村' } })).body.id;
  otherVillage = (await api.request('POST', '/api/v1/villages', { token: otherStaff.token, body: { townshipCode: GUCHENG, name: '固城村' } })).body.id;
});
afterAll(() => api.close());

describe('the adviser role and villages', () => {
  it('township staff make a user adviser for their own township only; the role goes when he serves none', async () => {
    const target = await api.loginAs('adviser-target');
    const own = await api.request('PUT', `/api/v1/townships/${CHENGGUAN}/advisers/${target.user.id}`, { token: staff.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ roles: ['resident', 'adviser'], adviserTownshipCodes: [CHENGGUAN] });
    expect((await api.request('PUT', `/api/v1/townships/${CHENGGUAN}/advisers/${target.user.id}`, { token: otherStaff.token })).status).toBe(403);
    const both = await api.request('PUT', `/api/v1/townships/${GUCHENG}/advisers/${target.user.id}`, { token: otherStaff.token });
    expect(both.body.adviserTownshipCodes).toEqual([CHENGGUAN, GUCHENG]);
    await api.request('DELETE', `/api/v1/townships/${CHENGGUAN}/advisers/${target.user.id}`, { token: staff.token });
    const last = await api.request('DELETE', `/api/v1/townships/${GUCHENG}/advisers/${target.user.id}`, { token: otherStaff.token });
    expect(last.body).toMatchObject({ roles: ['resident'], adviserTownshipCodes: [] });
  });

  it('keeps the existing rule: only the county assigns roles in general, and an adviser needs a township', async () => {
    const target = await api.loginAs('adviser-target-2');
    expect((await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: staff.token, body: { roles: ['adviser'], adviserTownshipCodes: [CHENGGUAN] } })).status).toBe(403);
    const bad = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['adviser'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.adviserTownshipCodes');
    const ok = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['adviser', 'literate'], adviserTownshipCodes: [GUCHENG] } });
    expect(ok.body).toMatchObject({ roles: ['resident', 'literate', 'adviser'], adviserTownshipCodes: [GUCHENG] });
  });

  it('township staff keep their own villages; samples are seeded once and marked', async () => {
    expect((await api.request('POST', '/api/v1/villages', { token: staff.token, body: { townshipCode: GUCHENG, name: '外乡村' } })).status).toBe(403);
    const dup = await api.request('POST', '/api/v1/villages', { token: staff.token, body: { townshipCode: CHENGGUAN, name: '东街村' } });
    expect(dup.status).toBe(409);
    await seedSampleVillages();
    await seedSampleVillages();
    const samples = await VillageModel.find({ townshipCode: CHENGGUAN, sample: true }).lean();
    expect(samples.map((v: any) => v._id).sort()).toEqual(SAMPLE_VILLAGES.filter((v) => v.townshipCode === CHENGGUAN).map((v) => v.id).sort());
    expect(samples.every((v: any) => v.name.startsWith('示例村'))).toBe(true);
    const list = await api.request('GET', `/api/v1/townships/${CHENGGUAN}/villages`);
    expect(list.body.items[0]).toMatchObject({ name: '东街村', sample: false });
  });
});

describe('asking', () => {
  it('refuses bad input naming the field, and stores nothing', async () => {
    const r = await resident('bad-input');
    const photos = await Promise.all([1, 2, 3, 4].map(() => upload(r, PNG, 'p.png')));
    const before = await ConsultationModel.countDocuments({});
    const cases: [Record<string, unknown>, string][] = [
      [{ text: '   ' }, 'body.text'],
      [{ text: '问'.repeat(501) }, 'body.text'],
      [{ text: '问题', villageId: '0123456789abcdef01234567' }, 'body.villageId'],
      [{ text: '问题', photoIds: photos.map((p) => p.body.id) }, 'body.photoIds'],
      [{ text: '问题', phone: '12345' }, 'body.phone'],
    ];
    for (const [body, field] of cases) {
      const res = await ask(r, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details[0].field.startsWith(field), JSON.stringify(res.body)).toBe(true);
    }
    expect(await ConsultationModel.countDocuments({})).toBe(before);
    expect((await api.request('GET', '/api/v1/consultations/mine', { token: r.token })).body.items).toEqual([]);
  });

  it('accepts 500 characters, three photos checked by content, and refuses a photo that is not one', async () => {
    const r = await resident('photos');
    const photos = await Promise.all([1, 2, 3].map(() => upload(r, PNG, 'p.png')));
    expect(photos.map((p) => p.status)).toEqual([201, 201, 201]);
    const fake = await upload(r, Buffer.from('not an image at all'), 'fake.png');
    expect(fake.status).toBe(400);
    const res = await ask(r, { text: '问'.repeat(500), photoIds: photos.map((p) => p.body.id) });
    expect(res.status).toBe(201);
    const full = await get(r, res.body.id);
    expect(full.body.photos).toHaveLength(3);
    // Another resident's upload cannot be attached.
    const other = await resident('photos-other');
    const theirs = await ask(other, { text: '别人的照片', photoIds: [photos[0]!.body.id] });
    expect(theirs.status).toBe(400);
    expect(theirs.body.error.details[0].field).toBe('body.photoIds.0');
  });

  it('allows at most 5 waiting questions (8 sent at once → 5) and 10 new ones a day', async () => {
    const r = await resident('limits');
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(r, { text: `第${i}个问题` })));
    expect(burst.filter((x) => x.status === 201)).toHaveLength(5);
    const refused = burst.filter((x) => x.status === 409);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.body.error.message).toContain('5 个问题在等待回复');
    expect((await api.request('GET', '/api/v1/consultations/mine', { token: r.token })).body.items).toHaveLength(5);
    // Answers free the waiting slots; the day's limit still stops the 11th.
    for (const q of burst.filter((x) => x.status === 201)) {
      await post(literate, q.body.id, 'claim');
      expect((await post(literate, q.body.id, 'answer', answerBody)).status).toBe(200);
    }
    const more = [];
    for (let i = 0; i < 5; i++) more.push(await ask(r, { text: `再问${i}` }));
    expect(more.map((x) => x.status)).toEqual([201, 201, 201, 201, 201]);
    for (const q of more) {
      await post(literate, q.body.id, 'claim');
      await post(literate, q.body.id, 'answer', answerBody);
    }
    const eleventh = await ask(r, { text: '第十一个' });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.message).toContain('今天已经提了 10 个问题');
  });

  it('lets a 明白人 record a question for a villager without WeChat (代问), and nobody else', async () => {
    const r = await resident('not-literate');
    expect((await ask(r, { text: '帮人问', proxyName: '王奶奶' })).status).toBe(403);
    const wrongTown = await ask(literate, { text: '帮人问', proxyName: '王奶奶', villageId: otherVillage });
    expect(wrongTown.status).toBe(400);
    const res = await ask(literate, { text: '王奶奶问：儿子不给赡养费怎么办？', proxyName: '王奶奶', phone: '13912345678' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ askerName: '王奶奶', proxy: true, mine: true, phone: '13912345678' });
    const mine = await api.request('GET', '/api/v1/consultations/mine', { token: literate.token });
    expect(mine.body.items.map((i: any) => i.id)).toContain(res.body.id);
    // He can take it on himself.
    expect((await post(literate, res.body.id, 'claim')).status).toBe(200);
    expect((await post(literate, res.body.id, 'answer', answerBody)).status).toBe(200);
  });

  it('counts 「这个解决了我的问题」 once a day per suggestion', async () => {
    const r = await resident('avoided');
    const first = await api.request('POST', '/api/v1/consultations/avoided', { token: r.token, body: { kind: 'faq', ref: 'abc' } });
    const again = await api.request('POST', '/api/v1/consultations/avoided', { token: r.token, body: { kind: 'faq', ref: 'abc' } });
    expect([first.body.counted, again.body.counted]).toEqual([true, false]);
  });
});

describe('privacy', () => {
  it('shows a question only to its asker and those serving his township at the tier reached; the phone only to the current handler', async () => {
    const r = await resident('privacy');
    const q = (await ask(r, { text: '邻居占了我家的宅基地', phone: '13800001111' })).body;
    const stranger = await resident('privacy-stranger');
    for (const who of [stranger, otherLiterate, otherStaff, otherAdviser, popularizer, adviser]) expect((await get(who, q.id)).status).toBe(404);
    for (const who of [r, literate, literate2, staff, admin]) expect((await get(who, q.id)).status).toBe(200);
    expect((await get(r, q.id)).body.phone).toBe('13800001111');
    expect((await get(literate, q.id)).body).toMatchObject({ phone: null, hasPhone: true });
    // Not in another township's queue.
    const theirQueue = await api.request('GET', '/api/v1/consultations/queue', { token: otherLiterate.token });
    expect(theirQueue.body.items.map((i: any) => i.id)).not.toContain(q.id);
    await post(literate, q.id, 'claim');
    expect((await get(literate, q.id)).body.phone).toBe('13800001111');
    expect((await get(literate2, q.id)).body.phone).toBeNull();
    expect((await get(staff, q.id)).body.phone).toBeNull();
    // Acting on a question one cannot see says it does not exist.
    expect((await post(otherLiterate, q.id, 'claim')).status).toBe(404);
    expect((await post(stranger, q.id, 'feedback', { resolved: true })).status).toBe(404);
    // Sent up: the 普法员 now sees it, the 明白人 who passed it still does, the adviser not yet.
    await post(literate, q.id, 'escalate', { note: '涉及宅基地确权，请普法员看看' });
    expect((await get(popularizer, q.id)).status).toBe(200);
    expect((await get(literate, q.id)).body.phone).toBeNull();
    expect((await get(adviser, q.id)).status).toBe(404);
  });
});

describe('claiming and answering', () => {
  it('gives a question to exactly one of 50 claimers at a tier', async () => {
    const r = await resident('claim-race');
    const q = (await ask(r, { text: '承包地能不能流转？' })).body;
    const claimers = await Promise.all(Array.from({ length: 50 }, (_, i) => api.loginAs(`claimer-${i}`, { roles: ['literate'], townshipCode: CHENGGUAN })));
    const results = await Promise.all(claimers.map((c) => post(c, q.id, 'claim')));
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409)).toHaveLength(49);
    expect(await ConsultClaimModel.countDocuments({ consultationId: q.id })).toBe(1);
    const winner = claimers[results.findIndex((x) => x.status === 200)]!;
    expect((await get(r, q.id)).body).toMatchObject({ claimed: true, handlerName: winner.user.displayName });
  });

  it('refuses an answer on a question not claimed by you, a bad article, and escalation by a stranger to it', async () => {
    const r = await resident('answer-rules');
    const q = (await ask(r, { text: '借钱不还怎么办？' })).body;
    const unclaimed = await post(literate, q.id, 'answer', answerBody);
    expect(unclaimed.status).toBe(409);
    await post(literate, q.id, 'claim');
    expect((await post(literate2, q.id, 'answer', answerBody)).status).toBe(403);
    expect((await post(literate2, q.id, 'escalate', { note: '不会' })).status).toBe(403);
    const badArticle = await post(literate, q.id, 'answer', { ...answerBody, articles: [2000] });
    expect(badArticle.status).toBe(400);
    expect(badArticle.body.error.details[0].field).toMatch(/^body\.articles/);
    const noTopic = await post(literate, q.id, 'answer', { text: '答' });
    expect(noTopic.status).toBe(400);
    expect(noTopic.body.error.details[0].field).toBe('body.topic');
    expect(await ConsultOutcomeModel.countDocuments({ consultationId: q.id })).toBe(0);
    const ok = await post(literate, q.id, 'answer', answerBody);
    expect(ok.body).toMatchObject({ status: 'answered', topic: '赡养老人', articles: [1067] });
    expect((await post(literate, q.id, 'answer', answerBody)).status).toBe(409);
    // Only the asker says whether it is solved.
    expect((await post(literate, q.id, 'feedback', { resolved: true })).status).toBe(403);
    const done = await post(r, q.id, 'feedback', { resolved: true });
    expect(done.body.status).toBe('resolved');
    expect((await post(r, q.id, 'feedback', { resolved: false, followUp: '还有' })).status).toBe(409);
  });

  it('walks a question up every tier: 还有疑问, the timer past the 普法员 limit, the adviser answers, the asker is told once', async () => {
    const t0 = Date.now();
    const r = await resident('full-loop');
    const q = (await ask(r, { text: '我叫张三，电话13712345678，父亲去世没留遗嘱，房子怎么分？', notifyTemplateId: TEMPLATE })).body;
    expect(q.status).toBe('waiting');
    await post(literate, q.id, 'claim');
    await post(literate, q.id, 'answer', { text: '按法定继承，第一顺序是配偶、子女、父母。', articles: [1127], topic: '遗嘱继承' });
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ template_id: TEMPLATE, touser: expect.stringMatching(/^dev:full-loop/) });
    expect((await get(r, q.id)).body.status).toBe('answered');
    const follow = await post(r, q.id, 'feedback', { resolved: false, followUp: '哥哥一直住着，能要求他搬出吗？' });
    expect(follow.body).toMatchObject({ status: 'escalated', tier: 'popularizer' });
    // The 普法员 does not answer within 48 h: the timer sends it up (not before).
    await escalationTask().run(new Date(t0 + 47 * HOUR));
    expect((await get(r, q.id)).body.tier).toBe('popularizer');
    await escalationTask().run(new Date(t0 + 49 * HOUR));
    const atAdviser = (await get(adviser, q.id)).body;
    expect(atAdviser).toMatchObject({ tier: 'adviser', status: 'escalated' });
    expect(atAdviser.thread.map((e: any) => e.kind)).toEqual(['question', 'answer', 'followup', 'timeout']);
    // Running the task again moves nothing (the adviser is the top tier).
    await escalationTask().run(new Date(t0 + 500 * HOUR));
    expect((await get(r, q.id)).body.tier).toBe('adviser');
    expect((await post(adviser, q.id, 'escalate', { note: 'x' })).status).toBe(409);
    await post(adviser, q.id, 'claim');
    const answered = await post(adviser, q.id, 'answer', { text: '共同继承的房屋，各继承人可以协商分割，协商不成可以诉讼。', articles: [1127, 1130], topic: '遗嘱继承' });
    expect(answered.body).toMatchObject({ status: 'answered', articles: [1127, 1130] });
    // One acceptance, one message.
    expect(sends).toHaveLength(1);
  });
});

describe('the timer and an answer at the same moment, on two instances', () => {
  it('gives every question exactly one outcome: answered, or sent up — never both, never twice', async () => {
    const r = await Promise.all(Array.from({ length: 4 }, (_, i) => resident(`race-${i}`)));
    const qs = [];
    for (const who of r) for (let i = 0; i < 3; i++) qs.push((await ask(who, { text: `竞态${i}` })).body);
    for (const q of qs) await post(literate, q.id, 'claim');
    const later = new Date(Date.now() + 25 * HOUR);
    const task = escalationTask();
    const [answers] = await Promise.all([Promise.all(qs.map((q) => post(literate, q.id, 'answer', answerBody))), task.run(later), task.run(later)]);
    for (const [i, q] of qs.entries()) {
      const outcomes = await ConsultOutcomeModel.find({ consultationId: q.id }).lean();
      expect(outcomes, q.id).toHaveLength(1);
      const view = (await get(r[Math.floor(i / 3)]!, q.id)).body;
      if (answers[i]!.status === 200) {
        expect(outcomes[0]!.kind).toBe('answered');
        expect(view).toMatchObject({ status: 'answered', tier: 'literate' });
      } else {
        expect(answers[i]!.status).toBe(409);
        expect(outcomes[0]!.kind).toBe('timeout');
        expect(view).toMatchObject({ status: 'escalated', tier: 'popularizer' });
      }
    }
  });
});

describe('referral and FAQ', () => {
  it('lets the adviser refer a case offline; the thread closes with the referral', async () => {
    const r = await resident('refer');
    const q = (await ask(r, { text: '被打伤了对方不赔' })).body;
    expect((await post(adviser, q.id, 'refer', { kind: 'mediation', note: 'x' })).status).toBe(404);
    await post(literate, q.id, 'claim');
    await post(literate, q.id, 'escalate', { note: '需要调解' });
    await post(popularizer, q.id, 'claim');
    await post(popularizer, q.id, 'escalate', { note: '请法律顾问处理' });
    await post(adviser, q.id, 'claim');
    const bad = await post(adviser, q.id, 'refer', { kind: 'court', note: '去法院' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.kind');
    const ok = await post(adviser, q.id, 'refer', { kind: 'mediation', note: '请周三到城关司法所人民调解室' });
    expect(ok.body).toMatchObject({ status: 'referred', referral: { kind: 'mediation' } });
    expect((await get(r, q.id)).body.thread.at(-1)).toMatchObject({ kind: 'referred', text: '请周三到城关司法所人民调解室' });
  });

  it('publishes an answered question as FAQ with the asker masked, after the adviser edits it and WeChat checks it', async () => {
    const r = await api.loginAs('faq-asker', { townshipCode: CHENGGUAN });
    await api.request('PATCH', '/api/v1/me', { token: r.token, body: { displayName: '李大山' } });
    const q = (await ask(r, { text: '李大山问：我家在东街村3组15号，电话0393-7221234，身份证410922198001011234，邻居堵了路怎么办？' })).body;
    expect((await post(adviser, q.id, 'faq')).status).toBe(404); // not at his tier yet
    await post(literate, q.id, 'claim');
    expect((await post(literate, q.id, 'faq')).status).toBe(403);
    await post(literate, q.id, 'escalate', { note: '请顾问' });
    await post(popularizer, q.id, 'claim');
    await post(popularizer, q.id, 'escalate', { note: '请顾问' });
    expect((await post(adviser, q.id, 'faq')).status).toBe(409); // not answered yet
    await post(adviser, q.id, 'claim');
    await post(adviser, q.id, 'answer', { text: '不动产的相邻权利人应当为相邻权利人提供必要的便利。', articles: [288, 291], topic: '相邻关系' });
    const draft = await post(adviser, q.id, 'faq');
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    for (const leak of ['李大山', '0393-7221234', '410922198001011234', '3组15号']) expect(draft.body.question).not.toContain(leak);
    expect(draft.body.question).toContain('邻居堵了路怎么办');
    expect(draft.body.articles).toEqual([288, 291]);
    // Not public until published.
    expect((await api.request('GET', `/api/v1/faqs/${draft.body.id}`)).status).toBe(404);
    const edited = await api.request('PUT', `/api/v1/faqs/${draft.body.id}`, { token: adviser.token, body: { title: '邻居堵路怎么办？', question: '邻居堵了通行的路怎么办？', answer: draft.body.answer, articles: [288, 291], topic: '相邻关系' } });
    expect(edited.status).toBe(200);
    expect((await api.request('PUT', `/api/v1/faqs/${draft.body.id}`, { token: otherAdviser.token, body: { title: 'x', question: 'x', answer: 'x', articles: [], topic: 'x' } })).status).toBe(404);
    const checksBefore = textChecks;
    const published = await api.request('POST', `/api/v1/faqs/${draft.body.id}/publish`, { token: adviser.token });
    expect(published.status).toBe(200);
    expect(textChecks).toBe(checksBefore + 1);
    const list = await api.request('GET', '/api/v1/faqs?topic=' + encodeURIComponent('相邻关系'));
    expect(list.body.items.map((f: any) => f.title)).toContain('邻居堵路怎么办？');
    expect(JSON.stringify(list.body)).not.toContain('李大山');
    expect((await get(r, q.id)).body.faqId).toBe(draft.body.id);
    // A risky text is refused and stays a draft.
    const r2 = await resident('faq-risky');
    const q2 = (await ask(r2, { text: '问题' })).body;
    for (const [who, action, body] of [[literate, 'claim'], [literate, 'escalate', { note: 'a' }], [popularizer, 'claim'], [popularizer, 'escalate', { note: 'a' }], [adviser, 'claim'], [adviser, 'answer', answerBody]] as const) {
      await post(who, q2.id, action, body);
    }
    const d2 = (await post(adviser, q2.id, 'faq')).body;
    await api.request('PUT', `/api/v1/faqs/${d2.id}`, { token: adviser.token, body: { title: '赌博欠债', question: '赌博欠债', answer: '答', articles: [], topic: '民间借贷' } });
    const risky = await api.request('POST', `/api/v1/faqs/${d2.id}/publish`, { token: adviser.token });
    expect(risky.status).toBe(409);
    expect((await api.request('GET', `/api/v1/faqs/${d2.id}`)).status).toBe(404);
  });
});

describe('settings and dashboard', () => {
  it('lets the county change the time limits, and nobody else', async () => {
    const body = { limitHours: { literate: 12, popularizer: 48, adviser: 72 } };
    expect((await api.request('PUT', '/api/v1/consultation-settings', { token: staff.token, body })).status).toBe(403);
    const bad = await api.request('PUT', '/api/v1/consultation-settings', { token: admin.token, body: { limitHours: { literate: 0, popularizer: 48, adviser: 72 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.limitHours.literate');
    expect((await api.request('PUT', '/api/v1/consultation-settings', { token: admin.token, body })).status).toBe(200);
    const r = await resident('limits-changed');
    const q = (await ask(r, { text: '时限' })).body;
    await escalationTask().run(new Date(Date.now() + 13 * HOUR));
    expect((await get(r, q.id)).body.tier).toBe('popularizer');
    await api.request('PUT', '/api/v1/consultation-settings', { token: admin.token, body: { limitHours: { literate: 24, popularizer: 48, adviser: 72 } } });
  });

  it('shows the township its figures and the county all 17; other townships are refused', async () => {
    const own = await api.request('GET', '/api/v1/consultation-dashboard', { token: staff.token });
    expect(own.status).toBe(200);
    expect(own.body.townships).toHaveLength(1);
    const t = own.body.townships[0];
    expect(t.townshipCode).toBe(CHENGGUAN);
    expect(t.asked).toBeGreaterThan(10);
    expect(t.tiers.find((x: any) => x.tier === 'literate').answered).toBeGreaterThan(0);
    expect(t.avoided).toBeGreaterThanOrEqual(0);
    expect(own.body.topics.length).toBeGreaterThan(0);
    expect((await api.request('GET', `/api/v1/consultation-dashboard?townshipCode=${GUCHENG}`, { token: staff.token })).status).toBe(403);
    const county = await api.request('GET', '/api/v1/consultation-dashboard', { token: admin.token });
    expect(county.body.townships).toHaveLength(17);
  });
});

describe('the next tier is told when the timer moves a question up', () => {
  const accept = (session: Session, templateId: string) => api.request('POST', '/api/v1/consultations/waiting-notices', { token: session.token, body: { templateId } });
  const waitingSends = () => sends.filter((b) => b.template_id === WAITING_TEMPLATE);

  it('refuses an acceptance of another template, or from someone who handles nothing', async () => {
    const bad = await accept(popularizer, 'someone-elses-template');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.templateId');
    expect((await accept(await resident('waiting-nobody'), WAITING_TEMPLATE)).status).toBe(403);
    const template = await api.request('GET', '/api/v1/consultation-notice-template');
    expect(template.body).toEqual({ templateId: TEMPLATE, waitingTemplateId: WAITING_TEMPLATE });
  });

  it('sends one message per acceptance to the handlers of the new tier, never twice', async () => {
    const accepted = await accept(popularizer, WAITING_TEMPLATE);
    expect(accepted.status).toBe(201);
    expect(accepted.body.pending).toBe(1);
    const before = waitingSends().length;
    const t0 = Date.now();
    for (const name of ['waiting-a', 'waiting-b']) expect((await ask(await resident(name), { text: '邻居的树倒了砸坏了我家的院墙，谁来赔？' })).status).toBe(201);
    // Two instances run the timer at the same moment: each question moves once, one message goes.
    await Promise.all([escalationTask().run(new Date(t0 + 25 * HOUR)), escalationTask().run(new Date(t0 + 25 * HOUR))]);
    const sent = waitingSends().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: 'dev:consult-popularizer', page: expect.stringContaining('packages/consult/pages/thread/index?id=') });
    expect(sent[0].data.thing2.value).toBe('转给普法员');
    // The acceptance is used up: the next question moved up tells nobody until he accepts again.
    expect((await ask(await resident('waiting-c'), { text: '承包的地被村里收回了，能要补偿吗？' })).status).toBe(201);
    await escalationTask().run(new Date(t0 + 26 * HOUR));
    expect(waitingSends().length - before).toBe(1);
  });
});

describe('the queue order', () => {
  it("puts the handler's village first, then the earliest due (so the overdue lead), and counts every waiting question", async () => {
    const code = '410922103';
    const queueLiterate = await api.loginAs('consult-queue-literate', { roles: ['literate'], townshipCode: code });
    const home = await api.request('POST', '/api/v1/villages', { token: admin.token, body: { townshipCode: code, name: '排序测试东村' } });
    const away = await api.request('POST', '/api/v1/villages', { token: admin.token, body: { townshipCode: code, name: '排序测试西村' } });
    expect([home.status, away.status]).toEqual([201, 201]);
    const now = Date.now();
    // Time passing is set up in the database: questions asked 30, 10 and 2 hours ago (the 明白人 has 24 h).
    const waitingFor = (hoursAgo: number, villageId: string, villageName: string, text: string) => {
      const at = new Date(now - hoursAgo * HOUR);
      return { townshipCode: code, villageId, villageName, askerId: null, askerName: '排序', text, stage: 0, tier: 'literate', state: 'waiting', tierSince: at, stages: [{ tier: 'literate', since: at }], askedAt: at };
    };
    await ConsultationModel.insertMany([
      waitingFor(2, away.body.id, '排序测试西村', '西村新问题'),
      waitingFor(30, away.body.id, '排序测试西村', '西村超时问题'),
      waitingFor(10, home.body.id, '排序测试东村', '东村较新问题'),
      waitingFor(20, home.body.id, '排序测试东村', '东村较早问题'),
      waitingFor(5, away.body.id, '排序测试西村', '西村较新问题'),
    ]);
    const res = await api.request('GET', `/api/v1/consultations/queue?villageId=${home.body.id}`, { token: queueLiterate.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.items.map((i: any) => i.text)).toEqual(['东村较早问题', '东村较新问题', '西村超时问题', '西村较新问题', '西村新问题']);
    expect(res.body.items.map((i: any) => i.overdue)).toEqual([false, false, true, false, false]);
    // Without a village the overdue question leads.
    const plain = await api.request('GET', '/api/v1/consultations/queue', { token: queueLiterate.token });
    expect(plain.body.items[0].text).toBe('西村超时问题');
    expect(plain.body.items[0].mine).toBe(false);
    // Pages run on across his village and the rest; overdue counts the whole queue.
    const page = await api.request('GET', `/api/v1/consultations/queue?villageId=${home.body.id}&limit=2&offset=1`, { token: queueLiterate.token });
    expect(page.body).toMatchObject({ total: 5, overdue: 1, limit: 2, offset: 1 });
    expect(page.body.items.map((i: any) => i.text)).toEqual(['东村较新问题', '西村超时问题']);
    const bad = await api.request('GET', '/api/v1/consultations/queue?limit=0', { token: queueLiterate.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.limit');
    expect(bad.body.error.message).toMatch(/[一-龥]/);
  });
});
