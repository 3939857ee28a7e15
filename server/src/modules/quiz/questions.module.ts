import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { questionsRoutes } from './questions.routes';
import { createQuestionBank } from './questions.bank';
import { createQuestionsService } from './questions.service';
import { createQuestionEditingService } from './question-editing.service';
import { createQuestionImportService } from './question-import.service';
import { reportsRoutes } from './reports.routes';
import { createQuestionReportsService } from './reports.service';
import { createReportsPersonalData } from './reports.personal-data';
import { questionSearchSource } from './questions.search';
import type { SearchService } from '../search/search.module';

/** The question bank: staff edit and import it; the quiz modes read it; anyone may report a doubtful question (报错). */
export function createQuestionsModule({ clock }: PlatformDeps, deps: { civilCode: CivilCodeService; search: SearchService }) {
  // One bank (seeding, in-process copy) under all three services, so an edit or import refreshes what the quiz modes read.
  const bank = createQuestionBank(deps.civilCode);
  const service = createQuestionsService({ civilCode: deps.civilCode, bank });
  const editing = createQuestionEditingService({ bank, questions: service });
  const imports = createQuestionImportService({ bank, civilCode: deps.civilCode, clock, suggestArticles: (text) => deps.search.suggestArticles(text) });
  const reports = createQuestionReportsService({ questions: service, clock });
  // The bank's questions are found by the app's search; the search re-reads them now and then.
  deps.search.register(questionSearchSource(service));
  return featureModule('questions', service, [...questionsRoutes(editing, imports), ...reportsRoutes(reports)], {
    seeders: [{ name: 'quiz:question-bank', kind: 'reference', run: () => service.ready() }],
    personalData: createReportsPersonalData(),
  });
}
