import { CIVIL_CODE_BOOKS, type CivilCodeBook, type QuestionContent } from '@qf/shared';
import { QuestionModel } from '../../server/src/modules/quiz/questions.model';

/**
 * A small, known question set for the quiz-mode suites, written straight into the bank's
 * collection on the real database: three per book (single, multiple, true/false), so tests know
 * every answer. Article numbers are real articles of each book.
 */
const ARTICLE_OF_BOOK: Record<CivilCodeBook, number> = {
  总则: 17,
  物权: 240,
  合同: 679,
  人格权: 1034,
  婚姻家庭: 1067,
  继承: 1127,
  侵权责任: 1245,
};

export interface FixtureQuestion {
  id: string;
  content: QuestionContent;
}

export function fixtureQuestions(): FixtureQuestion[] {
  return CIVIL_CODE_BOOKS.flatMap((book, b) => {
    const article = ARTICLE_OF_BOOK[book];
    return [
      {
        id: `fx-${b}-s`,
        content: {
          type: 'single',
          stem: `${book}单选题：哪一项是对的？`,
          options: [
            { key: 'A', text: '第一项' },
            { key: 'B', text: '第二项' },
            { key: 'C', text: '第三项' },
            { key: 'D', text: '第四项' },
          ],
          answer: ['B'],
          explanation: `${book}单选题的解析。`,
          articles: [article],
          book,
          difficulty: 1,
          tags: [],
        },
      },
      {
        id: `fx-${b}-m`,
        content: {
          type: 'multiple',
          stem: `${book}多选题：哪些是对的？`,
          options: [
            { key: 'A', text: '甲' },
            { key: 'B', text: '乙' },
            { key: 'C', text: '丙' },
            { key: 'D', text: '丁' },
            { key: 'E', text: '戊' },
          ],
          answer: ['A', 'C'],
          explanation: `${book}多选题的解析。`,
          articles: [article, article + 1],
          book,
          difficulty: 2,
          tags: [],
        },
      },
      {
        id: `fx-${b}-t`,
        content: {
          type: 'truefalse',
          stem: `${book}判断题：这句话是对的。`,
          options: [
            { key: 'A', text: '正确' },
            { key: 'B', text: '错误' },
          ],
          answer: ['A'],
          explanation: `${book}判断题的解析。`,
          articles: [article],
          book,
          difficulty: 1,
          tags: [],
        },
      },
    ] satisfies FixtureQuestion[];
  });
}

export async function insertFixtureQuestions(): Promise<Map<string, FixtureQuestion>> {
  const questions = fixtureQuestions();
  await QuestionModel.insertMany(questions.map((q) => ({ _id: q.id, status: 'active', content: q.content, origin: 'staff', version: 1 })));
  return new Map(questions.map((q) => [q.id, q]));
}

/** The right answer to a fixture question, or a wrong one. */
export function answerFor(q: FixtureQuestion, right: boolean): string[] {
  if (right) return [...q.content.answer];
  return q.content.type === 'multiple' ? ['A'] : [q.content.answer[0] === 'A' ? 'B' : 'A'];
}

/** Fails when a response body carries an answer key or an explanation. */
export function expectNoAnswers(body: unknown) {
  const text = JSON.stringify(body);
  for (const leak of ['"answer"', '"explanation"', '"correct"', '"isCorrect"', '"keys"']) {
    if (text.includes(leak)) throw new Error(`response leaks ${leak}: ${text.slice(0, 300)}`);
  }
}

/**
 * Signs in a person with a Chinese display name (the dev login's `name` must be Latin, so it is
 * derived from the display name) and sets their township or roles.
 */
export async function loginPerson(
  api: { request: (m: string, p: string, o?: { body?: unknown }) => Promise<{ status: number; body: any }>; loginAs: (name: string, o?: any) => Promise<{ token: string; user: any }> },
  displayName: string,
  options: { townshipCode?: string; roles?: string[]; staffTownshipCode?: string } = {},
) {
  const name = `p${[...displayName].map((c) => c.codePointAt(0)!.toString(16)).join('')}`.slice(0, 40);
  const first = await api.request('POST', '/api/v1/auth/dev', { body: { name, displayName } });
  if (first.status !== 200) throw new Error(`dev login failed: ${JSON.stringify(first.body)}`);
  return api.loginAs(name, options);
}
