import { z } from 'zod';
import { CIVIL_CODE_ARTICLE_COUNT, CIVIL_CODE_DIVISIONS, CONSTITUTION_ARTICLE_COUNT } from '../data/civil-code';

export const CivilCodeDivision = z.enum(CIVIL_CODE_DIVISIONS);
export type CivilCodeDivision = z.infer<typeof CivilCodeDivision>;


/** One article of the 民法典. `text` keeps the statute's paragraphs, separated by "\n". */
export const CivilCodeArticle = z.object({
  number: z.number().int(),
  /** 第一千零四十三条 */
  label: z.string(),
  book: CivilCodeDivision,
  /** 第五编 (empty for 附则) */
  bookLabel: z.string(),
  /** 第三分编 用益物权, for books divided into parts */
  part: z.string().nullable(),
  /** 第一章 一般规定 */
  chapter: z.string().nullable(),
  section: z.string().nullable(),
  text: z.string(),
});
export type CivilCodeArticle = z.infer<typeof CivilCodeArticle>;

/** `:number` accepts 1043, 第1043条 or 第一千零四十三条; the server parses it. */
export const ArticleNumberParams = z.strictObject({ number: z.string().trim().min(1, '请输入条文编号').max(20, '条文编号太长') });

export const CivilCodeSearchQuery = z.strictObject({
  q: z.string().trim().min(1, '请输入要查找的词或条文编号').max(50, '搜索词不能超过 50 个字'),
  book: CivilCodeDivision.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(2000).default(0),
});
export type CivilCodeSearchQuery = z.infer<typeof CivilCodeSearchQuery>;

export const CivilCodeSearchHit = CivilCodeArticle.extend({
  /** A short piece of the text around the first match, for the result list. */
  snippet: z.string(),
});
export type CivilCodeSearchHit = z.infer<typeof CivilCodeSearchHit>;

export const CivilCodeSearchResult = z.object({
  items: z.array(CivilCodeSearchHit),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Set when the query was an article number (第1043条) that exists: that article. */
  article: CivilCodeArticle.nullable(),
  /** The words searched for, after splitting the query on spaces. */
  terms: z.array(z.string()),
});
export type CivilCodeSearchResult = z.infer<typeof CivilCodeSearchResult>;

export const CivilCodeSectionEntry = z.object({ title: z.string(), from: z.number().int(), to: z.number().int() });
export const CivilCodeChapterEntry = z.object({
  /** 1-based within the book (物权 numbers its chapters 1–20 across its parts). */
  index: z.number().int(),
  title: z.string(),
  part: z.string().nullable(),
  from: z.number().int(),
  to: z.number().int(),
  sections: z.array(CivilCodeSectionEntry),
});
export const CivilCodeBookEntry = z.object({
  book: CivilCodeDivision,
  /** 第一编 总则 */
  title: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  chapters: z.array(CivilCodeChapterEntry),
});
export const CivilCodeToc = z.object({ title: z.string(), articleCount: z.number().int(), books: z.array(CivilCodeBookEntry) });
export type CivilCodeToc = z.infer<typeof CivilCodeToc>;
export type CivilCodeBookEntry = z.infer<typeof CivilCodeBookEntry>;
export type CivilCodeChapterEntry = z.infer<typeof CivilCodeChapterEntry>;

export const ChapterParams = z.strictObject({
  book: CivilCodeDivision,
  chapter: z.coerce.number().int().min(1, '章从 1 开始').max(40, '没有这一章'),
});
export const CivilCodeChapter = z.object({
  book: CivilCodeDivision,
  bookTitle: z.string(),
  chapter: CivilCodeChapterEntry,
  articles: z.array(CivilCodeArticle),
  /** Neighbouring chapters for 上一章/下一章, across books. */
  previous: z.object({ book: CivilCodeDivision, index: z.number().int(), title: z.string() }).nullable(),
  next: z.object({ book: CivilCodeDivision, index: z.number().int(), title: z.string() }).nullable(),
});
export type CivilCodeChapter = z.infer<typeof CivilCodeChapter>;

export const ArticleRangeQuery = z.strictObject({
  numbers: z
    .string()
    .trim()
    .regex(/^\d{1,4}(,\d{1,4}){0,19}$/, '请用逗号分隔条文编号，最多 20 条'),
});

export const ConstitutionArticle = z.object({
  number: z.number().int(),
  label: z.string(),
  chapter: z.string().nullable(),
  section: z.string().nullable(),
  text: z.string(),
});
export type ConstitutionArticle = z.infer<typeof ConstitutionArticle>;
