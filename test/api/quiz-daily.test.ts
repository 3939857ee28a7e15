import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { answerFor, expectNoAnswers, insertFixtureQuestions, loginPerson, type FixtureQuestion } from './quiz-fixtures';

const CHENGGUAN = '410922100';
const GUCHENG = '410922106';

let api: TestApi;
let bank: Map<string, FixtureQuestion>;
let now = new Date('2026-03-15T02:00:00Z');

beforeAll(async () => {
  api = await startTestApi({}, { clock: () => now });
  bank = await insertFixtureQuestions();
});
afterAll(() => api.close());

async function resident(name: string, townshipCode = CHENGGUAN) {
  return (await loginPerson(api, name, { townshipCode })).token;
}

/** Answers a daily set with the first `wrong` questions wrong and the rest right. */
function sheet(ids: string[], wrong: number) {
  return { answers: ids.map((id, i) => ({ questionId: id, answer: answerFor(bank.get(id)!, i >= wrong) })) };
}

describe('每日答题', () => {
  it('gives five questions without answers or explanations, the same five on reopening', async () => {
    const token = await resident('张大爷');
    const first = await api.request('GET', '/api/v1/quiz/daily', { token });
    expect(first.status).toBe(200);
    expect(first.body.questions).toHaveLength(5);
    expect(first.body.submitted).toBe(false);
    expect(first.body.result).toBeNull();
    expectNoAnswers(first.body);
    const books = first.body.questions.map((q: { book: string }) => q.book);
    expect(new Set(books).size).toBe(5);
    const again = await api.request('GET', '/api/v1/quiz/daily', { token });
    expect(again.body.questions.map((q: { id: string }) => q.id)).toEqual(first.body.questions.map((q: { id: string }) => q.id));
  });

  it('gives the same five to many simultaneous first opens of one person', async () => {
    const token = await resident('李大娘');
    const all = await Promise.all(Array.from({ length: 10 }, () => api.request('GET', '/api/v1/quiz/daily', { token })));
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200));
    expect(new Set(all.map((r) => JSON.stringify(r.body.questions.map((q: { id: string }) => q.id)))).size).toBe(1);
  });

  it('scores on the server, explains each answer with the article text, and keeps a streak', async () => {
    const token = await resident('王小明');
    const daily = await api.request('GET', '/api/v1/quiz/daily', { token });
    const ids = daily.body.questions.map((q: { id: string }) => q.id);
    const res = await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 1) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ score: 80, correctCount: 4, total: 5, streak: 1 });
    const wrongItem = res.body.items[0];
    expect(wrongItem.isCorrect).toBe(false);
    expect(wrongItem.correct).toEqual(bank.get(ids[0])!.content.answer);
    expect(wrongItem.explanation).toContain('解析');
    expect(wrongItem.articles[0].number).toBe(bank.get(ids[0])!.content.articles[0]);
    expect(wrongItem.articles[0].text).toMatch(/\S{10,}/);

    const reopened = await api.request('GET', '/api/v1/quiz/daily', { token });
    expect(reopened.body.submitted).toBe(true);
    expect(reopened.body.result.score).toBe(80);
    expect(reopened.body.streak).toBe(1);
  });

  it('scores a day once: a second submission, even with other answers, gets the stored result', async () => {
    const token = await resident('赵四');
    const ids = (await api.request('GET', '/api/v1/quiz/daily', { token })).body.questions.map((q: { id: string }) => q.id);
    const results = await Promise.all([
      api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 2) }),
      api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 2) }),
      api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 2) }),
    ]);
    expect(results.map((r) => r.body.score)).toEqual([60, 60, 60]);
    const later = await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 0) });
    expect(later.status).toBe(200);
    expect(later.body.score).toBe(60);
    const book = await api.request('GET', '/api/v1/quiz/wrong-book', { token });
    expect(book.body.total).toBe(2);
    expect(book.body.items.map((i: { wrongCount: number }) => i.wrongCount)).toEqual([1, 1]);
  });

  it('counts the streak up on consecutive days and starts again after a missed day', async () => {
    const name = '孙阿姨';
    let token = await resident(name);
    const doDay = async () => {
      const ids = (await api.request('GET', '/api/v1/quiz/daily', { token })).body.questions.map((q: { id: string }) => q.id);
      return (await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: sheet(ids, 0) })).body.streak;
    };
    const start = now;
    try {
      expect(await doDay()).toBe(1);
      now = new Date(start.getTime() + 86_400_000);
      token = await resident(name);
      const tomorrow = await api.request('GET', '/api/v1/quiz/daily', { token });
      expect(tomorrow.body.submitted).toBe(false);
      expect(tomorrow.body.streak).toBe(1);
      expect(await doDay()).toBe(2);
      now = new Date(start.getTime() + 3 * 86_400_000);
      token = await resident(name);
      expect((await api.request('GET', '/api/v1/quiz/me', { token })).body).toMatchObject({ streak: 0, bestStreak: 2, dailyDoneToday: false });
      expect(await doDay()).toBe(1);
    } finally {
      now = start;
    }
  });

  it.each([
    ['an unknown question id', (ids: string[]) => [{ questionId: 'no-such-question', answer: ['A'] }, ...ids.slice(1).map((id) => ({ questionId: id, answer: ['A'] }))], 'body.answers.0.questionId'],
    ['a question that is not in today’s five', (_ids: string[], other: string) => [{ questionId: other, answer: ['A'] }], 'body.answers.0.questionId'],
    ['an option letter that does not exist', () => [{ questionId: 'X', answer: ['G'] }], 'body.answers.0.answer.0'],
    ['repeated letters', (ids: string[]) => [{ questionId: ids[0], answer: ['A', 'A'] }], 'body.answers.0.answer'],
    ['the same question twice', (ids: string[]) => [{ questionId: ids[0], answer: ['A'] }, { questionId: ids[0], answer: ['B'] }], 'body.answers'],
  ])('refuses %s with a clear 400 and changes nothing', async (_label, build, field) => {
    const token = await resident(`坏输入${_label.length}${_label.slice(-4)}`);
    const ids = (await api.request('GET', '/api/v1/quiz/daily', { token })).body.questions.map((q: { id: string }) => q.id) as string[];
    const other = [...bank.keys()].find((id) => !ids.includes(id))!;
    const res = await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: { answers: build(ids, other) } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    const after = await api.request('GET', '/api/v1/quiz/daily', { token });
    expect(after.body.submitted).toBe(false);
    expect((await api.request('GET', '/api/v1/quiz/wrong-book', { token })).body.total).toBe(0);
  });

  it('refuses a letter beyond a question’s own options (E on a four-option question) with 400', async () => {
    const token = await resident('选项E');
    const daily = await api.request('GET', '/api/v1/quiz/daily', { token });
    const four = daily.body.questions.find((q: { options: unknown[] }) => q.options.length === 4) ?? daily.body.questions.find((q: { options: unknown[] }) => q.options.length === 2);
    const res = await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: { answers: [{ questionId: four.id, answer: ['E'] }] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.answers.0.answer');
    expect((await api.request('GET', '/api/v1/quiz/daily', { token })).body.submitted).toBe(false);
  });

  it('refuses two letters on a single-choice question', async () => {
    const token = await resident('单选两个');
    const daily = await api.request('GET', '/api/v1/quiz/daily', { token });
    const single = daily.body.questions.find((q: { type: string }) => q.type !== 'multiple');
    const res = await api.request('POST', '/api/v1/quiz/daily/submit', { token, body: { answers: [{ questionId: single.id, answer: ['A', 'B'] }] } });
    expect(res.status).toBe(400);
  });

  it('needs a signed-in user', async () => {
    expect((await api.request('GET', '/api/v1/quiz/daily')).status).toBe(401);
  });
});

