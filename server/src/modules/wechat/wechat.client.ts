import { AppError, ForbiddenError, RateLimitedError, UnavailableError, UpstreamError } from '../../http/errors';

/**
 * Client for WeChat's server API (api.weixin.qq.com). The base URL is configurable because those
 * servers cannot be reached from every machine: tests point it at a local stand-in that speaks the
 * same documented protocol and error codes.
 */
export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface WechatClient {
  /** Trades a `wx.login` code for the user's openid (auth.code2Session / jscode2session). */
  code2Session(code: string): Promise<WechatSession>;
  /**
   * POSTs JSON to a server API that takes `?access_token=` (subscribeMessage.send, msgSecCheck,
   * mediaCheckAsync…). The token is fetched from /cgi-bin/stable_token and cached; an expired or
   * invalid token (40001, 42001, 40014) is refreshed once. A non-zero errcode becomes WechatApiError.
   */
  postWithToken<T extends object>(path: string, body: unknown): Promise<T & { errcode?: number; errmsg?: string }>;
}

/** A WeChat API answer with a non-zero errcode; feature code decides what each code means to its users. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

const TOKEN_ERRORS = new Set([40001, 42001, 40014]);

export interface WechatClientOptions {
  apiBase: string;
  appid?: string;
  secret?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

/** Maps WeChat's documented error codes to answers our clients understand. */
export function wechatErrorToAppError(errcode: number, errmsg: string | undefined): AppError {
  const details = { wechatErrcode: errcode, wechatErrmsg: errmsg };
  switch (errcode) {
    case 40029: // invalid js_code
    case 40163: // code been used
      return new AppError(400, 'invalid_input', '登录凭证无效或已使用，请重新进入小程序', details);
    case 45011: // API minute-quota reached for this user
      return new RateLimitedError(60);
    case 40226: // high-risk user, login blocked by WeChat
      return new ForbiddenError('该微信账号已被微信限制登录');
    case -1: // system busy
      return new UnavailableError('微信服务繁忙，请稍后再试');
    case 40013: // invalid appid
    case 40125: // invalid appsecret
      return new UpstreamError('服务器的微信小程序配置有误', details);
    default:
      return new UpstreamError('微信登录失败', details);
  }
}

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;

  async function getJson(path: string, params: Record<string, string>): Promise<unknown> {
    const url = new URL(options.apiBase + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let response: Response;
    try {
      response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw new UnavailableError('无法连接微信服务，请稍后再试');
    }
    if (!response.ok) throw new UpstreamError('微信服务返回错误', { httpStatus: response.status });
    try {
      return await response.json();
    } catch {
      throw new UpstreamError('微信服务返回了无法识别的内容');
    }
  }

  async function postJson(path: string, params: Record<string, string>, body: unknown): Promise<WechatErrorBody & Record<string, unknown>> {
    const url = new URL(options.apiBase + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new UnavailableError('无法连接微信服务，请稍后再试');
    }
    if (!response.ok) throw new UpstreamError('微信服务返回错误', { httpStatus: response.status });
    try {
      return (await response.json()) as WechatErrorBody & Record<string, unknown>;
    } catch {
      throw new UpstreamError('微信服务返回了无法识别的内容');
    }
  }

  let cachedToken: { value: string; expiresAt: number } | undefined;
  async function accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && cachedToken && cachedToken.expiresAt > Date.now()) return cachedToken.value;
    if (!options.appid || !options.secret) throw new UnavailableError('服务器未配置微信小程序 AppID');
    // stable_token hands every instance the same token, so several servers do not invalidate each other.
    const body = (await postJson('/cgi-bin/stable_token', {}, {
      grant_type: 'client_credential',
      appid: options.appid,
      secret: options.secret,
      force_refresh: forceRefresh,
    })) as WechatErrorBody & { access_token?: string; expires_in?: number };
    if (body.errcode) throw new WechatApiError(body.errcode, body.errmsg ?? '');
    if (!body.access_token) throw new UpstreamError('微信 access_token 返回的数据不完整');
    // Refresh five minutes early so a request never carries a token that expires in flight.
    cachedToken = { value: body.access_token, expiresAt: Date.now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 };
    return cachedToken.value;
  }

  return {
    async postWithToken(path, body) {
      let answer = await postJson(path, { access_token: await accessToken(false) }, body);
      if (answer.errcode && TOKEN_ERRORS.has(answer.errcode)) {
        answer = await postJson(path, { access_token: await accessToken(true) }, body);
      }
      if (answer.errcode) throw new WechatApiError(answer.errcode, answer.errmsg ?? '');
      return answer as never;
    },

    async code2Session(code) {
      if (!options.appid || !options.secret) {
        throw new UnavailableError('服务器未配置微信小程序 AppID，暂不能用微信登录');
      }
      const body = (await getJson('/sns/jscode2session', {
        appid: options.appid,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })) as WechatErrorBody & { openid?: string; session_key?: string; unionid?: string };
      if (body.errcode) throw wechatErrorToAppError(body.errcode, body.errmsg);
      if (!body.openid || !body.session_key) throw new UpstreamError('微信登录返回的数据不完整');
      return { openid: body.openid, sessionKey: body.session_key, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },
  };
}
