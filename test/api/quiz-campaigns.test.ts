import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { AttemptResultModel } from '../../server/src/modules/quiz/campaigns.model';
import { answerFor, expectNoAnswers, insertFixtureQuestions, loginPerson, type FixtureQuestion } from './quiz-fixtures';

const CHENGGUAN = '410922100';
const GUCHENG = '410922106';
const LIUTA = '410922200';

let api: TestApi;
let bank: Map<string, FixtureQuestion>;
let now = new Date('2026-12-04T01:00:00Z');
let admin: string;

beforeAll(async () => {
  api = await startTestApi({}, { clock: () => now });
  bank = await insertFixtureQuestions();
  admin = (await loginPerson(api, '县局管理员', { roles: ['county_admin'] })).token;
});
afterAll(() => api.close());

const minutes = (m: number) => m * 60_000;

function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '宪法宣传周民法典知识竞赛',
    description: '全县 17 个乡镇共同参加',
    opensAt: new Date(now.getTime() - minutes(60)).toISOString(),
    closesAt: new Date(now.getTime() + minutes(7 * 24 * 60)).toISOString(),
    questionCount: 10,
    books: [],
    timeLimitSeconds: 600,
    attemptsAllowed: 2,
    passMark: 60,
    ...overrides,
  };
}

