import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Text } from './common';
import { CivilCodeBook } from './topics';
import { TownshipCodeSchema } from './townships';
import { OptionLetter, QuestionForAnswering, QuestionType } from './quiz-questions';

/**
 * Contracts of the quiz modes: 每日答题, 专项练习, 错题本, 竞赛 with leaderboards and certificates,
 * and township weak spots. Anything sent before an answer is given uses `QuestionForAnswering`
 * (no answer, no explanation); answers and explanations only come back in results and feedback.
 */

const QuestionIdString = z.string().trim().min(1, '题目编号不能为空').max(64, '题目编号太长').regex(/^[\w:-]+$/, '不是有效的题目编号');

/** The letters a person chose for one question: at least one, no repeats. */
export const ChosenLetters = z
  .array(OptionLetter)
  .min(1, '请至少选择一个选项')
  .max(6, '最多六个选项')
  .refine((letters) => new Set(letters).size === letters.length, '选项不能重复');

export const GivenAnswer = z.strictObject({ questionId: QuestionIdString, answer: ChosenLetters });
export type GivenAnswer = z.infer<typeof GivenAnswer>;

/** A whole answer sheet; a question may be left out (it counts as wrong), never listed twice. */
export const AnswerSheetBody = z.strictObject({
  answers: z
    .array(GivenAnswer)
    .max(100, '答案太多')
    .refine((list) => new Set(list.map((a) => a.questionId)).size === list.length, '同一道题只能作答一次'),
});
export type AnswerSheetBody = z.infer<typeof AnswerSheetBody>;

/** A cited article, with its text when the statute is at hand. */
export const CitedArticle = z.object({ number: z.number().int(), text: z.string().nullable() });
export type CitedArticle = z.infer<typeof CitedArticle>;

/** What a person learns about one question once they have answered it. */
export const AnswerReview = z.object({
  questionId: z.string(),
  type: QuestionType,
  stem: z.string(),
  options: z.array(z.object({ key: OptionLetter, text: z.string() })),
  given: z.array(OptionLetter),
  correct: z.array(OptionLetter),
  isCorrect: z.boolean(),
  explanation: z.string(),
  articles: z.array(CitedArticle),
});
export type AnswerReview = z.infer<typeof AnswerReview>;

export const SheetResult = z.object({
  score: z.number().int().min(0).max(100),
  correctCount: z.number().int(),
  total: z.number().int(),
  items: z.array(AnswerReview),
});
export type SheetResult = z.infer<typeof SheetResult>;

// ---- 每日答题 ----

export const DailyQuiz = z.object({
  date: z.string(),
  questions: z.array(QuestionForAnswering),
  submitted: z.boolean(),
  /** Present once the day's quiz was submitted. */
  result: SheetResult.nullable(),
  streak: z.number().int(),
});
export type DailyQuiz = z.infer<typeof DailyQuiz>;

export const DailyResult = SheetResult.extend({ date: z.string(), streak: z.number().int() });
export type DailyResult = z.infer<typeof DailyResult>;

export const QuizStats = z.object({
  streak: z.number().int(),
  bestStreak: z.number().int(),
  lastDailyDate: z.string().nullable(),
  dailyDoneToday: z.boolean(),
  wrongBookCount: z.number().int(),
});
export type QuizStats = z.infer<typeof QuizStats>;

// ---- 专项练习 and 错题本 ----

export const PracticeQuery = z.strictObject({
  book: CivilCodeBook,
  /** Practise one article first (from a search hit's 相关题目): its questions lead, the book fills up. */
  article: z.coerce.number({ message: '条文编号须是数字' }).int('条文编号须是整数').min(1, '民法典条文编号从 1 开始').max(1260, '民法典只有 1260 条').optional(),
});
export type PracticeQuery = z.infer<typeof PracticeQuery>;

export const PracticeSet = z.object({ book: CivilCodeBook, questions: z.array(QuestionForAnswering) });
export type PracticeSet = z.infer<typeof PracticeSet>;

export const SingleAnswerBody = GivenAnswer;
export type SingleAnswerBody = z.infer<typeof SingleAnswerBody>;

export const AnswerFeedback = AnswerReview.extend({
  /** In the 错题本 after this answer? */
  inWrongBook: z.boolean(),
  /** Correct answers in a row while in the 错题本 (two take it out). */
  correctInARow: z.number().int(),
});
export type AnswerFeedback = z.infer<typeof AnswerFeedback>;

export const WrongBookItem = z.object({
  question: QuestionForAnswering,
  wrongCount: z.number().int(),
  correctInARow: z.number().int(),
  lastWrongAt: IsoDateTime,
});
export type WrongBookItem = z.infer<typeof WrongBookItem>;

export const WrongBookQuery = z.strictObject({ book: CivilCodeBook.optional() });
export const WrongBookList = z.object({ items: z.array(WrongBookItem), total: z.number().int() });
export type WrongBookList = z.infer<typeof WrongBookList>;

// ---- 竞赛 ----

export const CampaignInputBase = z.strictObject({
  title: Text(60),
  description: z.string().trim().max(500, '不能超过 500 个字').default(''),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  questionCount: z.number().int().min(1, '至少 1 道题').max(100, '最多 100 道题'),
  /** The books questions are drawn from; empty means all seven. */
  books: z.array(CivilCodeBook).max(7).default([]),
  timeLimitSeconds: z.number().int().min(60, '答题时间至少 1 分钟').max(3 * 3600, '答题时间最多 3 小时'),
  attemptsAllowed: z.number().int().min(1, '至少允许答 1 次').max(10, '最多允许答 10 次'),
  /** Score out of 100 needed to pass and get a certificate. */
  passMark: z.number().int().min(0).max(100),
});

