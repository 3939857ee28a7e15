import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { QuestionModel } from '../../server/src/modules/quiz/questions.model';
import { LectureCheckAnswerModel } from '../../server/src/modules/lecture-checks/lecture-checks.model';
import { ConsultationModel } from '../../server/src/modules/consultations/consultations.model';

const T1 = '410922100'; // 城关镇
const T2 = '410922101'; // 马庄桥镇
const HOUR = 3600_000;
const TEMPLATE = 'tmpl-lecture-reminder-0001';

let now = new Date('2026-05-11T09:00:00+08:00');
const setNow = (d: Date) => void (now = d);
const iso = (d: Date) => d.toISOString();

let api: TestApi;
let staff: Session;
let otherStaff: Session;
let admin: Session;
const sent: any[] = [];

beforeAll(async () => {
  api = await startTestApi({ WECHAT_TEMPLATE_LECTURE_REMINDER: TEMPLATE, SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  [staff, otherStaff, admin] = await Promise.all([
    api.loginAs('checks-staff', { roles: ['township_staff'], staffTownshipCode: T1 }),
    api.loginAs('checks-other-staff', { roles: ['township_staff'], staffTownshipCode: T2 }),
    api.loginAs('checks-admin', { roles: ['county_admin'] }),
  ]);
  api.wechat.handle('POST', '/cgi-bin/message/subscribe/send', async ({ body }) => {
    sent.push(body);
    return { errcode: 0, errmsg: 'ok', msgid: sent.length };
  });
});
afterAll(() => api.close());

/** A published lecture in T1 starting in 10 minutes (check-in is open), one hour long. */
async function lectureNow(topics: string[], title = '婚姻家庭编讲座') {
  const start = new Date(now.getTime() + 10 * 60_000);
  const body = {
    townshipCode: T1,
    title,
    topics,
    speaker: { name: '李律师', unit: '清丰县某律师事务所' },
    venue: { name: '城关镇文化站', address: '清丰县城关镇中心街 1 号' },
    startAt: iso(start),
    endAt: iso(new Date(start.getTime() + HOUR)),
    capacity: 50,
  };
  const created = await api.request('POST', '/api/v1/lectures', { token: staff.token, body });
  expect(created.status).toBe(201);
  expect((await api.request('POST', `/api/v1/lectures/${created.body.id}/publish`, { token: staff.token })).status).toBe(200);
  return { id: created.body.id as string, start, end: new Date(start.getTime() + HOUR) };
}

async function checkIn(lectureId: string, who: Session) {
  const code = await api.request('GET', `/api/v1/lectures/${lectureId}/check-in-code`, { token: staff.token });
  const res = await api.request('POST', `/api/v1/lectures/${lectureId}/check-ins`, { token: who.token, body: { token: code.body.token } });
  expect(res.status).toBe(200);
}

/** Right (or wrong) answers for the questions shown, read from the bank. */
async function answersFor(questions: { id: string; options: { key: string }[] }[], right: boolean[]) {
  const docs = await QuestionModel.find({ _id: mongoose.trusted({ $in: questions.map((q) => q.id) }) }).lean();
  return questions.map((q, i) => {
    const answer = docs.find((d) => d._id === q.id)!.content.answer as string[];
    // A wrong answer: an option that is not right, or (every option right) only some of them.
    const other = q.options.map((o) => o.key).find((k) => !answer.includes(k));
    return { questionId: q.id, choice: right[i] ? answer : other ? [other] : answer.slice(0, 1) };
  });
}

const state = (lectureId: string, who: Session) => api.request('GET', `/api/v1/lectures/${lectureId}/check`, { token: who.token });
const answer = (lectureId: string, who: Session, body: unknown) => api.request('POST', `/api/v1/lectures/${lectureId}/check`, { token: who.token, body });

describe('讲座前后的 3 道题', () => {
  it('asks a checked-in resident 3 questions on the lecture topics before, the same 3 after, and shows staff the 知晓率 change', async () => {
    setNow(new Date('2026-05-11T09:00:00+08:00'));
    const lecture = await lectureNow(['婚姻家庭', '继承']);
    const [wang, li, zhao] = await Promise.all(['checks-wang', 'checks-li', 'checks-zhao'].map((n) => api.loginAs(n, { townshipCode: T1 })));

    // Not checked in: nothing to answer, and no questions shown.
    const early = await state(lecture.id, wang!);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ phase: null, reason: '到场签到以后才能答这几道题', questions: [] });
    expect((await answer(lecture.id, wang!, { phase: 'before', answers: [{ questionId: 'x', choice: ['A'] }] })).status).toBe(409);

    for (const p of [wang!, li!, zhao!]) await checkIn(lecture.id, p);
    const before = await state(lecture.id, wang!);
    expect(before.body.phase).toBe('before');
    expect(before.body.questions).toHaveLength(3);
    // Without answers or explanations: they would spoil the second time.
    expect(JSON.stringify(before.body.questions)).not.toMatch(/answer|explanation/);
    const bank = await QuestionModel.find({ _id: mongoose.trusted({ $in: before.body.questions.map((q: any) => q.id) }) }).lean();
    for (const q of bank) expect(['婚姻家庭', '继承'].some((t) => q.content.book === t || q.content.tags.includes(t))).toBe(true);
    // Both topics are asked about.
    expect(new Set(bank.map((q) => (q.content.book === '继承' || q.content.tags.includes('继承') ? '继承' : '婚姻家庭'))).size).toBe(2);
    // Everyone gets the same three.
    expect((await state(lecture.id, li!)).body.questions.map((q: any) => q.id)).toEqual(before.body.questions.map((q: any) => q.id));

    // Bad input: 400 naming the field, nothing stored.
    const qs = before.body.questions;
    const good = await answersFor(qs, [true, false, false]);
    const bad = [
      [{ phase: 'before', answers: [...good, good[0]] }, 'body.answers'],
      [{ phase: 'before', answers: [{ ...good[0], questionId: 'hy-999-not-here' }, good[1], good[2]] }, 'body.answers.0.questionId'],
      [{ phase: 'before', answers: [{ ...good[0], choice: ['F'] }, good[1], good[2]] }, 'body.answers.0.choice'],
      [{ phase: 'before', answers: [good[0], good[1]] }, 'body.answers'],
      [{ phase: 'during', answers: good }, 'body.phase'],
      [{ phase: 'before', answers: [good[0], good[0], good[2]] }, 'body.answers.1.questionId'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await answer(lecture.id, wang!, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await LectureCheckAnswerModel.countDocuments({ lectureId: lecture.id })).toBe(0);
    // Not the time for the after-check yet.
    const tooSoon = await answer(lecture.id, wang!, { phase: 'after', answers: good });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error.message).toBe('请先答讲座前的题，讲座结束后再答一次');

    // Wang: 1 of 3 before. Five taps at once: one answer kept.
    const taps = await Promise.all(Array.from({ length: 5 }, () => answer(lecture.id, wang!, { phase: 'before', answers: good })));
    expect(taps.map((t) => t.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const done = taps.find((t) => t.status === 201)!.body;
    expect(done).toMatchObject({ phase: null, before: { correct: 1, total: 3 }, after: null, review: [] });
    expect(done.reason).toContain('讲座结束后');
    expect(await LectureCheckAnswerModel.countDocuments({ lectureId: lecture.id })).toBe(1);
    // Li: 2 of 3 before; Zhao: 3 of 3 before, and never comes back.
    expect((await answer(lecture.id, li!, { phase: 'before', answers: await answersFor(qs, [true, true, false]) })).status).toBe(201);
    expect((await answer(lecture.id, zhao!, { phase: 'before', answers: await answersFor(qs, [true, true, true]) })).status).toBe(201);

    // Wang accepts one WeChat message: it invites him back when the lecture ends.
    const invite = await api.request('POST', `/api/v1/lectures/${lecture.id}/check/invite`, { token: wang!.token, body: { templateId: TEMPLATE } });
    expect(invite.status).toBe(200);
    expect(Date.parse(invite.body.dueAt)).toBe(lecture.end.getTime());
    expect((await state(lecture.id, wang!)).body.invited).toBe(true);
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/check/invite`, { token: wang!.token, body: { templateId: 'someone-elses' } })).status).toBe(400);
    const task = api.tasks.find((t) => t.name === 'lecture-reminders')!;
    await task.run(new Date(lecture.end.getTime() - 60_000));
    expect(sent.filter((s) => s.page.includes('lecture-checks'))).toHaveLength(0);
    await task.run(new Date(lecture.end.getTime() + 60_000));
    const invitation = sent.filter((s) => s.page.includes('lecture-checks'));
    expect(invitation).toHaveLength(1);
    expect(invitation[0]).toMatchObject({ touser: 'dev:checks-wang', page: `packages/lecture-checks/pages/check/index?id=${lecture.id}` });
    expect(invitation[0].data.thing4.value.length).toBeLessThanOrEqual(20);

    // After the lecture: the same three again.
    setNow(new Date(lecture.end.getTime() + 2 * HOUR));
    const after = await state(lecture.id, wang!);
    expect(after.body.phase).toBe('after');
    expect(after.body.questions.map((q: any) => q.id)).toEqual(qs.map((q: any) => q.id));
    const wangAfter = await answer(lecture.id, wang!, { phase: 'after', answers: await answersFor(qs, [true, true, true]) });
    expect(wangAfter.status).toBe(201);
    expect(wangAfter.body).toMatchObject({ phase: null, reason: null, before: { correct: 1 }, after: { correct: 3, total: 3 } });
    // Now, and only now, the answers and why.
    expect(wangAfter.body.review).toHaveLength(3);
    expect(wangAfter.body.review[1]).toMatchObject({ before: [expect.any(String)], answer: expect.any(Array), explanation: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    expect((await answer(lecture.id, wang!, { phase: 'after', answers: await answersFor(qs, [true, true, true]) })).status).toBe(409);
    expect((await answer(lecture.id, li!, { phase: 'after', answers: await answersFor(qs, [true, true, false]) })).status).toBe(201);

    // Staff: 知晓率 over the two who answered both (Wang 1→3, Li 2→2): 50% → 83%; Zhao only before.
    const record = await api.request('GET', `/api/v1/lectures/${lecture.id}/awareness`, { token: staff.token });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ pairs: 2, beforeOnly: 1, before: 50, after: 83, title: '婚姻家庭编讲座' });
    expect(record.body.questions).toHaveLength(3);
    expect(record.body.questions[1]).toMatchObject({ before: 50, after: 100 });
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}/awareness`, { token: otherStaff.token })).status).toBe(404);
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}/awareness`, { token: wang!.token })).status).toBe(403);

    // The township report by topic.
    const report = await api.request('GET', '/api/v1/lecture-awareness?year=2026', { token: staff.token });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ year: 2026, townshipCode: T1, total: { pairs: 2, before: 50, after: 83 } });
    expect(report.body.topics.map((t: any) => t.topic).sort()).toEqual(['婚姻家庭', '继承']);
    expect(report.body.topics.every((t: any) => t.lectures === 1 && t.pairs === 2)).toBe(true);
    expect(report.body.lectures).toEqual([expect.objectContaining({ lectureId: lecture.id, pairs: 2, before: 50, after: 83 })]);
    expect((await api.request('GET', `/api/v1/lecture-awareness?townshipCode=${T1}`, { token: otherStaff.token })).status).toBe(403);
    const county = await api.request('GET', '/api/v1/lecture-awareness?year=2026', { token: admin.token });
    expect(county.body).toMatchObject({ townshipCode: null, total: { pairs: 2 } });
    const badYear = await api.request('GET', '/api/v1/lecture-awareness?year=1999', { token: admin.token });
    expect(badYear.status).toBe(400);
    expect(badYear.body.error.details[0].field).toBe('query.year');

    // A day later the after-check is closed.
    setNow(new Date(lecture.end.getTime() + 25 * HOUR));
    const late = await state(lecture.id, zhao!);
    expect(late.body).toMatchObject({ phase: null, before: { correct: 3 }, after: null });
    expect(late.body.reason).toContain('已经过了');
    // Nothing left to spoil: the answers and why, with what he chose before.
    expect(late.body.review).toHaveLength(3);
    expect(late.body.review[0]).toMatchObject({ after: [], answer: expect.any(Array), explanation: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  });

  it('asks nothing when the bank has no question on the lecture topics, and never blocks check-in', async () => {
    setNow(new Date('2026-05-12T09:00:00+08:00'));
    const lecture = await lectureNow(['村规民约'], '村规民约讲座');
    const sun = await api.loginAs('checks-sun', { townshipCode: T1 });
    await checkIn(lecture.id, sun);
    const s = await state(lecture.id, sun);
    expect(s.body).toMatchObject({ phase: null, questions: [], reason: '题库里还没有这场讲座主题的题，这次不用答' });
    const record = await api.request('GET', `/api/v1/lectures/${lecture.id}/awareness`, { token: staff.token });
    expect(record.body).toMatchObject({ pairs: 0, before: null, after: null, questions: [] });
  });

  it("shows, for each topic taught, the township's questions on it 13 weeks before its first lecture and after", async () => {
    // History (what months of 问一问 leave behind): questions on 继承 and 婚姻家庭 around the lecture of 11 May.
    const lectureAt = new Date('2026-05-11T09:10:00+08:00');
    const at = (days: number) => new Date(lectureAt.getTime() + days * 24 * HOUR);
    const asked = (topic: string, days: number, townshipCode = T1) => ({
      townshipCode, villageId: 'v1', villageName: '东关村', askerName: '某村民', text: '问题', tier: 'literate', state: 'answered', tierSince: at(days), askedAt: at(days), topic,
    });
    await ConsultationModel.insertMany([
      ...[-80, -40, -20, -10, -3].map((d) => asked('继承', d)),
      ...[5, 30].map((d) => asked('继承', d)),
      asked('继承', -5, T2),
      asked('婚姻家庭', -6),
      asked('相邻关系', -6),
    ]);
    setNow(new Date('2026-09-01T09:00:00+08:00'));
    // Months later: signed in afresh.
    [staff, admin] = await Promise.all([
      api.loginAs('checks-staff', { roles: ['township_staff'], staffTownshipCode: T1 }),
      api.loginAs('checks-admin', { roles: ['county_admin'] }),
    ]);
    const report = await api.request('GET', '/api/v1/lecture-awareness?year=2026', { token: staff.token });
    expect(report.status).toBe(200);
    const inherit = report.body.consultations.find((c: any) => c.topic === '继承');
    expect(inherit).toMatchObject({ before: 5, after: 2, afterDays: 91, lectureTitle: '婚姻家庭编讲座' });
    expect(inherit.weeks).toHaveLength(26);
    expect(inherit.weeks.filter((w: number | null) => w === null)).toHaveLength(0);
    expect(report.body.consultations.find((c: any) => c.topic === '婚姻家庭')).toMatchObject({ before: 1, after: 0 });
    // Only topics taught: nobody lectured on 相邻关系.
    expect(report.body.consultations.map((c: any) => c.topic)).not.toContain('相邻关系');
    // The whole county has no single township's trend.
    expect((await api.request('GET', '/api/v1/lecture-awareness?year=2026', { token: admin.token })).body.consultations).toEqual([]);
  });

  it('answers 404 for a lecture that does not exist and 400 for an id that is not one', async () => {
    const who = await api.loginAs('checks-zhou', { townshipCode: T1 });
    expect((await state('0123456789abcdef01234567', who)).status).toBe(404);
    const bad = await state('not-an-id', who);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('params.id');
  });
});
