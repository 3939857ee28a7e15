import { z } from 'zod';
import { SEARCH_KINDS, SEARCH_QUERY_MAX } from '../data/search';

export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;

/** Kinds as the query string carries them: "article,question". Unknown names are a 400 naming them. */
const KindList = z
  .string()
  .trim()
  .min(1, '请至少选一种：article、question、faq')
  .transform((raw, ctx) => {
    const names = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
    const unknown = names.filter((n) => !(SEARCH_KINDS as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({ code: 'custom', message: `只能是 article、question、faq，不认识「${unknown.join('、').slice(0, 30)}」` });
      return z.NEVER;
    }
    return names as SearchKind[];
  });

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1, '请输入要查的话或条文编号').max(SEARCH_QUERY_MAX, `要查的话不能超过 ${SEARCH_QUERY_MAX} 个字`),
  kinds: KindList.optional(),
  limit: z.coerce.number({ message: '条数须是数字' }).int('条数须是整数').min(1, '条数至少 1').max(30, '条数最多 30').default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A piece of the best-matching sentence; `hit` pieces are the matched words (shown in bold, never HTML). */
export const SearchSegment = z.object({ text: z.string(), hit: z.boolean() });
export type SearchSegment = z.infer<typeof SearchSegment>;

export const SearchHit = z.object({
  kind: SearchKind,
  id: z.string(),
  /** The article's number for kind article; null otherwise. */
  number: z.number().int().nullable(),
  /** 第一千零四十三条, a question's stem, an FAQ's question. */
  title: z.string(),
  /** Where it sits: 第五编 婚姻家庭 · 第一章 一般规定 (articles); the book (questions). */
  where: z.string(),
  sentence: z.array(SearchSegment),
  score: z.number(),
  /** Articles this hit leads to (a question's cited articles; the article itself). */
  articles: z.array(z.number().int()),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchChapterSuggestion = z.object({
  book: z.string(),
  index: z.number().int(),
  title: z.string(),
  from: z.number().int(),
  to: z.number().int(),
});
export type SearchChapterSuggestion = z.infer<typeof SearchChapterSuggestion>;

export const SearchResult = z.object({
  q: z.string(),
  /** The words looked for, after segmentation, stop-words and the lay-language lexicon. */
  terms: z.array(z.string()),
  /** The query was an article number that exists: the first hit is that article. */
  jump: z.number().int().nullable(),
  items: z.array(SearchHit),
  /** True when nothing fits well: the app says so and offers to ask a 法律明白人. */
  weak: z.boolean(),
  /** The chapter closest to the query, always given when there is one. */
  chapter: SearchChapterSuggestion.nullable(),
});
export type SearchResult = z.infer<typeof SearchResult>;

// ---- the lay-language lexicon, as county admins edit it ----

const Word = z.string().trim().min(1, '不能为空').max(20, '不能超过 20 个字');

export const LexiconEntryInput = z.strictObject({
  /** What villagers say: 闺女, 打欠条. */
  word: Word,
  /** Statute terms it stands for (each must occur in the 民法典); empty for a stop-word. */
  terms: z.array(Word).max(6, '最多 6 个法律用语').default([]),
  stop: z.boolean().default(false),
  note: z.string().trim().max(200, '说明不能超过 200 个字').default(''),
});
export type LexiconEntryInput = z.infer<typeof LexiconEntryInput>;

export const LexiconEntry = z.object({
  id: z.string(),
  word: z.string(),
  terms: z.array(z.string()),
  stop: z.boolean(),
  note: z.string(),
  /** shipped: in the project's file; county: added by a county admin. */
  origin: z.enum(['shipped', 'county']),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
  retiredBy: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type LexiconEntry = z.infer<typeof LexiconEntry>;

export const LexiconIdParams = z.strictObject({ id: z.string().trim().min(1, '缺少词条编号').max(40, '词条编号太长') });
