import { featureModule, type PlatformDeps } from '../module';
import { createKeyedGate } from '../../lib/keyed-gate';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createCheckInTokens } from './check-in-tokens';
import { createLectureCaches } from './lectures.cache';
import { createLectureCatalogue } from './lectures.catalogue';
import { createLectureCheckIn } from './lectures.check-in';
import { createLectureCommon } from './lectures.common';
import { createLectureCounters } from './lectures.counters';
import { createLectureEvidence } from './lectures.evidence';
import { createLectureRecord } from './lectures.record';
import { createLectureReminders } from './lectures.reminders';
import { createLectureReports } from './lectures.reports';
import { lecturesRoutes } from './lectures.routes';
import { createLectureSeats } from './lectures.seats';
import { seedSampleLectures } from './lectures.seed';
import { createLecturesPersonalData } from './lectures.personal-data';

/** Builds the lecture feature: its services, its routes, its reminder task and its sample lectures. */
export function createLecturesModule({ config, wechat, clock, logger }: PlatformDeps, deps: { uploads: UploadsService; users: UsersService }) {
  const caches = createLectureCaches(clock);
  const counters = createLectureCounters({ changed: caches.forget });
  const common = createLectureCommon({ uploads: deps.uploads, clock, countersSettled: counters.countersSettled });
  // One gate for sign-ups and check-ins alike: both write to the same lecture's documents.
  const perLecture = createKeyedGate(4);
  const seats = createLectureSeats({ common, counters, perLecture, users: deps.users, clock });
  const lectures = {
    catalogue: createLectureCatalogue({ common, counters, caches, seats, clock, listQueryMaxMs: config.listQueryMaxMs }),
    seats,
    // Check-in codes are signed with a key derived from the server secret.
    checkIn: createLectureCheckIn({ common, counters, caches, perLecture, tokens: createCheckInTokens(config.session.secret), users: deps.users, clock }),
    evidence: createLectureEvidence({ common, caches, clock }),
    record: createLectureRecord({ seats, clock }),
  };
  const reports = createLectureReports({ clock });
  const reminders = createLectureReminders({ wechat, clock, logger, templateId: config.wechat.lectureReminderTemplateId, openidOf: (id) => deps.users.openidOf(id) });
  return featureModule('lectures', { lectures, reports, reminders }, lecturesRoutes(lectures, reports, reminders, clock, config.publicBaseUrl), {
    tasks: [reminders.task],
    seeders: [{ name: 'lectures:samples', kind: 'sample', run: (now) => seedSampleLectures(now) }],
    personalData: createLecturesPersonalData(),
  });
}
