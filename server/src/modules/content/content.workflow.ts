import mongoose from 'mongoose';
import { POST_STATUS_LABELS, isCountyAdmin, type Me, type PostInput, type PostStatus, type PostType, type StaffPost, type StaffPostListQuery, type UploadKind } from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, invalidField, invalidFields } from '../../http/errors';
import type { UploadsService } from '../uploads/uploads.service';
import { createAudit, iso, loadOwn, oid, toStaffPost, transition, transitionOrConflict, viewsOf, withViews } from './content.common';
import type { ContentFeed } from './content.feed';
import type { ContentModeration } from './content.moderation';
import { Post, type PostDoc } from './content.model';
import { cleanArticle } from './content.sanitize';

export interface ContentWorkflowDeps {
  uploads: UploadsService;
  clock: () => Date;
  moderation: ContentModeration;
  /** Publishing, withdrawing and pinning drop the feed's cached list. */
  feed: Pick<ContentFeed, 'invalidateFeed'>;
}

const EDITABLE: PostStatus[] = ['draft', 'rejected', 'withdrawn'];
const SUBMITTABLE: PostStatus[] = ['draft', 'rejected'];
const LIVE: PostStatus[] = ['published', 'scheduled'];

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

async function diagnoseLive(actor: Me, id: string, verb: string): Promise<never> {
  const post = await Post.findById(id).lean<PostDoc>();
  if (!post || (post.status === 'draft' && post.authorId.toString() !== actor.id)) throw new NotFoundError('找不到该内容');
  if (!isCountyAdmin(actor) && post.authorId.toString() !== actor.id) throw new ForbiddenError(`只能${verb}自己的内容`);
  throw new ConflictError(`该内容现在是“${POST_STATUS_LABELS[post.status as PostStatus]}”，不能${verb}`);
}

/**
 * A post's life: draft → (WeChat's checks) → review → published or scheduled → withdrawn, and back
 * to a draft by editing. Every move goes through the state lock (`transition` in content.common).
 */
