import { featureModule, type PlatformDeps } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createContentSecurity, wechatPushRoutes } from '../wechat/content-security';
import { contentRoutes } from './content.routes';
import { createContentService } from './content.service';
import { seedSamplePosts } from './content.seed';

/** Posts (articles, video, opera, posters): drafts, WeChat's checks, review, the feed. */
export function createContentModule({ clock, config, wechat }: PlatformDeps, deps: { uploads: UploadsService; users: UsersService }) {
  const service = createContentService({ uploads: deps.uploads, openidOf: (id) => deps.users.openidOf(id), security: createContentSecurity(wechat), clock, publicBaseUrl: config.publicBaseUrl, checkedByStandin: config.wechat.standin });
  return featureModule('content', service, [
    ...contentRoutes(service),
    // WeChat pushes the verdicts of asynchronous media checks here.
    ...wechatPushRoutes({ pushToken: config.wechat.pushToken, onMediaCheck: (event) => service.applyMediaCheck(event) }),
  ], {
    seeders: [{ name: 'content:samples', kind: 'sample', run: (now) => seedSamplePosts(now) }],
    tasks: [
      { name: 'content:publish-scheduled', everyMs: 30_000, run: async (now) => void (await service.publishDue(now)) },
      { name: 'content:recount-views', everyMs: 5 * 60_000, run: () => service.recountViews() },
    ],
  });
}
