import mongoose from 'mongoose';
import {
  OUTREACH_CHANNELS,
  POST_STATUS_LABELS,
  TOWNSHIPS,
  countyDate,
  isCountyAdmin,
  toCountyIso,
  type AuditAction,
  type AuditEntry,
  type AuditQuery,
  type FeedItem,
  type FeedPage,
  type FeedQuery,
  type MediaRef,
  type Me,
  type OutreachChannel,
  type PostInput,
  type PostStatus,
  type PostType,
  type PublicPost,
  type StaffPost,
  type StaffPostListQuery,
  type UploadKind,
  type ViewReport,
  type ViewReportQuery,
  type ViewResult,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { uploadUrl, type UploadsService } from '../uploads/uploads.service';
import { labelText, type ContentSecurity, type MediaCheckEvent } from '../wechat/content-security';
import { ContentAudit, MediaCheck, MediaVerdict, Post, PostCounter, PostTransition, PostView, type AuditDoc, type MediaCheckDoc, type MediaVerdictDoc, type PostDoc } from './content.model';
import { cleanArticle } from './content.sanitize';
import { isDuplicateKey } from '../../db/unique';

export interface ContentServiceDeps {
  uploads: UploadsService;
  /** The WeChat openid an author signed in with (WeChat's checks name the author), from the users feature. */
  openidOf: (userId: string) => Promise<string | null>;
  security: ContentSecurity;
  clock: () => Date;
  /** Public https origin WeChat downloads media from; else the origin of the submitting request. */
  publicBaseUrl?: string | undefined;
  /** WeChat's API is the local stand-in (`npm start` without an AppID): reviewers are told so. */
  checkedByStandin?: boolean;
  /** How long the public feed may be served from memory (ms). */
  feedCacheMs?: number;
}

type Actor = Pick<Me, 'id' | 'displayName' | 'roles' | 'staffTownshipCode'>;

const EDITABLE: PostStatus[] = ['draft', 'rejected', 'withdrawn'];
const SUBMITTABLE: PostStatus[] = ['draft', 'rejected'];
const LIVE: PostStatus[] = ['published', 'scheduled'];
const SYSTEM = '系统';
const WECHAT_CHECK = '微信内容安全检测';
export const STANDIN_NOTE = '本机试用：内容由本地替身按微信检测规则检查，未经微信真实检测，请审核人仔细看一遍';
/** A claim older than this whose post never moved on was left by a process that died mid-way. */
const STALE_CLAIM_MS = 60_000;

const iso = (d: Date | null | undefined) => (d ? toCountyIso(d) : null);
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const isDuplicate = isDuplicateKey;

function mediaRef(id: string | null | undefined, kind: string | null | undefined, mime: string | null | undefined): MediaRef | null {
  if (!id || !kind || !mime) return null;
  return { id, url: uploadUrl(id), kind: kind as UploadKind, mime };
}

function toStaffPost(doc: PostDoc, views = 0): StaffPost {
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

function toPublicPost(doc: PostDoc, views = 0): PublicPost {
  const base = {
    id: doc._id.toString(),
    type: doc.type as PostType,
    title: doc.title,
    tags: doc.tags ?? [],
    channel: doc.channel as OutreachChannel,
    authorName: doc.authorName,
    viewCount: views,
  };
  if (doc.status === 'withdrawn') {
    return { ...base, status: 'withdrawn', summary: '', body: '', lyrics: '', cover: null, media: null, publishedAt: null };
  }
  return {
    ...base,
    status: 'published',
    summary: doc.summary ?? '',
    body: doc.bodyHtml ?? '',
    lyrics: doc.lyrics ?? '',
    cover: mediaRef(doc.coverId, 'image', doc.coverMime),
    media: mediaRef(doc.mediaId, doc.mediaKind, doc.mediaMime),
    publishedAt: iso(doc.publishedAt),
  };
}

/** What the feed keeps in memory per published post. */
interface FeedEntry {
  item: FeedItem;
  scope: string;
  townshipCodes: string[];
  /** Lower-cased title, summary, tags and text, for the keyword search. */
  haystack: string;
  publishedAtMs: number;
}

function toFeedEntry(doc: PostDoc, views = 0): FeedEntry {
  const item: FeedItem = {
    id: doc._id.toString(),
    type: doc.type as PostType,
    title: doc.title,
    summary: doc.summary ?? '',
    cover: mediaRef(doc.thumbId, 'image', doc.thumbMime),
    tags: doc.tags ?? [],
    channel: doc.channel as OutreachChannel,
    pinned: !!doc.pinned,
    publishedAt: iso(doc.publishedAt ?? doc.updatedAt)!,
    viewCount: views,
  };
  return {
    item,
    scope: doc.scope,
    townshipCodes: doc.townshipCodes ?? [],
    haystack: [doc.title, doc.summary, (doc.tags ?? []).join(' '), (doc.bodyText ?? '').slice(0, 5000), (doc.lyrics ?? '').slice(0, 2000)].join('\n').toLowerCase(),
    publishedAtMs: (doc.publishedAt ?? doc.updatedAt).getTime(),
  };
}

export function createContentService(deps: ContentServiceDeps) {
  const { uploads, security, clock } = deps;
  const feedCacheMs = deps.feedCacheMs ?? 15_000;

  // ---- the public feed, from memory -------------------------------------------------------------
  // FerretDB scans every filter but _id, so the published list is read once per short interval and
  // filtered here. Publishing, withdrawing and pinning on this instance drop it at once; other
  // instances see the change within feedCacheMs.
  let feedCache: { loadedAt: number; entries: FeedEntry[] } | null = null;
  let feedLoading: Promise<FeedEntry[]> | null = null;
  let feedGeneration = 0;

  function invalidateFeed() {
    feedGeneration += 1;
    feedCache = null;
    feedLoading = null;
  }

  async function publishedEntries(): Promise<FeedEntry[]> {
    if (feedCache && Date.now() - feedCache.loadedAt < feedCacheMs) return feedCache.entries;
    if (feedLoading) return feedLoading;
    const generation = feedGeneration;
    const loading = (async () => {
      const docs = await Post.find({ status: 'published' }).lean<PostDoc[]>();
      const views = await viewsOf(docs.map((d) => d._id));
      const entries = docs.map((d) => toFeedEntry(d, views.get(d._id.toString()))).sort((a, b) => Number(b.item.pinned) - Number(a.item.pinned) || b.publishedAtMs - a.publishedAtMs);
      if (generation === feedGeneration) feedCache = { loadedAt: Date.now(), entries };
      return entries;
    })();
    feedLoading = loading;
    try {
      return await loading;
    } finally {
      if (feedLoading === loading) feedLoading = null;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------
  async function viewsOf(ids: mongoose.Types.ObjectId[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const counters = await PostCounter.find({ _id: mongoose.trusted({ $in: ids.map(String) }) }).lean<{ _id: string; views: number }[]>();
    return new Map(counters.map((c) => [c._id, c.views]));
  }

  async function withViews(doc: PostDoc): Promise<StaffPost> {
    const counter = await PostCounter.findById(doc._id.toString()).lean<{ views: number }>();
    return toStaffPost(doc, counter?.views ?? 0);
  }

  async function audit(post: Pick<PostDoc, '_id' | 'title'>, action: AuditAction, actor: Actor | null, note = '', actorName?: string) {
    await ContentAudit.create({
      postId: post._id,
      postTitle: post.title,
      action,
      actorId: actor ? oid(actor.id) : null,
      actorName: actorName ?? actor?.displayName ?? SYSTEM,
      note,
      at: clock(),
    });
  }

  async function requireUpload(id: string, kinds: readonly UploadKind[], field: string, label: string) {
    const doc = await uploads.find(id);
    if (!doc || !kinds.includes(doc.kind as UploadKind)) {
      throw new BadRequestError(`输入有误：${field} 不是已上传的${label}`, [{ field, message: `不是已上传的${label}` }]);
    }
    return doc;
  }

  /** Every id must name an uploaded image. */
  async function requireImages(ids: string[], field: string) {
    if (ids.length === 0) return;
    const images = await uploads.imagesById(ids);
    const problems = ids.flatMap((id, i) => (images.has(id) ? [] : [{ field: `${field}.${i}`, message: '不是已上传的图片' }]));
    if (problems.length) throw new BadRequestError(`输入有误：${problems[0]!.field} ${problems[0]!.message}`, problems);
  }

  function requireFuture(publishAt: string | null, field: string) {
    if (publishAt && new Date(publishAt).getTime() <= clock().getTime()) {
      throw new BadRequestError(`输入有误：${field} 发布时间已经过去，请选择以后的时间`, [{ field, message: '发布时间已经过去，请选择以后的时间' }]);
    }
  }

  /** Turns validated input into the stored fields; checks uploads exist and are of the right kind. */
  async function prepare(input: PostInput) {
    requireFuture(input.publishAt, 'body.publishAt');
    const article = input.type === 'article' ? cleanArticle(input.body) : { html: '', text: '', imageIds: [] as string[] };
    if (article.imageIds.length > 30) throw new BadRequestError('输入有误：body.body 文章里的图片不能超过 30 张', [{ field: 'body.body', message: '图片不能超过 30 张' }]);
    await requireImages(article.imageIds, 'body.body.images');
    const cover = input.coverId ? await requireUpload(input.coverId, ['image'], 'body.coverId', '图片') : null;
    let media: Awaited<ReturnType<typeof requireUpload>> | null = null;
    if (input.mediaId) {
      const allowed: Record<PostType, readonly UploadKind[]> = { article: [], video: ['video'], opera: ['audio', 'video'], poster: ['image'] };
      const label: Record<PostType, string> = { article: '文件（文章不需要）', video: '视频', opera: '音频或视频', poster: '图片' };
      media = await requireUpload(input.mediaId, allowed[input.type], 'body.mediaId', label[input.type]);
    }
    const firstImage = article.imageIds[0] ? await uploads.find(article.imageIds[0]) : null;
    const picture = cover ?? (media?.kind === 'image' ? media : null) ?? firstImage;
    const thumb = { thumbId: picture?._id ?? null, thumbMime: picture?.mime ?? null };
    return {
      type: input.type,
      title: input.title,
      summary: input.summary,
      bodyHtml: article.html,
      bodyText: article.text,
      imageIds: article.imageIds,
      lyrics: input.type === 'opera' ? input.lyrics : '',
      coverId: cover?._id ?? null,
      coverMime: cover?.mime ?? null,
      ...thumb,
      mediaId: media?._id ?? null,
      mediaKind: media?.kind ?? null,
      mediaMime: media?.mime ?? null,
      tags: [...new Set(input.tags)],
      channel: input.channel,
      scope: input.scope,
      townshipCodes: input.scope === 'townships' ? input.townshipCodes : [],
      publishAt: input.publishAt ? new Date(input.publishAt) : null,
    };
  }

  /** What a post must have before review, by type; names the missing field. */
  function missingForSubmission(post: PostDoc): { field: string; message: string } | null {
    if (post.type === 'article' && !post.bodyText && post.imageIds.length === 0) return { field: 'body', message: '正文不能为空' };
    if (post.type === 'video' && !post.mediaId) return { field: 'mediaId', message: '请上传视频' };
    if (post.type === 'video' && !post.coverId) return { field: 'coverId', message: '请上传视频封面' };
    if (post.type === 'opera' && !post.mediaId) return { field: 'mediaId', message: '请上传戏曲音频或视频' };
    if (post.type === 'opera' && !post.lyrics.trim()) return { field: 'lyrics', message: '请填写唱词' };
    if (post.type === 'poster' && !post.mediaId) return { field: 'mediaId', message: '请上传海报图片' };
    return null;
  }

  /** Images and audio WeChat can check. Video files are not accepted by mediaCheckAsync: reviewers watch them. */
  function checkableMedia(post: PostDoc): { uploadId: string; mediaType: 'image' | 'audio' }[] {
    const list: { uploadId: string; mediaType: 'image' | 'audio' }[] = [];
    const add = (uploadId: string | null | undefined, mediaType: 'image' | 'audio') => {
      if (uploadId && !list.some((m) => m.uploadId === uploadId)) list.push({ uploadId, mediaType });
    };
    post.imageIds.forEach((id) => add(id, 'image'));
    add(post.coverId, 'image');
    if (post.mediaKind === 'image') add(post.mediaId, 'image');
    if (post.mediaKind === 'audio') add(post.mediaId, 'audio');
    return list;
  }

  async function openidOf(userId: string): Promise<string> {
    const openid = await deps.openidOf(userId);
    if (!openid) throw new BadRequestError('作者没有微信身份，无法进行内容安全检测');
    return openid;
  }

  async function loadOwn(id: string, actor: Actor): Promise<PostDoc> {
    const post = await Post.findById(id).lean<PostDoc>();
    if (!post || post.authorId.toString() !== actor.id) throw new NotFoundError('找不到该内容');
    return post;
  }

  /**
   * Moves a post from the revision it was read at to the next one. The claim insert makes this a
   * compare-and-swap: of several requests that read the same revision, exactly one gets through
   * (FerretDB's guarded findOneAndUpdate alone does not guarantee that).
   */
  async function transition(post: PostDoc, set: Record<string, unknown>): Promise<PostDoc | null> {
    const claimId = `${post._id.toString()}:${post.revision}`;
    const claim = async () => {
      try {
        await PostTransition.create({ _id: claimId, at: new Date() });
        return true;
      } catch (err) {
        if (isDuplicate(err)) return false;
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

  async function transitionOrConflict(post: PostDoc, set: Record<string, unknown>): Promise<PostDoc> {
    const moved = await transition(post, set);
    if (!moved) throw new ConflictError('内容刚被别人改动过，请刷新后再试');
    return moved;
  }

  const securityRejection = (reason: string) => ({ status: 'rejected', rejectedBy: 'security', rejectReason: reason, rejectedAt: clock() });

  /**
   * Looks at the verdicts WeChat has pushed for a post revision that is being checked: any risky one
   * rejects it; when all have arrived it enters review. Safe to call from every push and from submit.
   */
  async function settleChecks(postId: mongoose.Types.ObjectId, revision: number) {
    const post = await Post.findById(postId).lean<PostDoc>();
    if (!post || post.status !== 'checking' || post.revision !== revision) return;
    const checks = await MediaCheck.find({ postId, revision }).lean<MediaCheckDoc[]>();
    if (checks.length < post.expectedChecks) return; // submit is still asking WeChat
    const verdicts = checks.length ? await MediaVerdict.find({ _id: mongoose.trusted({ $in: checks.map((c) => c._id) }) }).lean<MediaVerdictDoc[]>() : [];
    const risky = verdicts.find((v) => v.suggest === 'risky');
    if (risky) {
      const reason = `图片或音频未通过微信内容安全检测（${labelText(risky.label)}），请更换后重新提交`;
      const moved = await transition(post, securityRejection(reason));
      if (moved) await audit(moved, 'security_rejected', null, reason, WECHAT_CHECK);
      return;
    }
    if (verdicts.length < checks.length) return;
    const review = verdicts.find((v) => v.suggest === 'review');
    const notes = [post.securityNote, review ? `微信建议人工复核图片或音频（${labelText(review.label)}）` : null].filter(Boolean);
    const moved = await transition(post, { status: 'in_review', securityNote: notes.length ? notes.join('；') : null });
    if (moved) await audit(moved, 'security_passed', null, '', WECHAT_CHECK);
  }

  async function diagnoseLive(id: string, actor: Actor, verb: string): Promise<never> {
    const post = await Post.findById(id).lean<PostDoc>();
    if (!post || (post.status === 'draft' && post.authorId.toString() !== actor.id)) throw new NotFoundError('找不到该内容');
    if (!isCountyAdmin(actor) && post.authorId.toString() !== actor.id) throw new ForbiddenError(`只能${verb}自己的内容`);
    throw new ConflictError(`该内容现在是“${POST_STATUS_LABELS[post.status as PostStatus]}”，不能${verb}`);
  }

  return {
    invalidateFeed,

    async create(actor: Actor, input: PostInput): Promise<StaffPost> {
      const fields = await prepare(input);
      const doc = await Post.create({ ...fields, authorId: oid(actor.id), authorName: actor.displayName, status: 'draft' });
      await audit(doc, 'created', actor);
      return toStaffPost(doc.toObject() as PostDoc);
    },

    async update(id: string, actor: Actor, input: PostInput): Promise<StaffPost> {
      const current = await loadOwn(id, actor);
      if (!EDITABLE.includes(current.status as PostStatus)) throw new ConflictError('审核中或已发布的内容不能修改：已发布的请先撤回');
      const fields = await prepare(input);
      const post = await transitionOrConflict(current, { ...fields, status: 'draft', pinned: false });
      await audit(post, 'edited', actor, current.status === 'withdrawn' ? '撤回后修改' : '');
      return withViews(post);
    },

    /**
     * Sends a post to review: WeChat checks the text at once, and images/audio asynchronously. The
     * post waits in `checking` until every media verdict has arrived; a risky verdict rejects it.
     */
    async submit(id: string, actor: Actor, origin: string): Promise<StaffPost> {
      const current = await loadOwn(id, actor);
      if (!SUBMITTABLE.includes(current.status as PostStatus)) throw new ConflictError('该内容已提交或已发布');
      const missing = missingForSubmission(current);
      if (missing) throw new BadRequestError(`输入有误：${missing.field} ${missing.message}`, [missing]);
      if (current.publishAt && current.publishAt.getTime() <= clock().getTime()) {
        throw new BadRequestError('输入有误：publishAt 发布时间已经过去，请修改后再提交', [{ field: 'publishAt', message: '发布时间已经过去' }]);
      }
      const media = checkableMedia(current);
      const openid = await openidOf(actor.id);
      let checking = await transitionOrConflict(current, {
        status: 'checking',
        expectedChecks: media.length,
        rejectedBy: null,
        rejectReason: null,
        rejectedAt: null,
        securityNote: null,
      });
      await audit(checking, 'submitted', actor);

      try {
        const text = [checking.summary, checking.bodyText, checking.lyrics].filter(Boolean).join('\n');
        const verdict = await security.checkText({ openid, title: checking.title, text: text || checking.title });
        if (verdict.suggest === 'risky') {
          const reason = `文字内容未通过微信内容安全检测（${labelText(verdict.label)}），请修改后重新提交`;
          const rejected = await transition(checking, securityRejection(reason));
          if (rejected) await audit(rejected, 'security_rejected', null, reason, WECHAT_CHECK);
          return toStaffPost((await Post.findById(id).lean<PostDoc>())!);
        }
        const notes: string[] = [];
        if (deps.checkedByStandin) notes.push(STANDIN_NOTE);
        if (verdict.suggest === 'review') notes.push(`微信建议人工复核文字（${labelText(verdict.label)}）`);
        if (current.mediaKind === 'video') notes.push('视频画面不在微信自动检测范围内，请审核人完整观看');
        if (notes.length) {
          // Same revision: only this request holds the post while it is being asked about.
          checking = (await Post.findOneAndUpdate({ _id: checking._id }, { $set: { securityNote: notes.join('；') } }, { returnDocument: 'after' }).lean<PostDoc>()) ?? checking;
        }
        const base = deps.publicBaseUrl ?? origin;
        for (const item of media) {
          const traceId = await security.startMediaCheck({ openid, mediaUrl: `${base}${uploadUrl(item.uploadId)}`, mediaType: item.mediaType });
          await MediaCheck.create({ _id: traceId, postId: checking._id, revision: checking.revision, uploadId: item.uploadId });
        }
      } catch (err) {
        // WeChat could not be asked: back to a draft the author can submit again; later verdicts are ignored.
        const fresh = await Post.findById(id).lean<PostDoc>();
        if (fresh && fresh.status === 'checking' && fresh.revision === checking.revision) await transition(fresh, { status: 'draft', expectedChecks: 0 });
        throw err;
      }
      await settleChecks(checking._id, checking.revision);
      return toStaffPost((await Post.findById(id).lean<PostDoc>())!);
    },

    /** A `wxa_media_check` push. Repeated pushes of the same trace_id count once. */
    async applyMediaCheck(event: MediaCheckEvent): Promise<void> {
      try {
        await MediaVerdict.create({ _id: event.trace_id, suggest: event.result.suggest, label: event.result.label });
      } catch (err) {
        if (isDuplicate(err)) return;
        throw err;
      }
      const check = await MediaCheck.findById(event.trace_id).lean<MediaCheckDoc>();
      // Unknown yet: submit is still writing down its requests and will settle the post itself.
      if (check) await settleChecks(check.postId, check.revision);
    },

    async approve(id: string, actor: Actor): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || current.status === 'draft') throw new NotFoundError('找不到该内容');
      if (current.status !== 'in_review') throw new ConflictError('只有待审核的内容可以通过审核');
      const now = clock();
      const later = !!current.publishAt && current.publishAt.getTime() > now.getTime();
      const post = await transitionOrConflict(current, later ? { status: 'scheduled' } : { status: 'published', publishedAt: now });
      await audit(post, 'approved', actor, later ? `定时发布：${iso(post.publishAt)}` : '');
      if (!later) {
        invalidateFeed();
        await audit(post, 'published', actor);
      }
      return toStaffPost(post);
    },

    async reject(id: string, actor: Actor, reason: string): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || current.status === 'draft') throw new NotFoundError('找不到该内容');
      if (current.status !== 'in_review') throw new ConflictError('只有待审核的内容可以退回');
      const post = await transitionOrConflict(current, { status: 'rejected', rejectedBy: 'review', rejectReason: reason, rejectedAt: clock() });
      await audit(post, 'rejected', actor, reason);
      return toStaffPost(post);
    },

    async withdraw(id: string, actor: Actor): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      const allowed = current && LIVE.includes(current.status as PostStatus) && (isCountyAdmin(actor) || current.authorId.toString() === actor.id);
      if (!current || !allowed) return diagnoseLive(id, actor, '撤回');
      const post = await transitionOrConflict(current, { status: 'withdrawn', withdrawnAt: clock(), pinned: false });
      invalidateFeed();
      await audit(post, 'withdrawn', actor);
      return withViews(post);
    },

    async pin(id: string, actor: Actor, pinned: boolean): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || !LIVE.includes(current.status as PostStatus)) return diagnoseLive(id, actor, pinned ? '置顶' : '取消置顶');
      const post = await transitionOrConflict(current, { pinned });
      invalidateFeed();
      await audit(post, pinned ? 'pinned' : 'unpinned', actor);
      return withViews(post);
    },

    /**
     * Publishes scheduled posts whose time has come. Every instance runs this; each post is claimed
     * with a transition insert, so it is published exactly once however many runs race.
     */
    async publishDue(now: Date): Promise<number> {
      const due = await Post.find({ status: 'scheduled' }).lean<PostDoc[]>();
      let published = 0;
      for (const candidate of due) {
        if (!candidate.publishAt || candidate.publishAt.getTime() > now.getTime()) continue;
        const post = await transition(candidate, { status: 'published', publishedAt: candidate.publishAt });
        if (!post) continue;
        published += 1;
        await audit(post, 'published', null, '定时发布');
      }
      if (published) invalidateFeed();
      return published;
    },

    /**
     * Sets each post's displayed view count from the view records. The quick $inc on each view can
     * lose increments when many arrive at once on FerretDB; this periodic pass makes the count exact.
     */
    async recountViews(): Promise<void> {
      const counts = await PostView.aggregate<{ _id: mongoose.Types.ObjectId; views: number }>([{ $group: { _id: '$postId', views: { $sum: 1 } } }]);
      for (const c of counts) await PostCounter.updateOne({ _id: String(c._id) }, { $set: { views: c.views } }, { upsert: true });
    },

    async getForStaff(id: string, actor: Actor): Promise<StaffPost> {
      const post = await Post.findById(id).lean<PostDoc>();
      const mine = post?.authorId.toString() === actor.id;
      if (!post || (!mine && (!isCountyAdmin(actor) || post.status === 'draft'))) throw new NotFoundError('找不到该内容');
      return withViews(post);
    },

    /** Propaganda staff see their own posts; the county admin sees everybody's except others' drafts. */
    async listForStaff(actor: Actor, query: StaffPostListQuery) {
      const me = oid(actor.id);
      const conditions: Record<string, unknown>[] = [];
      if (!isCountyAdmin(actor) || query.mine) conditions.push({ authorId: me });
      else conditions.push({ $or: [{ authorId: me }, { status: mongoose.trusted({ $ne: 'draft' }) }] });
      if (query.status) conditions.push({ status: query.status });
      const filter = conditions.length === 1 ? conditions[0]! : { $and: conditions };
      const [docs, total] = await Promise.all([
        Post.find(filter).sort({ updatedAt: -1, _id: -1 }).skip(query.offset).limit(query.limit).lean<PostDoc[]>(),
        Post.countDocuments(filter),
      ]);
      const views = await viewsOf(docs.map((d) => d._id));
      return { items: docs.map((d) => toStaffPost(d, views.get(d._id.toString()))), total, limit: query.limit, offset: query.offset };
    },

    async feed(query: FeedQuery, viewer: Pick<Me, 'townshipCode'> | undefined): Promise<FeedPage> {
      const township = query.townshipCode ?? viewer?.townshipCode ?? null;
      const keyword = query.q?.toLowerCase();
      const matching = (await publishedEntries()).filter(
        (e) =>
          (e.scope === 'county' || (township !== null && e.townshipCodes.includes(township))) &&
          (!query.type || e.item.type === query.type) &&
          (!query.channel || e.item.channel === query.channel) &&
          (!query.tag || e.item.tags.includes(query.tag)) &&
          (!keyword || e.haystack.includes(keyword)),
      );
      return { items: matching.slice(query.offset, query.offset + query.limit).map((e) => e.item), total: matching.length, limit: query.limit, offset: query.offset };
    },

    async getPublic(id: string): Promise<PublicPost> {
      const post = await Post.findById(id).lean<PostDoc>();
      if (!post || (post.status !== 'published' && post.status !== 'withdrawn')) throw new NotFoundError('找不到该内容');
      const counter = await PostCounter.findById(id).lean<{ views: number }>();
      return toPublicPost(post, counter?.views ?? 0);
    },

    /** Counts a view once per person per county day (the view's _id is post:user:day). */
    async recordView(id: string, viewer: Pick<Me, 'id' | 'townshipCode'>): Promise<ViewResult> {
      const post = await Post.findById(id).lean<PostDoc>();
      if (!post || post.status !== 'published') throw new NotFoundError('找不到该内容或已撤回');
      const date = countyDate(clock());
      try {
        await PostView.create({ _id: `${id}:${viewer.id}:${date}`, postId: post._id, userId: oid(viewer.id), date, townshipCode: viewer.townshipCode, channel: post.channel });
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        const counter = await PostCounter.findById(id).lean<{ views: number }>();
        return { counted: false, viewCount: counter?.views ?? 0 };
      }
      const bump = () => PostCounter.findOneAndUpdate({ _id: id }, { $inc: { views: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ views: number }>();
      let counter;
      try {
        counter = await bump();
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        counter = await bump(); // two first views raced to create the counter
      }
      return { counted: true, viewCount: counter?.views ?? 1 };
    },

    async auditLog(query: AuditQuery) {
      const filter = query.postId ? { postId: oid(query.postId) } : {};
      const [docs, total] = await Promise.all([
        ContentAudit.find(filter).sort({ at: -1, _id: -1 }).skip(query.offset).limit(query.limit).lean<AuditDoc[]>(),
        ContentAudit.countDocuments(filter),
      ]);
      const items: AuditEntry[] = docs.map((d) => ({
        id: d._id.toString(),
        postId: d.postId.toString(),
        postTitle: d.postTitle,
        action: d.action as AuditAction,
        actorId: d.actorId ? d.actorId.toString() : null,
        actorName: d.actorName,
        note: d.note ?? '',
        at: iso(d.at)!,
      }));
      return { items, total, limit: query.limit, offset: query.offset };
    },

    /**
     * Views per post, per 法律六进 channel and per township (the viewer's township when they viewed),
     * each person counted once per day. The Excel export calls this too.
     */
    async viewReport(query: ViewReportQuery = {}): Promise<ViewReport> {
      const range: Record<string, string> = {};
      if (query.from) range.$gte = query.from;
      if (query.to) range.$lte = query.to;
      const match = Object.keys(range).length ? [{ $match: { date: range } }] : [];
      const group = async (key: string) =>
        PostView.aggregate<{ _id: unknown; views: number }>([...match, { $group: { _id: `$${key}`, views: { $sum: 1 } } }]);
      const [byPostRaw, byChannelRaw, byTownshipRaw] = await Promise.all([group('postId'), group('channel'), group('townshipCode')]);

      const posts = byPostRaw.length
        ? await Post.find({ _id: mongoose.trusted({ $in: byPostRaw.map((r) => r._id) }) }).select({ title: 1, type: 1, channel: 1 }).lean<PostDoc[]>()
        : [];
      const postById = new Map(posts.map((p) => [p._id.toString(), p]));
      const byPost = byPostRaw
        .map((r) => {
          const p = postById.get(String(r._id));
          return p ? { postId: String(r._id), title: p.title, type: p.type as PostType, channel: p.channel as OutreachChannel, views: r.views } : null;
        })
        .filter((r): r is NonNullable<typeof r> => r !== null)
        .sort((a, b) => b.views - a.views || a.title.localeCompare(b.title));

      const channelViews = new Map(byChannelRaw.map((r) => [String(r._id), r.views]));
      const byChannel = OUTREACH_CHANNELS.map((channel) => ({ channel, views: channelViews.get(channel) ?? 0 }));

      const townshipViews = new Map(byTownshipRaw.map((r) => [r._id === null || r._id === undefined ? null : String(r._id), r.views]));
      const byTownship: ViewReport['byTownship'] = TOWNSHIPS.map((t) => ({ townshipCode: t.code, townshipName: t.name, views: townshipViews.get(t.code) ?? 0 }));
      const unknown = townshipViews.get(null) ?? 0;
      if (unknown) byTownship.push({ townshipCode: null, townshipName: '未填写乡镇', views: unknown });

      return { byPost, byChannel, byTownship, total: byChannelRaw.reduce((sum, r) => sum + r.views, 0) };
    },
  };
}

export type ContentService = ReturnType<typeof createContentService>;
