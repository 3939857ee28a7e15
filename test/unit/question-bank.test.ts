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

/** Points a blind legal review raised (issue 20); each test keeps one correction in place. */
describe('corrections from the legal review', () => {
  const q = (id: string) => {
    const found = SEED_QUESTIONS.find((x) => x.id === id);
    if (!found) throw new Error(`no seed question ${id}`);
    return found.content;
  };
  const optionTexts = (id: string) => q(id).options.map((o) => o.text);

  it('hy-010: the will says the house belongs to the daughter alone (第1063条第三项), not merely "to her"', () => {
    expect(q('hy-010').stem).toContain('只归女儿个人所有');
    expect(q('hy-010').stem).not.toContain('只留给女儿一人');
    expect(q('hy-010').articles).toContain(1063);
  });

  it('hy-003: the explanation names the pre-1994 事实婚姻 exception that elderly couples rely on', () => {
    expect(q('hy-003').explanation).toContain('1994年2月1日');
    expect(q('hy-003').explanation).toContain('事实婚姻');
    expect(q('hy-003').stem).toMatch(/^现在/);
  });

  it('jc-024: the stem no longer gives the old man children and then asks about having no heirs', () => {
    const { stem } = q('jc-024');
    expect(stem).not.toMatch(/子女都|儿子|女儿/);
    expect(stem).toContain('没有');
    expect(stem).toContain('继承人');
    expect(q('jc-024').articles).toEqual([1145]);
  });

  it('rg-020: a village committee is not a state organ, so 第1039条 is not cited', () => {
    expect(q('rg-020').articles).not.toContain(1039);
    expect(q('rg-020').articles).toContain(1038);
    expect(q('rg-020').explanation).not.toContain('国家机关');
  });

  it('hy-015: the rule that renouncing an inheritance does not end the duty of support is sourced to 老年人权益保障法第十九条', () => {
    expect(q('hy-015').explanation).toContain('《老年人权益保障法》第十九条');
  });

  it('zz-026: the unauthorised sublease is qualified by 表见代理 (第172条)', () => {
    expect(q('zz-026').articles).toContain(172);
    expect(q('zz-026').explanation).toContain('表见代理');
    expect(q('zz-026').stem).toContain('知道刘某没有授权');
  });

  it('wq-026: says a rural house cannot generally be sold outside the village collective', () => {
    expect(q('wq-026').explanation).toContain('本集体经济组织以外');
    expect(q('wq-026').articles).toContain(363);
  });

  it('wq-010: collective ownership of homestead land is cited from 第260条 or 第261条', () => {
    expect(q('wq-010').articles.some((n) => n === 260 || n === 261)).toBe(true);
  });

  it('jc-022: the stem asks for an order, and every option is an order of all three', () => {
    expect(q('jc-022').stem).toContain('谁先谁后');
    for (const text of optionTexts('jc-022')) {
      expect(text).toMatch(/^先.+，再.+，最后.+$/);
      for (const part of ['法定继承', '遗嘱', '遗赠扶养协议']) expect(text).toContain(part);
    }
    expect(new Set(optionTexts('jc-022')).size).toBe(4);
    expect(q('jc-022').answer).toEqual(['C']);
    expect(optionTexts('jc-022')[2]).toBe('先遗赠扶养协议，再遗嘱，最后法定继承');
  });

  it('wq-004: no option is true by definition (「其他合法方式」)', () => {
    expect(optionTexts('wq-004').some((t) => t.includes('其他') || t.includes('合法方式'))).toBe(false);
    expect(q('wq-004').answer).toEqual(['A', 'B']);
  });

  it('no choice question in the bank offers 「其他合法方式」 or 「以上都对」 as an option', () => {
    const vague = SEED_QUESTIONS.filter((x) => x.content.type !== 'truefalse' && x.content.options.some((o) => /其他合法|以上都对|以上全对/.test(o.text))).map((x) => x.id);
    expect(vague).toEqual([]);
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
