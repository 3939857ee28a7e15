import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import { AppError, BadRequestError, UnavailableError, UpstreamError } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import { WechatApiError, type WechatClient } from './wechat.client';

/**
 * WeChat content security (内容安全), which WeChat requires for user-made content shown to the public:
 *  - msgSecCheck v2 (POST /wxa/msg_sec_check): text, answered at once;
 *  - mediaCheckAsync v2 (POST /wxa/media_check_async): an image or audio URL WeChat downloads; the
 *    verdict arrives later as a `wxa_media_check` event at the mini-program's message-push URL,
 *    matched to the request by its trace_id.
 * Both need the openid of a user who opened the mini-program within the last two hours.
 */

export type SecuritySuggest = 'pass' | 'review' | 'risky';

export interface SecurityVerdict {
  suggest: SecuritySuggest;
  label: number;
}

/** WeChat's documented labels (result.label). */
export const SECURITY_LABELS: Record<number, string> = {
  100: '正常',
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
};

export const labelText = (label: number) => SECURITY_LABELS[label] ?? `类别 ${label}`;

/** msgSecCheck scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. Posts are public articles: 论坛. */
const TEXT_SCENE = 3;
/** msgSecCheck takes at most 2500 characters per call. */
export const TEXT_CHUNK = 2500;
/** mediaCheckAsync media_type. */
export const MEDIA_TYPE = { audio: 1, image: 2 } as const;

const Verdict = z.object({
  suggest: z.enum(['pass', 'review', 'risky']),
  label: z.coerce.number().int(),
});

const TextCheckAnswer = z.object({ result: Verdict, trace_id: z.string().optional() });
const MediaCheckAnswer = z.object({ trace_id: z.string().min(1) });

function toAppError(err: unknown): never {
  if (err instanceof WechatApiError) {
    if (err.errcode === 61010) throw new BadRequestError('微信要求提交人近两小时内打开过小程序：请在小程序里重新打开后再提交');
    if (err.errcode === 40003) throw new BadRequestError('作者的微信身份无效，请用微信登录后再提交');
    if (err.errcode === -1) throw new UnavailableError('微信内容安全服务繁忙，请稍后再提交');
    if (err.errcode === 45009) throw new AppError(429, 'rate_limited', '今天的内容安全检测次数已用完，请明天再提交');
    throw new UpstreamError('微信内容安全检测失败，请稍后再试', { wechatErrcode: err.errcode, wechatErrmsg: err.errmsg });
  }
  throw err;
}

/** Splits text into pieces msgSecCheck accepts, without cutting a surrogate pair. */
export function chunkText(text: string, size = TEXT_CHUNK): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}

export function createContentSecurity(wechat: WechatClient) {
  return {
    /**
     * Checks a title and text; the worst verdict of all pieces wins (risky > review > pass).
     * Stops at the first risky piece.
     */
    async checkText(input: { openid: string; title: string; text: string }): Promise<SecurityVerdict> {
      const pieces = chunkText(input.text.trim());
      if (pieces.length === 0) pieces.push(input.title);
      let worst: SecurityVerdict = { suggest: 'pass', label: 100 };
      for (const [i, content] of pieces.entries()) {
        let answer;
        try {
          answer = await wechat.postWithToken('/wxa/msg_sec_check', {
            content,
            version: 2,
            scene: TEXT_SCENE,
            openid: input.openid,
            ...(i === 0 ? { title: input.title } : {}),
          });
        } catch (err) {
          toAppError(err);
        }
        const parsed = TextCheckAnswer.safeParse(answer);
        if (!parsed.success) throw new UpstreamError('微信内容安全检测返回的数据不完整');
        const verdict = parsed.data.result;
        if (verdict.suggest === 'risky') return verdict;
        if (verdict.suggest === 'review') worst = verdict;
      }
      return worst;
    },

    /** Asks WeChat to check an image or audio file it can download from `mediaUrl`; returns the trace_id. */
    async startMediaCheck(input: { openid: string; mediaUrl: string; mediaType: 'image' | 'audio' }): Promise<string> {
      let answer;
      try {
        answer = await wechat.postWithToken('/wxa/media_check_async', {
          media_url: input.mediaUrl,
          media_type: MEDIA_TYPE[input.mediaType],
          version: 2,
          scene: TEXT_SCENE,
          openid: input.openid,
        });
      } catch (err) {
        toAppError(err);
      }
      const parsed = MediaCheckAnswer.safeParse(answer);
      if (!parsed.success) throw new UpstreamError('微信内容安全检测没有返回 trace_id');
      return parsed.data.trace_id;
    },
  };
}

