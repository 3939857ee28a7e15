import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeChat's server API, speaking the documented protocol of
 * GET /sns/jscode2session (auth.code2Session): success is
 * `{"openid","session_key"[,"unionid"]}`, failure `{"errcode","errmsg"}` with HTTP 200.
 * Tests register which code means which openid; special codes trigger WeChat's error answers.
 */
export const WECHAT_TEST_APPID = 'wx0000000000000000';
export const WECHAT_TEST_SECRET = 'standin-secret-for-tests-only';

export const ERROR_CODES = {
  'code-invalid': { errcode: 40029, errmsg: 'invalid code' },
  'code-limited': { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' },
  'code-blocked': { errcode: 40226, errmsg: 'code blocked' },
  'code-busy': { errcode: -1, errmsg: 'system error' },
} as const;

export interface WechatStandin {
  url: string;
  /** Make `code` log in as `openid` (once: WeChat codes are single-use). */
  issueCode(code: string, openid: string): void;
  /** Requests received, for assertions about what our server sent. */
  requests: URL[];
  close(): Promise<void>;
}

export async function startWechatStandin(): Promise<WechatStandin> {
  const codes = new Map<string, string>();
  const used = new Set<string>();
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    requests.push(url);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    if (q.get('appid') !== WECHAT_TEST_APPID) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== WECHAT_TEST_SECRET) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = q.get('js_code') ?? '';
    if (code in ERROR_CODES) return reply(ERROR_CODES[code as keyof typeof ERROR_CODES]);
    if (used.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' });
    const openid = codes.get(code);
    if (!openid) return reply({ errcode: 40029, errmsg: 'invalid code' });
    used.add(code);
    reply({ openid, session_key: Buffer.from(`sk-${openid}`).toString('base64') });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issueCode: (code, openid) => void codes.set(code, openid),
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
