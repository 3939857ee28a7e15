import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { questionsRoutes } from './questions.routes';
import { createQuestionsService } from './questions.service';
import { questionSearchSource } from './questions.search';
import type { SearchService } from '../search/search.module';

/** The question bank: staff edit and import it; the quiz modes read it. */
export function createQuestionsModule({ clock }: PlatformDeps, deps: { civilCode: CivilCodeService; search: SearchService }) {
  const service = createQuestionsService({ civilCode: deps.civilCode, clock, suggestArticles: (text) => deps.search.suggestArticles(text) });
  // The bank's questions are found by the app's search; the search re-reads them now and then.
  deps.search.register(questionSearchSource(service));
  return featureModule('questions', service, questionsRoutes(service), {
    seeders: [{ name: 'quiz:question-bank', kind: 'reference', run: () => service.ready() }],
  });
}
