import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOWNSHIPS } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /api/v1/health', () => {
  it('reports the database as ok', async () => {
    const res = await api.request('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });
});

describe('GET /api/v1/townships', () => {
  it('lists the 17 townships of 清丰县: 8 镇 and 9 乡', async () => {
    const res = await api.request('GET', '/api/v1/townships');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(17);
    expect(res.body.items.filter((t: { kind: string }) => t.kind === '镇')).toHaveLength(8);
    expect(res.body.items).toContainEqual({ code: '410922106', name: '固城镇', kind: '镇' });
    expect(res.body.items.map((t: { code: string }) => t.code)).toEqual(TOWNSHIPS.map((t) => t.code));
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents every mounted route with its access rule', async () => {
    const res = await api.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const route of api.routes) {
      const path = ('/api/v1' + route.path).replace(/:(\w+)/g, '{$1}');
      const operation = res.body.paths[path]?.[route.method];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation['x-access']).toBeDefined();
    }
  });

  it('describes request bodies from the shared zod schemas', async () => {
    const res = await api.request('GET', '/api/v1/openapi.json');
    const schema = res.body.paths['/api/v1/auth/wechat'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.code.type).toBe('string');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('unknown paths', () => {
  it('answer 404 in the envelope under /api', async () => {
    const res = await api.request('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('the contract at its edges', () => {
  it('documents what each route can answer, and ids as the server reads them', async () => {
    const res = await api.request('GET', '/api/v1/openapi.json');
    const text = JSON.stringify(res.body);
    // A JavaScript regex flag once leaked into every id's pattern, so every real id "violated" it.
    expect(text).not.toMatch(/\$\/[gimsuy]/);
    const put = res.body.paths['/api/v1/roster/people/{id}'].put;
    expect(Object.keys(put.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '429', '431', '503']);
    expect(put.responses['409'].content['application/json'].schema).toBeDefined();
    const list = res.body.paths['/api/v1/townships'].get;
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '429', '431', '503']);
    const id = res.body.paths['/api/v1/lectures/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id');
    expect(new RegExp(id.schema.pattern).test('0123456789abcdef01234567')).toBe(true);
  });

  it('answers a method a path does not have with 405 and Allow, in the envelope', async () => {
    const res = await api.request('DELETE', '/api/v1/townships');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('HEAD, GET');
    expect(res.body).toEqual({ error: { code: 'method_not_allowed', message: '不支持这种请求方式' } });
  });

  it('refuses a route that takes a body when none is sent, and changes nothing', async () => {
    const session = await api.loginAs('edge-no-body');
    const res = await api.request('PATCH', '/api/v1/me', { token: session.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_input', message: '输入有误：缺少请求内容', details: [{ field: 'body', message: '缺少请求内容' }] });
    // An empty change is still a change of nothing: fine.
    expect((await api.request('PATCH', '/api/v1/me', { token: session.token, body: {} })).status).toBe(200);
  });
});
