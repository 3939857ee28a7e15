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
