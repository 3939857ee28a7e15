import type { SearchDocument, SearchSource } from '../search/search.module';
import type { QuestionsService } from './questions.service';

/**
 * The bank's questions as search documents: stem, options and explanation are what a villager's
 * words may match; a hit leads to the question's articles and to practising them. The answer
 * itself is never in a hit (only the sentence that matched, from the explanation or the stem).
 */
export function questionSearchSource(questions: Pick<QuestionsService, 'activeQuestions'>): SearchSource {
  return {
    kind: 'question',
    async load(): Promise<SearchDocument[]> {
      return (await questions.activeQuestions()).map((q) => ({
        id: q.id,
        title: q.content.stem,
        body: `${q.content.stem}\n${q.content.explanation}`,
        headings: [q.content.book, ...q.content.tags],
        meta: { where: `${q.content.book}编 · 练习题`, articles: q.content.articles },
      }));
    },
  };
}
