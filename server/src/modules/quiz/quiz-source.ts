import mongoose from 'mongoose';
import type { AnswerReview, CitedArticle, CivilCodeBook, OptionLetter, QuestionContent, QuestionForAnswering } from '@qf/shared';
import { BadRequestError } from '../../http/errors';
import { QuestionModel, toQuestion, type QuestionDoc } from './questions.model';

/** A question with its answer: server-side only. */
export interface FullQuestion {
  id: string;
  status: 'active' | 'retired';
  content: QuestionContent;
}

/**
 * What the quiz modes need from the question bank. The whole active bank is a few hundred short
 * questions, so it is kept in memory for a short while: draws and scoring then cost no database
 * reads, and an edit by staff shows within `ttlMs`. Retired questions (still named by old attempts
 * and wrong-answer books) are read by id when asked for.
 */
export interface QuestionSource {
  /** Active questions, optionally only from some books. */
  activePool(books?: readonly CivilCodeBook[]): Promise<FullQuestion[]>;
  /** Questions by id, active or retired; unknown ids are left out. */
  getByIds(ids: readonly string[]): Promise<Map<string, FullQuestion>>;
}

/** Article text and book, as the Civil Code look-up provides them. */
export interface ArticleLookup {
  article(n: number): { text: string; book: string } | null;
}

export function createQuestionSource(options: { ttlMs?: number; now?: () => number } = {}): QuestionSource & { invalidate(): void } {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  interface Loaded {
    at: number;
    byId: Map<string, FullQuestion>;
    list: FullQuestion[];
  }
  let cached: Loaded | null = null;
  let loading: Promise<Loaded> | null = null;

  async function load(): Promise<Loaded> {
    if (cached && now() - cached.at < ttlMs) return cached;
    loading ??= (async () => {
      try {
        const docs = await QuestionModel.find({ status: 'active' }).lean<QuestionDoc[]>();
        const list = docs.map((d) => toQuestion(d)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const loaded: Loaded = { at: now(), byId: new Map(list.map((q) => [q.id, q])), list };
        cached = loaded;
        return loaded;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  return {
    invalidate() {
      cached = null;
    },
    async activePool(books) {
      const { list } = await load();
      if (!books || books.length === 0) return list;
      const wanted = new Set<string>(books);
      return list.filter((q) => wanted.has(q.content.book));
    },
    async getByIds(ids) {
      const { byId } = await load();
      const found = new Map<string, FullQuestion>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const q = byId.get(id);
        if (q) found.set(id, q);
        else missing.push(id);
      }
      if (missing.length > 0) {
        const docs = await QuestionModel.find({ _id: mongoose.trusted({ $in: missing }) }).lean<QuestionDoc[]>();
        for (const doc of docs) found.set(doc._id, toQuestion(doc));
      }
      return found;
    },
  };
}

/** The question as a client may see it before answering: no answer, no explanation. */
export function forAnswering(q: FullQuestion): QuestionForAnswering {
  return {
    id: q.id,
    type: q.content.type,
    stem: q.content.stem,
    options: q.content.options.map((o) => ({ key: o.key, text: o.text })),
    book: q.content.book,
    difficulty: q.content.difficulty,
  };
}

export function citedArticles(q: FullQuestion, articles: ArticleLookup | undefined): CitedArticle[] {
  return q.content.articles.map((number) => ({ number, text: articles?.article(number)?.text ?? null }));
}

/** The review of one answered question: what was chosen, what is right, why. */
export function reviewOf(
  q: FullQuestion,
  given: readonly string[],
  correct: readonly string[],
  isCorrect: boolean,
  articles: ArticleLookup | undefined,
): AnswerReview {
  return {
    questionId: q.id,
    type: q.content.type,
    stem: q.content.stem,
    options: q.content.options.map((o) => ({ key: o.key, text: o.text })),
    given: [...given] as OptionLetter[],
    correct: [...correct] as OptionLetter[],
    isCorrect,
    explanation: q.content.explanation,
    articles: citedArticles(q, articles),
  };
}

/** Letters are stored as a short string ("AC"): arrays inside arrays of subdocuments are avoided. */
export const lettersToString = (letters: readonly string[]) => [...letters].sort().join('');
export const stringToLetters = (text: string | null | undefined) => (text ? [...text] : []) as OptionLetter[];

/**
 * Checks that each chosen letter is an option of its question (E on a four-option question is
 * refused) and that single-answer questions get one letter. Throws a 400 naming the field.
 */
export function assertLettersFit(q: FullQuestion, letters: readonly string[], field: string) {
  const keys = new Set<string>(q.content.options.map((o) => o.key));
  const stray = letters.filter((l) => !keys.has(l));
  if (stray.length > 0) {
    throw new BadRequestError(`输入有误：${field} 选项 ${stray.join('、')} 在这道题里不存在`, [{ field, message: `选项 ${stray.join('、')} 不存在` }]);
  }
  if (q.content.type !== 'multiple' && letters.length > 1) {
    throw new BadRequestError(`输入有误：${field} 这道题只能选一个答案`, [{ field, message: '只能选一个答案' }]);
  }
}