async function createCampaign(overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/v1/quiz/campaigns', { token: admin, body: campaignBody(overrides) });
  if (res.status !== 201) throw new Error(`campaign not created: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function person(name: string, townshipCode = CHENGGUAN) {
  return (await loginPerson(api, name, { townshipCode })).token;
}

/** An answer sheet for an attempt's questions with exactly `right` of them right. */
function sheetFor(questions: { id: string }[], right: number) {
  return { answers: questions.map((q, i) => ({ questionId: q.id, answer: answerFor(bank.get(q.id)!, i < right) })) };
}

describe('creating campaigns', () => {
  it('lets the county admin create one and refuses everybody else with 403', async () => {
    const id = await createCampaign();
    const detail = await api.request('GET', `/api/v1/quiz/campaigns/${id}`, { token: admin });
    expect(detail.body).toMatchObject({ title: '宪法宣传周民法典知识竞赛', phase: 'open', questionCount: 10, attemptsAllowed: 2, passMark: 60 });
    const staff = (await loginPerson(api, '乡镇干部', { roles: ['township_staff', 'propaganda'], staffTownshipCode: CHENGGUAN })).token;
    expect((await api.request('POST', '/api/v1/quiz/campaigns', { token: staff, body: campaignBody() })).status).toBe(403);
  });

  it.each([
    ['a close before the open', { closesAt: new Date(now.getTime() - minutes(120)).toISOString() }, 'body.closesAt'],
    ['more questions than the pool has', { questionCount: 4, books: ['继承'] }, 'body.questionCount'],
    ['an unknown book', { books: ['刑法'] }, 'body.books.0'],
    ['an unknown field', { prize: '电饭锅' }, 'body.prize'],
    ['a pass mark above 100', { passMark: 120 }, 'body.passMark'],
  ])('refuses %s with 400', async (_label, overrides, field) => {
    const res = await api.request('POST', '/api/v1/quiz/campaigns', { token: admin, body: campaignBody(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('lets the admin change a campaign and lists campaigns by phase', async () => {
    const id = await createCampaign({ title: '待修改的竞赛' });
    const patched = await api.request('PATCH', `/api/v1/quiz/campaigns/${id}`, { token: admin, body: { title: '改过的竞赛', opensAt: new Date(now.getTime() + minutes(60)).toISOString() } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: '改过的竞赛', phase: 'upcoming' });
    const upcoming = await api.request('GET', '/api/v1/quiz/campaigns?phase=upcoming', { token: admin });
    expect(upcoming.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const resident = await person('看竞赛的人');
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token: resident });
    expect(start.status).toBe(409);
  });
});

describe('taking a campaign', () => {
  it('gives a shuffled attempt without answers and scores the submission on the server', async () => {
    const id = await createCampaign({ questionCount: 12 });
    const token = await person('答题人甲');
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    expect(start.status).toBe(200);
    expectNoAnswers(start.body);
    expect(start.body).toMatchObject({ n: 1, status: 'open', result: null });
    expect(start.body.questions).toHaveLength(12);
    expect(new Date(start.body.deadline).getTime() - new Date(start.body.startedAt).getTime()).toBe(600_000);
    const other = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token: await person('答题人乙') });
    expect(other.body.questions.map((q: { id: string }) => q.id)).not.toEqual(start.body.questions.map((q: { id: string }) => q.id));

    const reread = await api.request('GET', `/api/v1/quiz/campaigns/${id}/attempts/1`, { token });
    expectNoAnswers(reread.body);

    const res = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 9) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ score: 75, correctCount: 9, total: 12, passed: true, n: 1 });
    expect(res.body.items[11]).toMatchObject({ isCorrect: false });
    expect(res.body.items[11].explanation).toContain('解析');
    expect(res.body.certificateCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const after = await api.request('GET', `/api/v1/quiz/campaigns/${id}/attempts/1`, { token });
    expect(after.body.status).toBe('submitted');
    expect(after.body.result.score).toBe(75);
  });

  it('scores an attempt once however many submissions race, and answers repeats with the stored result', async () => {
    const id = await createCampaign();
    const token = await person('连点交卷的人');
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, i % 2 ? 10 : 3) })),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(new Set(results.map((r) => r.body.score)).size).toBe(1);
    expect(await AttemptResultModel.countDocuments({ campaignId: id })).toBe(1);
    const again = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 10) });
    expect(again.body.score).toBe(results[0]!.body.score);
    const board = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`, { token });
    expect(board.body.items.find((t: { townshipCode: string }) => t.townshipCode === CHENGGUAN)).toMatchObject({ participants: 1 });
    const book = await api.request('GET', '/api/v1/quiz/wrong-book', { token });
    expect(book.body.items.every((i: { wrongCount: number }) => i.wrongCount === 1)).toBe(true);
  });

  it('keeps one open attempt per person: simultaneous starts get the same attempt', async () => {
    const id = await createCampaign();
    const token = await person('连点开始的人');
    const starts = await Promise.all(Array.from({ length: 10 }, () => api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token })));
    expect(starts.map((s) => s.status)).toEqual(starts.map(() => 200));
    expect(new Set(starts.map((s) => s.body.n))).toEqual(new Set([1]));
    expect(new Set(starts.map((s) => JSON.stringify(s.body.questions))).size).toBe(1);
    const detail = await api.request('GET', `/api/v1/quiz/campaigns/${id}`, { token });
    expect(detail.body.mine).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1, openAttempt: 1 });
  });

  it('refuses attempts beyond the allowance with 409', async () => {
    const id = await createCampaign({ attemptsAllowed: 2 });
    const token = await person('答两次的人');
    for (const n of [1, 2]) {
      const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
      expect(start.body.n).toBe(n);
      await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/${n}/submit`, { token, body: sheetFor(start.body.questions, 5) });
    }
    const third = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('2 次');
  });

  it('enforces the deadline on the server: a few seconds of grace, then 409 and no score', async () => {
    const id = await createCampaign({ timeLimitSeconds: 60, attemptsAllowed: 3 });
    const token = await person('慢的人');
    const start0 = now;
    try {
      const first = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
      now = new Date(start0.getTime() + 64_000);
      const inGrace = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(first.body.questions, 10) });
      expect(inGrace.status).toBe(200);

      const second = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
      expect(second.body.n).toBe(2);
      now = new Date(now.getTime() + 66_000);
      const late = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/2/submit`, { token, body: sheetFor(second.body.questions, 10) });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toContain('超过答题时间');
      const view = await api.request('GET', `/api/v1/quiz/campaigns/${id}/attempts/2`, { token });
      expect(view.body).toMatchObject({ status: 'expired', result: null });
      expectNoAnswers(view.body);
      // the expired attempt used up a try; a new start gives attempt 3
      expect((await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token })).body.n).toBe(3);
    } finally {
      now = start0;
    }
  });

  it('refuses starts before the campaign opens and after it closes with 409', async () => {
    const later = await createCampaign({ opensAt: new Date(now.getTime() + minutes(30)).toISOString() });
    const token = await person('早到的人');
    expect((await api.request('POST', `/api/v1/quiz/campaigns/${later}/attempts`, { token })).status).toBe(409);
    const over = await createCampaign({ opensAt: new Date(now.getTime() - minutes(120)).toISOString(), closesAt: new Date(now.getTime() - minutes(1)).toISOString() });
    expect((await api.request('POST', `/api/v1/quiz/campaigns/${over}/attempts`, { token })).status).toBe(409);
  });

  it('lets a person without a township take part: on the people board, on no township board', async () => {
    const id = await createCampaign();
    const token = (await loginPerson(api, '没选乡镇的人')).token;
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    expect(start.status).toBe(200);
    await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 10) });
    expect((await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/people`)).body.items).toEqual([{ rank: 1, name: '没****人', townshipName: null, score: 100 }]);
    const towns = (await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`)).body.items;
    expect(towns.reduce((sum: number, t: { participants: number }) => sum + t.participants, 0)).toBe(0);
  });

  it.each([
    ['a question that is not in the attempt', (qs: { id: string }[], other: string) => ({ answers: [{ questionId: other, answer: ['A'] }] }), 'body.answers.0.questionId'],
    ['an unknown question id', () => ({ answers: [{ questionId: 'no-such-question', answer: ['A'] }] }), 'body.answers.0.questionId'],
    ['an option letter the question does not have', (qs: { id: string }[]) => ({ answers: [{ questionId: qs.find((q) => bank.get(q.id)!.content.type === 'truefalse')!.id, answer: ['D'] }] }), 'body.answers.0.answer'],
    ['an option letter that does not exist at all', (qs: { id: string }[]) => ({ answers: [{ questionId: qs[0]!.id, answer: ['Z'] }] }), 'body.answers.0.answer.0'],
    ['answers not in a list', () => ({ answers: { q: 'A' } }), 'body.answers'],
  ])('refuses %s with 400 and leaves the attempt open', async (label, build, field) => {
    const id = await createCampaign({ questionCount: 20 });
    const token = await person(`坏卷${label.length}`);
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    const inAttempt = new Set(start.body.questions.map((q: { id: string }) => q.id));
    const other = [...bank.keys()].find((q) => !inAttempt.has(q))!;
    const res = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: build(start.body.questions, other) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await api.request('GET', `/api/v1/quiz/campaigns/${id}/attempts/1`, { token })).body.status).toBe('open');
    const ok = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 20) });
    expect(ok.body.score).toBe(100);
  });

  it('does not let practice reveal the answer of a question in an open attempt (409)', async () => {
    const id = await createCampaign();
    const token = await person('想偷看的人');
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    const q = start.body.questions[0];
    const peek = await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: q.id, answer: ['A'] } });
    expect(peek.status).toBe(409);
    expectNoAnswers(peek.body);
    await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 10) });
    expect((await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: q.id, answer: ['A'] } })).status).toBe(200);
  });

  it('refuses another person’s attempt as not found', async () => {
    const id = await createCampaign();
    const owner = await person('卷主');
    await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token: owner });
    const stranger = await person('路人');
    expect((await api.request('GET', `/api/v1/quiz/campaigns/${id}/attempts/1`, { token: stranger })).status).toBe(404);
    expect((await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token: stranger, body: { answers: [] } })).status).toBe(404);
  });
});

