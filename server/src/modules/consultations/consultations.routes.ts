import { tmpdir } from 'node:os';
import multer from '@koa/multer';
import { z } from 'zod';
import { AnswerBody, AskBody, AvoidedBody, ConsultIdParams, Consultation, ConsultationList, ConsultationSummary, EscalateBody, FeedbackBody, ObjectIdString, QueuePage, QueueQuery, ReferBody, UPLOAD_RULES, Upload } from '@qf/shared';
import { AppError, BadRequestError, invalidField } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { UploadsService } from '../uploads/uploads.service';
import type { AskingService } from './asking.service';
import type { HandlingService } from './handling.service';

const HANDLERS = ['literate', 'popularizer', 'adviser', 'township_staff', 'county_admin'] as const;
const ConsultUploadQuery = z.strictObject({ kind: z.enum(['image', 'audio'], { message: '只能上传照片或录音' }).default('image') });
const QueueQueryWithVillage = QueueQuery.extend({ villageId: ObjectIdString.optional() });

/** Asking, the queue, and every move of a question (claim, answer, send up, refer, feedback). */
export function consultationsRoutes(asking: AskingService, handling: HandlingService, uploads: UploadsService): AnyRoute[] {
  const receive = multer({ dest: tmpdir(), limits: { fileSize: UPLOAD_RULES.audio.maxBytes, files: 1, fields: 5 } }).single('file');
  return [
    defineRoute({
      method: 'post',
      path: '/consultations/uploads',
      summary: '为提问上传照片或录音（multipart/form-data，字段 file；按内容判断类型）',
      tag: 'consultations',
      access: 'user',
      query: ConsultUploadQuery,
      response: Upload,
      status: 201,
      handler: async ({ ctx, query, actor }) => {
        if (!ctx.is('multipart/form-data')) throw new AppError(415, 'unsupported_media_type', '请用 multipart/form-data 上传文件');
        try {
          await receive(ctx, async () => undefined);
        } catch (err) {
          if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') throw new AppError(413, 'payload_too_large', `文件太大：只接受${UPLOAD_RULES[query.kind].label}`, { field: 'file' });
          throw new BadRequestError('上传的表单有误', [{ field: 'file', message: (err as Error).message }]);
        }
        const file = (ctx as unknown as { file?: { path: string; size: number } }).file;
        if (!file) throw invalidField('file', '请选择要上传的文件');
        return uploads.accept({ ownerId: actor.id, kind: query.kind, tempPath: file.path, size: file.size });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/consultations',
      errors: [403],
      summary: '提问（群众；法律明白人可代村民提问）',
      tag: 'consultations',
      access: 'user',
      body: AskBody,
      response: ConsultationSummary,
      status: 201,
      handler: ({ actor, body }) => asking.ask(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/consultations/mine',
      summary: '我的提问（含代问）',
      tag: 'consultations',
      access: 'user',
      response: ConsultationList,
      handler: ({ actor }) => asking.mine(actor),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/avoided',
      summary: '「这个解决了我的问题」：看了推荐的问答或法条，不用再问',
      tag: 'consultations',
      access: 'user',
      body: AvoidedBody,
      response: z.object({ counted: z.boolean() }),
      handler: ({ actor, body }) => asking.avoided(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/consultations/queue',
      summary: '待处理的问题（本人服务的层级和乡镇；本村优先，再按到期先后，超时的在前；分页）',
      tag: 'consultations',
      access: HANDLERS,
      query: QueueQueryWithVillage,
      response: QueuePage,
      handler: ({ actor, query }) => handling.queue(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/consultations/:id',
      summary: '一个问题及其回复（只有提问人和服务本乡镇相应层级的人可见）',
      tag: 'consultations',
      access: 'user',
      params: ConsultIdParams,
      response: Consultation,
      handler: ({ actor, params }) => handling.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/:id/claim',
      summary: '认领（每一级只有一人认领成功）',
      tag: 'consultations',
      access: HANDLERS,
      params: ConsultIdParams,
      response: Consultation,
      handler: ({ actor, params }) => handling.claim(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/:id/answer',
      summary: '回复（须先认领；附引用的法条和话题）',
      tag: 'consultations',
      access: HANDLERS,
      params: ConsultIdParams,
      body: AnswerBody,
      response: Consultation,
      handler: ({ actor, params, body }) => handling.answer(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/:id/escalate',
      summary: '转上级（须先认领，写明原因）',
      tag: 'consultations',
      access: HANDLERS,
      params: ConsultIdParams,
      body: EscalateBody,
      response: Consultation,
      handler: ({ actor, params, body }) => handling.escalate(actor, params.id, body.note),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/:id/refer',
      summary: '转线下（法律顾问：人民调解、法律援助、司法所面谈）',
      tag: 'consultations',
      access: ['adviser', 'county_admin'],
      params: ConsultIdParams,
      body: ReferBody,
      response: Consultation,
      handler: ({ actor, params, body }) => handling.refer(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/consultations/:id/feedback',
      errors: [403],
      summary: '提问人确认：解决了，或还有疑问（转上一级）',
      tag: 'consultations',
      access: 'user',
      params: ConsultIdParams,
      body: FeedbackBody,
      response: Consultation,
      handler: ({ actor, params, body }) => handling.feedback(actor, params.id, body),
    }),
  ];
}
