import { beforeAll, describe, expect, it } from 'vitest';
import { createCivilCodeService } from '../../server/src/modules/civil-code/civil-code.service';
import { createSearchEngine, markWords, type SearchEngine } from '../../server/src/modules/search/search.engine';
import { compileLexicon, parseLexicon } from '../../server/src/modules/search/lexicon';
import { articleSource } from '../../server/src/modules/search/sources';
import { sharedTokenizer, STATUTE_TERMS } from '../../server/src/modules/search/tokenizer';
import { questionSearchSource } from '../../server/src/modules/quiz/questions.search';
import { SEED_QUESTIONS } from '../../server/src/modules/quiz/data/questions';
import { SEARCH_BLIND_SET } from '../support/search-eval-set';
import { ASKED_QUESTIONS, COVERAGE_SETS, type AskedQuestion } from '../../server/src/modules/search/data/asked';

const civilCode = createCivilCodeService();
const articles = civilCode.articles(Array.from({ length: civilCode.articleCount }, (_, i) => i + 1));
const statute = articles.map((a) => a.text).join('\n');
const rules = parseLexicon();
let engine: SearchEngine;

beforeAll(async () => {
  engine = createSearchEngine(civilCode, rules);
  engine.register(articleSource(articles));
  engine.register(questionSearchSource({ activeQuestions: async () => SEED_QUESTIONS as never }));
  await engine.reload('article');
  await engine.reload('question');
});

const top = (q: string, k = 3) => engine.search(q, ['article'], k).items.map((h) => h.number);

describe('tokenizer', () => {
  it('keeps statute terms whole', () => {
    const words = sharedTokenizer().cut('农村的宅基地和土地承包经营权，老人的居住权');
    for (const term of ['宅基地', '土地承包经营权', '居住权']) expect(words).toContain(term);
  });

  it('gives the words inside a long term too, for searching', () => {
    const words = sharedTokenizer().words('土地承包经营权');
    expect(words).toEqual(expect.arrayContaining(['土地承包经营权', '承包']));
  });

  it('drops punctuation and turns full-width digits into ASCII', () => {
    const words = sharedTokenizer().words('第１０４３条，“离婚”！');
    expect(words.join(' ')).not.toMatch(/[，“”！]/);
    expect(words.join('')).toContain('1043');
  });

  it('only ships statute terms the statute uses', () => {
    const missing = STATUTE_TERMS.filter((t) => !statute.includes(t));
    expect(missing).toEqual([]);
  });
});

describe('lexicon', () => {
  it('has at least 300 entries mapping lay words to statute terms, plus stop-words', () => {
    expect(rules.filter((r) => !r.stop).length).toBeGreaterThanOrEqual(300);
    expect(rules.filter((r) => r.stop).map((r) => r.word)).toEqual(expect.arrayContaining(['俺', '咋', '中不中']));
  });

  it('maps only to terms that occur in the statute text', () => {
    const missing = rules.flatMap((r) => r.terms.filter((t) => !statute.includes(t)).map((t) => `${r.word}→${t}`));
    expect(missing).toEqual([]);
  });

  it('carries the mappings the county asked for', () => {
    const lay = compileLexicon(rules).lay;
    expect(lay.get('闺女')).toContain('子女');
    expect(lay.get('打欠条')).toEqual(expect.arrayContaining(['借款合同']));
    expect(lay.get('狗咬')).toContain('饲养的动物');
    expect(lay.get('树枝砸')).toContain('林木折断');
    expect(lay.get('楼上扔东西')).toContain('从建筑物中抛掷物品');
    expect(lay.get('彩礼')).toContain('借婚姻索取财物');
    expect(lay.get('养老钱')).toContain('赡养费');
    expect(lay.get('不管老人')).toContain('赡养');
  });

  it('refuses a malformed line or a word given twice', () => {
    expect(() => parseLexicon('闺女 子女')).toThrow(/俗话/);
    expect(() => parseLexicon('闺女: 子女\n闺女: 女儿')).toThrow(/twice/);
  });

  it('reads a longer lay phrase over the words inside it, and finds phrases behind filler', () => {
    const lexicon = compileLexicon(rules);
    expect(lexicon.phrasesIn('俺让邻居家的狗咬了')).toContain('狗咬');
    expect(lexicon.phrasesIn('俺让邻居家的狗咬了')).not.toContain('狗');
    expect(lexicon.phrasesIn('大树倒了')).toEqual(expect.arrayContaining(['大树', '树倒了']));
  });

  it('does not read a word inside a question form (管不管 holds 不管, which means not looking after one’s parents)', () => {
    const lexicon = compileLexicon(rules);
    expect(lexicon.withoutStopPhrases('学校管不管').trim()).toBe('学校');
    const asked = engine.analyse('孩子在学校让同学打了，学校管不管');
    expect(asked.shown).not.toContain('不管');
    expect(asked.shown).not.toContain('赡养');
    // Said outright, it still is: 儿子不管他爹 is about 赡养; and a lay phrase reaching past the
    // question form keeps it whole (儿子管不管老人: 不管老人; 俺家里不同意: 家里不同意).
    expect(engine.analyse('儿子不管他爹').shown).toContain('赡养');
    expect(engine.analyse('儿子管不管老人').shown).toContain('赡养');
    expect(engine.analyse('俺家里不同意俺结婚').shown).toContain('干涉婚姻自由');
  });

  it('reads a child’s age only as a child’s, and no everyday word as a statute term (a lawyer’s review of the lexicon)', () => {
    // Lay phrases match inside longer text: a bare 七岁 fired inside 六十七岁.
    expect(engine.analyse('俺孙子才七岁').shown).toContain('无民事行为能力人');
    expect(engine.analyse('俺爹六十七岁了想立遗嘱').shown).not.toContain('无民事行为能力人');
    expect(engine.analyse('我要过户').shown).not.toContain('诉讼时效');
    expect(engine.analyse('她天天晒朋友圈').shown).not.toContain('公共道路上堆放');
    expect(engine.analyse('在厂里干活伤了手').shown).not.toContain('生产者');
  });
});

