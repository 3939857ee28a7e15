import {
  AnswerFeedback,
  AnswerSheetBody,
  Attempt,
  AttemptParams,
  AttemptResult,
  Campaign,
  CampaignDetail,
  CampaignIdParams,
  CampaignInput,
  CampaignList,
  CampaignListQuery,
  CampaignPatch,
  Certificate,
  CertificateList,
  CertificateParams,
  CertificateVerification,
  DailyQuiz,
  DailyResult,
  PeopleLeaderboard,
  PracticeQuery,
  PracticeSet,
  QuizStats,
  SingleAnswerBody,
  TownshipLeaderboard,
  WeakSpotParams,
  WeakSpotQuery,
  WeakSpots,
  WrongBookList,
  WrongBookQuery,
} from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import { certificateSvg } from './certificates.service';
import type { QuizModes } from './quiz-modes';

const TAG = 'quiz';

export function quizModesRoutes(quiz: QuizModes): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/quiz/me',
      summary: '我的答题概况（连续天数、错题数）',
      tag: TAG,
      access: 'user',
      response: QuizStats,
      handler: ({ actor }) => quiz.daily.stats(actor),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/daily',
      summary: '今天的每日答题（5 题，不含答案；当天重开是同样的题）',
      tag: TAG,
      access: 'user',
      response: DailyQuiz,
      handler: ({ actor }) => quiz.daily.open(actor),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/daily/submit',
      summary: '交今天的每日答题（每天一次；再交返回已存的成绩）',
      tag: TAG,
      access: 'user',
      body: AnswerSheetBody,
      response: DailyResult,
      handler: async ({ actor, body }) => {
        await quiz.limits.submit(actor.id);
        return quiz.daily.submit(actor, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/practice',
      summary: '专项练习：按编抽 10 道题（不含答案）；给了 article 时先出引用该条的题',
      tag: TAG,
      access: 'user',
      query: PracticeQuery,
      response: PracticeSet,
      handler: ({ query }) => quiz.practice.draw(query.book, query.article),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/practice/answers',
      summary: '专项练习：答一题，立即看对错、解析和法条',
      tag: TAG,
      access: 'user',
      body: SingleAnswerBody,
      response: AnswerFeedback,
      handler: async ({ actor, body }) => {
        await quiz.limits.answer(actor.id);
        return quiz.practice.answer(actor, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/wrong-book',
      summary: '我的错题本',
      tag: TAG,
      access: 'user',
      query: WrongBookQuery,
      response: WrongBookList,
      handler: ({ actor, query }) => quiz.wrongBook.list(actor, query.book),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/wrong-book/answers',
      summary: '错题重做：连续答对两次移出错题本',
      tag: TAG,
      access: 'user',
      body: SingleAnswerBody,
      response: AnswerFeedback,
      handler: async ({ actor, body }) => {
        await quiz.limits.answer(actor.id);
        return quiz.wrongBook.answer(actor, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/campaigns',
      summary: '竞赛列表',
      tag: TAG,
      access: 'user',
      query: CampaignListQuery,
      response: CampaignList,
      handler: ({ query }) => quiz.campaigns.list(query.phase),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/campaigns',
      summary: '创建竞赛（县管理员）',
      tag: TAG,
      access: ['county_admin'],
      body: CampaignInput,
      response: Campaign,
      status: 201,
      handler: ({ actor, body }) => quiz.campaigns.create(actor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/quiz/campaigns/:id',
      summary: '修改竞赛（县管理员）',
      tag: TAG,
      access: ['county_admin'],
      params: CampaignIdParams,
      body: CampaignPatch,
      response: Campaign,
      handler: ({ params, body }) => quiz.campaigns.update(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/campaigns/:id',
      summary: '竞赛详情和我的参赛情况',
      tag: TAG,
      access: 'user',
      params: CampaignIdParams,
      response: CampaignDetail,
      handler: ({ actor, params }) => quiz.campaignAttempts.detail(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/campaigns/:id/attempts',
      summary: '开始答题（已有未交的答卷则返回它；次数用完 409）',
      tag: TAG,
      access: 'user',
      params: CampaignIdParams,
      response: Attempt,
      handler: async ({ actor, params }) => {
        await quiz.limits.submit(actor.id);
        return quiz.campaignAttempts.start(actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/campaigns/:id/attempts/:n',
      summary: '我的一次答卷（交卷前不含答案）',
      tag: TAG,
      access: 'user',
      params: AttemptParams,
      response: Attempt,
      handler: ({ actor, params }) => quiz.campaignAttempts.attempt(actor, params.id, params.n),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/campaigns/:id/attempts/:n/submit',
      summary: '交卷（服务器计分；重复交卷返回同一成绩，超时 409）',
      tag: TAG,
      access: 'user',
      params: AttemptParams,
      body: AnswerSheetBody,
      response: AttemptResult,
      handler: async ({ actor, params, body }) => {
        await quiz.limits.submit(actor.id);
        return quiz.campaignResults.submit(actor, params.id, params.n, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/campaigns/:id/leaderboard/people',
      summary: '个人排行榜（前 100 名，姓名打码；公开）',
      tag: TAG,
      access: 'public',
      params: CampaignIdParams,
      response: PeopleLeaderboard,
      handler: async ({ params }) => {
        await quiz.campaigns.assertExists(params.id);
        return quiz.leaderboard.people(params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/campaigns/:id/leaderboard/townships',
      summary: '乡镇排行榜（参与人数、合格率、平均分；公开）',
      tag: TAG,
      access: 'public',
      params: CampaignIdParams,
      response: TownshipLeaderboard,
      handler: async ({ params }) => {
        await quiz.campaigns.assertExists(params.id);
        return quiz.leaderboard.townships(params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/certificates',
      summary: '我的证书',
      tag: TAG,
      access: 'user',
      response: CertificateList,
      handler: ({ actor }) => quiz.certificates.mine(actor),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/certificates/:code',
      summary: '我的一张证书（全名）',
      tag: TAG,
      access: 'user',
      params: CertificateParams,
      response: Certificate,
      handler: ({ actor, params }) => quiz.certificates.forHolder(actor, params.code),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/certificates/:code/svg',
      errors: [403],
      summary: '证书图片（SVG，可打印）',
      tag: TAG,
      access: 'user',
      params: CertificateParams,
      produces: 'image/svg+xml',
      handler: async ({ actor, params, ctx }) => {
        const certificate = await quiz.certificates.forHolder(actor, params.code);
        ctx.type = 'image/svg+xml; charset=utf-8';
        ctx.set('Content-Disposition', `inline; filename="certificate-${certificate.code}.svg"`);
        ctx.body = certificateSvg(certificate);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/certificates/:code',
      summary: '证书查验（公开；姓名打码）',
      tag: TAG,
      access: 'public',
      params: CertificateParams,
      response: CertificateVerification,
      handler: ({ params }) => quiz.certificates.verify(params.code),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/weak-spots/:townshipCode',
      summary: '精准普法：本乡镇近 90 天答错最多的法条（司法所、县管理员）',
      tag: TAG,
      access: ['township_staff', 'county_admin'],
      params: WeakSpotParams,
      query: WeakSpotQuery,
      response: WeakSpots,
      handler: ({ actor, params, query }) => quiz.weakSpots.forTownship(actor, params.townshipCode, query.limit),
    }),
  ];
}
