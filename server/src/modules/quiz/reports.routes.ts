import { MyQuestionReport, MyQuestionReportList, QuestionReportBody, ReportAnswerBody, ReportAnswerResult, ReportGroupList, ReportGroupQuery, ReportQuestionParams } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import { QUESTION_BANK_ROLES } from './questions.routes';
import type { QuestionReportsService } from './reports.service';

const TAG = 'quiz-reports';

export function reportsRoutes(reports: QuestionReportsService): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/quiz/question-reports',
      summary: '报错：说说这道题哪里有问题（最多 300 字；同一道题每人只能有一条待回复的报错，再报 409）',
      tag: TAG,
      access: 'user',
      body: QuestionReportBody,
      response: MyQuestionReport,
      status: 201,
      handler: ({ body, actor }) => reports.report(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/question-reports/mine',
      summary: '我报过的错，和工作人员的回复',
      tag: TAG,
      access: 'user',
      response: MyQuestionReportList,
      handler: ({ actor }) => reports.mine(actor),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/question-reports',
      summary: '报错按题目归组（最新的在前；不显示报错人），仅限管理题库的宣传员和县管理员',
      tag: TAG,
      access: QUESTION_BANK_ROLES,
      query: ReportGroupQuery,
      response: ReportGroupList,
      handler: ({ query }) => reports.groups(query.status),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/question-reports/:id/answer',
      summary: '回复一道题的全部待回复报错（:id 为题目编号）；回复后报错即关闭，报错人在“我的报错”里看到',
      tag: TAG,
      access: QUESTION_BANK_ROLES,
      params: ReportQuestionParams,
      body: ReportAnswerBody,
      response: ReportAnswerResult,
      handler: ({ params, body, actor }) => reports.answer(actor, params.id, body.answer),
    }),
  ];
}
