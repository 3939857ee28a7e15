import { randomUUID } from 'node:crypto';
import { drawIds, isAnswerCorrect, PRACTICE_QUESTION_COUNT, type AnswerFeedback, type CivilCodeBook, type Me, type PracticeSet, type SingleAnswerBody } from '@qf/shared';
import { BadRequestError, ConflictError } from '../../http/errors';
import { assertLettersFit, forAnswering, reviewOf, type ArticleLookup, type QuestionSource } from './quiz-source';
import type { WrongBookService } from './wrongbook.service';

/**
 * 专项练习: ten questions from one book, answered one at a time with instant feedback. A question
 * that sits in the person's open campaign attempt cannot be "practised" to learn its answer.
 */
export function createPracticeService(deps: {
  questions: QuestionSource;
  articles?: ArticleLookup;
  wrongBook: WrongBookService;
  openCampaignQuestionIds: (actor: Me) => Promise<Set<string>>;
}) {
  return {
    async draw(book: CivilCodeBook, article?: number): Promise<PracticeSet> {
      const pool = await deps.questions.activePool([book]);
      const seed = randomUUID();
      const citing = article === undefined ? [] : pool.filter((q) => q.content.articles.includes(article)).map((q) => q.id);
      const first = drawIds(citing, PRACTICE_QUESTION_COUNT, seed);
      const taken = new Set(first);
      const ids = [
        ...first,
        ...drawIds(
          pool.map((q) => q.id).filter((id) => !taken.has(id)),
          PRACTICE_QUESTION_COUNT - first.length,
          seed,
        ),
      ];
      const byId = new Map(pool.map((q) => [q.id, q]));
      return { book, questions: ids.map((id) => forAnswering(byId.get(id)!)) };
    },

    async answer(actor: Me, body: SingleAnswerBody): Promise<AnswerFeedback> {
      const question = (await deps.questions.getByIds([body.questionId])).get(body.questionId);
      if (!question || question.status !== 'active') {
        throw new BadRequestError(`输入有误：body.questionId 没有编号为「${body.questionId}」的题目`, [{ field: 'body.questionId', message: '没有这道题' }]);
      }
      assertLettersFit(question, body.answer, 'body.answer');
      if ((await deps.openCampaignQuestionIds(actor)).has(question.id)) {
        throw new ConflictError('这道题在您正在进行的竞赛答卷中，交卷后再练习');
      }
      const isCorrect = isAnswerCorrect(question.content.answer, body.answer);
      const state = (await deps.wrongBook.record(actor, [{ question, isCorrect }])).get(question.id)!;
      return { ...reviewOf(question, body.answer, question.content.answer, isCorrect, deps.articles), ...state };
    },
  };
}

export type PracticeService = ReturnType<typeof createPracticeService>;
