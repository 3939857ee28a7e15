import type { SearchKind, SearchResult } from '@qf/shared';
import { request } from './http';

/** GET /search: plain-language search over articles, bank questions and FAQ (public). */
export function searchPlain(q: string, options: { kinds?: readonly SearchKind[]; limit?: number } = {}) {
  const query: Record<string, string | number> = { q };
  if (options.kinds) query.kinds = options.kinds.join(',');
  if (options.limit) query.limit = options.limit;
  // With the token when there is one: a search that finds nothing good is counted for the asker's township (never who).
  return request<SearchResult>('GET', '/search', { auth: 'optional', query });
}

/** The consultation feature's ask page (built by its own feature; navigation fails politely until it exists). */
export const CONSULT_ASK_PAGE = '/packages/consult/pages/ask/index';
