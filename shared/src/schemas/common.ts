import { z } from 'zod';

/** The one error envelope every failed request gets. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'upstream_error',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** A MongoDB ObjectId as 24 hex characters. */
export const ObjectIdString = z.string().regex(/^[0-9a-fA-F]{24}$/, '不是有效的编号');

/** Trimmed, non-empty text with a maximum length; the message names what is wrong in plain words. */
export const Text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);

export const Pagination = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type Pagination = z.infer<typeof Pagination>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** ISO 8601 timestamp with an explicit offset (the county's day boundaries are Asia/Shanghai). */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const Year = z.coerce.number().int().min(2020).max(2100);
