import { featureModule, type PlatformDeps } from '../module';
import type { QuestionsService } from '../quiz/questions.service';
import type { LectureReminders } from '../lectures/lectures.reminders';
import { attended, lectureFacts, lecturesTakenPlace } from '../lectures/lectures.activity';
import { createLectureChecksPersonalData } from './lecture-checks.personal-data';
import { createLectureCheckReports, type LectureCheckReportDeps } from './lecture-checks.report';
import { lectureCheckRoutes } from './lecture-checks.routes';
import { createLectureChecks } from './lecture-checks.service';

/** 讲座前后答题 and 知晓率: whether a lecture changed what people know (and whether they asked less about it after). */
export function createLectureChecksModule(
  { clock }: PlatformDeps,
  deps: { questions: QuestionsService; reminders: LectureReminders; consultationTimes: LectureCheckReportDeps['consultationTimes'] },
) {
  const checks = createLectureChecks({
    lectures: { facts: lectureFacts, attended },
    questions: deps.questions,
    invitations: deps.reminders,
    clock,
  });
  const reports = createLectureCheckReports({ lectureFacts, getQuestions: (ids) => deps.questions.getByIds(ids), lecturesTakenPlace, consultationTimes: deps.consultationTimes, clock });
  return featureModule('lecture-checks', { checks, reports }, lectureCheckRoutes(checks, reports), { personalData: createLectureChecksPersonalData() });
}