describe('专项练习', () => {
  it('draws up to ten questions of the chosen book without answers', async () => {
    const token = await resident('练习者');
    const res = await api.request('GET', '/api/v1/quiz/practice?book=继承', { token });
    expect(res.status).toBe(200);
    expect(res.body.book).toBe('继承');
    expect(res.body.questions.length).toBe(3);
    expect(res.body.questions.every((q: { book: string }) => q.book === '继承')).toBe(true);
    expectNoAnswers(res.body);
  });

  it('refuses an unknown book with 400', async () => {
    const token = await resident('练习者');
    const res = await api.request('GET', `/api/v1/quiz/practice?book=${encodeURIComponent('刑法')}`, { token });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('query.book');
  });

  it('answers instantly with right or wrong, the explanation and the article text, and files wrong answers in the 错题本', async () => {
    const token = await resident('练习者二');
    const q = bank.get('fx-5-m')!;
    const wrong = await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: q.id, answer: ['A', 'C', 'D'] } });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ isCorrect: false, correct: ['A', 'C'], given: ['A', 'C', 'D'], inWrongBook: true, correctInARow: 0 });
    expect(wrong.body.explanation).toBe(q.content.explanation);
    expect(wrong.body.articles.map((a: { number: number }) => a.number)).toEqual(q.content.articles);
    expect(wrong.body.articles[0].text).toMatch(/\S{10,}/);
    const right = await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: q.id, answer: ['C', 'A'] } });
    expect(right.body).toMatchObject({ isCorrect: true, inWrongBook: true, correctInARow: 1 });
  });

  it('refuses an unknown question id or a letter the question does not have with 400', async () => {
    const token = await resident('练习者三');
    const unknown = await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: 'nope-1', answer: ['A'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('body.questionId');
    const letter = await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: 'fx-0-t', answer: ['C'] } });
    expect(letter.status).toBe(400);
    expect(letter.body.error.details[0].field).toBe('body.answer');
    expect((await api.request('GET', '/api/v1/quiz/wrong-book', { token })).body.total).toBe(0);
  });
});

