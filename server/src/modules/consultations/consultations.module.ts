import { featureModule, type PlatformDeps } from '../module';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createContentSecurity } from '../wechat/content-security';
import { createAskingService } from './asking.service';
import { createConsultState } from './consult-state';
import { consultationsRoutes } from './consultations.routes';
import { createDashboardService } from './dashboard.service';
import { faqAndAdminRoutes } from './faq.routes';
import { createFaqService } from './faq.service';
import { createHandlingService } from './handling.service';
import { createConsultNotices } from './notices';
import { createConsultationsPersonalData } from './consultations.personal-data';
import { createVillagesService, seedSampleVillages } from './villages.service';

/** What the search feature offers (server/src/modules/search): published FAQ become one of its kinds. */
export interface SearchRegistry {
  register(source: { kind: 'faq'; load(): Promise<{ id: string; title: string; body: string; headings?: string[]; layWords?: string[]; meta?: Record<string, unknown> }[]> }): void;
  reload(kind: 'faq'): void | Promise<void>;
}

/** The tiered consultation (群众 → 法律明白人 → 普法员 → 法律顾问) and the FAQ it feeds. */
export function createConsultationsModule(platform: PlatformDeps, deps: { uploads: UploadsService; users: UsersService; civilCode: CivilCodeService; search?: SearchRegistry }) {
  const { clock, config, wechat, logger } = platform;
  let handlingRef: { invalidate(code: string): void } | null = null;
  const state = createConsultState({ clock, onChange: (code) => handlingRef?.invalidate(code) });
  const villages = createVillagesService();
  const notices = createConsultNotices({
    wechat,
    logger,
    clock,
    templateId: config.wechat.consultAnsweredTemplateId,
    waitingTemplateId: config.wechat.consultWaitingTemplateId,
    findUser: (id) => deps.users.findById(id),
    openidOf: (id) => deps.users.openidOf(id),
  });
  let faqRef: { faqIdOf(id: string): Promise<string | null> } | null = null;
  const handling = createHandlingService({ state, civilCode: deps.civilCode, notices, clock, faqIdOf: (id) => faqRef!.faqIdOf(id) });
  handlingRef = handling;
  const asking = createAskingService({ state, villages, uploads: deps.uploads, users: deps.users, clock, templateId: config.wechat.consultAnsweredTemplateId });
  const search = deps.search;
  const faq = createFaqService({
    state,
    handling,
    security: createContentSecurity(wechat),
    users: deps.users,
    clock,
    search: { changed: () => void Promise.resolve(search?.reload('faq')).catch((err) => logger.warn({ err }, 'faq search reload failed')) },
  });
  faqRef = faq;
  search?.register({
    kind: 'faq',
    load: async () => (await faq.loadPublished()).map((d) => ({ id: d._id, title: d.title, body: `${d.question}\n${d.answer}`, headings: [d.topic], meta: { topic: d.topic, articles: d.articles } })),
  });
  const dashboard = createDashboardService({ state, clock });
  return featureModule(
    'consultations',
    { state, villages, asking, handling, faq, dashboard },
    [...consultationsRoutes(asking, handling, deps.uploads), ...faqAndAdminRoutes(faq, villages, state, dashboard, notices)],
    {
      tasks: [{ name: 'consultations:escalate-overdue', everyMs: 60_000, run: async (now) => void (await handling.escalateOverdue(now)) }],
      seeders: [{ name: 'consultations:sample-villages', kind: 'sample', run: () => seedSampleVillages() }],
      personalData: createConsultationsPersonalData({ uploads: deps.uploads, changed: (code) => handling.invalidate(code) }),
    },
  );
}
