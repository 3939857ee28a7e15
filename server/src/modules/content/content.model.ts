import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { OUTREACH_CHANNELS, POST_STATUSES, POST_TYPES, TOWNSHIP_CODES } from '@qf/shared';

const postSchema = new Schema(
  {
    authorId: { type: Schema.Types.ObjectId, required: true },
    authorName: { type: String, required: true },
    type: { type: String, enum: POST_TYPES, required: true },
    status: { type: String, enum: POST_STATUSES, required: true, default: 'draft' },
    /** Bumped by every edit and submission, so a late WeChat verdict for an older version is ignored. */
    revision: { type: Number, required: true, default: 0 },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    /** Sanitised article HTML. */
    bodyHtml: { type: String, default: '' },
    /** The article as plain text: what msgSecCheck and the keyword search read. */
    bodyText: { type: String, default: '' },
    lyrics: { type: String, default: '' },
    coverId: { type: String, default: null },
    coverMime: { type: String, default: null },
    mediaId: { type: String, default: null },
    mediaKind: { type: String, enum: ['image', 'audio', 'video', null], default: null },
    mediaMime: { type: String, default: null },
    /** The feed's picture: the cover, else the poster or the article's first image. */
    thumbId: { type: String, default: null },
    thumbMime: { type: String, default: null },
    /** Upload ids of the images inside the article. */
    imageIds: { type: [String], default: [] },
    tags: { type: [String], default: [] },
    channel: { type: String, enum: OUTREACH_CHANNELS, required: true },
    scope: { type: String, enum: ['county', 'townships'], required: true },
    townshipCodes: { type: [{ type: String, enum: TOWNSHIP_CODES }], default: [] },
    publishAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    withdrawnAt: { type: Date, default: null },
    pinned: { type: Boolean, default: false },
    /** How many media checks were asked of WeChat for the current revision. */
    expectedChecks: { type: Number, default: 0 },
    rejectedBy: { type: String, enum: ['security', 'review', null], default: null },
    rejectReason: { type: String, default: null },
    rejectedAt: { type: Date, default: null },
    securityNote: { type: String, default: null },
  },
  { timestamps: true },
);

export type PostDoc = InferSchemaType<typeof postSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
export const Post = mongoose.model('ContentPost', postSchema, 'content_posts');

/** One asynchronous WeChat media check asked for a post revision, keyed by WeChat's trace_id. */
const mediaCheckSchema = new Schema(
  {
    _id: { type: String },
    postId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    uploadId: { type: String, required: true },
  },
  { timestamps: true },
);
export type MediaCheckDoc = InferSchemaType<typeof mediaCheckSchema> & { _id: string };
export const MediaCheck = mongoose.model('ContentMediaCheck', mediaCheckSchema, 'content_media_checks');

/**
 * WeChat's pushed verdict, keyed by trace_id: inserting it is the claim, so a repeated push counts
 * once, and a verdict that arrives before we wrote down the request waits here for it.
 */
const mediaVerdictSchema = new Schema(
  {
    _id: { type: String },
    suggest: { type: String, enum: ['pass', 'review', 'risky'], required: true },
    label: { type: Number, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export type MediaVerdictDoc = InferSchemaType<typeof mediaVerdictSchema> & { _id: string };
export const MediaVerdict = mongoose.model('ContentMediaVerdict', mediaVerdictSchema, 'content_media_verdicts');

/**
 * Claims of post state changes, `${postId}:${revision}`. FerretDB's findOneAndUpdate is not atomic
 * (concurrent guarded updates can all succeed), but an insert of an existing _id always fails: the
 * one request that inserts the claim for a revision is the one allowed to move the post on.
 */
const transitionSchema = new Schema({ _id: { type: String }, at: { type: Date, required: true } }, { versionKey: false });
export const PostTransition = mongoose.model('ContentPostTransition', transitionSchema, 'content_post_transitions');

/**
 * A post's displayed view count, apart from the post so that counting views never rewrites the post
 * document (FerretDB applies an update by rewriting the whole document, so a concurrent $inc on the
 * post could undo a withdrawal made at the same moment).
 */
const postCounterSchema = new Schema({ _id: { type: String }, views: { type: Number, default: 0 } }, { versionKey: false });
export const PostCounter = mongoose.model('ContentPostCounter', postCounterSchema, 'content_post_counters');

/** A view: one per (post, person, county day), so `_id` makes counting idempotent. */
const postViewSchema = new Schema(
  {
    _id: { type: String },
    postId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    townshipCode: { type: String, default: null },
    channel: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export const PostView = mongoose.model('ContentPostView', postViewSchema, 'content_post_views');

const auditSchema = new Schema(
  {
    postId: { type: Schema.Types.ObjectId, required: true },
    postTitle: { type: String, required: true },
    action: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorName: { type: String, required: true },
    note: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export type AuditDoc = InferSchemaType<typeof auditSchema> & { _id: mongoose.Types.ObjectId };
export const ContentAudit = mongoose.model('ContentAudit', auditSchema, 'content_audit');