describe('错题本', () => {
  it('keeps every wrong answer and lets a question go after two correct answers in a row', async () => {
    const token = await resident('错题本用户');
    const q = bank.get('fx-2-s')!;
    await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: q.id, answer: ['A'] } });
    let book = await api.request('GET', '/api/v1/quiz/wrong-book', { token });
    expect(book.body.items.map((i: { question: { id: string } }) => i.question.id)).toEqual([q.id]);
    expectNoAnswers(book.body);

    const redo = (answer: string[]) => api.request('POST', '/api/v1/quiz/wrong-book/answers', { token, body: { questionId: q.id, answer } });
    expect((await redo(['B'])).body).toMatchObject({ isCorrect: true, inWrongBook: true, correctInARow: 1 });
    expect((await redo(['C'])).body).toMatchObject({ isCorrect: false, inWrongBook: true, correctInARow: 0 });
    expect((await redo(['B'])).body).toMatchObject({ inWrongBook: true, correctInARow: 1 });
    expect((await redo(['B'])).body).toMatchObject({ inWrongBook: false, correctInARow: 2 });
    book = await api.request('GET', '/api/v1/quiz/wrong-book', { token });
    expect(book.body.total).toBe(0);
    expect((await redo(['B'])).status).toBe(404);
  });

  it('filters by book and counts how often a question was answered wrong', async () => {
    const token = await resident('错题本二');
    for (const answer of [['A'], ['C']]) await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: 'fx-4-s', answer } });
    await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: 'fx-1-t', answer: ['B'] } });
    const all = await api.request('GET', '/api/v1/quiz/wrong-book', { token });
    expect(all.body.total).toBe(2);
    const marriage = await api.request('GET', `/api/v1/quiz/wrong-book?book=${encodeURIComponent('婚姻家庭')}`, { token });
    expect(marriage.body.items).toHaveLength(1);
    expect(marriage.body.items[0]).toMatchObject({ wrongCount: 2, correctInARow: 0 });
    expect((await api.request('GET', '/api/v1/quiz/me', { token })).body.wrongBookCount).toBe(2);
  });
});

