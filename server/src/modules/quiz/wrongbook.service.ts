import { isAnswerCorrect, leavesWrongBook, type AnswerFeedback, type Me, type SingleAnswerBody, type WrongBookList } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { createInsertBatcher } from '../../db/insert-batcher';
import { WrongBookModel, type WrongBookDoc } from './wrongbook.model';
import { readById } from '../../db/by-id';
import { assertLettersFit, forAnswering, reviewOf, type ArticleLookup, type QuestionSource } from './quiz-source';
import type { AnswerOutcome, WeakSpotsService } from './weakspots.service';

export interface WrongBookState {
  inWrongBook: boolean;
  correctInARow: number;
}

/**
 * 错题本 and the one place every answer in every mode is recorded: a wrong answer puts the
 * question in the book (and counts towards the township's weak spots), a correct one moves it two
 * steps towards leaving.
 */
export function createWrongBookService(deps: { clock: () => Date; questions: QuestionSource; articles?: ArticleLookup; weakSpots: WeakSpotsService }) {
  // A person's first wrong answers create their book: inserts, batched with other people's.
  const newBooks = createInsertBatcher(WrongBookModel);

  async function readBook(actor: Me) {
    return readById<WrongBookDoc>(WrongBookModel, actor.id);
  }

  async function readEntries(actor: Me) {
    return (await readBook(actor))?.entries ?? {};
  }

  /** Records answers from any mode; returns each question's standing in the book afterwards. */
  async function record(actor: Me, outcomes: readonly AnswerOutcome[]): Promise<Map<string, WrongBookState>> {
    const now = deps.clock();
    const states = new Map<string, WrongBookState>();
    if (outcomes.length === 0) return states;
    const book = await readBook(actor);
    const entries = book?.entries ?? {};
    const $inc: Record<string, number> = {};
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const { question, isCorrect } of outcomes) {
      const key = `entries.${question.id}`;
      const entry = entries[question.id];
      if (!isCorrect) {
        $inc[`${key}.wrong`] = 1;
        $set[`${key}.streak`] = 0;
        $set[`${key}.lastWrongAt`] = now;
        $set[`${key}.book`] = question.content.book;
        states.set(question.id, { inWrongBook: true, correctInARow: 0 });
      } else if (entry) {
        const streak = (entry.streak ?? 0) + 1;
        if (leavesWrongBook(streak)) {
          $unset[key] = '';
          states.set(question.id, { inWrongBook: false, correctInARow: streak });
        } else {
          $inc[`${key}.streak`] = 1;
          states.set(question.id, { inWrongBook: true, correctInARow: streak });
        }
      } else {
        states.set(question.id, { inWrongBook: false, correctInARow: 0 });
      }
    }
    const update: Record<string, unknown> = {};
    if (Object.keys($inc).length) update.$inc = $inc;
    if (Object.keys($set).length) update.$set = $set;
    if (Object.keys($unset).length) update.$unset = $unset;
    await Promise.all([Object.keys(update).length ? write(actor, !!book, update, outcomes, now) : undefined, deps.weakSpots.record(actor, outcomes, now)]);
    return states;
  }

  /** The person's book gets the update; a book that does not exist yet is inserted with its first wrong answers. */
  async function write(actor: Me, exists: boolean, update: Record<string, unknown>, outcomes: readonly AnswerOutcome[], now: Date) {
    if (!exists) {
      const entries = Object.fromEntries(
        outcomes.filter((o) => !o.isCorrect).map((o) => [o.question.id, { book: o.question.content.book, wrong: 1, streak: 0, lastWrongAt: now }]),
      );
      if (await newBooks.insert({ _id: actor.id, entries })) return;
      // The person's book appeared since it was read (another of their answers): update it instead.
    }
    await WrongBookModel.updateOne({ _id: actor.id }, update);
  }

  return {
    record,

    async count(actor: Me) {
      return Object.keys(await readEntries(actor)).length;
    },

    async list(actor: Me, book?: string): Promise<WrongBookList> {
      const entries = await readEntries(actor);
      const questions = await deps.questions.getByIds(Object.keys(entries));
      const items = Object.entries(entries)
        .filter(([id, e]) => questions.has(id) && (!book || e.book === book))
        .sort((a, b) => new Date(b[1].lastWrongAt).getTime() - new Date(a[1].lastWrongAt).getTime())
        .map(([id, e]) => ({
          question: forAnswering(questions.get(id)!),
          wrongCount: e.wrong ?? 0,
          correctInARow: e.streak ?? 0,
          lastWrongAt: new Date(e.lastWrongAt).toISOString(),
        }));
      return { items, total: items.length };
    },

    /** Redo one question from the book: instant feedback, and two right in a row take it out. */
    async answer(actor: Me, body: SingleAnswerBody): Promise<AnswerFeedback> {
      const entries = await readEntries(actor);
      if (!entries[body.questionId]) throw new NotFoundError('这道题不在错题本里');
      const question = (await deps.questions.getByIds([body.questionId])).get(body.questionId);
      if (!question) throw new NotFoundError('这道题已不在题库中');
      assertLettersFit(question, body.answer, 'body.answer');
      const isCorrect = isAnswerCorrect(question.content.answer, body.answer);
      const state = (await record(actor, [{ question, isCorrect }])).get(question.id)!;
      return { ...reviewOf(question, body.answer, question.content.answer, isCorrect, deps.articles), ...state };
    },
  };
}

export type WrongBookService = ReturnType<typeof createWrongBookService>;
