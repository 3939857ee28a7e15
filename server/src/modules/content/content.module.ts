import { featureModule, type PlatformDeps } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createContentSecurity, wechatPushRoutes } from '../wechat/content-security';
import { createContentFeed } from './content.feed';
import { createContentModeration } from './content.moderation';
import { createContentReports } from './content.reports';
import { contentRoutes } from './content.routes';
import { seedSamplePosts } from './content.seed';
import { createContentViews } from './content.views';
import { createContentWorkflow } from './content.workflow';

/** Posts (articles, video, opera, posters): drafts, WeChat's checks, review, the feed. */
export function createContentModule({ clock, config, wechat }: PlatformDeps, deps: { uploads: UploadsService; users: UsersService }) {
  const feed = createContentFeed();
  const moderation = createContentModeration({ openidOf: (id) => deps.users.openidOf(id), security: createContentSecurity(wechat), clock, publicBaseUrl: config.publicBaseUrl, checkedByStandin: config.wechat.standin });
  const workflow = createContentWorkflow({ uploads: deps.uploads, clock, moderation, feed });
  const views = createContentViews({ clock });
  const reports = createContentReports();
  // One flat service for the app (`services.content`) and the tests: callers need not know the split.
  const service = { ...feed, ...workflow, ...views, ...reports, applyMediaCheck: moderation.applyMediaCheck };
  return featureModule('content', service, [
    ...contentRoutes(feed, workflow, views, reports),
    // WeChat pushes the verdicts of asynchronous media checks here.
    ...wechatPushRoutes({ pushToken: config.wechat.pushToken, onMediaCheck: (event) => moderation.applyMediaCheck(event) }),
  ], {
    seeders: [{ name: 'content:samples', kind: 'sample', run: (now) => seedSamplePosts(now) }],
    tasks: [
      { name: 'content:publish-scheduled', everyMs: 30_000, run: async (now) => void (await workflow.publishDue(now)) },
      { name: 'content:recount-views', everyMs: 5 * 60_000, run: () => views.recountViews() },
    ],
  });
}