describe('leaderboards and certificates', () => {
  let id: string;
  const scores: Record<string, { township: string; right: number }> = {
    王小明: { township: CHENGGUAN, right: 10 },
    李秀英: { township: CHENGGUAN, right: 5 },
    张三: { township: GUCHENG, right: 8 },
    欧阳娜娜: { township: GUCHENG, right: 9 },
    赵四: { township: LIUTA, right: 3 },
  };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    id = await createCampaign({ passMark: 80, attemptsAllowed: 3 });
    for (const [name, { township, right }] of Object.entries(scores)) {
      tokens[name] = await person(name, township);
      const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token: tokens[name] });
      await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token: tokens[name], body: sheetFor(start.body.questions, right) });
    }
  });

  it('ranks people by best score with masked names and no ids or openids', async () => {
    // Public, like a notice board: no sign-in needed.
    const res = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/people`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { rank: 1, name: '王*明', townshipName: '城关镇', score: 100 },
      { rank: 2, name: '欧**娜', townshipName: '固城镇', score: 90 },
      { rank: 3, name: '张*', townshipName: '固城镇', score: 80 },
      { rank: 4, name: '李*英', townshipName: '城关镇', score: 50 },
      { rank: 5, name: '赵*', townshipName: '六塔乡', score: 30 },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/dev:|openid|userId|王小明/);
    expect((await api.request('GET', '/api/v1/quiz/campaigns/5f0000000000000000000000/leaderboard/people')).status).toBe(404);
  });

  it('shows every township with participants, pass rate and average score', async () => {
    const res = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`, { token: tokens['赵四'] });
    expect(res.body.items).toHaveLength(17);
    expect(res.body.items[0]).toMatchObject({ rank: 1, townshipCode: GUCHENG, townshipName: '固城镇', participants: 2, passed: 2, passRate: 100, averageScore: 85 });
    expect(res.body.items[1]).toMatchObject({ rank: 2, townshipCode: CHENGGUAN, participants: 2, passed: 1, passRate: 50, averageScore: 75 });
    expect(res.body.items[2]).toMatchObject({ townshipCode: LIUTA, participants: 1, passed: 0, passRate: 0, averageScore: 30 });
    expect(res.body.items[3]).toMatchObject({ participants: 0, averageScore: 0 });
  });

  it('counts a person’s best attempt once on the boards, and a better retry raises it', async () => {
    const token = tokens['李秀英']!;
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    expect(start.body.n).toBe(2);
    const res = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/2/submit`, { token, body: sheetFor(start.body.questions, 9) });
    expect(res.body).toMatchObject({ score: 90, passed: true });
    const towns = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`, { token });
    expect(towns.body.items.find((t: { townshipCode: string }) => t.townshipCode === CHENGGUAN)).toMatchObject({ participants: 2, passed: 2, passRate: 100, averageScore: 95 });
    const worse = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/3/submit`, { token, body: sheetFor(worse.body.questions, 1) });
    const people = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/people`, { token });
    expect(people.body.items.filter((p: { name: string }) => p.name === '李*英')).toEqual([{ rank: 2, name: '李*英', townshipName: '城关镇', score: 90 }]);
  });

  it('puts the township of the first start on the certificate, even when the person moved before submitting', async () => {
    const campaign = await createCampaign({ passMark: 80 });
    const token = await person('搬家的人', GUCHENG);
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${campaign}/attempts`, { token });
    expect((await api.request('PATCH', '/api/v1/me', { token, body: { townshipCode: LIUTA } })).status).toBe(200);
    const res = await api.request('POST', `/api/v1/quiz/campaigns/${campaign}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 10) });
    expect(res.body).toMatchObject({ score: 100, passed: true });
    const check = await api.request('GET', `/api/v1/certificates/${res.body.certificateCode}`);
    expect(check.body).toMatchObject({ valid: true, townshipName: '固城镇', score: 100 });
  });

  it('gives passers a certificate that anyone can verify with the name masked', async () => {
    const token = tokens['欧阳娜娜']!;
    const mine = await api.request('GET', '/api/v1/quiz/certificates', { token });
    expect(mine.body.items).toHaveLength(1);
    const cert = mine.body.items[0];
    expect(cert).toMatchObject({ holderName: '欧阳娜娜', townshipName: '固城镇', campaignTitle: '宪法宣传周民法典知识竞赛', score: 90 });
    const check = await api.request('GET', `/api/v1/certificates/${cert.code}`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: true, code: cert.code, holderName: '欧**娜', score: 90, campaignTitle: '宪法宣传周民法典知识竞赛', townshipName: '固城镇' });
    expect(check.body.issuedAt).toBe(cert.issuedAt);
    expect(JSON.stringify(check.body)).not.toContain('欧阳娜娜');
  });

  it('draws the certificate as an SVG with the full name for its holder only', async () => {
    const token = tokens['张三']!;
    const code = (await api.request('GET', '/api/v1/quiz/certificates', { token })).body.items[0].code;
    const svg = await api.request('GET', `/api/v1/quiz/certificates/${code}/svg`, { token });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    for (const text of ['张三', '宪法宣传周民法典知识竞赛', '80', code, '2026年12月4日']) expect(svg.body).toContain(text);
    expect((await api.request('GET', `/api/v1/quiz/certificates/${code}/svg`, { token: tokens['赵四'] })).status).toBe(403);
  });

  it('gives no certificate to those below the pass mark and answers unknown codes with 404', async () => {
    expect((await api.request('GET', '/api/v1/quiz/certificates', { token: tokens['赵四'] })).body.items).toEqual([]);
    expect((await api.request('GET', '/api/v1/certificates/ABCDEFGHJK')).status).toBe(404);
    expect((await api.request('GET', '/api/v1/certificates/abc')).status).toBe(400);
  });
});

