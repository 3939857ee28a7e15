import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../server/src/modules/users/users.model';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let token: string;
let adminToken: string;
beforeAll(async () => {
  api = await startTestApi({ BODY_LIMIT: '16kb' });
  token = (await api.loginAs('bad-input-resident')).token;
  adminToken = (await api.loginAs('bad-input-admin', { roles: ['county_admin'] })).token;
});
afterAll(() => api.close());

function expectEnvelope(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
}

describe('bad input gets a clear 4xx in the one envelope and changes nothing', () => {
  it('refuses malformed JSON with 400', async () => {
    const res = await api.request('PATCH', '/api/v1/me', { token, rawBody: '{"displayName": "张', headers: { 'Content-Type': 'application/json' } });
    expectEnvelope(res, 400, 'invalid_input');
  });

  it('refuses unknown fields with 400 naming the field', async () => {
    const res = await api.request('PATCH', '/api/v1/me', { token, body: { displayName: '张三', roles: ['county_admin'] } });
    expectEnvelope(res, 400, 'invalid_input');
    expect(JSON.stringify(res.body.error.details)).toContain('roles');
    const me = await api.request('GET', '/api/v1/me', { token });
    expect(me.body.roles).toEqual(['resident']);
    expect(me.body.displayName).not.toBe('张三');
  });

  it('refuses an operator object where a string belongs', async () => {
    const res = await api.request('POST', '/api/v1/auth/wechat', { body: { code: { $ne: null } } });
    expectEnvelope(res, 400, 'invalid_input');
    expect(res.body.error.details[0].field).toBe('body.code');
    const filter = await api.request('GET', '/api/v1/users?q[$ne]=x', { token: adminToken });
    expectEnvelope(filter, 400, 'invalid_input');
  });

  it('refuses repeated query keys where one value belongs', async () => {
    const res = await api.request('GET', '/api/v1/users?role=resident&role=county_admin', { token: adminToken });
    expectEnvelope(res, 400, 'invalid_input');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await api.request('PATCH', '/api/v1/me', { token, body: { displayName: 'x'.repeat(20_000) } });
    expectEnvelope(res, 413, 'payload_too_large');
  });

  it('refuses a non-JSON content type with 415', async () => {
    const res = await api.request('PATCH', '/api/v1/me', { token, rawBody: 'displayName=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expectEnvelope(res, 415, 'unsupported_media_type');
  });

  it('refuses a missing token with 401 and a malformed Authorization header with 401', async () => {
    expectEnvelope(await api.request('GET', '/api/v1/me'), 401, 'unauthorized');
    expectEnvelope(await api.request('GET', '/api/v1/me', { headers: { Authorization: 'Basic abc' } }), 401, 'unauthorized');
  });

  it('refuses a path id that is not an id with 400', async () => {
    const res = await api.request('PUT', '/api/v1/users/not-an-id/roles', { token: adminToken, body: { roles: ['literate'] } });
    expectEnvelope(res, 400, 'invalid_input');
    expect(res.body.error.details[0].field).toBe('params.id');
  });

  it('refuses a role that does not exist and stores nothing', async () => {
    const target = await api.loginAs('bad-role-target');
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: adminToken, body: { roles: ['emperor'] } });
    expectEnvelope(res, 400, 'invalid_input');
    const doc = await User.findById(target.user.id).lean();
    expect(doc?.roles).toEqual(['resident']);
  });

  it('answers invalid UTF-8 with 400, not a crash', async () => {
    const res = await api.request('PATCH', '/api/v1/me', {
      token,
      rawBody: Buffer.concat([Buffer.from('{"displayName":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')]),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(200);
  });
});
