import { SEARCH_KINDS, parseArticleNumber, type CivilCodeToc, type SearchChapterSuggestion, type SearchHit, type SearchKind, type SearchResult, type SearchSegment } from '@qf/shared';
import { buildIndex, score, type BuiltIndex, type WeightedTerm } from './bm25';
import { ASKED_QUESTIONS } from './data/asked';
import { compileLexicon, type Lexicon, type LexiconRule } from './lexicon';
import { normalize, sharedTokenizer } from './tokenizer';
import type { SearchDocument, SearchSource } from './search.types';

/** Weight of a statute term that came from the lexicon, against a word the asker typed (1). */
const EXPANSION_WEIGHT = 0.6;
/**
 * Weight of the statute terms of a lay word that only says who (闺女 → 子女, 俺哥 → 兄弟姐妹):
 * people name their family in nearly every question, so at full weight these pulled the articles
 * that list relatives (the order of succession, adoption) above the one about what happened.
 * Measured on five reviewers' sets: recall@3 up on each (0.713 → 0.725 … 0.957 → 0.971), none down.
 */
const PERSON_WEIGHT = 0.4;
/**
 * Below this best score nothing fits well: the app says so (still listing what it found) and
 * offers to ask a person, and the miss feeds the township's hot topics. The asked words lift every
 * score (a rare word of one shipped question, 火星 for a spark, gave 火星移民签证 9.3), so it was
 * measured again: at 12, 0.3 % of the questions whose article is in the first three are called
 * weak (leaving one set out), and 19 of 30 questions the Code does not answer (红烧肉怎么做,
 * 高考志愿怎么填 …); at 6 it was 0.0 % and 9 of 30.
 */
export const WEAK_SCORE = 12;
const SENTENCE_MAX = 120;
const EMBEDDED_NUMBER = /第\s*([0-9０-９零〇一二三四五六七八九十百千两]+)\s*条/;

interface Analysed {
  /** Terms looked up, with weights. */
  terms: WeightedTerm[];
  /** The words as typed (filler out). */
  words: string[];
  /** Strings to mark in the answering sentence: typed words and statute terms. */
  marks: string[];
  /** What the asker is told we looked for. */
  shown: string[];
}

/** What the engine needs of the Civil Code feature: its table of contents, for chapter suggestions. */
export interface ArticleLookup {
  articleCount: number;
  toc(): CivilCodeToc;
}

/** A question someone put and the articles that answer it; per article, words of it that answer. */
export interface Asked {
  q: string;
  articles: readonly number[];
  evidence?: readonly string[];
}

/**
 * The in-memory search: one BM25F index per kind, rebuilt from that kind's registered source on
 * `reload(kind)`. Pure computation over memory; the service around it adds the database.
 * `asked` are the questions it learns from besides the bank's and the FAQ's (by default the
 * shipped ones, data/asked.ts; the evaluation passes a part of them).
 */