const closesAfterOpens = (c: { opensAt?: string; closesAt?: string }) =>
  !c.opensAt || !c.closesAt || new Date(c.closesAt).getTime() > new Date(c.opensAt).getTime();

export const CampaignInput = CampaignInputBase.refine(closesAfterOpens, { message: '结束时间必须晚于开始时间', path: ['closesAt'] });
export type CampaignInput = z.infer<typeof CampaignInput>;

export const CampaignPatch = CampaignInputBase.partial()
  .extend({ description: z.string().trim().max(500, '不能超过 500 个字').optional(), books: z.array(CivilCodeBook).max(7).optional() })
  .refine(closesAfterOpens, { message: '结束时间必须晚于开始时间', path: ['closesAt'] });
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const CampaignIdParams = z.strictObject({ id: ObjectIdString });
export const AttemptParams = z.strictObject({ id: ObjectIdString, n: z.coerce.number().int().min(1).max(10) });

export const CampaignPhase = z.enum(['upcoming', 'open', 'closed']);
export type CampaignPhase = z.infer<typeof CampaignPhase>;

export const Campaign = z.object({
  id: ObjectIdString,
  title: z.string(),
  description: z.string(),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  questionCount: z.number().int(),
  books: z.array(CivilCodeBook),
  timeLimitSeconds: z.number().int(),
  attemptsAllowed: z.number().int(),
  passMark: z.number().int(),
  phase: CampaignPhase,
});
export type Campaign = z.infer<typeof Campaign>;

/** A person's own standing in a campaign. */
export const CampaignMine = z.object({
  attemptsUsed: z.number().int(),
  attemptsLeft: z.number().int(),
  openAttempt: z.number().int().nullable(),
  bestScore: z.number().int().nullable(),
  passed: z.boolean(),
  certificateCode: z.string().nullable(),
});
export type CampaignMine = z.infer<typeof CampaignMine>;

export const CampaignDetail = Campaign.extend({ mine: CampaignMine });
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const CampaignListQuery = z.strictObject({ phase: CampaignPhase.optional() });
export const CampaignList = z.object({ items: z.array(Campaign) });

export const AttemptStatus = z.enum(['open', 'submitted', 'expired']);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

export const Attempt = z.object({
  campaignId: ObjectIdString,
  n: z.number().int(),
  status: AttemptStatus,
  startedAt: IsoDateTime,
  /** Submissions are accepted until this instant (plus a few seconds of grace). */
  deadline: IsoDateTime,
  /** Shuffled per attempt; never with answers while the attempt is open. */
  questions: z.array(QuestionForAnswering),
  /** Present once submitted. */
  result: SheetResult.extend({ passed: z.boolean(), submittedAt: IsoDateTime }).nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

export const AttemptResult = SheetResult.extend({
  campaignId: ObjectIdString,
  n: z.number().int(),
  passed: z.boolean(),
  submittedAt: IsoDateTime,
  certificateCode: z.string().nullable(),
});
export type AttemptResult = z.infer<typeof AttemptResult>;

export const PeopleLeaderboard = z.object({
  items: z.array(
    z.object({
      rank: z.number().int(),
      name: z.string(),
      townshipName: z.string().nullable(),
      score: z.number().int(),
    }),
  ),
  updatedAt: IsoDateTime,
});
export type PeopleLeaderboard = z.infer<typeof PeopleLeaderboard>;

export const TownshipLeaderboard = z.object({
  items: z.array(
    z.object({
      rank: z.number().int(),
      townshipCode: TownshipCodeSchema,
      townshipName: z.string(),
      participants: z.number().int(),
      passed: z.number().int(),
      /** 0–100, one decimal. */
      passRate: z.number(),
      averageScore: z.number(),
    }),
  ),
  updatedAt: IsoDateTime,
});
export type TownshipLeaderboard = z.infer<typeof TownshipLeaderboard>;

// ---- certificates ----

export const CertificateCode = z.string().regex(/^[A-HJ-NP-Z2-9]{10}$/, '证书编号格式不对');
export const CertificateParams = z.strictObject({ code: CertificateCode });

export const Certificate = z.object({
  code: z.string(),
  holderName: z.string(),
  townshipName: z.string().nullable(),
  campaignId: ObjectIdString,
  campaignTitle: z.string(),
  score: z.number().int(),
  issuedAt: IsoDateTime,
});
export type Certificate = z.infer<typeof Certificate>;

/** What anybody sees when checking a certificate: the holder's name masked; withdrawn (and nameless) once the holder closed his account. */
export const CertificateVerification = Certificate.omit({ campaignId: true }).extend({ valid: z.boolean(), withdrawnAt: IsoDateTime.nullable() });
export type CertificateVerification = z.infer<typeof CertificateVerification>;

export const CertificateList = z.object({ items: z.array(Certificate) });

// ---- 精准普法 weak spots ----

export const WeakSpotParams = z.strictObject({ townshipCode: TownshipCodeSchema });
export const WeakSpotQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const WeakSpots = z.object({
  townshipCode: TownshipCodeSchema,
  from: z.string(),
  to: z.string(),
  answers: z.number().int(),
  wrongAnswers: z.number().int(),
  items: z.array(
    z.object({
      article: z.number().int(),
      wrongCount: z.number().int(),
      book: z.string().nullable(),
      text: z.string().nullable(),
    }),
  ),
  /** Books of the weakest articles, as lecture topic suggestions. */
  suggestedTopics: z.array(z.string()),
});
export type WeakSpots = z.infer<typeof WeakSpots>;
