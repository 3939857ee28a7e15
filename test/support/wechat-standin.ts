import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), which cannot be reached from here.
 * It speaks the documented protocol: answers are JSON with HTTP 200, failures carry
 * `{"errcode","errmsg"}`. Built in:
 *   GET  /sns/jscode2session   (auth.code2Session) — tests register which code means which openid;
 *                               special codes trigger WeChat's documented error answers;
 *   POST /cgi-bin/stable_token (getStableAccessToken) — issues tokens that `isValidToken` checks.
 * Feature suites add the endpoints they need with `handle` (subscribeMessage.send, msgSecCheck…).
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

export async function startWechatStandin(): Promise<WechatStandin> {
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
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issueCode: (code, openid) => void codes.set(code, openid),
    handle: (method, path, handler) => void handlers.set(`${method} ${path}`, handler),
    isValidToken: (token) => !!token && tokens.has(token),
    revokeTokens: () => tokens.clear(),
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
