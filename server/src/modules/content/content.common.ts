import mongoose from 'mongoose';
import { toCountyIso, type AuditAction, type MediaRef, type Me, type OutreachChannel, type PostStatus, type PostType, type StaffPost, type UploadKind } from '@qf/shared';
import { ConflictError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { uploadUrl } from '../uploads/uploads.service';
import { ContentAudit, Post, PostCounter, PostTransition, type PostDoc } from './content.model';

// What the content services share: the staff view of a post, loading, the audit trail and the state lock.

const SYSTEM = '系统';
/** A claim older than this whose post never moved on was left by a process that died mid-way. */
const STALE_CLAIM_MS = 60_000;

export const iso = (d: Date | null | undefined) => (d ? toCountyIso(d) : null);
export const oid = (id: string) => new mongoose.Types.ObjectId(id);

export function mediaRef(id: string | null | undefined, kind: string | null | undefined, mime: string | null | undefined): MediaRef | null {
  if (!id || !kind || !mime) return null;
  return { id, url: uploadUrl(id), kind: kind as UploadKind, mime };
}

export function toStaffPost(doc: PostDoc, views = 0): StaffPost {
  return {
    id: doc._id.toString(),
    type: doc.type as PostType,
    status: doc.status as PostStatus,
    title: doc.title,
    summary: doc.summary ?? '',
    body: doc.bodyHtml ?? '',
    lyrics: doc.lyrics ?? '',
    cover: mediaRef(doc.coverId, 'image', doc.coverMime),
    media: mediaRef(doc.mediaId, doc.mediaKind, doc.mediaMime),
    tags: doc.tags ?? [],
    channel: doc.channel as OutreachChannel,
    scope: doc.scope as StaffPost['scope'],
    townshipCodes: (doc.townshipCodes ?? []) as StaffPost['townshipCodes'],
    publishAt: iso(doc.publishAt),
    publishedAt: iso(doc.publishedAt),
    pinned: !!doc.pinned,
    viewCount: views,
    authorId: doc.authorId.toString(),
    authorName: doc.authorName,
    rejection: doc.rejectedBy && doc.rejectReason ? { by: doc.rejectedBy as 'security' | 'review', reason: doc.rejectReason, at: iso(doc.rejectedAt) ?? iso(doc.updatedAt)! } : null,
    securityNote: doc.securityNote ?? null,
    createdAt: iso(doc.createdAt)!,
    updatedAt: iso(doc.updatedAt)!,
  };
}

export async function viewsOf(ids: mongoose.Types.ObjectId[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const counters = await PostCounter.find({ _id: mongoose.trusted({ $in: ids.map(String) }) }).lean<{ _id: string; views: number }[]>();
  return new Map(counters.map((c) => [c._id, c.views]));
}

export async function withViews(doc: PostDoc): Promise<StaffPost> {
  const counter = await PostCounter.findById(doc._id.toString()).lean<{ views: number }>();
  return toStaffPost(doc, counter?.views ?? 0);
}

export async function loadOwn(actor: Me, id: string): Promise<PostDoc> {
  const post = await Post.findById(id).lean<PostDoc>();
  if (!post || post.authorId.toString() !== actor.id) throw new NotFoundError('找不到该内容');
  return post;
}

/** Writes the audit trail; `actor` null is the system (or `actorName`, e.g. WeChat's check). */
export function createAudit(clock: () => Date) {
  return async function audit(actor: Me | null, post: Pick<PostDoc, '_id' | 'title'>, action: AuditAction, note = '', actorName?: string) {
    await ContentAudit.create({
      postId: post._id,
      postTitle: post.title,
      action,
      actorId: actor ? oid(actor.id) : null,
      actorName: actorName ?? actor?.displayName ?? SYSTEM,
      note,
      at: clock(),
    });
  };
}
export type Audit = ReturnType<typeof createAudit>;

/**
 * Moves a post from the revision it was read at to the next one. The claim insert makes this a
 * compare-and-swap: of several requests that read the same revision, exactly one gets through
 * (FerretDB's guarded findOneAndUpdate alone does not guarantee that).
 */
export async function transition(post: PostDoc, set: Record<string, unknown>): Promise<PostDoc | null> {
  const claimId = `${post._id.toString()}:${post.revision}`;
  const claim = async () => {
    try {
      await PostTransition.create({ _id: claimId, at: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  };
  if (!(await claim())) {
    // Normally someone else moved the post on. If the post still has this revision long after the
    // claim, its holder died between claim and update: clear the stale claim and try once more.
    const fresh = await Post.findById(post._id).select({ revision: 1 }).lean<{ revision: number }>();
    if (fresh?.revision !== post.revision) return null;
    const stale = await PostTransition.deleteOne({ _id: claimId, at: mongoose.trusted({ $lt: new Date(Date.now() - STALE_CLAIM_MS) }) });
    if (stale.deletedCount !== 1 || !(await claim())) return null;
  }
  return Post.findOneAndUpdate({ _id: post._id }, { $set: { ...set, revision: post.revision + 1 } }, { returnDocument: 'after' }).lean<PostDoc>();
}

export async function transitionOrConflict(post: PostDoc, set: Record<string, unknown>): Promise<PostDoc> {
  const moved = await transition(post, set);
  if (!moved) throw new ConflictError('内容刚被别人改动过，请刷新后再试');
  return moved;
}
