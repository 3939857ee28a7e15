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
import { createUsersService } from './modules/users/users.service';
import { usersRoutes } from './modules/users/users.routes';
import { createAuthService } from './modules/auth/auth.service';
import { authRoutes } from './modules/auth/auth.routes';
import { townshipsRoutes } from './modules/townships/townships.routes';
import { healthRoutes } from './modules/health/health.routes';
import type { WechatClient } from './modules/wechat/wechat.client';
import { createUploadsService } from './modules/uploads/uploads.service';
import { uploadsRoutes } from './modules/uploads/uploads.routes';
import { createLocalStorage, type FileStorage } from './modules/uploads/storage';
import type { PeriodicTask } from './jobs/scheduler';
import { createFairsService } from './modules/fairs/fairs.service';
import { fairsRoutes } from './modules/fairs/fairs.routes';
import { createGuideService } from './modules/guide/guide.service';
import { guideRoutes } from './modules/guide/guide.routes';
import { seedSampleGuide } from './modules/guide/guide.seed';
import { createContentSecurity, wechatPushRoutes } from './modules/wechat/content-security';
import { createContentService } from './modules/content/content.service';
import { contentRoutes } from './modules/content/content.routes';
import type { Seeder } from './seed';
import { createCivilCodeService } from './modules/civil-code/civil-code.service';
import { civilCodeRoutes } from './modules/civil-code/civil-code.routes';
import { createQuestionsService } from './modules/quiz/questions.service';
import { questionsRoutes } from './modules/quiz/questions.routes';
import { createQuizModes } from './modules/quiz/quiz-modes';
import { quizModesRoutes } from './modules/quiz/quiz-modes.routes';
import { createLecturesModule } from './modules/lectures/lectures.module';
import { seedSampleLectures } from './modules/lectures/lectures.seed';

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
  const users = createUsersService({ signedInCacheMs: config.session.userCacheMs });
  const auth = createAuthService({ users, tokens, wechat: deps.wechat, bootstrapAdminOpenids: config.bootstrapAdminOpenids });
  const storage = deps.storage ?? createLocalStorage(join(config.dataDir, 'uploads'));
  const uploads = createUploadsService({ storage, clock });
  /** Timed work (reminders, scheduled publishing); main.ts runs it, tests call run(now). */
  const tasks: PeriodicTask[] = [];
  /** Start-up data: reference data always, samples when SEED_SAMPLE_DATA is on (see seed.ts). */
  const seeders: Seeder[] = [];
  const fairs = createFairsService({ clock });
  const guide = createGuideService({ uploads, clock });
  seeders.push({ name: 'guide:samples', kind: 'sample', run: async () => void (await seedSampleGuide()) });
  const civilCode = createCivilCodeService();
  const questions = createQuestionsService({ civilCode, clock });
  seeders.push({ name: 'quiz:question-bank', kind: 'reference', run: () => questions.ready() });
  const quiz = createQuizModes({ clock, articles: civilCode, secret: config.session.secret });
  const content = createContentService({ uploads, security: createContentSecurity(deps.wechat), clock, publicBaseUrl: config.publicBaseUrl });
  tasks.push({ name: 'content:publish-scheduled', everyMs: 30_000, run: async (now) => void (await content.publishDue(now)) });
  tasks.push({ name: 'content:recount-views', everyMs: 5 * 60_000, run: () => content.recountViews() });
  const lectures = createLecturesModule({ uploads, users, wechat: deps.wechat, clock, logger, secret: config.session.secret, publicBaseUrl: config.publicBaseUrl, reminderTemplateId: config.wechat.lectureReminderTemplateId, listQueryMaxMs: config.listQueryMaxMs });
  tasks.push(...lectures.tasks);
  seeders.push({ name: 'lectures:samples', kind: 'sample', run: (now) => seedSampleLectures(now) });

  const routes: AnyRoute[] = [
    ...healthRoutes(deps.pingDatabase),
    ...authRoutes(auth, { devLogin: config.devLogin && !config.isProduction }),
    ...usersRoutes(users),
    ...townshipsRoutes(),
    ...uploadsRoutes(uploads),
    ...fairsRoutes(fairs),
    ...guideRoutes(guide),
    ...civilCodeRoutes(civilCode),
    ...questionsRoutes(questions),
    ...quizModesRoutes(quiz),
    ...contentRoutes(content),
    ...lectures.routes,
    ...wechatPushRoutes({ pushToken: config.wechat.pushToken, onMediaCheck: (event) => content.applyMediaCheck(event) }),
  ];

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
  app.use(errorHandler(logger));
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
  app.use(authenticate(tokens, (id) => users.findById(id)));
  app.use(rateLimit(config.rateLimitPerMinute));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(serveH5(config.h5Dir));

  return { app, routes, tokens, tasks, seeders, services: { users, uploads, fairs, guide, content, civilCode, questions, quiz } };
}
