import { describe, expect, it } from 'vitest';
import { CIVIL_CODE_BOOKS, QuestionContent, checkQuotations, findQuotations } from '@qf/shared';
import { SEED_QUESTIONS } from '../../server/src/modules/quiz/data/questions';
import { createCivilCodeService } from '../../server/src/modules/civil-code/civil-code.service';

const civilCode = createCivilCodeService();

describe('the seed question bank', () => {
  it('has at least 210 questions with unique ids', () => {
    expect(SEED_QUESTIONS.length).toBeGreaterThanOrEqual(210);
    const ids = SEED_QUESTIONS.map((q) => q.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it.each(CIVIL_CODE_BOOKS.map((b) => [b]))('has at least 25 questions for the %s book', (book) => {
    expect(SEED_QUESTIONS.filter((q) => q.content.book === book).length).toBeGreaterThanOrEqual(25);
  });

  it('mixes single choice, multiple choice and true/false questions in every book', () => {
    for (const book of CIVIL_CODE_BOOKS) {
      const types = new Set(SEED_QUESTIONS.filter((q) => q.content.book === book).map((q) => q.content.type));
      expect([book, [...types].sort()]).toEqual([book, ['multiple', 'single', 'truefalse']]);
    }
  });

  it('parses every question with the shared contract', () => {
    const failures = SEED_QUESTIONS.flatMap((q) => {
      const r = QuestionContent.safeParse(q.content);
      return r.success ? [] : [`${q.id}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(failures).toEqual([]);
  });

  it('cites only articles that exist, and every question cites at least one article of its own book', () => {
    const failures = SEED_QUESTIONS.flatMap((q) => {
      const missing = q.content.articles.filter((n) => civilCode.article(n) === null);
      if (missing.length > 0) return [`${q.id}: no article ${missing.join(', ')}`];
      if (!q.content.articles.some((n) => civilCode.bookOf(n) === q.content.book)) return [`${q.id}: no cited article is in ${q.content.book}`];
      return [];
    });
    expect(failures).toEqual([]);
  });

  it('quotes statute text inside 「」 verbatim from one of the cited articles', () => {
    const failures = SEED_QUESTIONS.flatMap((q) => {
      const texts = q.content.articles.map((n) => civilCode.article(n)?.text ?? '');
      return checkQuotations(q.content.explanation, texts).map((p) => `${q.id}: ${p.message} 「${p.quotation}」`);
    });
    expect(failures).toEqual([]);
  });

  it('quotes the statute in most explanations, so most citations are checked word for word', () => {
    const quoting = SEED_QUESTIONS.filter((q) => findQuotations(q.content.explanation).length > 0).length;
    expect(quoting / SEED_QUESTIONS.length).toBeGreaterThan(0.9);
  });

  it('gives no question the same stem twice', () => {
    const stems = SEED_QUESTIONS.map((q) => q.content.stem);
    expect(stems.filter((s, i) => stems.indexOf(s) !== i)).toEqual([]);
  });

  it('passes the same content checks the server applies to staff edits', async () => {
    const { createQuestionsService } = await import('../../server/src/modules/quiz/questions.service');
    const service = createQuestionsService({ civilCode });
    const failures = SEED_QUESTIONS.flatMap((q) => service.contentProblems(QuestionContent.parse(q.content)).map((p) => `${q.id}: ${p.message}`));
    expect(failures).toEqual([]);
  });
});

describe('checkQuotations', () => {
  const text = '成年子女对父母负有赡养、扶助和保护的义务。';
  it.each([
    ['法律说「成年子女对父母负有赡养」。', []],
    ['法律说「成年子女对父母负有赡养义务」。', ['解析中的「成年子女对父母负有赡养义务」与所引法条原文不一致']],
    ['法律说「成年子女对父母负有赡养。', ['解析中的「」没有成对出现']],
    ['没有引文。', []],
  ])('checks %s', (explanation, expected) => {
    expect(checkQuotations(explanation, [text]).map((p) => p.message)).toEqual(expected);
  });
});
