import { z } from 'zod';
import { OPTION_LETTERS, QUESTION_TYPES } from '../data/quiz';
import { Text } from './common';
import { CivilCodeBook, TopicTags } from './topics';

/**
 * The question bank's contract, shared by the bank (authoring, import, verification) and the quiz
 * modes (daily, practice, wrong-answer book, campaigns). Answers live only on the server: what a
 * client gets before answering is `QuestionForAnswering`, which has no answer and no explanation.
 */
export const QuestionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof QuestionType>;


export const OptionLetter = z.enum(OPTION_LETTERS, { message: '选项只能是 A–F' });
export type OptionLetter = z.infer<typeof OptionLetter>;


export const QuestionOption = z.strictObject({ key: OptionLetter, text: Text(200) });

/** A Civil Code article number (第1条 … 第1260条). */
export const CivilCodeArticleNumber = z.number().int().min(1, '民法典条文编号从 1 开始').max(1260, '民法典只有 1260 条');

export const QuestionContent = z
  .strictObject({
    type: QuestionType,
    stem: Text(300),
    options: z.array(QuestionOption).min(2, '至少两个选项').max(6, '最多六个选项'),
    /** The right option letters: exactly one for single and true/false, two or more for multiple. */
    answer: z.array(OptionLetter).min(1, '必须有答案'),
    /** Plain-words explanation; any quotation of statute text inside 「」 must match the statute verbatim. */
    explanation: Text(1000),
    /** Cited Civil Code articles. */
    articles: z.array(CivilCodeArticleNumber).min(1, '至少引用一条法条').max(5),
    book: CivilCodeBook,
    difficulty: z.number().int().min(1).max(3).default(1),
    tags: TopicTags.default([]),
  })
  .superRefine((q, ctx) => {
    const keys = q.options.map((o) => o.key);
    keys.forEach((key, i) => {
      if (key !== OPTION_LETTERS[i]) ctx.addIssue({ code: 'custom', path: ['options', i, 'key'], message: '选项须按 A、B、C… 顺序排列' });
    });
    q.answer.forEach((letter, i) => {
      if (!keys.includes(letter)) ctx.addIssue({ code: 'custom', path: ['answer', i], message: `答案 ${letter} 不在选项中` });
    });
    if (new Set(q.answer).size !== q.answer.length) ctx.addIssue({ code: 'custom', path: ['answer'], message: '答案有重复' });
    if (q.type !== 'multiple' && q.answer.length !== 1) ctx.addIssue({ code: 'custom', path: ['answer'], message: '单选题和判断题只有一个答案' });
    if (q.type === 'multiple' && q.answer.length < 2) ctx.addIssue({ code: 'custom', path: ['answer'], message: '多选题至少两个答案' });
    if (q.type === 'truefalse' && (q.options.length !== 2 || q.options[0]?.text !== '正确' || q.options[1]?.text !== '错误')) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: '判断题的选项是 A 正确、B 错误' });
    }
  });
export type QuestionContent = z.infer<typeof QuestionContent>;

/** A question as stored: content plus a stable id and its status. */
export const Question = z.object({
  id: z.string(),
  status: z.enum(['active', 'retired']),
  content: QuestionContent,
});
export type Question = z.infer<typeof Question>;

/** What a client sees before answering: no answer, no explanation. */
export const QuestionForAnswering = z.object({
  id: z.string(),
  type: QuestionType,
  stem: z.string(),
  options: z.array(z.object({ key: OptionLetter, text: z.string() })),
  book: CivilCodeBook,
  difficulty: z.number().int(),
});
export type QuestionForAnswering = z.infer<typeof QuestionForAnswering>;
