import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ BOOTSTRAP_ADMIN_OPENIDS: 'wx-openid-admin' });
});
afterAll(() => api.close());

describe('POST /api/v1/auth/wechat', () => {
  it('trades a wx.login code for our own session token and never returns the openid or session_key', async () => {
    api.wechat.issueCode('code-alice', 'wx-openid-alice');
    const res = await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-alice' } });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.user).toMatchObject({ roles: ['resident'], townshipCode: null });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('wx-openid-alice');
    expect(text).not.toContain(Buffer.from('sk-wx-openid-alice').toString('base64'));
    const sent = api.wechat.requests.at(-1)!.url;
    expect(sent.pathname).toBe('/sns/jscode2session');
    expect(sent.searchParams.get('grant_type')).toBe('authorization_code');
    expect(sent.searchParams.get('js_code')).toBe('code-alice');

    const me = await api.request('GET', '/api/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
  });

  it('finds the same user again on a later login with a new code', async () => {
    api.wechat.issueCode('code-bob-1', 'wx-openid-bob');
    api.wechat.issueCode('code-bob-2', 'wx-openid-bob');
    const first = await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-bob-1' } });
    const second = await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-bob-2' } });
    expect(second.body.user.id).toBe(first.body.user.id);
  });

  it('makes one user when the same person logs in many times at once', async () => {
    const codes = Array.from({ length: 20 }, (_, i) => `code-carol-${i}`);
    codes.forEach((c) => api.wechat.issueCode(c, 'wx-openid-carol'));
    const results = await Promise.all(codes.map((code) => api.request('POST', '/api/v1/auth/wechat', { body: { code } })));
    expect(results.map((r) => r.status)).toEqual(codes.map(() => 200));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
  });

  it('makes openids listed in BOOTSTRAP_ADMIN_OPENIDS county admins', async () => {
    api.wechat.issueCode('code-admin', 'wx-openid-admin');
    const res = await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-admin' } });
    expect(res.body.user.roles).toEqual(['resident', 'county_admin']);
  });

  it.each([
    ['code-invalid', 400, 'invalid_input'],
    ['code-never-issued', 400, 'invalid_input'],
    ['code-limited', 429, 'rate_limited'],
    ['code-blocked', 403, 'forbidden'],
    ['code-busy', 503, 'unavailable'],
  ])('answers WeChat error for %s with %i %s', async (code, status, errorCode) => {
    const res = await api.request('POST', '/api/v1/auth/wechat', { body: { code } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(errorCode);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses a code that was already used (40163)', async () => {
    api.wechat.issueCode('code-once', 'wx-openid-dave');
    expect((await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-once' } })).status).toBe(200);
    const again = await api.request('POST', '/api/v1/auth/wechat', { body: { code: 'code-once' } });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toMatchObject({ wechatErrcode: 40163 });
  });
});

describe('sessions', () => {
  it('refuses a forged token with 401', async () => {
    const res = await api.request('GET', '/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses a request without a token on a signed-in route with 401', async () => {
    const res = await api.request('GET', '/api/v1/me');
    expect(res.status).toBe(401);
  });
});
