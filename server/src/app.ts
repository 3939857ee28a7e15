import { join } from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import type { Config } from './config';
import type { Logger } from './logger';
import { authenticate, createTokenService } from './http/auth';
import { errorHandler } from './http/error-handler';
import { rateLimit } from './http/rate-limit';
import { createLoadMonitor, shedLoad, type LoadMonitor } from './http/overload';
import { mountRoute, registerOpenApi, type AnyRoute } from './http/route';
import { serveH5 } from './http/static';
import type { WechatClient } from './modules/wechat/wechat.client';
import { createLocalStorage, type FileStorage } from './modules/uploads/storage';
import type { FeatureModule, PlatformDeps } from './modules/module';
import type { PeriodicTask } from './jobs/scheduler';
import type { Seeder } from './seed';
import { createHealthModule } from './modules/health/health.module';
import { createUsersModule } from './modules/users/users.module';
import { createAuthModule } from './modules/auth/auth.module';
import { createTownshipsModule } from './modules/townships/townships.module';
import { createUploadsModule } from './modules/uploads/uploads.module';
import { createFairsModule } from './modules/fairs/fairs.module';
import { createGuideModule } from './modules/guide/guide.module';
import { createCivilCodeModule } from './modules/civil-code/civil-code.module';
import { createQuestionsModule } from './modules/quiz/questions.module';
import { createQuizModule } from './modules/quiz/quiz.module';
import { createContentModule } from './modules/content/content.module';
import { createLecturesModule } from './modules/lectures/lectures.module';
import { createSearchModule } from './modules/search/search.module';
import { createConsultationsModule } from './modules/consultations/consultations.module';
import { createHotTopicsModule } from './modules/hot-topics/hot-topics.module';
import { lecturesAttendedBy } from './modules/lectures/lectures.activity';
import { certificatesEarnedBy } from './modules/quiz/certificates.activity';
import { createLectureChecksModule } from './modules/lecture-checks/lecture-checks.module';
import { createRosterModule } from './modules/roster/roster.module';
import { createLedgerModule } from './modules/ledger/ledger.module';
import { createOpsModule } from './modules/ops/ops.module';
import { createPrivacyModule } from './modules/privacy/privacy.module';
import mongoose from 'mongoose';

export const API_PREFIX = '/api/v1';

export interface AppDeps {
  config: Config;
  logger: Logger;
  wechat: WechatClient;
  pingDatabase: () => Promise<boolean>;
  clock?: () => Date;
  /** Where uploads are kept; a local folder under DATA_DIR unless given. */
  storage?: FileStorage;
  /** Event-loop delay, for shedding load; measured by the app itself unless given. */
  loadMonitor?: LoadMonitor;
}

/** Builds the Koa app and its route table. Never listens: main.ts and the tests do that. */
export function createApp(deps: AppDeps) {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const tokens = createTokenService(config.session.secret, config.session.ttlSeconds, clock);
  const platform: PlatformDeps = { config, logger, wechat: deps.wechat, clock, storage: deps.storage ?? createLocalStorage(join(config.dataDir, 'uploads')) };

  // Features that others depend on are built first; every feature is then one line of the list.
  const users = createUsersModule(platform);
  const uploads = createUploadsModule(platform);
  const civilCode = createCivilCodeModule();
  const search = createSearchModule(platform, { civilCode: civilCode.service });
  const questions = createQuestionsModule(platform, { civilCode: civilCode.service, search: search.service });
  const quiz = createQuizModule(platform, { civilCode: civilCode.service });
  const content = createContentModule(platform, { uploads: uploads.service, users: users.service });
  const fairs = createFairsModule(platform);
  const guide = createGuideModule(platform, { uploads: uploads.service });
  const lectures = createLecturesModule(platform, { uploads: uploads.service, users: users.service });
  const consultations = createConsultationsModule(platform, { uploads: uploads.service, users: users.service, civilCode: civilCode.service, search: search.service });
  const ledger = createLedgerModule(platform, { uploads: uploads.service, users: users.service, activity: { lecturesAttended: lecturesAttendedBy, quizzesPassed: certificatesEarnedBy } });
  const ops = createOpsModule(platform);
  const { metrics } = ops.service;
  // Database command timings (the driver reports them: db/connect.ts turns monitorCommands on).
  if (mongoose.connection.readyState === 1) metrics.watchDatabase(mongoose.connection.getClient());
  const modules: FeatureModule[] = [
    createHealthModule(deps.pingDatabase),
    createAuthModule(platform, { users: users.service, tokens }),
    users,
    createTownshipsModule(),
    uploads,
    fairs,
    guide,
    civilCode,
    questions,
    quiz,
    content,
    lectures,
    createLectureChecksModule(platform, { questions: questions.service, reminders: lectures.service.reminders, consultationTimes: consultations.service.dashboard.topicTimes }),
    search,
    consultations,
    ledger,
    createRosterModule(platform, { villages: consultations.service.villages }),
    createHotTopicsModule(platform, {
      signals: [
        { source: 'consultations', counts: consultations.service.dashboard.topicCounts },
        { source: 'quiz', counts: quiz.service.weakSpots.wrongByBook },
        { source: 'ledger', counts: ledger.service.records.topicCounts },
        { source: 'fairs', counts: fairs.service.topicCounts },
      ],
      unanswered: (code, month) => search.service.missesOf(code, month),
    }),
    ops,
    createPrivacyModule(platform, { users: users.service, modules: () => modules }),
  ];
  const routes: AnyRoute[] = modules.flatMap((m) => m.routes);
  /** Timed work (reminders, scheduled publishing); main.ts runs it, tests call run(now). */
  const tasks: PeriodicTask[] = modules.flatMap((m) => m.tasks);
  /** Start-up data: reference data always, samples when SEED_SAMPLE_DATA is on (see seed.ts). */
  const seeders: Seeder[] = modules.flatMap((m) => m.seeders);

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const router = new Router({ prefix: API_PREFIX });
  for (const route of routes) {
    mountRoute(router, route);
    registerOpenApi(registry, API_PREFIX, route);
  }
  let openApiDocument: unknown;
  router.get('/openapi.json', (ctx) => {
    openApiDocument ??= new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: '清丰普法 API', version: '1.0.0', description: 'REST + JSON. Errors: {"error":{"code","message","details"}}.' },
      servers: [{ url: '/' }],
    });
    ctx.body = openApiDocument;
  });

  const app = new Koa({ proxy: config.trustProxy });
  app.use(metrics.requests);
  app.use(errorHandler(logger));
  app.use(metrics.endpoint);
  app.use(shedLoad(deps.loadMonitor ?? createLoadMonitor(), config.loadShedDelayMs));
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  });
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: config.bodyLimit,
      jsonStrict: true,
      encoding: 'utf-8',
    }),
  );
  app.use(authenticate(tokens, (id) => users.service.findById(id)));
  app.use(rateLimit(config.rateLimitPerMinute));
  app.use(router.routes());
  // A method a path does not have: 405 with Allow (the error handler puts it in the envelope).
  app.use(router.allowedMethods());
  app.use(serveH5(config.h5Dir));

  return {
    app,
    routes,
    tokens,
    tasks,
    seeders,
    modules,
    metrics,
    services: {
      users: users.service,
      uploads: uploads.service,
      fairs: fairs.service,
      guide: guide.service,
      content: content.service,
      civilCode: civilCode.service,
      questions: questions.service,
      quiz: quiz.service,
      lectures: lectures.service.lectures,
      search: search.service,
    },
  };
}