export function createContentWorkflow(deps: ContentWorkflowDeps) {
  const { uploads, clock, moderation, feed } = deps;
  const audit = createAudit(clock);

  async function requireUpload(id: string, kinds: readonly UploadKind[], field: string, label: string) {
    const doc = await uploads.find(id);
    if (!doc || !kinds.includes(doc.kind as UploadKind)) throw invalidField(field, `不是已上传的${label}`);
    return doc;
  }

  /** Every id must name an uploaded image. */
  async function requireImages(ids: string[], field: string) {
    if (ids.length === 0) return;
    const images = await uploads.imagesById(ids);
    const problems = ids.flatMap((id, i) => (images.has(id) ? [] : [{ field: `${field}.${i}`, message: '不是已上传的图片' }]));
    if (problems.length) throw invalidFields(problems);
  }

  function requireFuture(publishAt: string | null, field: string) {
    if (publishAt && new Date(publishAt).getTime() <= clock().getTime()) throw invalidField(field, '发布时间已经过去，请选择以后的时间');
  }

  /** Turns validated input into the stored fields; checks uploads exist and are of the right kind. */
  async function prepare(input: PostInput) {
    requireFuture(input.publishAt, 'body.publishAt');
    const article = input.type === 'article' ? cleanArticle(input.body) : { html: '', text: '', imageIds: [] as string[] };
    // Not invalidField: the line a person reads says more than the note beside the field.
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

  return {
    async create(actor: Me, input: PostInput): Promise<StaffPost> {
      const fields = await prepare(input);
      const doc = await Post.create({ ...fields, authorId: oid(actor.id), authorName: actor.displayName, status: 'draft' });
      await audit(actor, doc, 'created');
      return toStaffPost(doc.toObject() as PostDoc);
    },

    async update(actor: Me, id: string, input: PostInput): Promise<StaffPost> {
      const current = await loadOwn(actor, id);
      if (!EDITABLE.includes(current.status as PostStatus)) throw new ConflictError('审核中或已发布的内容不能修改：已发布的请先撤回');
      const fields = await prepare(input);
      const post = await transitionOrConflict(current, { ...fields, status: 'draft', pinned: false });
      await audit(actor, post, 'edited', current.status === 'withdrawn' ? '撤回后修改' : '');
      return withViews(post);
    },

    /**
     * Sends a post to review: WeChat checks the text at once, and images/audio asynchronously. The
     * post waits in `checking` until every media verdict has arrived; a risky verdict rejects it.
     */
    async submit(actor: Me, id: string, origin: string): Promise<StaffPost> {
      const current = await loadOwn(actor, id);
      if (!SUBMITTABLE.includes(current.status as PostStatus)) throw new ConflictError('该内容已提交或已发布');
      const missing = missingForSubmission(current);
      if (missing) throw invalidFields([missing]);
      if (current.publishAt && current.publishAt.getTime() <= clock().getTime()) {
        // Not invalidField: the line a person reads says more than the note beside the field.
        throw new BadRequestError('输入有误：publishAt 发布时间已经过去，请修改后再提交', [{ field: 'publishAt', message: '发布时间已经过去' }]);
      }
      const request = await moderation.prepareChecks(actor, current);
      const checking = await transitionOrConflict(current, {
        status: 'checking',
        expectedChecks: request.media.length,
        rejectedBy: null,
        rejectReason: null,
        rejectedAt: null,
        securityNote: null,
      });
      await audit(actor, checking, 'submitted');
      await moderation.runChecks(request, checking, origin);
      return toStaffPost((await Post.findById(id).lean<PostDoc>())!);
    },

    async approve(actor: Me, id: string): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || current.status === 'draft') throw new NotFoundError('找不到该内容');
      if (current.status !== 'in_review') throw new ConflictError('只有待审核的内容可以通过审核');
      const now = clock();
      const later = !!current.publishAt && current.publishAt.getTime() > now.getTime();
      const post = await transitionOrConflict(current, later ? { status: 'scheduled' } : { status: 'published', publishedAt: now });
      await audit(actor, post, 'approved', later ? `定时发布：${iso(post.publishAt)}` : '');
      if (!later) {
        feed.invalidateFeed();
        await audit(actor, post, 'published');
      }
      return toStaffPost(post);
    },

    async reject(actor: Me, id: string, reason: string): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || current.status === 'draft') throw new NotFoundError('找不到该内容');
      if (current.status !== 'in_review') throw new ConflictError('只有待审核的内容可以退回');
      const post = await transitionOrConflict(current, { status: 'rejected', rejectedBy: 'review', rejectReason: reason, rejectedAt: clock() });
      await audit(actor, post, 'rejected', reason);
      return toStaffPost(post);
    },

    async withdraw(actor: Me, id: string): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      const allowed = current && LIVE.includes(current.status as PostStatus) && (isCountyAdmin(actor) || current.authorId.toString() === actor.id);
      if (!current || !allowed) return diagnoseLive(actor, id, '撤回');
      const post = await transitionOrConflict(current, { status: 'withdrawn', withdrawnAt: clock(), pinned: false });
      feed.invalidateFeed();
      await audit(actor, post, 'withdrawn');
      return withViews(post);
    },

    async pin(actor: Me, id: string, pinned: boolean): Promise<StaffPost> {
      const current = await Post.findById(id).lean<PostDoc>();
      if (!current || !LIVE.includes(current.status as PostStatus)) return diagnoseLive(actor, id, pinned ? '置顶' : '取消置顶');
      const post = await transitionOrConflict(current, { pinned });
      feed.invalidateFeed();
      await audit(actor, post, pinned ? 'pinned' : 'unpinned');
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
        await audit(null, post, 'published', '定时发布');
      }
      if (published) feed.invalidateFeed();
      return published;
    },

    async getForStaff(actor: Me, id: string): Promise<StaffPost> {
      const post = await Post.findById(id).lean<PostDoc>();
      const mine = post?.authorId.toString() === actor.id;
      if (!post || (!mine && (!isCountyAdmin(actor) || post.status === 'draft'))) throw new NotFoundError('找不到该内容');
      return withViews(post);
    },

    /** Propaganda staff see their own posts; the county admin sees everybody's except others' drafts. */
    async listForStaff(actor: Me, query: StaffPostListQuery) {
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
  };
}

export type ContentWorkflow = ReturnType<typeof createContentWorkflow>;
