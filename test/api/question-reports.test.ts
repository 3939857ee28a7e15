import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { QuestionReportModel } from '../../server/src/modules/quiz/reports.model';

let api: TestApi;
let editor: string; // propaganda: manages the bank
let admin: string; // county_admin: manages the bank too
let wang: { token: string; id: string };
let li: { token: string; id: string };
let townshipStaff: string;

beforeAll(async () => {
  api = await startTestApi();
  editor = (await api.loginAs('report-editor', { roles: ['propaganda'] })).token;
  admin = (await api.loginAs('report-admin', { roles: ['county_admin'] })).token;
  const w = await api.loginAs('report-wang');
  wang = { token: w.token, id: w.user.id };
  const l = await api.loginAs('report-li');
  li = { token: l.token, id: l.user.id };
  townshipStaff = (await api.loginAs('report-staff', { roles: ['township_staff'], staffTownshipCode: '410922100' })).token;
});
afterAll(() => api.close());

const report = (token: string, questionId: string, text: string) => api.request('POST', '/api/v1/quiz/question-reports', { token, body: { questionId, text } });
const stored = () => QuestionReportModel.countDocuments({});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reporting a doubtful question', () => {
  it('stores a resident’s report and gives it back with the question’s stem', async () => {
    const res = await report(wang.token, 'hy-001', '  结婚年龄的选项看不太明白  ');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ questionId: 'hy-001', text: '结婚年龄的选项看不太明白', status: 'open', answer: null, answeredAt: null });
    expect(res.body.stem).toContain('结婚的法定年龄');
  });

  it('refuses a second report on the same question while the first is open, with a clear 409, and stores nothing', async () => {
    const before = await stored();
    const res = await report(wang.token, 'hy-001', '再说一遍');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('您已经报过这道题');
    expect(await stored()).toBe(before);
  });

  it('stores exactly one of two reports sent at the same moment', async () => {
    const before = await stored();
    const results = await Promise.all([report(li.token, 'jc-001', '第一条'), report(li.token, 'jc-001', '第二条'), report(li.token, 'jc-001', '第三条')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await stored()).toBe(before + 1);
  });

  it.each([
    ['an empty text', '', 'body.text', '请写几句话'],
    ['only spaces', '   \n ', 'body.text', '请写几句话'],
    ['301 characters', '错'.repeat(301), 'body.text', '300'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, text, field, words) => {
    const before = await stored();
    const res = await report(wang.token, 'zz-001', text);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
    expect(res.body.error.message).toContain(words);
    expect(await stored()).toBe(before);
  });

  it('accepts exactly 300 characters', async () => {
    const res = await report(wang.token, 'zz-001', '错'.repeat(300));
    expect(res.status).toBe(201);
  });

  it('refuses a report without a question (400 naming questionId) and a question that does not exist (404)', async () => {
    const missing = await api.request('POST', '/api/v1/quiz/question-reports', { token: wang.token, body: { text: '有问题' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('body.questionId');
    const unknown = await report(wang.token, 'zz-999', '有问题');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('找不到这道题');
  });

  it('needs a signed-in person', async () => {
    expect((await api.request('POST', '/api/v1/quiz/question-reports', { body: { questionId: 'hy-001', text: '有问题' } })).status).toBe(401);
  });
});

describe('staff who manage the bank', () => {
  it('see the reports grouped by question, the group with the latest report first, texts latest first, without who sent them', async () => {
    await pause(20);
    await report(li.token, 'hy-001', '我也觉得这道题的选项有点绕');
    await pause(20);
    const res = await api.request('GET', '/api/v1/quiz/question-reports', { token: editor });
    expect(res.status).toBe(200);
    const ids = res.body.groups.map((g: any) => g.questionId);
    expect(ids[0]).toBe('hy-001');
    expect(new Set(ids)).toEqual(new Set(['hy-001', 'jc-001', 'zz-001']));
    const hy = res.body.groups[0];
    expect(hy).toMatchObject({ count: 2, questionStatus: 'active', book: '婚姻家庭' });
    expect(hy.reports.map((r: any) => r.text)).toEqual(['我也觉得这道题的选项有点绕', '结婚年龄的选项看不太明白']);
    expect(hy.content.answer).toEqual(['B']);
    expect(res.body.openTotal).toBe(4);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(wang.id);
    expect(text).not.toContain(li.id);
  });

  it('are the only ones who see them: residents and township staff get 403', async () => {
    for (const token of [wang.token, townshipStaff]) {
      expect((await api.request('GET', '/api/v1/quiz/question-reports', { token })).status).toBe(403);
      expect((await api.request('POST', '/api/v1/quiz/question-reports/hy-001/answer', { token, body: { answer: '谢谢' } })).status).toBe(403);
    }
    expect((await api.request('GET', '/api/v1/quiz/question-reports', { token: admin })).status).toBe(200);
  });

  it('refuse an empty answer or one over 500 characters with a 400 naming the field, and close nothing', async () => {
    for (const answer of ['  ', '答'.repeat(501)]) {
      const res = await api.request('POST', '/api/v1/quiz/question-reports/hy-001/answer', { token: editor, body: { answer } });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('body.answer');
    }
    expect(await QuestionReportModel.countDocuments({ questionId: 'hy-001', status: 'open' })).toBe(2);
  });

  it('answer every open report on a question at once, which closes them; each reporter sees the answer under 我的报错', async () => {
    const res = await api.request('POST', '/api/v1/quiz/question-reports/hy-001/answer', { token: editor, body: { answer: '谢谢指出，选项已改得更清楚。' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answered: 2 });
    for (const person of [wang, li]) {
      const mine = await api.request('GET', '/api/v1/quiz/question-reports/mine', { token: person.token });
      const item = mine.body.items.find((i: any) => i.questionId === 'hy-001');
      expect(item).toMatchObject({ status: 'answered', answer: '谢谢指出，选项已改得更清楚。' });
      expect(item.answeredAt).toMatch(/^\d{4}-/);
    }
    const open = await api.request('GET', '/api/v1/quiz/question-reports', { token: editor });
    expect(open.body.groups.map((g: any) => g.questionId)).not.toContain('hy-001');
    expect(open.body.openTotal).toBe(2);
    const answered = await api.request('GET', '/api/v1/quiz/question-reports?status=answered', { token: editor });
    expect(answered.body.groups[0]).toMatchObject({ questionId: 'hy-001', count: 2 });
    expect(answered.body.groups[0].reports[0].answer).toBe('谢谢指出，选项已改得更清楚。');
  });

  it('refuse to answer a question with no open report (409)', async () => {
    const res = await api.request('POST', '/api/v1/quiz/question-reports/hy-001/answer', { token: editor, body: { answer: '再回复一次' } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('没有待回复的报错');
  });

  it('let the person report the same question again once the earlier report was answered', async () => {
    const res = await report(wang.token, 'hy-001', '改过以后还是有点不对');
    expect(res.status).toBe(201);
    const mine = await api.request('GET', '/api/v1/quiz/question-reports/mine', { token: wang.token });
    const onHy = mine.body.items.filter((i: any) => i.questionId === 'hy-001');
    expect(onHy.map((i: any) => i.status)).toEqual(['open', 'answered']);
  });

  it('can retire a reported question; a retired question takes no new reports', async () => {
    const retire = await api.request('PUT', '/api/v1/quiz/questions/jc-001/status', { token: editor, body: { status: 'retired' } });
    expect(retire.status).toBe(200);
    const groups = await api.request('GET', '/api/v1/quiz/question-reports', { token: editor });
    expect(groups.body.groups.find((g: any) => g.questionId === 'jc-001').questionStatus).toBe('retired');
    const res = await report(wang.token, 'jc-001', '这道题不对');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('停用');
  });
});

describe('a person’s own reports', () => {
  it('are theirs alone', async () => {
    const mine = await api.request('GET', '/api/v1/quiz/question-reports/mine', { token: li.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((i: any) => i.id.includes(li.id))).toBe(true);
    expect(mine.body.items.map((i: any) => i.questionId).sort()).toEqual(['hy-001', 'jc-001']);
  });
});