describe('精准普法 weak spots', () => {
  it('shows a township’s staff the articles its people got wrong most in the last 90 days', async () => {
    const people = await Promise.all(['固城甲', '固城乙', '固城丙'].map((n) => resident(n, GUCHENG)));
    // 1067 wrong three times, 1034 once; a correct answer counts nothing
    for (const token of people) await api.request('POST', '/api/v1/quiz/practice/answers', { token, body: { questionId: 'fx-4-s', answer: ['A'] } });
    await api.request('POST', '/api/v1/quiz/practice/answers', { token: people[0], body: { questionId: 'fx-3-t', answer: ['B'] } });
    await api.request('POST', '/api/v1/quiz/practice/answers', { token: people[1], body: { questionId: 'fx-6-t', answer: ['A'] } });

    const staff = (await loginPerson(api, '固城司法所', { roles: ['township_staff'], staffTownshipCode: GUCHENG })).token;
    const res = await api.request('GET', `/api/v1/quiz/weak-spots/${GUCHENG}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ article: 1067, wrongCount: 3, book: '婚姻家庭' });
    expect(res.body.items[0].text).toMatch(/\S{10,}/);
    expect(res.body.items[1]).toMatchObject({ article: 1034, wrongCount: 1, book: '人格权' });
    expect(res.body.items).toHaveLength(2);
    expect(res.body).toMatchObject({ answers: 5, wrongAnswers: 4 });
    expect(res.body.suggestedTopics).toEqual(['婚姻家庭', '人格权']);
  });

  it('forgets wrong answers older than 90 days', async () => {
    const start = now;
    try {
      now = new Date(start.getTime() + 91 * 86_400_000);
      const staff = (await loginPerson(api, '固城司法所', { roles: ['township_staff'], staffTownshipCode: GUCHENG })).token;
      api.services.quiz.weakSpots.clearCache();
      const res = await api.request('GET', `/api/v1/quiz/weak-spots/${GUCHENG}`, { token: staff });
      expect(res.body.items).toEqual([]);
    } finally {
      now = start;
    }
  });

  it('refuses other townships’ staff (403) and residents (403), and lets the county admin look', async () => {
    const otherStaff = (await loginPerson(api, '城关司法所', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN })).token;
    expect((await api.request('GET', `/api/v1/quiz/weak-spots/${GUCHENG}`, { token: otherStaff })).status).toBe(403);
    expect((await api.request('GET', `/api/v1/quiz/weak-spots/${GUCHENG}`, { token: await resident('群众') })).status).toBe(403);
    const admin = (await loginPerson(api, '县局', { roles: ['county_admin'] })).token;
    expect((await api.request('GET', `/api/v1/quiz/weak-spots/${GUCHENG}`, { token: admin })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/quiz/weak-spots/123', { token: admin })).status).toBe(400);
  });
});

describe('rate limits', () => {
  it('limits submissions per person, not per address: a neighbour on the same address is not affected', async () => {
    const busy = await resident('刷题的人');
    const ids = (await api.request('GET', '/api/v1/quiz/daily', { token: busy })).body.questions.map((q: { id: string }) => q.id);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await api.request('POST', '/api/v1/quiz/daily/submit', { token: busy, body: sheet(ids, 0) })).status);
    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(statuses.at(-1)).toBe(429);
    const neighbour = await resident('同一个办公室');
    const nIds = (await api.request('GET', '/api/v1/quiz/daily', { token: neighbour })).body.questions.map((q: { id: string }) => q.id);
    expect((await api.request('POST', '/api/v1/quiz/daily/submit', { token: neighbour, body: sheet(nIds, 0) })).status).toBe(200);
  });
});
