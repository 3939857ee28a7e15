import type {
  CivilCodeArticle,
  CivilCodeChapter,
  CivilCodeDivision,
  CivilCodeSearchResult,
  CivilCodeToc,
  ConstitutionArticle,
} from '@qf/shared';
import { request } from './http';

/**
 * The Civil Code and Constitution look-up. The statute text is never bundled: every page asks the
 * server for just the articles it shows. All of these are public (no sign-in needed).
 */

/** GET /civil-code/toc: books and chapters with their article ranges. */
export function getCivilCodeToc() {
  return request<CivilCodeToc>('GET', '/civil-code/toc', { auth: false });
}

/** GET /civil-code/search: keywords (all must appear) or an article number. */
export function searchCivilCode(q: string, options: { book?: CivilCodeDivision; limit?: number; offset?: number } = {}) {
  return request<CivilCodeSearchResult>('GET', '/civil-code/search', { auth: false, query: { q, ...options } });
}

/** GET /civil-code/articles/:number — 1043, 第1043条 or 第一千零四十三条. */
export function getCivilCodeArticle(number: number | string) {
  return request<CivilCodeArticle>('GET', `/civil-code/articles/${encodeURIComponent(String(number))}`, { auth: false });
}

/** GET /civil-code/articles?numbers=: up to 20 articles at once (e.g. those a question cites). */
export function getCivilCodeArticles(numbers: readonly number[]) {
  return request<{ items: CivilCodeArticle[] }>('GET', '/civil-code/articles', { auth: false, query: { numbers: numbers.slice(0, 20).join(',') } });
}

/** GET /civil-code/books/:book/chapters/:chapter: one chapter's articles, with its neighbours. */
export function getCivilCodeChapter(book: CivilCodeDivision, chapter: number) {
  return request<CivilCodeChapter>('GET', `/civil-code/books/${encodeURIComponent(book)}/chapters/${chapter}`, { auth: false });
}

/** GET /constitution/articles/:number, for the culture-park guide. */
export function getConstitutionArticle(number: number | string) {
  return request<ConstitutionArticle>('GET', `/constitution/articles/${encodeURIComponent(String(number))}`, { auth: false });
}

/** Where the look-up pages live, for links from other features (quiz explanations, the guide). */
export const CIVIL_CODE_PAGES = {
  home: '/packages/civil-code/pages/index/index',
  article: (number: number) => `/packages/civil-code/pages/article/index?number=${number}`,
  chapter: (book: CivilCodeDivision, chapter: number) => `/packages/civil-code/pages/chapter/index?book=${encodeURIComponent(book)}&chapter=${chapter}`,
};
