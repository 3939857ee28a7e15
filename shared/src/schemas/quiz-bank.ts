import { z } from 'zod';
import { CivilCodeBook } from './topics';
import { Question, QuestionContent, QuestionType } from './quiz-questions';

/** Staff management of the question bank (propaganda, county_admin). */

export const QuestionStatus = z.enum(['active', 'retired']);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

export const QuestionOrigin = z.enum(['seed', 'staff', 'import']);

/** A question as staff see it: the contract's Question plus bookkeeping. */
export const ManagedQuestion = Question.extend({
  origin: QuestionOrigin,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ManagedQuestion = z.infer<typeof ManagedQuestion>;

export const QuestionIdParams = z.strictObject({ id: z.string().trim().min(1).max(64).regex(/^[\w:-]+$/, '不是有效的题目编号') });

export const QuestionListQuery = z.strictObject({
  book: CivilCodeBook.optional(),
  type: QuestionType.optional(),
  status: QuestionStatus.optional(),
  /** Words in the stem or explanation, or an article number (1043 / 第1043条). */
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type QuestionListQuery = z.infer<typeof QuestionListQuery>;

export const QuestionPage = z.object({
  items: z.array(ManagedQuestion),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Active questions per book, for the staff overview. */
  activeByBook: z.record(z.string(), z.number().int()),
});

/** Editing sends the whole content plus the version read, so two editors cannot overwrite each other unseen. */
export const QuestionUpdateBody = z.strictObject({ content: QuestionContent, version: z.number().int().min(1) });
export const QuestionCreateBody = z.strictObject({ content: QuestionContent });
export const QuestionStatusBody = z.strictObject({ status: QuestionStatus });

/** The Excel template's columns, in order. */
export const IMPORT_COLUMNS = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '法条', '编', '难度', '标签'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const ImportProblem = z.object({
  /** The spreadsheet's own row number (the header is row 1). */
  row: z.number().int(),
  field: z.string(),
  problem: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportSuggestion = z.object({
  number: z.number().int(),
  /** 第五编 婚姻家庭 · 第一章 一般规定 */
  where: z.string(),
  /** The article's opening words, to choose by. */
  text: z.string(),
});
export type ImportSuggestion = z.infer<typeof ImportSuggestion>;

export const ImportRow = z.object({
  row: z.number().int(),
  /**
   * ok: can be imported; error: has problems, cannot be imported; duplicate: the same question is
   * already in the bank (or earlier in this file), importing it changes nothing.
   */
  status: z.enum(['ok', 'error', 'duplicate', 'needs_article']),
  /** The id the question will have: derived from its content, so the same row always maps to the same question. */
  id: z.string().nullable(),
  content: QuestionContent.nullable(),
  problems: z.array(ImportProblem),
  /** For duplicates: where the same question already is. */
  duplicateOf: z.string().nullable(),
  /**
   * needs_article: the row cites no article; everything else is fine. The search suggests the
   * three best articles for its stem and explanation; staff pick one (or type another) at confirm.
   */
  suggestions: z.array(ImportSuggestion).default([]),
  /** For needs_article: the question as read, without articles (and the 编, when the row left it empty). */
  draft: z.object({ stem: z.string(), explanation: z.string(), book: z.string().nullable() }).passthrough().nullable().default(null),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportReport = z.object({
  importId: z.string(),
  fileName: z.string().nullable(),
  rows: z.array(ImportRow),
  counts: z.object({ ok: z.number().int(), error: z.number().int(), duplicate: z.number().int(), needsArticle: z.number().int() }),
  /** Every problem of every row, flat, in row order: what the report table shows. */
  problems: z.array(ImportProblem),
  expiresAt: z.string(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportConfirmBody = z.strictObject({
  importId: z.string().trim().regex(/^[0-9a-f]{24}$/, '不是有效的导入编号'),
  /** The spreadsheet rows the user chose to store. */
  rows: z.array(z.number().int().min(2)).min(1, '请至少选择一行').max(2000),
  /** For rows that cited no article: the article staff chose (a suggestion or one they typed). */
  choices: z
    .array(z.strictObject({ row: z.number().int().min(2), article: z.number().int().min(1, '民法典条文编号从 1 开始').max(1260, '民法典只有 1260 条') }))
    .max(2000)
    .default([]),
});

export const ImportConfirmResult = z.object({
  created: z.array(z.string()),
  /** Rows whose question was already in the bank: nothing was written for them. */
  unchanged: z.array(z.string()),
});
export type ImportConfirmResult = z.infer<typeof ImportConfirmResult>;
