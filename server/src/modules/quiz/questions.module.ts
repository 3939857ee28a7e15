import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { questionsRoutes } from './questions.routes';
import { createQuestionsService } from './questions.service';

/** The question bank: staff edit and import it; the quiz modes read it. */
export function createQuestionsModule({ clock }: PlatformDeps, deps: { civilCode: CivilCodeService }) {
  const service = createQuestionsService({ civilCode: deps.civilCode, clock });
  return featureModule('questions', service, questionsRoutes(service), {
    seeders: [{ name: 'quiz:question-bank', kind: 'reference', run: () => service.ready() }],
  });
}
