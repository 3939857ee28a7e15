import type { Me, MyQuestionReport, Question, QuestionReportBody, QuestionReportStatus, ReportGroup, ReportGroupList } from '@qf/shared';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { QuestionsService } from './questions.service';
import { QuestionReportModel, type QuestionReportDoc } from './reports.model';
import { isDuplicateKey } from '../../db/unique';

/** A person may report the same question again once staff answered; past this many, it is spam. */
const MAX_REPORTS_PER_QUESTION = 20;
/** The most of a person's own reports shown under 我的报错. */
const MY_LIST_LIMIT = 50;
/** The most groups the staff page lists at once. */
const GROUP_LIMIT = 200;

const OPEN_ALREADY = '您已经报过这道题的问题，工作人员正在核对，回复后才能再报';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** 报错: residents report doubtful questions; staff who manage the bank read and answer them. */
export function createQuestionReportsService(deps: { questions: QuestionsService; clock: () => Date }) {
  const { questions, clock } = deps;

  async function questionOrThrow(id: string): Promise<Question> {
    const [question] = await questions.getByIds([id]);
    if (!question) throw new NotFoundError('找不到这道题');
    return question;
  }

  function toMine(doc: QuestionReportDoc, stem: string): MyQuestionReport {
    return {
      id: doc._id,
      questionId: doc.questionId,
      stem,
      text: doc.text,
      status: doc.status as QuestionReportStatus,
      answer: doc.answer ?? null,
      createdAt: iso(doc.createdAt)!,
      answeredAt: iso(doc.answeredAt),
    };
  }

  return {
    /**
     * One open report per person per question. The first free number n is found by reading
     * `${questionId}:${userId}:n` by `_id` (an answered report frees the next number); the insert
     * is the claim, so two reports sent at once cannot both be stored.
     */
    async report(actor: Me, body: QuestionReportBody): Promise<MyQuestionReport> {
      const question = await questionOrThrow(body.questionId);
      if (question.status === 'retired') throw new ConflictError('这道题已经停用，不会再出了。谢谢您的提醒！');
      for (let n = 1; n <= MAX_REPORTS_PER_QUESTION; n++) {
        const _id = `${body.questionId}:${actor.id}:${n}`;
        const earlier = await QuestionReportModel.findById(_id).lean<QuestionReportDoc>();
        if (earlier?.status === 'open') throw new ConflictError(OPEN_ALREADY);
        if (earlier) continue;
        try {
          const doc = await QuestionReportModel.create({ _id, questionId: body.questionId, userId: actor.id, text: body.text, status: 'open' });
          return toMine(doc.toObject() as QuestionReportDoc, question.content.stem);
        } catch (err) {
          if (isDuplicateKey(err)) throw new ConflictError(OPEN_ALREADY);
          throw err;
        }
      }
      throw new ConflictError('这道题您已经报过很多次了，请直接联系县司法局');
    },

    /** The person's own reports, newest first, with the staff's answers. */
    async mine(actor: Me): Promise<{ items: MyQuestionReport[] }> {
      const docs = await QuestionReportModel.find({ userId: actor.id }).sort({ createdAt: -1 }).limit(MY_LIST_LIMIT).lean<QuestionReportDoc[]>();
      const stems = new Map((await questions.getByIds([...new Set(docs.map((d) => d.questionId))])).map((q) => [q.id, q.content.stem]));
      return { items: docs.map((d) => toMine(d, stems.get(d.questionId) ?? '（这道题已不在题库中）')) };
    },

    /** Reports with the given status, grouped by question, the group with the latest report first. */
    async groups(status: QuestionReportStatus): Promise<ReportGroupList> {
      const [docs, openTotal] = await Promise.all([
        QuestionReportModel.find({ status }).lean<QuestionReportDoc[]>(),
        QuestionReportModel.countDocuments({ status: 'open' }),
      ]);
      const byQuestion = new Map<string, QuestionReportDoc[]>();
      for (const d of docs) byQuestion.set(d.questionId, [...(byQuestion.get(d.questionId) ?? []), d]);
      const found = new Map((await questions.getByIds([...byQuestion.keys()])).map((q) => [q.id, q]));
      const groups: ReportGroup[] = [];
      for (const [questionId, reports] of byQuestion) {
        const question = found.get(questionId);
        if (!question) continue;
        reports.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
        groups.push({
          questionId,
          questionStatus: question.status,
          book: question.content.book,
          content: question.content,
          count: reports.length,
          latestAt: iso(reports[0]!.createdAt)!,
          reports: reports.map((r) => ({ text: r.text, status: r.status as QuestionReportStatus, createdAt: iso(r.createdAt)!, answer: r.answer ?? null, answeredAt: iso(r.answeredAt) })),
        });
      }
      groups.sort((a, b) => (a.latestAt < b.latestAt ? 1 : a.latestAt > b.latestAt ? -1 : 0));
      return { groups: groups.slice(0, GROUP_LIMIT), openTotal };
    },

    /**
     * Staff answer every open report on a question at once; the answer closes them and each
     * reporter sees it under 我的报错. Writes go by `_id` alone (see README "The database").
     */
    async answer(actor: Me, questionId: string, answer: string): Promise<{ answered: number }> {
      await questionOrThrow(questionId);
      const open = await QuestionReportModel.find({ questionId, status: 'open' }, { _id: 1 }).lean<{ _id: string }[]>();
      if (open.length === 0) throw new ConflictError('这道题没有待回复的报错，可能别的工作人员刚刚回复过');
      const answeredAt = clock();
      await Promise.all(open.map((r) => QuestionReportModel.updateOne({ _id: r._id }, { $set: { status: 'answered', answer, answeredBy: actor.id, answeredAt } })));
      return { answered: open.length };
    },
  };
}

export type QuestionReportsService = ReturnType<typeof createQuestionReportsService>;
