import type { AssignRolesBody, Me, Role, TownshipCode, UserSummary } from '@qf/shared';
import { request } from './http';

export interface UserPage {
  items: UserSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /users (county admin): everybody, found by name. */
export function listUsers(query: { q?: string; role?: Role; townshipCode?: TownshipCode; limit?: number; offset?: number }) {
  return request<UserPage>('GET', '/users', { query });
}

/** GET /townships/:code/users (township staff for their own township). */
export function listTownshipUsers(code: TownshipCode, query: { q?: string; role?: Role; limit?: number; offset?: number }) {
  return request<UserPage>('GET', `/townships/${code}/users`, { query });
}

/** PUT /users/:id/roles (county admin). */
export function assignRoles(id: string, body: AssignRolesBody) {
  return request<Me>('PUT', `/users/${id}/roles`, { body });
}
