import {
  ImportConfirmBody,
  ImportConfirmResult,
  ImportReport,
  ManagedQuestion,
  QuestionCreateBody,
  QuestionIdParams,
  QuestionListQuery,
  QuestionPage,
  QuestionStatusBody,
  QuestionUpdateBody,
  type Role,
} from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import { receiveWorkbook, sendWorkbook, XLSX_MIME } from '../../lib/excel-import';
import type { QuestionEditingService } from './question-editing.service';
import type { QuestionImportService } from './question-import.service';

/** Who looks after the question bank. */
export const QUESTION_BANK_ROLES = ['propaganda', 'county_admin'] as const satisfies readonly Role[];

export function questionsRoutes(questions: QuestionEditingService, imports: QuestionImportService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/quiz/questions',
      summary: '题库列表（含答案，仅限宣传员和县管理员）：按编、题型、状态、关键词或条文编号筛选',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      query: QuestionListQuery,
      response: QuestionPage,
      handler: ({ query }) => questions.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/questions',
      summary: '新增一道题；所引法条须存在，解析里「」内的引文须与法条原文一致',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      body: QuestionCreateBody,
      response: ManagedQuestion,
      status: 201,
      handler: ({ body, actor }) => questions.create(actor, body.content),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/questions/:id',
      summary: '读取一道题（含答案）',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      params: QuestionIdParams,
      response: ManagedQuestion,
      handler: ({ params }) => questions.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/quiz/questions/:id',
      summary: '修改一道题（带上读到的 version；别人先改了则 409）',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      params: QuestionIdParams,
      body: QuestionUpdateBody,
      response: ManagedQuestion,
      handler: ({ params, body, actor }) => questions.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/quiz/questions/:id/status',
      summary: '停用（retired，不再出题）或恢复（active）一道题',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      params: QuestionIdParams,
      body: QuestionStatusBody,
      response: ManagedQuestion,
      handler: ({ params, body, actor }) => questions.setStatus(actor, params.id, body.status),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/question-imports/template',
      summary: '下载题目导入模板（.xlsx）',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      produces: XLSX_MIME,
      handler: async ({ ctx }) => {
        sendWorkbook(ctx, await imports.template(), 'question-template.xlsx', '题库导入模板.xlsx');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/question-imports',
      summary: '上传填好的模板，先得到逐行检查报告（行号、列、问题）；此时还不入库',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      response: ImportReport,
      status: 201,
      handler: async ({ ctx, actor }) => {
        const file = await receiveWorkbook(ctx);
        return imports.previewImport(actor, file);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/quiz/question-imports/confirm',
      summary: '确认导入报告中选中的行；有问题的行不能导入（400，什么都不存）；已有的题不会重复',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      body: ImportConfirmBody,
      response: ImportConfirmResult,
      handler: ({ body, actor }) => imports.confirmImport(actor, { importId: body.importId, rows: body.rows, choices: body.choices }),
    }),
  ];
}
