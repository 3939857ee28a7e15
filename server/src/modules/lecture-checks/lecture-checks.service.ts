import mongoose from 'mongoose';
import {
  LECTURE_CHECK_AFTER_MS,
  isAnswerCorrect,
  pickCheckQuestions,
  toCountyIso,
  type AnswerLectureCheckBody,
  type CheckPhase,
  type LectureCheckState,
  type Me,
  type Question,
  type QuestionForAnswering,
} from '@qf/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import { claimOnce, insertUnlessDuplicate } from '../../db/unique';
import type { LectureFacts } from '../lectures/lectures.activity';
import { LectureCheckAnswerModel, LectureCheckSetModel, checkAnswerId, type CheckAnswerDoc, type CheckSetDoc } from './lecture-checks.model';

/** What this feature needs of the lectures and the question bank (it reads neither's models). */
export interface LectureChecksDeps {
  lectures: { facts(lectureId: string): Promise<LectureFacts | null>; attended(lectureId: string, userId: string): Promise<boolean> };
  questions: { activeQuestions(): Promise<Question[]>; getByIds(ids: readonly string[]): Promise<Question[]>; toForAnswering(q: Question): QuestionForAnswering };
  invitations: {
    templateId: string | null;
    inviteAfterCheck(lecture: { id: string; endAt: Date }, templateId: string, userId: string): Promise<{ dueAt: string }>;
    invitedAfterCheck(lectureId: string, userId: string): Promise<boolean>;
  };
  clock: () => Date;
}

const hhmm = (d: Date) => toCountyIso(d).slice(11, 16);
const monthDay = (d: Date) => `${Number(toCountyIso(d).slice(5, 7))}月${Number(toCountyIso(d).slice(8, 10))}日`;

/**
 * 讲座前后各答 3 道题: a resident checked in at a lecture answers three questions from the bank on the
 * lecture's topics (skippable: check-in never waits for them), and the same three within 24 hours
 * after its end. Staff see the change (lecture-checks.report.ts).
 */