describe('ranking', () => {
  it.each([
    ['猪场的臭味熏得俺一家睡不着，能管不', 294],
    ['邻居 树 砸', 1257],
    ['楼上扔东西砸了人', 1254],
    ['让狗咬了', 1245],
    ['彩礼', 1042],
    ['宅基地', 362],
    ['居住权', 366],
    ['借钱没说利息', 680],
  ])('%s → 第%i条 in the first three', (q, n) => {
    expect(top(q)).toContain(n);
  });

  it('reads words that only say who (孩子, 俺哥) more lightly than what happened', () => {
    // At full weight 孩子 → 子女 未成年人 put the adoption articles (第1093条) first.
    expect(top('离婚后他不给孩子抚养费', 1)).toEqual([1085]);
    expect(top('俺娘想再找个老伴，俺哥不同意', 1)).toEqual([1069]);
  });

  it('needs no word to match: a query with an unknown word still finds the rest', () => {
    expect(top('邻居 树 砸 qwxz')).toContain(1257);
  });

  it('ignores filler entirely: with or without 俺/咋/中不中 the same first article', () => {
    // (俺爹 is not filler: it says who, and may rightly move the order.)
    expect(top('不管老人，俺咋办，中不中', 1)).toEqual(top('不管老人', 1));
  });

  it('jumps to an article number in every form', () => {
    for (const q of ['1043', '第1043条', '第一千零四十三条']) expect(engine.search(q, ['article'], 5).jump).toBe(1043);
  });

  it('marks the matched words in the answering sentence', () => {
    const hit = engine.search('猪场的臭味', ['article'], 5).items.find((h) => h.number === 294)!;
    expect(hit.sentence.filter((s) => s.hit).map((s) => s.text)).toContain('大气污染物');
    expect(markWords('禁止借婚姻索取财物。', ['借婚姻索取财物', '婚姻'])).toEqual([
      { text: '禁止', hit: false },
      { text: '借婚姻索取财物', hit: true },
      { text: '。', hit: false },
    ]);
  });

  it('finds an article by the words people asked about it in (a question citing it), and drops them with the question', async () => {
    const asked = createSearchEngine(civilCode, rules, []);
    let questions = [{ id: 'q-donkey', title: '俺家的驴尥蹶子把人踢伤了', body: '', meta: { articles: [1245] } }];
    asked.register(articleSource(articles));
    asked.register({ kind: 'question', load: async () => questions });
    await asked.reload('article');
    const numbers = () => asked.search('驴尥蹶子', ['article'], 3).items.map((h) => h.number);
    expect(numbers()).not.toContain(1245);
    await asked.reload('question');
    expect(numbers()).toContain(1245);
    questions = [];
    await asked.reload('question');
    expect(numbers()).not.toContain(1245);
  });

  it('shows the sentence that answered the most like question people asked, not the one with the most marks', async () => {
    const q = '我爸老年痴呆了，我哥拿他的存款给自己儿子买车，这合法吗';
    const sentenceWith = async (asked: { q: string; articles: number[]; evidence?: string[] }[]) => {
      const e = createSearchEngine(civilCode, rules, asked);
      e.register(articleSource(articles));
      await e.reload('article');
      const hit = e.search('俺爹老年痴呆了，俺哥拿他的存款去买车', ['article'], 10).items.find((h) => h.number === 35);
      return hit?.sentence.map((s) => s.text).join('');
    };
    // Without the answering words, the marks (监护人, 成年人) pick the sentence about minors' guardians.
    expect(await sentenceWith([{ q, articles: [35] }])).not.toContain('不得处分被监护人的财产');
    expect(await sentenceWith([{ q, articles: [35], evidence: ['不得处分被监护人的财产'] }])).toContain('不得处分被监护人的财产');
  });

  it('suggests the chapter of the best answer, not of the most middling hits', () => {
    const res = engine.search('俺娘守寡十几年了想再找个老伴，俺哥死活不叫，中不中', ['article'], 5);
    expect(res.items[0]?.number).toBe(1069);
    expect(res.chapter).toMatchObject({ book: '婚姻家庭' });
    expect(res.chapter!.from).toBeLessThanOrEqual(1069);
    expect(res.chapter!.to).toBeGreaterThanOrEqual(1069);
  });

  it('suggests the closest chapter even when nothing fits well', () => {
    const res = engine.search('qwxz', ['article'], 5);
    expect(res).toMatchObject({ items: [], weak: true });
    expect(engine.search('婚姻', ['article'], 5).chapter?.book).toBe('婚姻家庭');
  });
});

