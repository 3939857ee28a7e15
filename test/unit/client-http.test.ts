import { beforeEach, describe, expect, it, vi } from 'vitest';

// The mini-program's one HTTP path, run in Node: Taro's request is the only stand-in (it is the
// platform's network call); what is tested is our renewal, envelope and field-error logic.
const taro = vi.hoisted(() => ({ request: vi.fn(), uploadFile: vi.fn(), showModal: vi.fn() }));
vi.mock('@tarojs/taro', () => ({ default: taro }));

const { ApiError, request, setSessionProvider } = await import('../../miniprogram/src/services/http');
const { fieldErrorsOf } = await import('../../miniprogram/src/components/Form/field-errors');

const ok = (data: unknown, statusCode = 200) => ({ statusCode, data, header: {} });
const refused = (statusCode: number, code: string, message: string, details?: unknown) => ok({ error: { code, message, details } }, statusCode);

describe('request', () => {
  let tokens: string[];
  let renewed: string[];

  beforeEach(() => {
    taro.request.mockReset();
    tokens = ['old-token'];
    renewed = [];
    setSessionProvider({
      token: async () => tokens[tokens.length - 1]!,
      renew: async (refused) => {
        renewed.push(refused);
        tokens.push('new-token');
        return 'new-token';
      },
    });
  });

  it('after a 401 signs in again once, with the refused token, and repeats the request with the new one', async () => {
    taro.request.mockResolvedValueOnce(refused(401, 'unauthorized', '登录已过期')).mockResolvedValueOnce(ok({ id: 'me' }));
    await expect(request('GET', '/me')).resolves.toEqual({ id: 'me' });
    expect(renewed).toEqual(['old-token']);
    expect(taro.request.mock.calls.map((c) => c[0].header.Authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('gives up after the one renewal: a second 401 reaches the caller', async () => {
    taro.request.mockResolvedValue(refused(401, 'unauthorized', '登录已过期'));
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 401, message: '登录已过期' });
    expect(taro.request).toHaveBeenCalledTimes(2);
    expect(renewed).toHaveLength(1);
  });

  it('turns the error envelope into an ApiError with its code, message and field details', async () => {
    taro.request.mockResolvedValueOnce(refused(400, 'invalid_input', '输入有误：标题不能为空', [{ field: 'body.title', message: '不能为空' }]));
    const err = await request('POST', '/lectures', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_input', status: 400, message: '输入有误：标题不能为空' });
    expect(fieldErrorsOf(err)).toEqual({ title: '不能为空' });
  });

  it('says in Chinese when the network fails or the server answers without the envelope', async () => {
    taro.request.mockRejectedValueOnce(new Error('request:fail timeout'));
    await expect(request('GET', '/health', { auth: false })).rejects.toMatchObject({ code: 'network_error', status: 0, message: '网络连接失败，请检查网络后重试' });
    taro.request.mockResolvedValueOnce(ok('<html>bad gateway</html>', 502));
    await expect(request('GET', '/health', { auth: false })).rejects.toMatchObject({ code: 'unavailable', message: '服务暂时不可用，请稍后再试' });
  });

  it('sends no token where none is wanted, and JSON only when there is a body', async () => {
    taro.request.mockResolvedValueOnce(ok({ status: 'ok' }));
    await request('GET', '/health', { auth: false, query: { a: 1, b: undefined, c: '中' } });
    const call = taro.request.mock.calls[0]![0];
    expect(call.header.Authorization).toBeUndefined();
    expect(call.header['Content-Type']).toBeUndefined();
    expect(call.url.endsWith('/api/v1/health?a=1&c=%E4%B8%AD')).toBe(true);
  });
});

describe('optional sign-in', () => {
  it('sends the token when signing in works, and goes without one when it does not', async () => {
    taro.request.mockReset();
    taro.request.mockResolvedValue(ok({ items: [] }));
    setSessionProvider({ token: async () => 'tok', renew: async () => 'tok' });
    await request('GET', '/search', { auth: 'optional', query: { q: '树' } });
    setSessionProvider({ token: async () => Promise.reject(new Error('offline')), renew: async () => 'x' });
    await request('GET', '/search', { auth: 'optional', query: { q: '树' } });
    expect(taro.request.mock.calls.map((c) => c[0].header.Authorization)).toEqual(['Bearer tok', undefined]);
  });
});

describe('fieldErrorsOf', () => {
  it('places each detail under its first field (a field\'s messages joined) and ignores other errors', () => {
    const err = new ApiError('invalid_input', '输入有误', 400, [
      { field: 'body.rule.days.0', message: '农历日子应在初一到三十之间' },
      { field: 'body.rule.kind', message: '请选择规则' },
      { field: 'body.rule.days.1', message: '农历日子应在初一到三十之间' },
      { field: 'body.name', message: '不能为空' },
      { field: 'body', message: '正文不能为空' },
    ]);
    expect(fieldErrorsOf(err)).toEqual({ rule: '农历日子应在初一到三十之间；请选择规则', name: '不能为空', body: '正文不能为空' });
    expect(fieldErrorsOf(new ApiError('conflict', '已经有人认领', 409))).toEqual({});
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });

  it('places a detail where the form says when its fields are not the body\'s own names', () => {
    const err = new ApiError('invalid_input', '输入有误', 400, [
      { field: 'body.venue.location.latitude', message: '请在地图上选择地点' },
      { field: 'body.content.stem', message: '不能为空' },
    ]);
    const placeOf = (path: string) => (path.startsWith('body.venue.') ? 'venueAddress' : path.replace(/^body\.content\./, ''));
    expect(fieldErrorsOf(err, placeOf)).toEqual({ venueAddress: '请在地图上选择地点', stem: '不能为空' });
  });
});
