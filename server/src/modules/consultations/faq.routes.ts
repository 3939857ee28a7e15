
import { ConsultIdParams, ConsultSettings, ConsultSettingsBody, Dashboard, DashboardQuery, Faq, FaqBody, FaqList, FaqParams, FaqQuery, NoticeTemplate, TownshipParams, Village, VillageBody, VillageList, VillageParams, WaitingNoticeBody, WaitingNoticeResult, canManageTownship } from '@qf/shared';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { ConsultState } from './consult-state';
import type { ConsultNotices } from './notices';
import type { DashboardService } from './dashboard.service';
import type { FaqService } from './faq.service';
import type { VillagesService } from './villages.service';

const STAFF = ['township_staff', 'county_admin'] as const;

/** FAQ publishing, villages, the county's time limits and the judicial office's dashboard. */
export function faqAndAdminRoutes(faq: FaqService, villages: VillagesService, state: ConsultState, dashboard: DashboardService, notices: ConsultNotices): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/consultations/:id/faq',
      summary: '「可公开」：由已回复的问题生成去除个人信息的问答草稿（法律顾问）',
      tag: 'faq',
      access: ['adviser', 'county_admin'],
      params: ConsultIdParams,
      response: Faq,
      status: 201,
      handler: ({ actor, params }) => faq.draftFrom(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/faqs',
      summary: '公开的常见问答（按话题）；法律顾问可看草稿',
      tag: 'faq',
      access: 'public',
      query: FaqQuery,
      response: FaqList,
      handler: ({ actor, query }) => faq.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/faqs/:id',
      summary: '一条常见问答',
      tag: 'faq',
      access: 'public',
      params: FaqParams,
      response: Faq,
      handler: ({ actor, params }) => faq.get(actor, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/faqs/:id',
      summary: '修改问答草稿（法律顾问）',
      tag: 'faq',
      access: ['adviser', 'county_admin'],
      params: FaqParams,
      body: FaqBody,
      response: Faq,
      handler: ({ actor, params, body }) => faq.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/faqs/:id/publish',
      summary: '发布问答（先经微信内容安全检测）',
      tag: 'faq',
      access: ['adviser', 'county_admin'],
      params: FaqParams,
      response: Faq,
      handler: ({ actor, params }) => faq.publish(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/faqs/:id/retire',
      summary: '撤下问答',
      tag: 'faq',
      access: ['adviser', 'county_admin'],
      params: FaqParams,
      response: Faq,
      handler: ({ actor, params }) => faq.retire(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/townships/:code/villages',
      summary: '乡镇的村（提问时选择）',
      tag: 'consultations',
      access: 'public',
      params: TownshipParams,
      response: VillageList,
      handler: async ({ params }) => ({ items: await villages.list(params.code) }),
    }),
    defineRoute({
      method: 'post',
      path: '/villages',
      summary: '添加本乡镇的村（司法所工作人员）',
      tag: 'consultations',
      access: STAFF,
      body: VillageBody,
      response: Village,
      status: 201,
      handler: ({ actor, body }) => {
        if (!canManageTownship(actor, body.townshipCode)) throw new ForbiddenError('只能管理本乡镇的村');
        return villages.add(body.townshipCode, body.name);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/villages/:id',
      summary: '删除本乡镇的村（司法所工作人员）',
      tag: 'consultations',
      access: STAFF,
      params: VillageParams,
      handler: async ({ actor, params }) => {
        const village = await villages.find(params.id);
        if (!village) throw new NotFoundError('找不到这个村');
        if (!canManageTownship(actor, village.townshipCode)) throw new ForbiddenError('只能管理本乡镇的村');
        await villages.remove(village.townshipCode, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/consultation-settings',
      summary: '各层级的回复时限（小时）',
      tag: 'consultations',
      access: 'public',
      response: ConsultSettings,
      handler: async () => ({ limitHours: await state.limits() }),
    }),
    defineRoute({
      method: 'put',
      path: '/consultation-settings',
      summary: '修改各层级的回复时限（县管理员）',
      tag: 'consultations',
      access: ['county_admin'],
      body: ConsultSettingsBody,
      response: ConsultSettings,
      handler: async ({ body }) => ({ limitHours: await state.setLimits(body.limitHours) }),
    }),
    defineRoute({
      method: 'get',
      path: '/consultation-dashboard',
      summary: '咨询情况：本月问题数、各层级回复用时、转上级/转线下/解决比例、超时列表',
      tag: 'consultations',
      access: STAFF,
      query: DashboardQuery,
      response: Dashboard,
      handler: ({ actor, query }) => dashboard.dashboard(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/consultation-notice-template',
      summary: '「问题已回复」和「有问题转来」订阅消息的模板编号（未配置时为空）',
      tag: 'consultations',
      access: 'public',
      response: NoticeTemplate,
      handler: () => ({ templateId: notices.templateId, waitingTemplateId: notices.waitingTemplateId }),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/waiting-notices',
      summary: '处理人同意一次「有问题转来」提醒（微信一次订阅一条）：下一个超时转来的问题会提醒他',
      tag: 'consultations',
      access: ['literate', 'popularizer', 'adviser'],
      body: WaitingNoticeBody,
      response: WaitingNoticeResult,
      status: 201,
      handler: ({ actor, body }) => notices.acceptWaiting(actor, body.templateId),
    }),
  ];
}
