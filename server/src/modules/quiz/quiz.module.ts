import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { createQuizModes } from './quiz-modes';
import { quizModesRoutes } from './quiz-modes.routes';
import { createQuizPersonalData } from './quiz.personal-data';

/** Daily quiz, practice, wrong-answer book, campaigns and certificates. */
export function createQuizModule({ clock, config }: PlatformDeps, deps: { civilCode: CivilCodeService }) {
  const service = createQuizModes({ clock, articles: deps.civilCode, secret: config.session.secret });
  return featureModule('quiz', service, quizModesRoutes(service), { personalData: createQuizPersonalData({ clock, leaderboard: service.leaderboard }) });
}
