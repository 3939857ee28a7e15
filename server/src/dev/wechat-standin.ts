import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), which cannot be reached from here.
 * It speaks the documented protocol: answers are JSON with HTTP 200, failures carry
 * `{"errcode","errmsg"}`. Built in:
 *   GET  /sns/jscode2session   (auth.code2Session) — tests register which code means which openid;
 *                               special codes trigger WeChat's documented error answers;
 *   POST /cgi-bin/stable_token (getStableAccessToken) — issues tokens that `isValidToken` checks.
 *   POST /wxa/msg_sec_check, /wxa/media_check_async (content security v2), once
 *                               `enableContentSecurity` is called: text verdicts at once, media verdicts
 *                               pushed later to our message-push URL as a signed wxa_media_check event.
 * Feature suites add or replace endpoints with `handle` (subscribeMessage.send…).
 *
 * One implementation serves the tests (test/support re-exports it) and `npm start` outside production
 * without an AppID (scripts/start.mjs runs wechat-standin.main.ts), so content can be checked and
 * reviewed on a laptop; the server then marks such posts as checked by the stand-in.
 */
export const WECHAT_TEST_APPID = 'wx0000000000000000';
export const WECHAT_TEST_SECRET = 'standin-secret-for-tests-only';

export const ERROR_CODES = {
  'code-invalid': { errcode: 40029, errmsg: 'invalid code' },
  'code-limited': { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' },
  'code-blocked': { errcode: 40226, errmsg: 'code blocked' },
  'code-busy': { errcode: -1, errmsg: 'system error' },
} as const;

export interface StandinRequest {
  method: string;
  url: URL;
  body: any;
}

export type StandinHandler = (req: StandinRequest) => unknown | Promise<unknown>;

export interface WechatStandin {
  url: string;
  /** Make `code` log in as `openid` (once: WeChat codes are single-use). */
  issueCode(code: string, openid: string): void;
  /** Adds or replaces an endpoint; the handler's return value is sent as JSON. */
  handle(method: 'GET' | 'POST', path: string, handler: StandinHandler): void;
  /** True for an access_token this stand-in issued and has not revoked. */
  isValidToken(token: string | null): boolean;
  /** Makes every issued token invalid (as when WeChat rotates it): the next call answers 40001. */
  revokeTokens(): void;
  /**
   * Answers msgSecCheck and mediaCheckAsync (v2) as WeChat does. Text containing a word of
   * STANDIN_RISKY_WORDS is risky (违法犯罪), of STANDIN_REVIEW_WORDS needs review; everything else
   * passes. Media is downloaded from media_url like WeChat does, then a pass verdict (risky when the
   * download fails) is pushed, signed with pushToken, to pushUrl after delayMs.
   */
  enableContentSecurity(options: { pushUrl: string; pushToken: string; delayMs?: number }): void;
  /** Every request received, for assertions about what our server sent. */
  requests: StandinRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Words that make the stand-in's text check answer risky / review (so the rejection path can be tried). */
export const STANDIN_RISKY_WORDS = ['赌博', '诈骗'];
export const STANDIN_REVIEW_WORDS = ['请复核'];

/** WeChat's push signature: sha1 of the sorted, concatenated [token, timestamp, nonce]. */
function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export async function startWechatStandin(options: { port?: number; host?: string } = {}): Promise<WechatStandin> {
  const codes = new Map<string, string>();
  const used = new Set<string>();
  const tokens = new Set<string>();
  const requests: StandinRequest[] = [];
  const handlers = new Map<string, StandinHandler>();

  handlers.set('GET /sns/jscode2session', ({ url }) => {
    const q = url.searchParams;
    if (q.get('appid') !== WECHAT_TEST_APPID) return { errcode: 40013, errmsg: 'invalid appid' };
    if (q.get('secret') !== WECHAT_TEST_SECRET) return { errcode: 40125, errmsg: 'invalid appsecret' };
    if (q.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const code = q.get('js_code') ?? '';
    if (code in ERROR_CODES) return ERROR_CODES[code as keyof typeof ERROR_CODES];
    if (used.has(code)) return { errcode: 40163, errmsg: 'code been used' };
    const openid = codes.get(code);
    if (!openid) return { errcode: 40029, errmsg: 'invalid code' };
    used.add(code);
    return { openid, session_key: Buffer.from(`sk-${openid}`).toString('base64') };
  });

  handlers.set('POST /cgi-bin/stable_token', ({ body }) => {
    if (body?.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (body.appid !== WECHAT_TEST_APPID) return { errcode: 40013, errmsg: 'invalid appid' };
    if (body.secret !== WECHAT_TEST_SECRET) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const token = randomBytes(16).toString('hex');
    tokens.add(token);
    return { access_token: token, expires_in: 7200 };
  });

  function enableContentSecurity(push: { pushUrl: string; pushToken: string; delayMs?: number }) {
    const badToken = (url: URL) => !tokens.has(url.searchParams.get('access_token') ?? '');
    handlers.set('POST /wxa/msg_sec_check', ({ url, body }) => {
      if (badToken(url)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
      if (body?.version !== 2 || typeof body.openid !== 'string' || ![1, 2, 3, 4].includes(body.scene)) return { errcode: 47001, errmsg: 'data format error' };
      if (typeof body.content !== 'string' || Array.from(body.content as string).length > 2500) return { errcode: 47001, errmsg: 'data format error' };
      const text = `${body.title ?? ''}${body.content}`;
      const [suggest, label] = STANDIN_RISKY_WORDS.some((w) => text.includes(w))
        ? ['risky', 20006]
        : STANDIN_REVIEW_WORDS.some((w) => text.includes(w))
          ? ['review', 21000]
          : ['pass', 100];
      return { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }], trace_id: randomBytes(8).toString('hex') };
    });
    handlers.set('POST /wxa/media_check_async', ({ url, body }) => {
      if (badToken(url)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
      if (body?.version !== 2 || ![1, 2].includes(body.media_type) || typeof body.media_url !== 'string' || typeof body.openid !== 'string') {
        return { errcode: 47001, errmsg: 'data format error' };
      }
      const traceId = randomBytes(12).toString('hex');
      // Answer first, then download and push the verdict, as WeChat does (within 30 minutes; here soon).
      setTimeout(() => void verdictLater(traceId, body.media_url as string, body.openid as string), push.delayMs ?? 300);
      return { errcode: 0, errmsg: 'ok', trace_id: traceId };
    });

    async function verdictLater(traceId: string, mediaUrl: string, openid: string) {
      let suggest: 'pass' | 'risky' = 'risky';
      try {
        const fetched = await fetch(mediaUrl, { signal: AbortSignal.timeout(10_000) });
        await fetched.arrayBuffer();
        if (fetched.ok) suggest = 'pass';
      } catch {
        // unreachable media is not passed
      }
      const label = suggest === 'pass' ? 100 : 21000;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(6).toString('hex');
      const target = new URL(push.pushUrl);
      target.searchParams.set('signature', pushSignature(push.pushToken, timestamp, nonce));
      target.searchParams.set('timestamp', timestamp);
      target.searchParams.set('nonce', nonce);
      const event = {
        ToUserName: 'gh_standin00000',
        FromUserName: openid,
        CreateTime: Number(timestamp),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: WECHAT_TEST_APPID,
        trace_id: traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }],
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label },
      };
      // WeChat retries a push that is not answered; so do we, a few times.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(10_000) });
          if (res.ok) return;
        } catch {
          // the server may be restarting
        }
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const request = { method: req.method ?? 'GET', url, body };
    requests.push(request);
    const handler = handlers.get(`${request.method} ${url.pathname}`);
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    try {
      const answer = await handler(request);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done) => server.listen(options.port ?? 0, host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    enableContentSecurity,
    issueCode: (code, openid) => void codes.set(code, openid),
    handle: (method, path, handler) => void handlers.set(`${method} ${path}`, handler),
    isValidToken: (token) => !!token && tokens.has(token),
    revokeTokens: () => tokens.clear(),
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
