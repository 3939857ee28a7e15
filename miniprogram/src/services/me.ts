import type { Me, UpdateMeBody } from '@qf/shared';
import { request } from './http';

/** GET /me */
export function getMe() {
  return request<Me>('GET', '/me');
}

/** PATCH /me: display name and/or township. */
export function updateMe(body: UpdateMeBody) {
  return request<Me>('PATCH', '/me', { body });
}
