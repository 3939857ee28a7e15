import { featureModule, type PlatformDeps } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createCheckInTokens } from './check-in-tokens';
import { createLectureReminders } from './lectures.reminders';
import { createLectureReports } from './lectures.reports';
import { lecturesRoutes } from './lectures.routes';
import { seedSampleLectures } from './lectures.seed';
import { createLecturesService } from './lectures.service';
import { createLecturesPersonalData } from './lectures.personal-data';

/** Builds the lecture feature: its services, its routes, its reminder task and its sample lectures. */
export function createLecturesModule({ config, wechat, clock, logger }: PlatformDeps, deps: { uploads: UploadsService; users: UsersService }) {
  const service = createLecturesService({
    uploads: deps.uploads,
    users: deps.users,
    // Check-in codes are signed with a key derived from the server secret.
    tokens: createCheckInTokens(config.session.secret),
    clock,
    listQueryMaxMs: config.listQueryMaxMs,
  });
  const reports = createLectureReports({ clock });
  const reminders = createLectureReminders({ wechat, clock, logger, templateId: config.wechat.lectureReminderTemplateId, openidOf: (id) => deps.users.openidOf(id) });
  return featureModule('lectures', { lectures: service, reports, reminders }, lecturesRoutes(service, reports, reminders, clock, config.publicBaseUrl), {
    tasks: [reminders.task],
    seeders: [{ name: 'lectures:samples', kind: 'sample', run: (now) => seedSampleLectures(now) }],
    personalData: createLecturesPersonalData(),
  });
}
