import type { Township } from '@qf/shared';
import { request } from './http';

/** GET /townships. The list is also compiled in (TOWNSHIPS from @qf/shared); use this when the server's copy matters. */
export function listTownships() {
  return request<{ items: Township[] }>('GET', '/townships', { auth: false });
}
