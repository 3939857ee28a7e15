import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { questionsRoutes } from './questions.routes';
import { createQuestionsService } from './questions.service';
import { reportsRoutes } from './reports.routes';
import { createQuestionReportsService } from './reports.service';

/** The question bank: staff edit and import it; the quiz modes read it; anyone may report a doubtful question (报错). */
export function createQuestionsModule({ clock }: PlatformDeps, deps: { civilCode: CivilCodeService }) {
  const service = createQuestionsService({ civilCode: deps.civilCode, clock });
  const reports = createQuestionReportsService({ questions: service, clock });
  return featureModule('questions', service, [...questionsRoutes(service), ...reportsRoutes(reports)], {
    seeders: [{ name: 'quiz:question-bank', kind: 'reference', run: () => service.ready() }],
  });
}
