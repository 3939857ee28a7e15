import type { Logger } from '../../logger';
import type { PeriodicTask } from '../../jobs/scheduler';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import type { WechatClient } from '../wechat/wechat.client';
import { createCheckInTokens } from './check-in-tokens';
import { createLectureReminders } from './lectures.reminders';
import { createLectureReports } from './lectures.reports';
import { lecturesRoutes } from './lectures.routes';
import { createLecturesService } from './lectures.service';

export interface LecturesModuleDeps {
  uploads: UploadsService;
  users: UsersService;
  wechat: WechatClient;
  clock: () => Date;
  logger: Logger;
  /** The server secret; check-in codes are signed with a key derived from it. */
  secret: string;
  /** Subscription-message template for reminders, as set up in the WeChat console. */
  reminderTemplateId?: string | undefined;
  listCacheMs?: number;
  listQueryMaxMs?: number;
  /** Where residents reach the H5 build (check-in links); the request's own address when unset. */
  publicBaseUrl?: string | undefined;
}

/** Builds the lecture feature: its services, its routes and its periodic reminder task. */
export function createLecturesModule(deps: LecturesModuleDeps) {
  const service = createLecturesService({
    uploads: deps.uploads,
    users: deps.users,
    tokens: createCheckInTokens(deps.secret),
    clock: deps.clock,
    ...(deps.listCacheMs !== undefined ? { listCacheMs: deps.listCacheMs } : {}),
    ...(deps.listQueryMaxMs !== undefined ? { listQueryMaxMs: deps.listQueryMaxMs } : {}),
  });
  const reports = createLectureReports({ clock: deps.clock });
  const reminders = createLectureReminders({ wechat: deps.wechat, clock: deps.clock, logger: deps.logger, templateId: deps.reminderTemplateId });
  const tasks: PeriodicTask[] = [reminders.task];
  return { service, reports, reminders, tasks, routes: lecturesRoutes(service, reports, reminders, deps.clock, deps.publicBaseUrl) };
}

export type LecturesModule = ReturnType<typeof createLecturesModule>;