export function createSearchEngine(civilCode: ArticleLookup, rules: readonly LexiconRule[], asked: readonly Asked[] = ASKED_QUESTIONS) {
  let lexicon: Lexicon = compileLexicon(rules);
  const tokenizer = sharedTokenizer(rules.flatMap((r) => r.terms));
  const sources = new Map<SearchKind, SearchSource>();
  const indexes = new Map<SearchKind, BuiltIndex>();
  const loaded = new Map<SearchKind, SearchDocument[]>();
  const chapters = civilCode.toc().books.flatMap((b) => b.chapters.map((c) => ({ book: b.book, index: c.index, title: c.title, from: c.from, to: c.to })));

  function rebuild(kind: SearchKind) {
    if (kind === 'article') buildArticles();
    else indexes.set(kind, buildIndex(loaded.get(kind) ?? [], tokenizer, lexicon));
    // A changed question or FAQ changes what the articles it cites are found by (below).
    if (kind !== 'article' && loaded.has('article') && askedSignature() !== articlesBuiltWith) buildArticles();
    idfs.clear();
    expansions.clear();
  }

  async function load(kind: SearchKind): Promise<SearchDocument[]> {
    const source = sources.get(kind);
    return source ? source.load() : [];
  }

  /** Articles first (SEARCH_KINDS starts with them): built with every kind's questions, the others then find them current. */
  function reindexAll() {
    for (const kind of SEARCH_KINDS) if (loaded.has(kind)) rebuild(kind);
  }

  /**
   * What people asked about an article finds the article: the words of the questions people put
   * (the shipped ones, a bank question's stem, an answered consultation's question) go into the
   * `asked` field of the articles they cite, each time they are used, so the words many askers
   * use for an article weigh most. Questions are put the way people talk, so they reach articles
   * the lexicon does not. Measured on questions the search had not seen (reviewers' sets written
   * for it, each read once): recall@3 0.594 → 0.819 when it first learned from 1,119 questions;
   * 0.680 → 0.920 on the last two sets, with 3,075 (data/asked.ts tells the whole story).
   */
  let articlesBuiltWith = '';
  function askedSignature(): string {
    // Sorted: a source may list the same documents in another order, which changes nothing.
    return [...loaded].filter(([k]) => k !== 'article').flatMap(([k, docs]) => docs.map((d) => `${k}:${d.title}→${citedBy(d).join(',')}`)).sort().join('\n');
  }
  function citedBy(d: SearchDocument): number[] {
    return Array.isArray(d.meta?.articles) ? (d.meta.articles as number[]) : [];
  }
  function buildArticles() {
    const signature = askedSignature();
    indexes.set('article', buildIndex(articlesWithAskedWords(), tokenizer, lexicon));
    articlesBuiltWith = signature;
  }
  /** Per article, the shipped questions citing it with the words of it that answered them (their index in `asked`, and those words). */
  let answered = new Map<number, { question: number; phrase: string }[]>();
  /** Which shipped questions hold a word: the likeness of a search to each is summed from these. */
  let askedWith = new Map<string, number[]>();
  function articlesWithAskedWords(): SearchDocument[] {
    const docs = loaded.get('article') ?? [];
    const byArticle = new Map<number, string[]>();
    answered = new Map();
    askedWith = new Map();
    const take = (title: string, cited: readonly number[], question?: number) => {
      // Read as a search reads (question forms such as 管不管 blanked first), so they put no word
      // into the index that a search would never look up.
      const words = tokenizer.words(lexicon.withoutStopPhrases(normalize(title))).filter((w) => !lexicon.stop.has(w));
      if (question !== undefined) {
        for (const w of new Set(words)) {
          const list = askedWith.get(w);
          if (list) list.push(question);
          else askedWith.set(w, [question]);
        }
      }
      cited.forEach((n, i) => {
        const list = byArticle.get(n);
        if (list) list.push(...words);
        else byArticle.set(n, [...words]);
        const phrase = question !== undefined ? asked[question]!.evidence?.[i] : undefined;
        if (!phrase) return;
        const answers = answered.get(n);
        if (answers) answers.push({ question: question!, phrase });
        else answered.set(n, [{ question: question!, phrase }]);
      });
    };
    asked.forEach((a, i) => take(a.q, a.articles, i));
    for (const [k, others] of loaded) if (k !== 'article') for (const d of others) take(d.title, citedBy(d));
    return docs.map((d) => {
      const words = byArticle.get(Number(d.meta?.number));
      return words ? { ...d, askedWords: words } : d;
    });
  }

  // Asked on every search: a term's IDF (over all kinds) and a statute term's words only change when an index is rebuilt.
  const idfs = new Map<string, number>();
  const expansions = new Map<string, string[]>();
  const wordsOfTerm = (term: string) => {
    let words = expansions.get(term);
    if (!words) expansions.set(term, (words = tokenizer.words(term)));
    return words;
  };
  // A document's sentences, split once when first shown (not on every search that shows it).
  const sentencesOf = new WeakMap<SearchDocument, string[]>();

  /**
   * One IDF over all kinds together, so scores of an article, a question and an FAQ compare (a kind
   * with a handful of documents would otherwise give every word a near-zero weight).
   */
  function idf(term: string): number {
    const known = idfs.get(term);
    if (known !== undefined) return known;
    const value = idfOver(term);
    if (idfs.size < 50_000) idfs.set(term, value);
    return value;
  }

  function idfOver(term: string): number {
    let n = 0;
    let df = 0;
    for (const index of indexes.values()) {
      n += index.docs.length;
      const list = index.postings.get(term);
      if (list) df += list.to - list.from;
    }
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function analyse(q: string): Analysed {
    const text = lexicon.withoutStopPhrases(normalize(q));
    const weights = new Map<string, number>();
    const marks = new Set<string>();
    const shown: string[] = [];
    const add = (term: string, w: number) => {
      if (lexicon.stop.has(term)) return;
      weights.set(term, Math.max(weights.get(term) ?? 0, w));
    };
    const kept: string[] = [];
    for (const word of tokenizer.words(text)) {
      if (lexicon.stop.has(word)) continue;
      kept.push(word);
      add(word, 1);
      marks.add(word);
      if (!shown.includes(word)) shown.push(word);
    }
    // Lay phrases are looked for in the words as typed and with the filler taken out
    // (不让俺走 → 不让走), so a 俺 or 咋 in the middle does not hide them.
    const stripped = jiebaJoin(tokenizer.cut(text), lexicon.stop);
    for (const phrase of new Set([...lexicon.phrasesIn(text), ...lexicon.phrasesIn(stripped)])) {
      add(phrase, 1);
      if (!shown.includes(phrase)) shown.push(phrase);
      const weight = lexicon.whoOnly.has(phrase) ? PERSON_WEIGHT : EXPANSION_WEIGHT;
      for (const term of lexicon.lay.get(phrase) ?? []) {
        marks.add(term);
        if (!shown.includes(term)) shown.push(term);
        for (const w of wordsOfTerm(term)) add(w, weight);
      }
    }
    return { terms: [...weights].map(([term, weight]) => ({ term, weight })), words: kept, marks: [...marks], shown };
  }

  /** What a sentence earns for holding a mark: rarer and longer words say more. Once per search, not per sentence. */
  function markWeights(marks: readonly string[]): number[] {
    return marks.map((m) => idf(m) + m.length * 0.1);
  }

  /** What shows a hit: the marks and their weights, and how alike the search is to each shipped question. */
  interface Showing {
    marks: readonly string[];
    weights: readonly number[];
    likeness: Float64Array;
  }

  // Per shipped question, the IDFs of the words it shares with the current search (searches run
  // one at a time on the event loop, so one array serves them all; the last search's entries are
  // zeroed first).
  let likeness = new Float64Array(0);
  const liked: number[] = [];
  function likenessTo(words: readonly string[]): Float64Array {
    if (likeness.length !== asked.length) likeness = new Float64Array(asked.length);
    for (const q of liked) likeness[q] = 0;
    liked.length = 0;
    for (const w of new Set(words)) {
      const questions = askedWith.get(w);
      if (!questions) continue;
      const v = idf(w);
      for (const q of questions) {
        const had = likeness[q]!;
        if (had === 0) liked.push(q);
        likeness[q] = had + v;
      }
    }
    return likeness;
  }

  /** The words of the article that answered the shipped question most like this search, if any shares a word. */
  function answeringPhrase(number: number, likeness: Float64Array): string | null {
    let best: string | null = null;
    let bestShared = 0;
    for (const a of answered.get(number) ?? []) {
      const shared = likeness[a.question]!;
      if (shared > bestShared) [best, bestShared] = [a.phrase, shared];
    }
    return best;
  }

  /**
   * The sentence to show: the one holding the words that answered the most similar shipped
   * question (an article found through what people asked often shares no word with the asker, so
   * the marks alone picked the wrong sentence a quarter of the time), else the one holding the
   * most and rarest marks.
   */
  function bestSentence(doc: SearchDocument, { marks, weights, likeness }: Showing): SearchSegment[] {
    const body = doc.body;
    let sentences = sentencesOf.get(doc);
    if (!sentences) sentencesOf.set(doc, (sentences = body.split(/(?<=[。；！？\n])/).map((s) => s.trim()).filter(Boolean)));
    const number = doc.meta?.number;
    const phrase = typeof number === 'number' ? answeringPhrase(number, likeness) : null;
    let best = (phrase && sentences.find((s) => s.includes(phrase))) || sentences[0] || body;
    if (!phrase || !best.includes(phrase)) {
      let bestScore = -1;
      for (const s of sentences) {
        let v = 0;
        for (let i = 0; i < marks.length; i += 1) if (s.includes(marks[i]!)) v += weights[i]!;
        if (v > bestScore) [best, bestScore] = [s, v];
      }
    }
    // A long sentence is cut around the answering words when there are some, else around the marks.
    return markWords(trimAround(best, phrase && best.includes(phrase) ? [phrase] : marks), marks);
  }

  function hitFor(kind: SearchKind, index: BuiltIndex, doc: number, s: number, showing: Showing): SearchHit {
    const d = index.docs[doc]!;
    const meta = d.meta ?? {};
    return {
      kind,
      id: d.id,
      number: typeof meta.number === 'number' ? meta.number : null,
      title: d.title,
      where: typeof meta.where === 'string' ? meta.where : '',
      sentence: bestSentence(d, showing),
      score: Math.round(s * 100) / 100,
      articles: citedBy(d),
    };
  }

  /**
   * The chapter holding an article: the one suggested beside the results is the best article's.
   * (Summing the scores of the first ten by chapter, as before, let a chapter of many middling hits
   * outvote the answer's own: 十几年 put 诉讼时效 beside a question whose first hit was 第1069条.
   * On the tuned set the suggested chapter held a wanted article 74 % of the time that way, 88 % now.)
   */
  function chapterOf(number: number): SearchChapterSuggestion | null {
    return chapters.find((c) => number >= c.from && number <= c.to) ?? null;
  }

  /** When no word matched: the chapter whose title and text share the most characters pairs with the query. */
  function closestChapterByText(q: string): SearchChapterSuggestion | null {
    const articles = loaded.get('article') ?? [];
    const pairs = new Set<string>();
    const text = normalize(q).replace(/[^\p{Script=Han}a-z0-9]/gu, '');
    for (let i = 0; i + 1 < text.length; i += 1) pairs.add(text.slice(i, i + 2));
    if (pairs.size === 0) return null;
    let best: { at: number; v: number } | null = null;
    chapters.forEach((c, at) => {
      let v = 0;
      for (const p of pairs) {
        if (c.title.includes(p)) v += 3;
        for (let n = c.from; n <= c.to; n += 1) if (articles[n - 1]?.body.includes(p)) v += 1 / (c.to - c.from + 1);
      }
      if (v > 0 && (!best || v > best.v)) best = { at, v };
    });
    return best ? chapters[(best as { at: number }).at]! : null;
  }

  return {
    tokenizer,
    get lexicon() {
      return lexicon;
    },

    register(source: SearchSource) {
      sources.set(source.kind, source);
    },

    async reload(kind: SearchKind): Promise<void> {
      loaded.set(kind, await load(kind));
      rebuild(kind);
    },

    /** Start-up: every kind loaded first, then indexed once (the articles take in all the questions in one build, not one per kind). */
    async reloadAll(): Promise<void> {
      for (const kind of SEARCH_KINDS) loaded.set(kind, await load(kind));
      reindexAll();
    },

    /** New lexicon (an admin added or retired an entry): every kind is re-indexed from what it loaded. */
    setLexicon(next: readonly LexiconRule[]) {
      tokenizer.addTerms(next.flatMap((r) => r.terms));
      lexicon = compileLexicon(next);
      expansions.clear();
      reindexAll();
    },

    size(kind: SearchKind) {
      return indexes.get(kind)?.docs.length ?? 0;
    },

    analyse,

    search(q: string, kinds: readonly SearchKind[], limit: number): SearchResult {
      const text = normalize(q).trim();
      const embedded = EMBEDDED_NUMBER.exec(text);
      const asNumber = parseArticleNumber(text) ?? (embedded ? parseArticleNumber(embedded[1]!) : null);
      const jump = asNumber !== null && asNumber <= civilCode.articleCount && kinds.includes('article') ? asNumber : null;
      const rest = jump === null ? text : embedded && parseArticleNumber(text) === null ? text.replace(embedded[0], ' ') : '';
      const analysed = analyse(rest);
      // Rank first, then build hits (sentence, marks) only for those shown: building one costs more than scoring.
      const ranked: { kind: SearchKind; index: BuiltIndex; doc: number; score: number }[] = [];
      let bestArticle: { number: number; score: number } | null = null;
      for (const kind of kinds) {
        const index = indexes.get(kind);
        if (!index) continue;
        for (const s of score(index, analysed.terms, idf, limit * 2)) {
          ranked.push({ kind, index, doc: s.doc, score: s.score });
          const number = kind === 'article' ? index.docs[s.doc]!.meta?.number : undefined;
          if (typeof number === 'number' && (!bestArticle || s.score > bestArticle.score)) bestArticle = { number, score: s.score };
        }
      }
      ranked.sort((a, b) => b.score - a.score);
      const showing: Showing = { marks: analysed.marks, weights: markWeights(analysed.marks), likeness: likenessTo(analysed.words) };
      // A jump puts its article first: one more is built in case it was also among the ranked.
      const items: SearchHit[] = ranked.slice(0, jump === null ? limit : limit + 1).map((r) => hitFor(r.kind, r.index, r.doc, r.score, showing));
      if (jump !== null) {
        const index = indexes.get('article');
        const at = index?.docs.findIndex((d) => d.id === String(jump)) ?? -1;
        const rank = items.findIndex((h) => h.kind === 'article' && h.number === jump);
        if (rank >= 0) items.splice(rank, 1);
        if (index && at >= 0) items.unshift(hitFor('article', index, at, (items[0]?.score ?? 0) + 100, showing));
      }
      const top = items.slice(0, limit);
      const weak = jump === null && (top.length === 0 || top[0]!.score < WEAK_SCORE);
      const chapter = jump !== null ? chapterOf(jump) : bestArticle ? chapterOf(bestArticle.number) : closestChapterByText(rest);
      return { q, terms: analysed.shown.slice(0, 20), jump, items: top, weak, chapter };
    },
  };
}
export type SearchEngine = ReturnType<typeof createSearchEngine>;

/** The text again without stop-words and punctuation. */
function jiebaJoin(words: readonly string[], stop: ReadonlySet<string>): string {
  return words.filter((w) => !stop.has(w) && /[\p{Script=Han}a-z0-9]/u.test(w)).join('');
}

/** Keeps a long sentence readable on a phone: about SENTENCE_MAX characters around the first mark. */
function trimAround(sentence: string, marks: readonly string[]): string {
  if (sentence.length <= SENTENCE_MAX) return sentence;
  const positions = marks.map((m) => sentence.indexOf(m)).filter((i) => i >= 0);
  const first = positions.length ? Math.min(...positions) : 0;
  const start = Math.max(0, Math.min(first - 20, sentence.length - SENTENCE_MAX));
  return `${start > 0 ? '…' : ''}${sentence.slice(start, start + SENTENCE_MAX)}${start + SENTENCE_MAX < sentence.length ? '…' : ''}`;
}

/** Splits a sentence into plain and marked pieces: every character inside any occurrence of a mark is marked. */
export function markWords(sentence: string, marks: readonly string[]): SearchSegment[] {
  const hit = new Uint8Array(sentence.length);
  for (const m of marks) {
    if (m.length === 0) continue;
    for (let at = sentence.indexOf(m); at >= 0; at = sentence.indexOf(m, at + m.length)) hit.fill(1, at, at + m.length);
  }
  // Runs of the same state, cut once each (not built up a character at a time).
  const out: SearchSegment[] = [];
  for (let from = 0, i = 1; i <= sentence.length; i += 1) {
    if (i < sentence.length && hit[i] === hit[from]) continue;
    out.push({ text: sentence.slice(from, i), hit: hit[from] === 1 });
    from = i;
  }
  return out;
}
