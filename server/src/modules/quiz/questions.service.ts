import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { CIVIL_CODE_BOOKS, drawFrom, type CivilCodeBook, type Question } from '@qf/shared';
import { BadRequestError } from '../../http/errors';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { QuestionModel, type QuestionDoc } from './questions.model';
import { createQuestionBank, toForAnswering, type QuestionBank } from './questions.bank';
import { toQuestion } from './questions.model';

export { contentId, toForAnswering } from './questions.bank';

export interface DrawOptions {
  /** Only these books; all seven when absent or empty. */
  books?: readonly CivilCodeBook[];
  count: number;
  /** Questions not to draw (already answered, already in the attempt). */
  excludeIds?: Iterable<string>;
  /** The same seed and bank give the same questions (daily quiz: `${date}:${userId}`). */
  seed: string;
}

/**
 * The question bank as other features and the quiz modes read it (server side only: these carry
 * answers). Staff edits and the import are services of their own over the same `bank`; without
 * one, this service has a bank (seeding, in-process copy) of its own.
 */
export function createQuestionsService(deps: { civilCode: CivilCodeService; bank?: QuestionBank }) {
  const bank = deps.bank ?? createQuestionBank(deps.civilCode);

  /** Full questions (retired ones too: old attempts still point at them), in the order asked; unknown ids are left out. */
  async function getByIds(ids: readonly string[]): Promise<Question[]> {
    const all = await bank.all();
    const missing = ids.filter((id) => !all.has(id));
    if (missing.length > 0) {
      // Possibly written on another instance since the cache was filled.
      const docs = await QuestionModel.find({ _id: mongoose.trusted({ $in: [...new Set(missing)] }) }).lean<QuestionDoc[]>();
      for (const d of docs) all.set(d._id, toQuestion(d));
    }
    return ids.map((id) => all.get(id)).filter((q): q is Question => q !== undefined);
  }

  return {
    ready: bank.ready,
    contentProblems: bank.contentProblems,
    toForAnswering,

    // ---- for the quiz modes (server side only: these carry answers) ----

    /** Active questions drawn deterministically for the seed; fewer than `count` only if the pool is smaller. */
    async draw(options: DrawOptions): Promise<Question[]> {
      const all = await bank.all();
      const books = options.books && options.books.length > 0 ? new Set<string>(options.books) : null;
      const exclude = new Set(options.excludeIds ?? []);
      const pool = [...all.values()].filter((q) => q.status === 'active' && (!books || books.has(q.content.book)) && !exclude.has(q.id));
      return drawFrom(pool, options.count, options.seed);
    },

    getByIds,

    /** Active questions, for the search index (stems and explanations carry answers: server side only). */
    async activeQuestions(): Promise<Question[]> {
      return [...(await bank.all()).values()].filter((q) => q.status === 'active');
    },

    /** Like getByIds, but any unknown id is a 400 naming it. */
    async requireByIds(ids: readonly string[], field = 'questionIds'): Promise<Question[]> {
      const found = await getByIds(ids);
      if (found.length !== ids.length) {
        const have = new Set(found.map((q) => q.id));
        const unknown = ids.filter((id) => !have.has(id));
        throw new BadRequestError(`没有这道题：${unknown[0]}`, unknown.map((id) => ({ field, message: `没有这道题：${id}` })));
      }
      return found;
    },

    /** Number of active questions per book. */
    async activeCountByBook(): Promise<Record<CivilCodeBook, number>> {
      const all = await bank.all();
      const counts = Object.fromEntries(CIVIL_CODE_BOOKS.map((b) => [b, 0])) as Record<CivilCodeBook, number>;
      for (const q of all.values()) if (q.status === 'active') counts[q.content.book] += 1;
      return counts;
    },

    /**
     * The statute check over every question in the database, whatever its origin (seed, staff,
     * import): articles that exist, 「」 quotations verbatim, the book. Empty when all is well.
     */
    async checkAll(): Promise<{ id: string; origin: string; field: string; message: string }[]> {
      await bank.ready();
      const docs = await QuestionModel.find({}, { _id: 1, origin: 1, content: 1 }).lean<Pick<QuestionDoc, '_id' | 'origin' | 'content'>[]>();
      return docs.flatMap((d) => bank.contentProblems(toQuestion(d as QuestionDoc).content).map((p) => ({ id: d._id, origin: d.origin, ...p })));
    },

    /** Keeps the in-process copy honest after writes made outside this service (tests, scripts). */
    invalidate: bank.invalidate,

    /** A fresh random seed, for callers that want an unrepeatable draw. */
    randomSeed: () => randomBytes(8).toString('hex'),
  };
}

export type QuestionsService = ReturnType<typeof createQuestionsService>;
