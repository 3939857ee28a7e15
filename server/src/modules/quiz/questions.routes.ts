import multer from '@koa/multer';
import type { Context } from 'koa';
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
import { AppError, BadRequestError } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import { MAX_IMPORT_BYTES } from './questions.excel';
import type { QuestionsService } from './questions.service';

/** Who looks after the question bank. */
export const QUESTION_BANK_ROLES = ['propaganda', 'county_admin'] as const satisfies readonly Role[];

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook from a multipart form (field `file`, as wx.uploadFile sends it) or from a raw body. */
async function receiveWorkbook(ctx: Context): Promise<{ data: Buffer; fileName: string | null }> {
  const tooLarge = () => new AppError(413, 'payload_too_large', `文件太大：最多 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, { field: 'file' });
  if (ctx.is('multipart/form-data')) {
    const receive = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } }).single('file');
    try {
      await receive(ctx, async () => undefined);
    } catch (err) {
      if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') throw tooLarge();
      throw new BadRequestError('上传的表单有误', [{ field: 'file', message: (err as Error).message }]);
    }
    const file = (ctx as unknown as { file?: { buffer: Buffer; originalname?: string } }).file;
    if (!file) throw new BadRequestError('输入有误：file 请选择要导入的 Excel 文件', [{ field: 'file', message: '请选择要导入的 Excel 文件' }]);
    return { data: file.buffer, fileName: file.originalname ? Buffer.from(file.originalname, 'latin1').toString('utf8') : null };
  }
  if (!ctx.is(XLSX_MIME, 'application/octet-stream')) {
    throw new AppError(415, 'unsupported_media_type', '请用 multipart/form-data（字段 file）或 .xlsx 文件本身上传');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_IMPORT_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw new BadRequestError('输入有误：file 请选择要导入的 Excel 文件', [{ field: 'file', message: '文件是空的' }]);
  const name = ctx.get('X-File-Name');
  return { data: Buffer.concat(chunks), fileName: name ? decodeURIComponent(name).slice(0, 200) : null };
}

export function questionsRoutes(questions: QuestionsService): AnyRoute[] {
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
      handler: ({ body, user }) => questions.create(body.content, user.id),
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
      handler: ({ params, body, user }) => questions.update(params.id, body, user.id),
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
      handler: ({ params, body, user }) => questions.setStatus(params.id, body.status, user.id),
    }),
    defineRoute({
      method: 'get',
      path: '/quiz/question-imports/template',
      summary: '下载题目导入模板（.xlsx）',
      tag: 'quiz-bank',
      access: QUESTION_BANK_ROLES,
      produces: XLSX_MIME,
      handler: async ({ ctx }) => {
        const data = await questions.template();
        ctx.type = XLSX_MIME;
        ctx.set('Content-Disposition', `attachment; filename="question-template.xlsx"; filename*=UTF-8''${encodeURIComponent('题库导入模板.xlsx')}`);
        ctx.body = data;
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
      handler: async ({ ctx, user }) => {
        const file = await receiveWorkbook(ctx);
        return questions.previewImport({ ...file, userId: user.id });
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
      handler: ({ body, user }) => questions.confirmImport({ importId: body.importId, rows: body.rows, choices: body.choices, userId: user.id }),
    }),
  ];
}
