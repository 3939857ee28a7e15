import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Year } from './common';
import { OptionLetter, QuestionForAnswering } from './quiz-questions';
import { TownshipCodeSchema } from './townships';
import { LECTURE_CHECK_SIZE } from '../rules/lecture-checks';

/** 讲座前 (at check-in) and 讲座后 (within 24 hours of the end). */
export const CheckPhase = z.enum(['before', 'after'], { error: '请说明是讲座前还是讲座后' });
export type CheckPhase = z.infer<typeof CheckPhase>;

/** One phase's answers as the resident sees them afterwards. */
export const MyCheckResult = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  at: IsoDateTime,
});

/** After the second answer: each question with what he chose before and after, the answer and why. */
export const CheckReview = z.object({
  questionId: z.string(),
  stem: z.string(),
  before: z.array(OptionLetter).nullable(),
  after: z.array(OptionLetter),
  answer: z.array(OptionLetter),
  explanation: z.string(),
});

/**
 * A resident's view of a lecture's 3 questions. `phase` is what he may answer now (null: nothing);
 * `reason` says why not in plain words. Answers and explanations appear only after the second time.
 */
export const LectureCheckState = z.object({
  lectureId: ObjectIdString,
  title: z.string(),
  topics: z.array(z.string()),
  questions: z.array(QuestionForAnswering),
  phase: CheckPhase.nullable(),
  reason: z.string().nullable(),
  /** When the after-check opens and closes (the lecture's end, and 24 hours later). */
  afterOpensAt: IsoDateTime,
  afterClosesAt: IsoDateTime,
  before: MyCheckResult.nullable(),
  after: MyCheckResult.nullable(),
  review: z.array(CheckReview),
  /** The subscription-message template that invites him back after the lecture; null when not set up. */
  inviteTemplateId: z.string().nullable(),
  invited: z.boolean(),
});
export type LectureCheckState = z.infer<typeof LectureCheckState>;

export const AnswerLectureCheckBody = z.strictObject({
  phase: CheckPhase,
  answers: z
    .array(z.strictObject({ questionId: z.string().min(1).max(64), choice: z.array(OptionLetter).min(1, '请选一个答案').max(6) }))
    .min(1, '请至少答一道题')
    .max(LECTURE_CHECK_SIZE, `最多 ${LECTURE_CHECK_SIZE} 道题`),
});
export type AnswerLectureCheckBody = z.infer<typeof AnswerLectureCheckBody>;

export const InviteAfterCheckBody = z.strictObject({ templateId: z.string().trim().min(1, '请提供订阅消息模板').max(64) });

/** 知晓率 figures: percent correct before and after over the people who answered both. */
export const AwarenessFigures = z.object({
  pairs: z.number().int(),
  /** People who answered only before (not counted in the rates). */
  beforeOnly: z.number().int(),
  before: z.number().int().nullable(),
  after: z.number().int().nullable(),
});
export type AwarenessFigures = z.infer<typeof AwarenessFigures>;

/** A lecture's record: 知晓率 before → after, and per question. */
export const LectureAwareness = AwarenessFigures.extend({
  lectureId: ObjectIdString,
  title: z.string(),
  questions: z.array(z.object({ id: z.string(), stem: z.string(), topic: z.string(), before: z.number().int().nullable(), after: z.number().int().nullable() })),
});
export type LectureAwareness = z.infer<typeof LectureAwareness>;

export const AwarenessReportQuery = z.strictObject({ year: Year.optional(), townshipCode: TownshipCodeSchema.optional() });

/** The township (or county) report: 知晓率 by topic over a year's held lectures, and each lecture's. */
export const AwarenessReport = z.object({
  year: z.number().int(),
  townshipCode: TownshipCodeSchema.nullable(),
  total: AwarenessFigures,
  topics: z.array(AwarenessFigures.extend({ topic: z.string(), lectures: z.number().int() })),
  lectures: z.array(AwarenessFigures.extend({ lectureId: ObjectIdString, title: z.string(), townshipCode: TownshipCodeSchema, startAt: IsoDateTime })),
  /**
   * For one township: each topic taught this year, the questions people asked on it (问一问) in the
   * 13 weeks before its first lecture and after, week by week. Empty for the whole county.
   */
  consultations: z.array(
    z.object({
      topic: z.string(),
      lectureTitle: z.string(),
      lectureAt: IsoDateTime,
      before: z.number().int(),
      after: z.number().int(),
      afterDays: z.number().int(),
      weeks: z.array(z.number().int().nullable()),
    }),
  ),
});
export type AwarenessReport = z.infer<typeof AwarenessReport>;