describe('recovering from a crash', () => {
  it('settles the leaderboard and certificate from a stored result whose follow-up was cut short', async () => {
    const id = await createCampaign({ passMark: 60 });
    const token = await person('断电那天交卷的人', GUCHENG);
    const start = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token });
    const me = (await api.request('GET', '/api/v1/me', { token })).body;
    // What the submission stored before the process stopped: the result, nothing else.
    await AttemptResultModel.create({
      _id: `${id}:${me.id}:1`,
      campaignId: id,
      userId: me.id,
      n: 1,
      answers: start.body.questions.map((q: { id: string }) => ({ questionId: q.id, given: bank.get(q.id)!.content.answer.join(''), correct: bank.get(q.id)!.content.answer.join(''), isCorrect: true })),
      correctCount: 10,
      score: 100,
      passed: true,
      submittedAt: now,
    });
    const repeat = await api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(start.body.questions, 0) });
    expect(repeat.body).toMatchObject({ score: 100, passed: true });
    expect(repeat.body.certificateCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const detail = await api.request('GET', `/api/v1/quiz/campaigns/${id}`, { token });
    expect(detail.body.mine).toMatchObject({ bestScore: 100, passed: true, openAttempt: null, attemptsUsed: 1 });
    expect(detail.body.mine.certificateCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect((await api.request('GET', `/api/v1/certificates/${detail.body.mine.certificateCode}`)).body).toMatchObject({ valid: true, score: 100 });
    const board = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`);
    expect(board.body.items[0]).toMatchObject({ townshipCode: GUCHENG, participants: 1, passed: 1, averageScore: 100 });
    expect(detail.body.mine.certificateCode).toBe(repeat.body.certificateCode);
  });
});

describe('many participants at once', () => {
  it('starts and scores 90 people concurrently with exact boards and no lost or double-scored attempts', async () => {
    const id = await createCampaign({ passMark: 60 });
    const townships = [CHENGGUAN, GUCHENG, LIUTA];
    const people = await Promise.all(Array.from({ length: 90 }, (_, i) => person(`群众${i}`, townships[i % 3])));
    const starts = await Promise.all(people.map((token) => api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts`, { token })));
    expect(starts.filter((s) => s.status !== 200)).toEqual([]);
    const submits = await Promise.all(
      people.map((token, i) => api.request('POST', `/api/v1/quiz/campaigns/${id}/attempts/1/submit`, { token, body: sheetFor(starts[i]!.body.questions, i % 11) })),
    );
    expect(submits.filter((s) => s.status !== 200)).toEqual([]);
    expect(await AttemptResultModel.countDocuments({ campaignId: id })).toBe(90);
    const board = await api.request('GET', `/api/v1/quiz/campaigns/${id}/leaderboard/townships`, { token: people[0] });
    const rows = board.body.items.filter((t: { participants: number }) => t.participants > 0);
    expect(rows.map((r: { participants: number }) => r.participants)).toEqual([30, 30, 30]);
    const passers = submits.filter((s) => s.body.passed).length;
    expect(rows.reduce((sum: number, r: { passed: number }) => sum + r.passed, 0)).toBe(passers);
  }, 120_000);
});
