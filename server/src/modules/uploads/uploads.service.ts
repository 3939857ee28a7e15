import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { rm } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { UPLOAD_RULES, type Upload, type UploadKind } from '@qf/shared';
import { AppError, BadRequestError, NotFoundError } from '../../http/errors';
import { UploadModel, type UploadDoc } from './uploads.model';
import { storageKeyFor, type FileStorage } from './storage';

export const uploadUrl = (id: string) => `/api/v1/uploads/${id}`;

const toUpload = (doc: Pick<UploadDoc, '_id' | 'kind' | 'mime' | 'size'>): Upload => ({
  id: doc._id,
  kind: doc.kind as UploadKind,
  mime: doc.mime,
  size: doc.size,
  url: uploadUrl(doc._id),
});

export function createUploadsService({ storage, clock }: { storage: FileStorage; clock: () => Date }) {
  return {
    /**
     * Accepts a file that multer wrote to a temporary path: sniffs its real type from its bytes,
     * checks it against the rules for the kind asked for, and only then stores it. The temporary
     * file is always removed, so a refused upload leaves nothing behind.
     */
    async accept(input: { ownerId: string; kind: UploadKind; tempPath: string; size: number }): Promise<Upload> {
      const rule = UPLOAD_RULES[input.kind];
      try {
        if (input.size > rule.maxBytes) {
          throw new AppError(413, 'payload_too_large', `文件太大：只接受${rule.label}`, { field: 'file' });
        }
        const sniffed = await fileTypeFromFile(input.tempPath);
        if (!sniffed || !rule.mimes.includes(sniffed.mime)) {
          throw new BadRequestError(`文件内容不符合要求：只接受${rule.label}`, [{ field: 'file', message: `检测到的类型：${sniffed?.mime ?? '未知'}` }]);
        }
        const id = randomBytes(12).toString('base64url');
        const createdAt = clock();
        const storageKey = storageKeyFor(id, sniffed.ext, createdAt);
        await storage.put(storageKey, input.tempPath);
        try {
          const doc = await UploadModel.create({ _id: id, ownerId: input.ownerId, kind: input.kind, mime: sniffed.mime, size: input.size, storageKey });
          return toUpload(doc.toObject() as UploadDoc);
        } catch (err) {
          await storage.remove(storageKey);
          throw err;
        }
      } finally {
        await rm(input.tempPath, { force: true });
      }
    },

    async find(id: string): Promise<(UploadDoc & { storageKey: string }) | null> {
      return UploadModel.findById(id).lean<UploadDoc>();
    },

    /** Checks that every id names an upload of the kind expected; for forms that attach photos or media. */
    async requireExisting(ids: readonly string[], kind: UploadKind, field: string): Promise<Upload[]> {
      if (ids.length === 0) return [];
      // Ids come validated by the route's schema; $in on _id needs marking as trusted under sanitizeFilter.
      const docs = await UploadModel.find({ _id: mongoose.trusted({ $in: [...ids] }) }).lean<UploadDoc[]>();
      const byId = new Map(docs.map((d) => [d._id, d]));
      const problems = ids
        .map((id, i) => ({ id, i, doc: byId.get(id) }))
        .filter(({ doc }) => !doc || doc.kind !== kind)
        .map(({ i }) => ({ field: `${field}.${i}`, message: kind === 'image' ? '不是已上传的图片' : '不是已上传的文件' }));
      if (problems.length) throw new BadRequestError(`输入有误：${problems[0]!.field} ${problems[0]!.message}`, problems);
      return ids.map((id) => toUpload(byId.get(id)!));
    },

    /** Uploaded images by id, for showing attached photos (missing or non-image ids are left out). */
    async imagesById(ids: readonly string[]): Promise<Map<string, Upload>> {
      // One read by _id each: the look-up FerretDB serves from its key.
      const found = await Promise.all([...new Set(ids)].map((id) => UploadModel.findById(id).lean<UploadDoc>()));
      return new Map(found.filter((d): d is UploadDoc => !!d && d.kind === 'image').map((d) => [d._id, toUpload(d)]));
    },

    /** Deletes these uploads and their files (注销: the photos and recordings a person attached to his questions). */
    async remove(ids: readonly string[]): Promise<void> {
      for (const id of new Set(ids)) {
        const doc = await UploadModel.findById(id).lean<UploadDoc>();
        if (!doc) continue;
        await storage.remove(doc.storageKey);
        await UploadModel.deleteOne({ _id: id });
      }
    },

    storage,
    notFound: () => new NotFoundError('文件不存在'),
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;
