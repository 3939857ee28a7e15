/** What the search index holds: Civil Code articles, bank questions, answered consultations (FAQ). */
export const SEARCH_KINDS = ['article', 'question', 'faq'] as const;
export type SearchKindName = (typeof SEARCH_KINDS)[number];
export const SEARCH_KIND_LABELS: Record<SearchKindName, string> = { article: '法条', question: '题目', faq: '问答' };
export const SEARCH_QUERY_MAX = 100;