describe('the evaluation set (villagers’ own words)', () => {
  const sets = [...new Set(ASKED_QUESTIONS.map((c) => c.set))];

  const engineLearning = async (asked: AskedQuestion[]) => {
    const e = createSearchEngine(civilCode, rules, asked);
    e.register(articleSource(articles));
    e.register(questionSearchSource({ activeQuestions: async () => SEED_QUESTIONS as never }));
    await e.reloadAll();
    return e;
  };

  /**
   * Each set measured by an engine that learned from the other sets only (or, without learning,
   * by one engine that learned from none): questions it has not seen. Figures for the sets written
   * as people ask, and apart for the statute-coverage sets.
   */
  async function leaveOneSetOut(learning: boolean) {
    const ranks = { asked: [] as number[], coverage: [] as number[] };
    const misses: string[] = [];
    const none = learning ? null : await engineLearning([]);
    for (const set of sets) {
      const e = none ?? (await engineLearning(ASKED_QUESTIONS.filter((c) => c.set !== set)));
      for (const c of ASKED_QUESTIONS.filter((x) => x.set === set)) {
        const numbers = e.search(c.q, ['article'], 10).items.map((h) => h.number);
        const rank = numbers.findIndex((n) => n !== null && c.articles.includes(n));
        ranks[COVERAGE_SETS.has(set) ? 'coverage' : 'asked'].push(rank);
        if (!COVERAGE_SETS.has(set) && (rank < 0 || rank >= 3)) misses.push(`[${set}] ${c.q} → ${numbers.slice(0, 3).join(',')} (want ${c.articles.join('/')})`);
      }
    }
    const at = (list: number[], k: number) => list.filter((r) => r >= 0 && r < k).length / list.length;
    return { at1: at(ranks.asked, 1), at3: at(ranks.asked, 3), coverageAt3: at(ranks.coverage, 3), misses };
  }

  it('has at least 80 questions of every style', () => {
    expect(ASKED_QUESTIONS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(ASKED_QUESTIONS.map((c) => c.style))).toEqual(new Set(['spoken', 'dialect', 'keywords', 'story']));
  });

  it('asks each question once, in one set only (a blind question that also sits in the learned set is not blind)', () => {
    const all = [...ASKED_QUESTIONS, ...SEARCH_BLIND_SET].map((c) => c.q.replace(/[\s，。？！,.?!]/g, ''));
    expect(all.filter((q, i) => all.indexOf(q) !== i)).toEqual([]);
  });

  it('cites articles that really say what the set claims (checked against the statute text)', () => {
    const wrong = [...ASKED_QUESTIONS, ...SEARCH_BLIND_SET].flatMap((c) =>
      c.articles.flatMap((n, i) => (civilCode.article(n)?.text.includes(c.evidence[i] ?? '\u0000') ? [] : [`${c.q}: 第${n}条 lacks ${c.evidence[i]}`])),
    );
    expect(wrong).toEqual([]);
  });

  let learnedOnce: ReturnType<typeof leaveOneSetOut> | undefined;
  const learned = () => (learnedOnce ??= leaveOneSetOut(true));
  // Forty engines, each indexing the statute with some 3,000 questions: seconds, not milliseconds.
  const LEAVE_ONE_OUT_MS = 120_000;

  it('finds a cited article in the first three results for at least 85 % of the questions it did not learn from', async () => {
    const { at3, coverageAt3, misses } = await learned();
    expect(at3, `recall@3 ${at3.toFixed(3)} (statute-coverage sets: ${coverageAt3.toFixed(3)}); missed:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.85);
  }, LEAVE_ONE_OUT_MS);

  it('puts the answer first more often for having learned from other people’s questions', async () => {
    const lexiconOnly = await leaveOneSetOut(false);
    // Measured: recall@1 0.765 against 0.521 on the sets written as people ask; on the
    // statute-coverage sets, whose articles the others rarely ask about, recall@3 0.595 against 0.445.
    const withLearning = await learned();
    expect(withLearning.at1).toBeGreaterThan(lexiconOnly.at1 + 0.1);
    expect(withLearning.coverageAt3).toBeGreaterThan(lexiconOnly.coverageAt3);
  }, LEAVE_ONE_OUT_MS);
});
