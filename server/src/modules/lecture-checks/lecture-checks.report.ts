import {
  addTally,
  awarenessRate,
  canManageTownship,
  consultationTrend,
  TREND_DAYS,
  countyDateParts,
  emptyTally,
  isCountyAdmin,
  tallyAwareness,
  toCountyIso,
  type AwarenessFigures,
  type AwarenessReport,
  type AwarenessTally,
  type CheckSheet,
  type LectureAwareness,
  type Me,
  type Question,
} from '@qf/shared';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import type { LectureFacts } from '../lectures/lectures.activity';
import { LectureCheckAnswerModel, LectureCheckSetModel, type CheckAnswerDoc, type CheckSetDoc } from './lecture-checks.model';

const figures = (t: AwarenessTally, answeredBefore: number): AwarenessFigures => ({
  pairs: t.pairs,
  beforeOnly: Math.max(0, answeredBefore - t.pairs),
  before: awarenessRate(t.beforeCorrect, t.beforeAnswers),
  after: awarenessRate(t.afterCorrect, t.afterAnswers),
});

const sheets = (docs: readonly CheckAnswerDoc[], phase: 'before' | 'after'): CheckSheet[] => docs.filter((d) => d.phase === phase).map((d) => ({ userId: d.userId, results: d.results }));

/** 知晓率 for staff: one lecture's before → after, and a township's (or the county's) year by topic. */
export interface LectureCheckReportDeps {
  lectureFacts(id: string): Promise<LectureFacts | null>;
  getQuestions(ids: readonly string[]): Promise<Question[]>;
  /** A township's lectures of a year that have taken place, earliest first. */
  lecturesTakenPlace(townshipCode: string, year: number, now: Date): Promise<{ title: string; topics: string[]; startAt: Date }[]>;
  /** When questions on these topics were asked (问一问), from the consultations. */
  consultationTimes(townshipCode: string, topics: readonly string[], from: Date, to: Date): Promise<ReadonlyMap<string, Date[]>>;
  clock: () => Date;
}

const DAY = 86_400_000;

