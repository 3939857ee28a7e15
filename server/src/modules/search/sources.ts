import type { CivilCodeArticle } from '@qf/shared';
import type { SearchDocument, SearchSource } from './search.types';

/** Where an article sits, as a reader says it: 第五编 婚姻家庭 · 第一章 一般规定. */
export function whereOf(a: CivilCodeArticle): string {
  return [`${a.bookLabel} ${a.book}`.trim(), a.chapter, a.section].filter(Boolean).join(' · ');
}

/** The first article of a chapter or section usually defines what the rest regulates (居住权 → 366). */
const OPENING_PRIOR = 1.15;

export function articleDocuments(articles: readonly CivilCodeArticle[]): SearchDocument[] {
  return articles.map((a, i) => ({
    id: String(a.number),
    title: a.label,
    body: a.text,
    headings: [a.book, a.part, a.chapter, a.section].filter((h): h is string => !!h).map((h) => h.replace(/^第[一二三四五六七八九十]+[章节分编]+\s*/, '')),
    meta: { number: a.number, where: whereOf(a), articles: [a.number], prior: opens(a, articles[i - 1]) ? OPENING_PRIOR : 1 },
  }));
}

/** The statute ships with the server: loading it is reading memory. */
export function articleSource(articles: readonly CivilCodeArticle[]): SearchSource {
  const docs = articleDocuments(articles);
  return { kind: 'article', load: async () => docs };
}

function opens(a: CivilCodeArticle, before: CivilCodeArticle | undefined): boolean {
  return !before || before.chapter !== a.chapter || (a.section !== null && before.section !== a.section);
}
