import { tmpdir } from 'node:os';
import multer from '@koa/multer';
import rangeParser from 'range-parser';
import { UPLOAD_RULES, Upload, UploadIdParams, UploadQuery } from '@qf/shared';
import { AppError, BadRequestError } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { UploadsService } from './uploads.service';

const largestAllowed = Math.max(...Object.values(UPLOAD_RULES).map((r) => r.maxBytes));

export function uploadsRoutes(uploads: UploadsService, options: { tempDir?: string } = {}): AnyRoute[] {
  const receive = multer({ dest: options.tempDir ?? tmpdir(), limits: { fileSize: largestAllowed, files: 1, fields: 5 } }).single('file');

  return [
    defineRoute({
      method: 'post',
      path: '/uploads',
      summary: '上传图片、音频或视频（multipart/form-data，字段 file；按内容判断类型）',
      tag: 'uploads',
      access: ['literate', 'township_staff', 'propaganda', 'county_admin'],
      query: UploadQuery,
      response: Upload,
      status: 201,
      handler: async ({ ctx, query, actor }) => {
        if (!ctx.is('multipart/form-data')) throw new AppError(415, 'unsupported_media_type', '请用 multipart/form-data 上传文件');
        try {
          await receive(ctx, async () => undefined);
        } catch (err) {
          if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') {
            throw new AppError(413, 'payload_too_large', `文件太大：只接受${UPLOAD_RULES[query.kind].label}`, { field: 'file' });
          }
          throw new BadRequestError('上传的表单有误', [{ field: 'file', message: (err as Error).message }]);
        }
        const file = (ctx as unknown as { file?: { path: string; size: number } }).file;
        if (!file) throw new BadRequestError('输入有误：file 请选择要上传的文件', [{ field: 'file', message: '请选择要上传的文件' }]);
        return uploads.accept({ ownerId: actor.id, kind: query.kind, tempPath: file.path, size: file.size });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/uploads/:id',
      summary: '读取上传的文件（支持 Range 请求，视频可拖动）',
      tag: 'uploads',
      access: 'public',
      params: UploadIdParams,
      produces: 'application/octet-stream',
      handler: async ({ ctx, params }) => {
        const doc = await uploads.find(params.id);
        const size = doc ? await uploads.storage.size(doc.storageKey) : null;
        if (!doc || size === null) throw uploads.notFound();
        ctx.type = doc.mime;
        ctx.set('Accept-Ranges', 'bytes');
        ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
        const header = ctx.get('Range');
        const ranges = header ? rangeParser(size, header, { combine: true }) : undefined;
        if (ranges === -1) {
          ctx.set('Content-Range', `bytes */${size}`);
          throw new AppError(416 as number, 'invalid_input', '请求的范围超出文件大小');
        }
        if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
          const { start, end } = ranges[0]!;
          ctx.status = 206;
          ctx.set('Content-Range', `bytes ${start}-${end}/${size}`);
          ctx.length = end - start + 1;
          ctx.body = uploads.storage.read(doc.storageKey, { start, end });
          return;
        }
        ctx.length = size;
        ctx.body = uploads.storage.read(doc.storageKey);
      },
    }),
  ];
}