export function createLectureCheckReports(deps: LectureCheckReportDeps) {
  /** For each topic taught in the township this year: questions asked on it 13 weeks before its first lecture and after. */
  async function consultationsAround(townshipCode: string, year: number): Promise<AwarenessReport['consultations']> {
    const now = deps.clock();
    const first = new Map<string, { title: string; startAt: Date }>();
    for (const l of await deps.lecturesTakenPlace(townshipCode, year, now)) for (const t of l.topics) if (!first.has(t)) first.set(t, l);
    if (first.size === 0) return [];
    const earliest = Math.min(...[...first.values()].map((l) => l.startAt.getTime()));
    const times = await deps.consultationTimes(townshipCode, [...first.keys()], new Date(earliest - TREND_DAYS * DAY), now);
    return [...first].map(([topic, l]) => ({ topic, lectureTitle: l.title, lectureAt: toCountyIso(l.startAt), ...consultationTrend(l.startAt, times.get(topic) ?? [], now) }));
  }

  return {
    async lecture(actor: Me, lectureId: string): Promise<LectureAwareness> {
      const facts = await deps.lectureFacts(lectureId);
      if (!facts || !canManageTownship(actor, facts.townshipCode)) throw new NotFoundError('找不到这场讲座');
      lectureId = facts.id;
      const set = await LectureCheckSetModel.findById(lectureId).lean<CheckSetDoc>();
      if (!set) return { lectureId, title: facts.title, pairs: 0, beforeOnly: 0, before: null, after: null, questions: [] };
      const docs = await LectureCheckAnswerModel.find({ lectureId }).lean<CheckAnswerDoc[]>();
      const before = sheets(docs, 'before');
      const after = sheets(docs, 'after');
      const { total } = tallyAwareness(before, after);
      const paired = new Set(after.map((s) => s.userId).filter((u) => before.some((b) => b.userId === u)));
      const stems = new Map((await deps.getQuestions(set.questions.map((q) => q.id))).map((q) => [q.id, q.content.stem]));
      const rateOf = (list: CheckSheet[], questionId: string) => {
        const answers = list.filter((s) => paired.has(s.userId)).flatMap((s) => s.results.filter((r) => r.questionId === questionId));
        return awarenessRate(answers.filter((r) => r.correct).length, answers.length);
      };
      return {
        lectureId,
        title: facts.title,
        ...figures(total, before.length),
        questions: set.questions.map((q) => ({ id: q.id, stem: stems.get(q.id) ?? '', topic: q.topic, before: rateOf(before, q.id), after: rateOf(after, q.id) })),
      };
    },

    /** A year's lectures in one township (staff: their own; the county: any, or all). */
    async report(actor: Me, query: { year?: number | undefined; townshipCode?: string | undefined }): Promise<AwarenessReport> {
      const year = query.year ?? countyDateParts(deps.clock()).year;
      const townshipCode = query.townshipCode ?? (isCountyAdmin(actor) ? null : actor.staffTownshipCode);
      if (!townshipCode && !isCountyAdmin(actor)) throw new ForbiddenError('只能查看本乡镇的讲座效果');
      if (townshipCode && !canManageTownship(actor, townshipCode)) throw new ForbiddenError('只能查看本乡镇的讲座效果');
      const filter = townshipCode ? { townshipCode, year } : { year };
      const [sets, docs] = await Promise.all([
        LectureCheckSetModel.find(filter).lean<CheckSetDoc[]>(),
        LectureCheckAnswerModel.find(filter, { lectureId: 1, userId: 1, phase: 1, results: 1 }).lean<CheckAnswerDoc[]>(),
      ]);
      const byLecture = new Map<string, CheckAnswerDoc[]>();
      for (const d of docs) byLecture.set(d.lectureId, [...(byLecture.get(d.lectureId) ?? []), d]);
      const total = emptyTally();
      let totalBefore = 0;
      const topics = new Map<string, { tally: AwarenessTally; lectures: Set<string>; answeredBefore: number }>();
      const lectures: AwarenessReport['lectures'] = [];
      for (const set of [...sets].sort((a, b) => b.startAt.getTime() - a.startAt.getTime())) {
        const list = byLecture.get(set._id) ?? [];
        const before = sheets(list, 'before');
        if (before.length === 0) continue;
        const tallied = tallyAwareness(before, sheets(list, 'after'));
        addTally(total, tallied.total);
        totalBefore += before.length;
        for (const q of set.questions) {
          if (!topics.has(q.topic)) topics.set(q.topic, { tally: emptyTally(), lectures: new Set(), answeredBefore: 0 });
        }
        for (const topic of new Set(set.questions.map((q) => q.topic))) {
          const t = topics.get(topic)!;
          t.lectures.add(set._id);
          t.answeredBefore += before.filter((s) => s.results.some((r) => r.topic === topic)).length;
          const tt = tallied.byTopic.get(topic);
          if (tt) addTally(t.tally, tt);
        }
        lectures.push({ lectureId: set._id, title: set.title, townshipCode: set.townshipCode as AwarenessReport['lectures'][number]['townshipCode'], startAt: toCountyIso(set.startAt), ...figures(tallied.total, before.length) });
      }
      return {
        year,
        townshipCode: (townshipCode ?? null) as AwarenessReport['townshipCode'],
        total: figures(total, totalBefore),
        topics: [...topics]
          .filter(([, t]) => t.lectures.size > 0)
          .map(([topic, t]) => ({ topic, lectures: t.lectures.size, ...figures(t.tally, t.answeredBefore) }))
          .sort((a, b) => b.pairs - a.pairs || a.topic.localeCompare(b.topic, 'zh')),
        lectures,
        consultations: townshipCode ? await consultationsAround(townshipCode, year) : [],
      };
    },
  };
}

export type LectureCheckReports = ReturnType<typeof createLectureCheckReports>;
