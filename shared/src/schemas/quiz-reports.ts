import { z } from 'zod';
import { CivilCodeBook } from './topics';
import { QuestionContent } from './quiz-questions';
import { QuestionStatus } from './quiz-bank';
import { REPORT_ANSWER_MAX, REPORT_TEXT_MAX } from '../data/quiz';

/**
 * 报错: anyone who answered a question can say, in a few words, what looks wrong with it; staff who
 * manage the bank read the reports grouped by question, answer the reporters and may retire it.
 */

const QuestionId = z.string().trim().min(1, '题目编号不能为空').max(64, '题目编号太长').regex(/^[\w:-]+$/, '不是有效的题目编号');

export const QuestionReportBody = z.strictObject({
  questionId: QuestionId,
  text: z.string().trim().min(1, '请写几句话，说说这道题哪里有问题').max(REPORT_TEXT_MAX, `问题说明最多 ${REPORT_TEXT_MAX} 个字`),
});
export type QuestionReportBody = z.infer<typeof QuestionReportBody>;

/** open: waiting for staff; answered: staff replied, which closes the report. */
export const QuestionReportStatus = z.enum(['open', 'answered']);
export type QuestionReportStatus = z.infer<typeof QuestionReportStatus>;

/** A report as its author sees it, with the staff's answer once there is one. */
export const MyQuestionReport = z.object({
  id: z.string(),
  questionId: z.string(),
  /** The question as it reads now (it may have been corrected since). */
  stem: z.string(),
  text: z.string(),
  status: QuestionReportStatus,
  answer: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type MyQuestionReport = z.infer<typeof MyQuestionReport>;

export const MyQuestionReportList = z.object({ items: z.array(MyQuestionReport) });
export type MyQuestionReportList = z.infer<typeof MyQuestionReportList>;

export const ReportGroupQuery = z.strictObject({ status: QuestionReportStatus.default('open') });
export type ReportGroupQuery = z.infer<typeof ReportGroupQuery>;

/** One report inside a group, for staff: what was said and when; never who said it. */
export const ReportEntry = z.object({
  text: z.string(),
  status: QuestionReportStatus,
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type ReportEntry = z.infer<typeof ReportEntry>;

/** All reports on one question with the status asked for, latest first. */
export const ReportGroup = z.object({
  questionId: z.string(),
  questionStatus: QuestionStatus,
  book: CivilCodeBook,
  content: QuestionContent,
  count: z.number().int(),
  latestAt: z.string(),
  reports: z.array(ReportEntry),
});
export type ReportGroup = z.infer<typeof ReportGroup>;

export const ReportGroupList = z.object({
  /** Groups with the latest report first. */
  groups: z.array(ReportGroup),
  /** Open reports over the whole bank, for the badge on the bank page. */
  openTotal: z.number().int(),
});
export type ReportGroupList = z.infer<typeof ReportGroupList>;

export const ReportQuestionParams = z.strictObject({ id: QuestionId });

export const ReportAnswerBody = z.strictObject({
  answer: z.string().trim().min(1, '请写给报错人的回复').max(REPORT_ANSWER_MAX, `回复最多 ${REPORT_ANSWER_MAX} 个字`),
});
export type ReportAnswerBody = z.infer<typeof ReportAnswerBody>;

export const ReportAnswerResult = z.object({
  /** How many open reports this answer closed. */
  answered: z.number().int(),
});
export type ReportAnswerResult = z.infer<typeof ReportAnswerResult>;
