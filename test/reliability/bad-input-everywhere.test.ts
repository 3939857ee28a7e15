import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { countAllDocuments } from '../support/db-snapshot';

/**
 * For every operation in /api/v1/openapi.json, generated invalid requests — wrong types, missing and
 * extra fields, huge strings and numbers, operator objects, repeated query keys, invalid UTF-8,
 * malformed JSON, wrong content types, path ids that are not ids — must each get a 4xx in the one
 * envelope, never a 5xx, and store nothing.
 */

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; allOf?: Schema[]; nullable?: boolean };
interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

let api: TestApi;
let token: string;
let operations: Operation[] = [];

beforeAll(async () => {
  api = await startTestApi({ BODY_LIMIT: '64kb' });
  // One user with every role, so requests get past the access check to validation.
  const session = await api.loginAs('fuzz-everything', {
    roles: ['literate', 'popularizer', 'township_staff', 'propaganda', 'county_admin'],
    staffTownshipCode: '410922100',
    townshipCode: '410922100',
  });
  token = session.token;
  const doc = (await api.request('GET', '/api/v1/openapi.json')).body;
  for (const [path, methods] of Object.entries<Record<string, Operation>>(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) operations.push({ ...op, method: method.toUpperCase(), path });
  }
});
afterAll(() => api.close());

const junkIds = ['not-an-id', '%24ne', 'x'.repeat(300), '..%2F..%2Fetc%2Fpasswd', '0', '-1', '{"$gt":""}'];

/** Values that are wrong for a property of the given schema. */
function wrongValues(schema: Schema): fc.Arbitrary<unknown> {
  const type = schema.type ?? (schema.anyOf ? 'union' : schema.enum ? 'enum' : 'object');
  const operator = fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' });
  const huge = fc.constantFrom('啊'.repeat(70_000), 'x'.repeat(100_000));
  switch (type) {
    case 'string':
      return fc.oneof(operator, fc.integer(), fc.boolean(), fc.constant([]), huge, ...(schema.nullable ? [] : [fc.constant(null)]));
    case 'integer':
    case 'number':
      return fc.oneof(operator, fc.string({ minLength: 1 }).map((s) => `${s}x`), fc.constant(1e308), fc.constant(-1e308), fc.constant('NaN'), fc.boolean());
    case 'boolean':
      return fc.oneof(operator, fc.constant('yes'), fc.integer({ min: 2 }));
    case 'array':
      return fc.oneof(operator, fc.constant('not-a-list'), fc.constant(Array.from({ length: 2000 }, () => 'x')), fc.integer());
    default:
      return fc.oneof(operator, fc.constant('x'.repeat(10)), fc.integer(), fc.constant([[[]]]));
  }
}

async function expectRefused(res: ApiResponse, label: string) {
  expect(res.status, `${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
  expect(res.body, label).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  // What a person reads is plain Chinese: no 「Invalid input: expected number」, no field paths.
  expect(res.body.error.message, label).toMatch(/[\u4e00-\u9fff]/);
  expect(res.body.error.message, label).not.toMatch(/[A-Za-z]{2,}/);
  for (const d of Array.isArray(res.body.error.details) ? res.body.error.details : []) {
    if (typeof d?.message === 'string') expect(d.message, `${label} ${d.field}`).not.toMatch(/[A-Za-z]{2,}/);
  }
}

function fillPath(op: Operation, override?: { name: string; value: string }) {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (override?.name === name) return override.value;
    const schema = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (schema?.enum?.length) return String(schema.enum[0]);
    return '0123456789abcdef01234567';
  });
}

describe('bad input everywhere', () => {
  it('finds the operations to test', () => {
    expect(operations.length).toBeGreaterThan(5);
  });

  it('refuses path ids that are not ids', async () => {
    for (const op of operations) {
      for (const param of op.parameters?.filter((p) => p.in === 'path') ?? []) {
        for (const junk of junkIds) {
          const path = fillPath(op, { name: param.name, value: junk });
          const res = await api.request(op.method, path, { token, ...(op.requestBody ? { body: {} } : {}) });
          await expectRefused(res, `${op.method} ${path}`);
        }
      }
    }
  });

  it('refuses wrong, extra, repeated and operator-shaped query parameters', async () => {
    for (const op of operations) {
      const queryParams = op.parameters?.filter((p) => p.in === 'query') ?? [];
      if (queryParams.length === 0) continue;
      const base = fillPath(op);
      const label = (q: string) => `${op.method} ${base}?${q}`;
      for (const q of ['unknownField=1', `${queryParams[0]!.name}[$gt]=`, `${queryParams[0]!.name}=a&${queryParams[0]!.name}=b`]) {
        await expectRefused(await api.request(op.method, `${base}?${q}`, { token }), label(q));
      }
      for (const param of queryParams) {
        const samples = fc.sample(wrongValues(param.schema), 12).filter((v) => typeof v !== 'object' || v === null).slice(0, 6);
        for (const value of samples) {
          if (param.schema.type === 'string' && !param.schema.enum && typeof value !== 'string') continue; // every query value arrives as text
          if (param.schema.enum?.map(String).includes(String(value))) continue; // happens to be a valid choice
          const q = `${param.name}=${encodeURIComponent(String(value))}`;
          const res = await api.request(op.method, `${base}?${q}`, { token });
          if (res.status < 400 && param.schema.type === 'string' && !param.schema.enum && String(value).length < 1000) continue;
          await expectRefused(res, label(q.slice(0, 80)));
        }
      }
    }
  });

  it('refuses malformed bodies: missing, extra and wrong-typed fields, bad JSON, wrong content types, invalid UTF-8', async () => {
    const before = await countAllDocuments();
    for (const op of operations) {
      const json = op.requestBody?.content['application/json']?.schema;
      if (!json) continue;
      const path = fillPath(op);
      const label = (what: string) => `${op.method} ${path} ${what}`;
      await expectRefused(await api.request(op.method, path, { token, rawBody: '{"a":', headers: { 'Content-Type': 'application/json' } }), label('malformed JSON'));
      await expectRefused(await api.request(op.method, path, { token, rawBody: 'a=1', headers: { 'Content-Type': 'text/plain' } }), label('text/plain'));
      await expectRefused(await api.request(op.method, path, { token, body: ['an', 'array'] }), label('array body'));
      await expectRefused(await api.request(op.method, path, { token, body: { ...Object.fromEntries(Object.keys(json.properties ?? {}).map((k) => [k, { $gt: '' }])), $where: '1' } }), label('operators'));
      await expectRefused(await api.request(op.method, path, { token, body: { unknownField: 1 } }), label('extra field'));
      if (json.required?.length) await expectRefused(await api.request(op.method, path, { token, body: {} }), label('missing fields'));
      await expectRefused(
        await api.request(op.method, path, { token, rawBody: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), headers: { 'Content-Type': 'application/json' } }),
        label('invalid UTF-8'),
      );
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        for (const value of fc.sample(wrongValues(schema), 4)) {
          const res = await api.request(op.method, path, { token, body: { [name]: value } });
          await expectRefused(res, label(`${name}=${JSON.stringify(value).slice(0, 40)}`));
        }
      }
    }
    expect(await countAllDocuments()).toEqual(before);
  });
});