export type ContentSecurity = ReturnType<typeof createContentSecurity>;

/** The documented JSON form of the asynchronous result (明文模式, 数据格式 JSON). */
export const MediaCheckEvent = z.object({
  ToUserName: z.string().optional(),
  FromUserName: z.string().optional(),
  CreateTime: z.coerce.number().optional(),
  MsgType: z.literal('event'),
  Event: z.literal('wxa_media_check'),
  appid: z.string().optional(),
  trace_id: z.string().min(1),
  version: z.coerce.number().optional(),
  errcode: z.coerce.number().optional(),
  errmsg: z.string().optional(),
  result: Verdict,
  detail: z
    .array(z.object({ strategy: z.string().optional(), errcode: z.coerce.number().optional(), suggest: z.string().optional(), label: z.coerce.number().optional(), prob: z.coerce.number().optional() }))
    .optional(),
});
export type MediaCheckEvent = z.infer<typeof MediaCheckEvent>;

/** WeChat's push signature: sha1 of the sorted, concatenated [token, timestamp, nonce]. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function verifyPushSignature(token: string, query: { signature?: string; timestamp?: string; nonce?: string }): boolean {
  const { signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return false;
  const expected = Buffer.from(pushSignature(token, timestamp, nonce));
  const given = Buffer.from(signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const PushQuery = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(200).optional(),
  openid: z.string().optional(),
  encrypt_type: z.string().optional(),
  msg_signature: z.string().optional(),
});

async function readJsonBody(ctx: Context): Promise<unknown> {
  if (ctx.is('application/json')) return (ctx.request as { body?: unknown }).body;
  // Without a JSON content type the body parser left the stream unread.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new AppError(413, 'payload_too_large', '推送内容太大');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('推送内容不是 JSON：请在小程序后台把消息推送的数据格式设为 JSON');
  }
}

/**
 * The mini-program's message-push URL (开发管理 → 消息推送: URL …/api/v1/wechat/push, 明文模式, JSON).
 * GET is WeChat's one-time URL check (answer echostr); POST carries events. Both are signed with
 * the configured token; anything unsigned is refused. Events other than wxa_media_check are
 * acknowledged and ignored.
 */
export function wechatPushRoutes(options: { pushToken: string | undefined; onMediaCheck: (event: MediaCheckEvent) => Promise<void> }): AnyRoute[] {
  function requireSignature(query: z.infer<typeof PushQuery>) {
    if (!options.pushToken) throw new UnavailableError('服务器未配置消息推送 Token（WECHAT_PUSH_TOKEN）');
    if (!verifyPushSignature(options.pushToken, query)) throw new AppError(401, 'unauthorized', '消息推送签名无效');
  }
  return [
    defineRoute({
      method: 'get',
      path: '/wechat/push',
      errors: [401],
      summary: '微信消息推送：服务器地址校验（返回 echostr）',
      tag: 'wechat',
      access: 'public',
      query: PushQuery,
      produces: 'text/plain',
      handler: ({ ctx, query }) => {
        requireSignature(query);
        ctx.type = 'text/plain';
        ctx.body = query.echostr ?? '';
      },
    }),
    defineRoute({
      method: 'post',
      path: '/wechat/push',
      errors: [401],
      summary: '微信消息推送：接收 wxa_media_check（内容安全异步检测结果）等事件',
      tag: 'wechat',
      access: 'public',
      query: PushQuery,
      produces: 'text/plain',
      handler: async ({ ctx, query }) => {
        requireSignature(query);
        if (query.encrypt_type === 'aes') throw new BadRequestError('只支持明文模式的消息推送');
        const body = await readJsonBody(ctx);
        const kind = body && typeof body === 'object' ? (body as { Event?: unknown }).Event : undefined;
        if (kind === 'wxa_media_check') {
          const event = MediaCheckEvent.safeParse(body);
          if (!event.success) throw new BadRequestError('wxa_media_check 事件的内容不完整', event.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
          await options.onMediaCheck(event.data);
        }
        ctx.type = 'text/plain';
        ctx.body = 'success';
      },
    }),
  ];
}
