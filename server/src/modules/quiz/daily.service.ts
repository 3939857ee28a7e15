import {
  countyDate,
  currentStreak,
  drawDailyQuestions,
  nextStreak,
  scoreSheet,
  type AnswerSheetBody,
  type DailyQuiz,
  type DailyResult,
  type Me,
  type QuizStats,
  type SheetResult,
} from '@qf/shared';
import { BadRequestError, ConflictError } from '../../http/errors';
import { claimOnce, isDuplicateKey, updateOrCreate } from '../../db/unique';
import { DailyQuizModel, DailyResultModel, QuizPersonModel, type DailyQuizDoc, type DailyResultDoc, type QuizPersonDoc } from './daily.model';
import { assertLettersFit, forAnswering, lettersToString, reviewOf, stringToLetters, type ArticleLookup, type FullQuestion, type QuestionSource } from './quiz-source';
import type { WrongBookService } from './wrongbook.service';

/**
 * Checks an answer sheet against the questions it may answer: every id must be one of them, every
 * letter one of that question's options. Nothing is stored when this throws.
 */
export function assertSheetFits(body: AnswerSheetBody, allowed: ReadonlyMap<string, FullQuestion>) {
  body.answers.forEach((a, i) => {
    const q = allowed.get(a.questionId);
    if (!q) {
      throw new BadRequestError(`输入有误：body.answers.${i}.questionId 「${a.questionId}」不是这次答题的题目`, [
        { field: `body.answers.${i}.questionId`, message: '不是这次答题的题目' },
      ]);
    }
    assertLettersFit(q, a.answer, `body.answers.${i}.answer`);
  });
}

/** Rebuilds the stored result with explanations and article texts. */
export function storedResult(
  doc: { answers?: { questionId: string; given?: string | null; correct: string; isCorrect: boolean }[] | null; score?: number | null; correctCount?: number | null },
  questions: ReadonlyMap<string, FullQuestion>,
  articles: ArticleLookup | undefined,
): SheetResult {
  const answers = doc.answers ?? [];
  return {
    score: doc.score ?? 0,
    correctCount: doc.correctCount ?? 0,
    total: answers.length,
    items: answers
      .filter((a) => questions.has(a.questionId))
      .map((a) => reviewOf(questions.get(a.questionId)!, stringToLetters(a.given), stringToLetters(a.correct), a.isCorrect, articles)),
  };
}

/** 每日答题: five questions a day, the same five on reopening, one submission, a streak. */
export function createDailyService(deps: { clock: () => Date; questions: QuestionSource; articles?: ArticleLookup; wrongBook: WrongBookService }) {
  async function openDoc(actor: Me, date: string): Promise<DailyQuizDoc> {
    const _id = `${date}:${actor.id}`;
    const existing = await DailyQuizModel.findById(_id).lean<DailyQuizDoc>();
    if (existing) return existing;
    const pool = await deps.questions.activePool();
    const questionIds = drawDailyQuestions(
      pool.map((q) => ({ id: q.id, book: q.content.book })),
      date,
      actor.id,
    );
    if (questionIds.length === 0) throw new ConflictError('题库里还没有题目，请稍后再来');
    // Two first opens at once draw the same ids (the draw is deterministic); one insert wins.
    await claimOnce(DailyQuizModel, { _id, userId: actor.id, date, questionIds });
    const doc = await DailyQuizModel.findById(_id).lean<DailyQuizDoc>();
    if (!doc) throw new Error('daily quiz upsert returned nothing');
    return doc;
  }

  async function streakOf(actor: Me, today: string) {
    const person = await QuizPersonModel.findById(actor.id).lean<QuizPersonDoc>();
    return { person, streak: currentStreak(person?.lastDailyDate, person?.streak ?? 0, today) };
  }

  return {
    async open(actor: Me): Promise<DailyQuiz> {
      const date = countyDate(deps.clock());
      const [doc, stored, { streak }] = await Promise.all([openDoc(actor, date), DailyResultModel.findById(`${date}:${actor.id}`).lean<DailyResultDoc>(), streakOf(actor, date)]);
      const questions = await deps.questions.getByIds(doc.questionIds);
      return {
        date,
        questions: doc.questionIds.filter((id) => questions.has(id)).map((id) => forAnswering(questions.get(id)!)),
        submitted: !!stored,
        result: stored ? storedResult(stored, questions, deps.articles) : null,
        streak,
      };
    },

    async submit(actor: Me, body: AnswerSheetBody): Promise<DailyResult> {
      const now = deps.clock();
      const date = countyDate(now);
      const [doc, already] = await Promise.all([openDoc(actor, date), DailyResultModel.findById(`${date}:${actor.id}`).lean<DailyResultDoc>()]);
      const questions = await deps.questions.getByIds(doc.questionIds);
      const finished = (stored: DailyResultDoc): DailyResult => ({ ...storedResult(stored, questions, deps.articles), date, streak: stored.streak });
      // One submission a day: a second one gets the stored result, never a second scoring.
      if (already) return finished(already);
      const allowed = new Map(doc.questionIds.filter((id) => questions.has(id)).map((id) => [id, questions.get(id)!]));
      assertSheetFits(body, allowed);
      const key = [...allowed.values()].map((q) => ({ questionId: q.id, answer: q.content.answer }));
      const scored = scoreSheet(key, body.answers);
      const { person } = await streakOf(actor, date);
      const streak = nextStreak(person?.lastDailyDate, person?.streak ?? 0, date);
      let won: DailyResultDoc;
      try {
        // The insert is the claim: only the first submission of the day gets stored and counted.
        won = (
          await DailyResultModel.create({
            _id: doc._id,
            userId: actor.id,
            date,
            answers: scored.items.map((i) => ({ questionId: i.questionId, given: lettersToString(i.given), correct: lettersToString(i.correct), isCorrect: i.isCorrect })),
            correctCount: scored.correctCount,
            score: scored.score,
            streak,
            submittedAt: now,
          })
        ).toObject() as DailyResultDoc;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const stored = await DailyResultModel.findById(doc._id).lean<DailyResultDoc>();
        if (!stored) throw err;
        return finished(stored);
      }
      await Promise.all([
        updateOrCreate(QuizPersonModel, actor.id, { $set: { streak, lastDailyDate: date }, $max: { bestStreak: streak } }, {}),
        deps.wrongBook.record(
          actor,
          scored.items.map((i) => ({ question: allowed.get(i.questionId)!, isCorrect: i.isCorrect })),
        ),
      ]);
      return finished(won);
    },

    async stats(actor: Me): Promise<QuizStats> {
      const today = countyDate(deps.clock());
      const [{ person, streak }, wrongBookCount] = await Promise.all([streakOf(actor, today), deps.wrongBook.count(actor)]);
      return {
        streak,
        bestStreak: person?.bestStreak ?? 0,
        lastDailyDate: person?.lastDailyDate ?? null,
        dailyDoneToday: person?.lastDailyDate === today,
        wrongBookCount,
      };
    },
  };
}

export type DailyService = ReturnType<typeof createDailyService>;