export function createLectureChecks(deps: LectureChecksDeps) {
  const { clock } = deps;

  async function requireLecture(lectureId: string): Promise<LectureFacts> {
    const facts = await deps.lectures.facts(lectureId);
    if (!facts || facts.status === 'draft') throw new NotFoundError('找不到这场讲座');
    return facts;
  }

  /** The lecture's three questions: drawn once, by the first person to open them, then kept. */
  async function questionSet(facts: LectureFacts): Promise<CheckSetDoc | null> {
    const existing = await LectureCheckSetModel.findById(facts.id).lean<CheckSetDoc>();
    if (existing) return existing;
    const pool = (await deps.questions.activeQuestions()).map((q) => ({ id: q.id, book: q.content.book, tags: q.content.tags ?? [] }));
    const picked = pickCheckQuestions(pool, facts.topics, facts.id);
    // Nothing in the bank on these topics yet: nothing kept, so questions added later are used.
    if (picked.length === 0) return null;
    const doc = { _id: facts.id, townshipCode: facts.townshipCode, year: facts.year, title: facts.title, startAt: facts.startAt, questions: picked };
    // Two people opening them at once: the first insert wins and both read it.
    if (await claimOnce(LectureCheckSetModel, doc)) return doc as CheckSetDoc;
    return LectureCheckSetModel.findById(facts.id).lean<CheckSetDoc>();
  }

  async function myAnswers(lectureId: string, userId: string) {
    const ids = [checkAnswerId(lectureId, userId, 'before'), checkAnswerId(lectureId, userId, 'after')];
    const docs = await LectureCheckAnswerModel.find({ _id: mongoose.trusted({ $in: ids }) }).lean<CheckAnswerDoc[]>();
    return { before: docs.find((d) => d.phase === 'before') ?? null, after: docs.find((d) => d.phase === 'after') ?? null };
  }

  /** What he may answer now, and if nothing, why, in plain words. */
  function phaseNow(facts: LectureFacts, ctx: { attended: boolean; hasQuestions: boolean; before: unknown; after: unknown }, now: Date): { phase: CheckPhase | null; reason: string | null } {
    const closes = new Date(facts.endAt.getTime() + LECTURE_CHECK_AFTER_MS);
    if (facts.status === 'cancelled') return { phase: null, reason: '这场讲座已取消' };
    if (!ctx.attended) return { phase: null, reason: '到场签到以后才能答这几道题' };
    if (!ctx.hasQuestions) return { phase: null, reason: '题库里还没有这场讲座主题的题，这次不用答' };
    if (!ctx.before) return now < facts.endAt ? { phase: 'before', reason: null } : { phase: null, reason: '讲座已经结束，讲座前的题不能再答了' };
    if (!ctx.after) {
      if (now < facts.endAt) return { phase: null, reason: `讲座结束后（${monthDay(facts.endAt)} ${hhmm(facts.endAt)} 起 24 小时内）再答一次这几道题，看看学到了多少` };
      if (now < closes) return { phase: 'after', reason: null };
      return { phase: null, reason: '讲座后的答题时间（结束后 24 小时内）已经过了' };
    }
    return { phase: null, reason: null };
  }

  /** What one resident's view of a lecture's questions rests on: read once, for the view and for an answer. */
  async function loadFor(actor: Me, id: string) {
    const facts = await requireLecture(id);
    // The id as the database writes it (an address may carry it in capitals): the keys below are built from it.
    const lectureId = facts.id;
    const [attended, mine] = await Promise.all([deps.lectures.attended(lectureId, actor.id), myAnswers(lectureId, actor.id)]);
    const set = attended ? await questionSet(facts) : null;
    const questions = set ? await deps.questions.getByIds(set.questions.map((q) => q.id)) : [];
    const byId = new Map(questions.map((q) => [q.id, q]));
    const ordered = (set?.questions ?? []).map((q) => byId.get(q.id)).filter((q): q is Question => !!q);
    const now = clock();
    const { phase, reason } = phaseNow(facts, { attended, hasQuestions: ordered.length > 0, before: mine.before, after: mine.after }, now);
    return { facts, lectureId, set, ordered, mine, now, phase, reason };
  }

  async function state(actor: Me, id: string): Promise<LectureCheckState> {
    return view(actor, await loadFor(actor, id));
  }

  async function view(actor: Me, loaded: Awaited<ReturnType<typeof loadFor>>): Promise<LectureCheckState> {
    const { facts, lectureId, ordered, mine, now, phase, reason } = loaded;
    const result = (d: CheckAnswerDoc | null) => (d ? { correct: d.results.filter((r) => r.correct).length, total: d.results.length, at: toCountyIso(d.at) } : null);
    // The answers and why, only once both are in (or the time for the second has passed): shown
    // before the lecture they would spoil the after-check.
    const afterClosed = now.getTime() >= facts.endAt.getTime() + LECTURE_CHECK_AFTER_MS;
    const review =
      mine.before && (mine.after || afterClosed)
        ? ordered.map((q) => ({
            questionId: q.id,
            stem: q.content.stem,
            before: (mine.before!.results.find((r) => r.questionId === q.id)?.choice ?? null) as LectureCheckState['review'][number]['before'],
            after: (mine.after?.results.find((r) => r.questionId === q.id)?.choice ?? []) as LectureCheckState['review'][number]['after'],
            answer: [...q.content.answer],
            explanation: q.content.explanation,
          }))
        : [];
    return {
      lectureId,
      title: facts.title,
      topics: facts.topics,
      questions: ordered.map((q) => deps.questions.toForAnswering(q)),
      phase,
      reason,
      afterOpensAt: toCountyIso(facts.endAt),
      afterClosesAt: toCountyIso(new Date(facts.endAt.getTime() + LECTURE_CHECK_AFTER_MS)),
      before: result(mine.before),
      after: result(mine.after),
      review,
      inviteTemplateId: deps.invitations.templateId,
      invited: mine.before ? await deps.invitations.invitedAfterCheck(lectureId, actor.id) : false,
    };
  }

  return {
    state,

    /** Takes one phase's answers, once: a second submission of the same phase is a 409 and changes nothing. */
    async answer(actor: Me, id: string, body: AnswerLectureCheckBody): Promise<LectureCheckState> {
      const loaded = await loadFor(actor, id);
      const { lectureId, facts, set, ordered } = loaded;
      if (loaded.phase !== body.phase) {
        const done = body.phase === 'before' ? loaded.mine.before : loaded.mine.after;
        if (done) throw new ConflictError('这几道题您已经答过了');
        if (loaded.reason) throw new ConflictError(loaded.reason);
        // He may answer the other phase now: say when this one is.
        throw new ConflictError(body.phase === 'after' ? '请先答讲座前的题，讲座结束后再答一次' : '讲座前的题已经不能答了');
      }
      const byId = new Map(ordered.map((q) => [q.id, q]));
      const details: { field: string; message: string }[] = [];
      const seen = new Set<string>();
      body.answers.forEach((a, i) => {
        const q = byId.get(a.questionId);
        if (!q) details.push({ field: `body.answers.${i}.questionId`, message: '不是这场讲座的题' });
        else if (seen.has(a.questionId)) details.push({ field: `body.answers.${i}.questionId`, message: '同一道题答了两次' });
        else if (a.choice.some((c) => !q.content.options.some((o) => o.key === c))) details.push({ field: `body.answers.${i}.choice`, message: '这道题没有这个选项' });
        else if (q.content.type !== 'multiple' && a.choice.length !== 1) details.push({ field: `body.answers.${i}.choice`, message: '这道题只能选一个答案' });
        seen.add(a.questionId);
      });
      if (details.length === 0 && seen.size !== ordered.length) details.push({ field: 'body.answers', message: `请把 ${ordered.length} 道题都答完` });
      if (details.length > 0) throw new BadRequestError(`输入有误：${details[0]!.message}`, details);

      const topicOf = new Map(set!.questions.map((q) => [q.id, q.topic]));
      const doc = {
        _id: checkAnswerId(lectureId, actor.id, body.phase),
        lectureId,
        townshipCode: facts.townshipCode,
        year: facts.year,
        userId: actor.id,
        phase: body.phase,
        results: body.answers.map((a) => ({ questionId: a.questionId, topic: topicOf.get(a.questionId)!, choice: [...a.choice].sort(), correct: isAnswerCorrect(byId.get(a.questionId)!.content.answer, a.choice) })),
        at: clock(),
      };
      if ((await insertUnlessDuplicate(() => LectureCheckAnswerModel.create(doc))) === false) throw new ConflictError('这几道题您已经答过了');
      return state(actor, lectureId);
    },

    /** After the 讲座前 answers: he accepted one WeChat message, which invites him back when the lecture ends. */
    async invite(actor: Me, id: string, templateId: string): Promise<{ dueAt: string }> {
      const facts = await requireLecture(id);
      const mine = await myAnswers(facts.id, actor.id);
      if (!mine.before) throw new ConflictError('先答讲座前的题，讲座后才能提醒您再答');
      if (mine.after) throw new ConflictError('讲座后的题您已经答过了');
      if (clock().getTime() >= facts.endAt.getTime() + LECTURE_CHECK_AFTER_MS) throw new ConflictError('讲座后的答题时间已经过了');
      return deps.invitations.inviteAfterCheck({ id: facts.id, endAt: facts.endAt }, templateId, actor.id);
    },
  };
}

export type LectureChecks = ReturnType<typeof createLectureChecks>;
