import { z } from 'zod';
import { AnswerLectureCheckBody, AwarenessReport, AwarenessReportQuery, InviteAfterCheckBody, IsoDateTime, LectureAwareness, LectureCheckState, LectureIdParams } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { LectureCheckReports } from './lecture-checks.report';
import type { LectureChecks } from './lecture-checks.service';

const tag = 'lecture-checks';
const STAFF = ['township_staff', 'county_admin'] as const;

export function lectureCheckRoutes(checks: LectureChecks, reports: LectureCheckReports): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/lectures/:id/check',
      summary: '讲座前后的 3 道小题：签到后答一次，讲座结束后 24 小时内再答一次（题目不带答案）',
      tag,
      access: 'user',
      params: LectureIdParams,
      response: LectureCheckState,
      handler: ({ actor, params }) => checks.state(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/lectures/:id/check',
      summary: '交上讲座前或讲座后的答案（每人每次只收一次，再交是 409）',
      tag,
      access: 'user',
      params: LectureIdParams,
      body: AnswerLectureCheckBody,
      response: LectureCheckState,
      status: 201,
      handler: ({ actor, params, body }) => checks.answer(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/lectures/:id/check/invite',
      summary: '讲座结束时用微信订阅消息提醒我再答一次（用户在 wx.requestSubscribeMessage 里同意之后）',
      tag,
      access: 'user',
      params: LectureIdParams,
      body: InviteAfterCheckBody,
      response: z.object({ dueAt: IsoDateTime }),
      handler: ({ actor, params, body }) => checks.invite(actor, params.id, body.templateId),
    }),
    defineRoute({
      method: 'get',
      path: '/lectures/:id/awareness',
      summary: '一场讲座的知晓率：讲座前 → 讲座后（只算两次都答了的人），和每道题的变化',
      tag,
      access: STAFF,
      params: LectureIdParams,
      response: LectureAwareness,
      handler: ({ actor, params }) => reports.lecture(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/lecture-awareness',
      summary: '讲座效果：一年里各主题的知晓率（讲座前 → 讲座后），乡镇工作人员看本乡镇，县里可看全县或某乡镇',
      tag,
      access: STAFF,
      query: AwarenessReportQuery,
      response: AwarenessReport,
      handler: ({ actor, query }) => reports.report(actor, query),
    }),
  ];
}
