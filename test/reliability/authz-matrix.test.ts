import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { AUTHZ_MATRIX, OWN_TOWNSHIP, OTHER_TOWNSHIP, type Gate } from './authz-matrix.table';

/**
 * Every route × every kind of caller → whether the caller gets past the access rules. The table is
 * written by hand from the issues, apart from the route declarations, so a route whose access rule
 * drifts fails here; a route added without a row fails too.
 */
interface Persona {
  name: string;
  roles: Role[] | null; // null: anonymous
  staffTownshipCode?: string;
}

const PERSONAS: Persona[] = [
  { name: 'anonymous', roles: null },
  { name: 'resident', roles: [] },
  { name: 'literate', roles: ['literate'] },
  { name: 'popularizer', roles: ['popularizer'] },
  { name: 'staff-own-township', roles: ['township_staff'], staffTownshipCode: OWN_TOWNSHIP },
  { name: 'staff-other-township', roles: ['township_staff'], staffTownshipCode: OTHER_TOWNSHIP },
  { name: 'propaganda', roles: ['propaganda'] },
  { name: 'county_admin', roles: ['county_admin'] },
];

function expectedToPass(gate: Gate, persona: Persona): boolean {
  if (gate.access === 'public') return true;
  if (gate.access === 'wechat-signed') return false;
  if (!persona.roles) return false;
  if (gate.access === 'user') return true;
  const allowed = gate.access.some((r) => r === 'resident' || persona.roles!.includes(r));
  if (!allowed) return false;
  // Routes scoped by a township in their path: staff only for their own township.
  if (gate.townshipInPath && !persona.roles.includes('county_admin')) return persona.staffTownshipCode === OWN_TOWNSHIP;
  return true;
}

let api: TestApi;
const tokens = new Map<string, string>();
const responses: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  for (const p of PERSONAS) {
    if (!p.roles) continue;
    const session = await api.loginAs(`authz-${p.name}`, { roles: p.roles, townshipCode: OWN_TOWNSHIP, ...(p.staffTownshipCode ? { staffTownshipCode: p.staffTownshipCode } : {}) });
    tokens.set(p.name, session.token);
  }
});
afterAll(() => api.close());

const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe('authorization matrix', () => {
  it('has exactly one row for every route', () => {
    const routeKeys = api.routes.map(key).sort();
    const tableKeys = Object.keys(AUTHZ_MATRIX).sort();
    expect(routeKeys.filter((k) => !(k in AUTHZ_MATRIX)), 'routes without a row').toEqual([]);
    expect(tableKeys.filter((k) => !routeKeys.includes(k)), 'rows without a route').toEqual([]);
  });

  it('lets each caller through exactly where the table says, and refuses the rest with 401 or 403', async () => {
    const failures: string[] = [];
    for (const route of api.routes) {
      const gate = AUTHZ_MATRIX[key(route)];
      if (!gate) continue;
      const path = route.path.replace(
        /:(\w+)/g,
        (_: string, name: string) => gate.samplePathValues?.[name] ?? (name === 'code' || name === 'townshipCode' ? OWN_TOWNSHIP : '0123456789abcdef01234567'),
      );
      for (const persona of PERSONAS) {
        const token = tokens.get(persona.name);
        const res = await api.request(route.method.toUpperCase(), `/api/v1${path}`, {
          ...(token ? { token } : {}),
          ...(route.method === 'get' || route.method === 'delete' ? {} : { body: {} }),
        });
        responses.push(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
        const passed = res.status !== 401 && res.status !== 403;
        const expected = expectedToPass(gate, persona);
        if (passed !== expected) failures.push(`${key(route)} as ${persona.name}: ${res.status}, expected ${expected ? 'to pass' : 'refusal'}`);
        if (!expected) {
          const want = persona.roles && gate.access !== 'wechat-signed' ? 403 : 401;
          if (res.status !== want) failures.push(`${key(route)} as ${persona.name}: ${res.status}, expected ${want}`);
        }
        if (res.status >= 500) failures.push(`${key(route)} as ${persona.name}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // a sequential sweep of every route × 8 callers: ~1,200 requests on a shared machine

  it('never returns openids or WeChat session keys to anyone', () => {
    const all = responses.join('\n');
    expect(all).not.toMatch(/dev:authz-/);
    expect(all).not.toMatch(/session_?key/i);
    expect(all).not.toMatch(/"openid"/i);
  });
});
