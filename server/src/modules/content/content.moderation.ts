import mongoose from 'mongoose';
import type { Me } from '@qf/shared';
import { BadRequestError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { uploadUrl } from '../uploads/uploads.service';
import { labelText, type ContentSecurity, type MediaCheckEvent } from '../wechat/content-security';
import { createAudit, transition } from './content.common';
import { MediaCheck, MediaVerdict, Post, type MediaCheckDoc, type MediaVerdictDoc, type PostDoc } from './content.model';

export interface ContentModerationDeps {
  /** The WeChat openid an author signed in with (WeChat's checks name the author), from the users feature. */
  openidOf: (userId: string) => Promise<string | null>;
  security: ContentSecurity;
  clock: () => Date;
  /** Public https origin WeChat downloads media from; else the origin of the submitting request. */
  publicBaseUrl?: string | undefined;
  /** WeChat's API is the local stand-in (`npm start` without an AppID): reviewers are told so. */
  checkedByStandin?: boolean;
}

const WECHAT_CHECK = '微信内容安全检测';
export const STANDIN_NOTE = '本机试用：内容由本地替身按微信检测规则检查，未经微信真实检测，请审核人仔细看一遍';

interface CheckableMedia {
  uploadId: string;
  mediaType: 'image' | 'audio';
}

/** What a submission asks WeChat about, worked out before the post moves to `checking`. */
export interface CheckRequest {
  openid: string;
  media: CheckableMedia[];
  hasVideo: boolean;
}

/** Images and audio WeChat can check. Video files are not accepted by mediaCheckAsync: reviewers watch them. */
function checkableMedia(post: PostDoc): CheckableMedia[] {
  const list: CheckableMedia[] = [];
  const add = (uploadId: string | null | undefined, mediaType: 'image' | 'audio') => {
    if (uploadId && !list.some((m) => m.uploadId === uploadId)) list.push({ uploadId, mediaType });
  };
  post.imageIds.forEach((id) => add(id, 'image'));
  add(post.coverId, 'image');
  if (post.mediaKind === 'image') add(post.mediaId, 'image');
  if (post.mediaKind === 'audio') add(post.mediaId, 'audio');
  return list;
}

/**
 * WeChat's content security for posts: the text is checked at once, images and audio asynchronously
 * (`wxa_media_check` pushes). A post waits in `checking` until every media verdict has arrived; a
 * risky verdict rejects it.
 */
export function createContentModeration(deps: ContentModerationDeps) {
  const { security, clock } = deps;
  const audit = createAudit(clock);

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
      if (moved) await audit(null, moved, 'security_rejected', reason, WECHAT_CHECK);
      return;
    }
    if (verdicts.length < checks.length) return;
    const review = verdicts.find((v) => v.suggest === 'review');
    const notes = [post.securityNote, review ? `微信建议人工复核图片或音频（${labelText(review.label)}）` : null].filter(Boolean);
    const moved = await transition(post, { status: 'in_review', securityNote: notes.length ? notes.join('；') : null });
    if (moved) await audit(null, moved, 'security_passed', '', WECHAT_CHECK);
  }

  return {
    /** What to ask WeChat about `post`; refuses an author WeChat cannot name before anything moves. */
    async prepareChecks(actor: Me, post: PostDoc): Promise<CheckRequest> {
      const media = checkableMedia(post);
      const openid = await deps.openidOf(actor.id);
      if (!openid) throw new BadRequestError('作者没有微信身份，无法进行内容安全检测');
      return { openid, media, hasVideo: post.mediaKind === 'video' };
    },

    /**
     * Asks WeChat about a post submit has just moved to `checking`. A risky text rejects it at once;
     * otherwise the media checks are started and the post settled with whatever verdicts are in.
     */
    async runChecks(request: CheckRequest, checking: PostDoc, origin: string): Promise<void> {
      const { openid, media } = request;
      try {
        const text = [checking.summary, checking.bodyText, checking.lyrics].filter(Boolean).join('\n');
        const verdict = await security.checkText({ openid, title: checking.title, text: text || checking.title });
        if (verdict.suggest === 'risky') {
          const reason = `文字内容未通过微信内容安全检测（${labelText(verdict.label)}），请修改后重新提交`;
          const rejected = await transition(checking, securityRejection(reason));
          if (rejected) await audit(null, rejected, 'security_rejected', reason, WECHAT_CHECK);
          return;
        }
        const notes: string[] = [];
        if (deps.checkedByStandin) notes.push(STANDIN_NOTE);
        if (verdict.suggest === 'review') notes.push(`微信建议人工复核文字（${labelText(verdict.label)}）`);
        if (request.hasVideo) notes.push('视频画面不在微信自动检测范围内，请审核人完整观看');
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
        const fresh = await Post.findById(checking._id).lean<PostDoc>();
        if (fresh && fresh.status === 'checking' && fresh.revision === checking.revision) await transition(fresh, { status: 'draft', expectedChecks: 0 });
        throw err;
      }
      await settleChecks(checking._id, checking.revision);
    },

    /** A `wxa_media_check` push. Repeated pushes of the same trace_id count once. */
    async applyMediaCheck(event: MediaCheckEvent): Promise<void> {
      try {
        await MediaVerdict.create({ _id: event.trace_id, suggest: event.result.suggest, label: event.result.label });
      } catch (err) {
        if (isDuplicateKey(err)) return;
        throw err;
      }
      const check = await MediaCheck.findById(event.trace_id).lean<MediaCheckDoc>();
      // Unknown yet: submit is still writing down its requests and will settle the post itself.
      if (check) await settleChecks(check.postId, check.revision);
    },
  };
}

export type ContentModeration = ReturnType<typeof createContentModeration>;
