import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Page, Text } from './common';
import { OutreachChannel, TopicTags } from './topics';
import { TownshipCodeSchema } from './townships';
import { UploadId } from './uploads';
import { AUDIT_ACTIONS, POST_LIMITS, POST_STATUSES, POST_TYPES } from '../data/content';

/**
 * Outreach content (普法宣传): propaganda staff write posts, the county admin approves them, residents
 * read them in the 首页 feed. Text is checked with WeChat's msgSecCheck and images/audio with
 * mediaCheckAsync before a post can enter review.
 */
export const PostType = z.enum(POST_TYPES, { message: '类型只能是文章、视频、戏曲或海报' });
export type PostType = z.infer<typeof PostType>;

/**
 * draft → checking (WeChat content security) → in_review → scheduled | published → withdrawn.
 * A failed check or the admin's refusal makes it `rejected`; the author edits (back to draft) and resubmits.
 */
export const PostStatus = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatus>;

/** Who a post is for: the whole county, or some townships. */
export const PostScope = z.enum(['county', 'townships']);
export type PostScope = z.infer<typeof PostScope>;


/** What an author writes. Drafts may be incomplete; what each type needs is checked on submission. */
export const PostInput = z
  .strictObject({
    type: PostType,
    title: Text(POST_LIMITS.title),
    summary: z.string().trim().max(POST_LIMITS.summary, `不能超过 ${POST_LIMITS.summary} 个字`).default(''),
    /** Article rich text (HTML). Cleaned on the server with an allow-list; images must be our uploads. */
    body: z.string().max(POST_LIMITS.body, `正文不能超过 ${POST_LIMITS.body} 个字符`).default(''),
    /** Opera clips: the lyrics (唱词) as plain text. */
    lyrics: z.string().trim().max(POST_LIMITS.lyrics, `唱词不能超过 ${POST_LIMITS.lyrics} 个字`).default(''),
    /** Cover image (required for video). */
    coverId: UploadId.nullable().default(null),
    /** The video (video), audio or video (opera), or the poster image (poster). */
    mediaId: UploadId.nullable().default(null),
    tags: TopicTags.default([]),
    channel: OutreachChannel,
    scope: PostScope.default('county'),
    /** Target townships when scope is `townships`. */
    townshipCodes: z.array(TownshipCodeSchema).max(17).default([]),
    /** Publish later (must be in the future); null publishes on approval. */
    publishAt: IsoDateTime.nullable().default(null),
  })
  .superRefine((p, ctx) => {
    if (p.scope === 'townships' && p.townshipCodes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['townshipCodes'], message: '请至少选择一个乡镇' });
    }
    if (new Set(p.townshipCodes).size !== p.townshipCodes.length) {
      ctx.addIssue({ code: 'custom', path: ['townshipCodes'], message: '乡镇有重复' });
    }
  });
export type PostInput = z.infer<typeof PostInput>;

export const PostIdParams = z.strictObject({ id: ObjectIdString });

export const RejectPostBody = z.strictObject({ reason: Text(200) });
export const PinPostBody = z.strictObject({ pinned: z.boolean() });

export const MediaRef = z.object({ id: z.string(), url: z.string(), kind: z.enum(['image', 'audio', 'video']), mime: z.string() });
export type MediaRef = z.infer<typeof MediaRef>;

export const Rejection = z.object({
  /** `security`: WeChat's content check refused it; `review`: the county admin did. */
  by: z.enum(['security', 'review']),
  reason: z.string(),
  at: IsoDateTime,
});

/** What the author and the county admin see. */
export const StaffPost = z.object({
  id: ObjectIdString,
  type: PostType,
  status: PostStatus,
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  lyrics: z.string(),
  cover: MediaRef.nullable(),
  media: MediaRef.nullable(),
  tags: z.array(z.string()),
  channel: OutreachChannel,
  scope: PostScope,
  townshipCodes: z.array(TownshipCodeSchema),
  publishAt: IsoDateTime.nullable(),
  publishedAt: IsoDateTime.nullable(),
  pinned: z.boolean(),
  viewCount: z.number().int(),
  authorId: ObjectIdString,
  authorName: z.string(),
  rejection: Rejection.nullable(),
  /** WeChat's check passed but suggested a human look (suggest = review). */
  securityNote: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type StaffPost = z.infer<typeof StaffPost>;

export const StaffPostListQuery = z.strictObject({
  status: PostStatus.optional(),
  /** County admin: only their own posts when true. Propaganda staff always see only their own. */
  mine: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type StaffPostListQuery = z.infer<typeof StaffPostListQuery>;

/** A feed entry. */
export const FeedItem = z.object({
  id: ObjectIdString,
  type: PostType,
  title: z.string(),
  summary: z.string(),
  cover: MediaRef.nullable(),
  tags: z.array(z.string()),
  channel: OutreachChannel,
  pinned: z.boolean(),
  publishedAt: IsoDateTime,
  viewCount: z.number().int(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedQuery = z.strictObject({
  type: PostType.optional(),
  tag: z.string().trim().min(1).max(20).optional(),
  channel: OutreachChannel.optional(),
  q: z.string().trim().min(1).max(30).optional(),
  /** Whose township's posts to show besides county-wide ones; defaults to the signed-in user's township. */
  townshipCode: TownshipCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const FeedPage = Page(FeedItem);
export type FeedPage = z.infer<typeof FeedPage>;

/** The post page. A withdrawn post answers with status `withdrawn` and no content. */
export const PublicPost = z.object({
  id: ObjectIdString,
  status: z.enum(['published', 'withdrawn']),
  type: PostType,
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  lyrics: z.string(),
  cover: MediaRef.nullable(),
  media: MediaRef.nullable(),
  tags: z.array(z.string()),
  channel: OutreachChannel,
  publishedAt: IsoDateTime.nullable(),
  viewCount: z.number().int(),
  authorName: z.string(),
});
export type PublicPost = z.infer<typeof PublicPost>;

export const ViewResult = z.object({ counted: z.boolean(), viewCount: z.number().int() });
export type ViewResult = z.infer<typeof ViewResult>;

export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.string(),
  postId: ObjectIdString,
  postTitle: z.string(),
  action: AuditAction,
  /** null when the system acted (scheduled publishing, WeChat's check). */
  actorId: ObjectIdString.nullable(),
  actorName: z.string(),
  note: z.string(),
  at: IsoDateTime,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  postId: ObjectIdString.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Views counted once per person per county day, over an optional date range (YYYY-MM-DD, inclusive). */
export const ViewReportQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type ViewReportQuery = z.infer<typeof ViewReportQuery>;

export const ViewReport = z.object({
  byPost: z.array(z.object({ postId: ObjectIdString, title: z.string(), type: PostType, channel: OutreachChannel, views: z.number().int() })),
  byChannel: z.array(z.object({ channel: OutreachChannel, views: z.number().int() })),
  /** townshipCode null: viewers who have not chosen a township. */
  byTownship: z.array(z.object({ townshipCode: TownshipCodeSchema.nullable(), townshipName: z.string(), views: z.number().int() })),
  total: z.number().int(),
});
export type ViewReport = z.infer<typeof ViewReport>;
