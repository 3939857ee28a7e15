import type { Role } from '@qf/shared';

export const OWN_TOWNSHIP = '410922100'; // 城关镇
export const OTHER_TOWNSHIP = '410922106'; // 固城镇

export interface Gate {
  /** Who gets past the access rules: anybody, any signed-in user, or holders of these roles. */
  access: 'public' | 'user' | Role[];
  /** The route names a township in its path (:code): township staff pass only for their own. */
  townshipInPath?: boolean;
  /** Values for path parameters other than ids and township codes. */
  samplePathValues?: Record<string, string>;
}

const STAFF: Role[] = ['township_staff', 'county_admin'];
const WRITERS: Role[] = ['township_staff', 'propaganda', 'county_admin'];
const ADMIN: Role[] = ['county_admin'];

export const AUTHZ_MATRIX: Record<string, Gate> = {
  'GET /health': { access: 'public' },
  'POST /auth/wechat': { access: 'public' },
  'POST /auth/dev': { access: 'public' },
  'GET /me': { access: 'user' },
  'PATCH /me': { access: 'user' },
  'GET /users': { access: ADMIN },
  'GET /townships/:code/users': { access: STAFF, townshipInPath: true },
  'PUT /users/:id/roles': { access: ADMIN },
  'GET /townships': { access: 'public' },
  'POST /uploads': { access: WRITERS },
  'GET /uploads/:id': { access: 'public', samplePathValues: { id: 'AAAAAAAAAAAAAAAAAAAAAAAA' } },
};
