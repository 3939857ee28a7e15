import { z } from 'zod';

export const UploadKind = z.enum(['image', 'audio', 'video']);
export type UploadKind = z.infer<typeof UploadKind>;

const MB = 1024 * 1024;

/** What may be uploaded, decided by the file's content (magic bytes), never by its name. */
export const UPLOAD_RULES: Record<UploadKind, { maxBytes: number; mimes: readonly string[]; label: string }> = {
  image: { maxBytes: 5 * MB, mimes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'], label: '图片（JPEG/PNG/WebP/GIF，≤ 5 MB）' },
  audio: { maxBytes: 20 * MB, mimes: ['audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/wav', 'audio/x-wav'], label: '音频（MP3/M4A/AAC/WAV，≤ 20 MB）' },
  video: { maxBytes: 100 * MB, mimes: ['video/mp4', 'video/quicktime', 'video/webm'], label: '视频（MP4/MOV/WebM，≤ 100 MB）' },
};

export const UploadQuery = z.strictObject({ kind: UploadKind.default('image') });

export const Upload = z.object({
  id: z.string(),
  kind: UploadKind,
  mime: z.string(),
  size: z.number().int(),
  /** Path to fetch the file from this server (supports HTTP range requests). */
  url: z.string(),
});
export type Upload = z.infer<typeof Upload>;

export const UploadIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, '不是有效的文件编号') });

/** An upload id as referenced from other documents (photos of a lecture, a post's cover). */
export const UploadId = z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, '不是有效的文件编号');
