import Taro from '@tarojs/taro';
import type {
  AuditEntry,
  AuditQuery,
  FeedPage,
  FeedQuery,
  PostInput,
  PublicPost,
  StaffPost,
  StaffPostListQuery,
  Upload,
  UploadKind,
  ViewReport,
  ViewReportQuery,
  ViewResult,
} from '@qf/shared';
import { API_ORIGIN, API_PREFIX, ApiError, request, uploadFile } from './http';

/** Outreach content (普法宣传): one function per endpoint. */

type Query<T> = { [K in keyof T]?: T[K] | undefined };
type PageOf<T> = { items: T[]; total: number; limit: number; offset: number };
/** What the editor sends: the server fills defaults for what is left out. */
export type PostDraft = Partial<PostInput> & Pick<PostInput, 'type' | 'title' | 'channel'>;

/** GET /feed — published posts for the user's township and the whole county. */
export function getFeed(query: Query<FeedQuery> = {}) {
  return request<FeedPage>('GET', '/feed', { query: query as Record<string, string | number | undefined> });
}

/** GET /posts/:id — a published (or withdrawn) post. */
export function getPost(id: string) {
  return request<PublicPost>('GET', `/posts/${id}`);
}

/** POST /posts/:id/views — counted once per person per day. */
export function recordView(id: string) {
  return request<ViewResult>('POST', `/posts/${id}/views`);
}

/** GET /content/posts — the staff list; status=in_review is the review queue. */
export function listStaffPosts(query: Query<Omit<StaffPostListQuery, 'mine'>> & { mine?: boolean } = {}) {
  return request<PageOf<StaffPost>>('GET', '/content/posts', { query: query as Record<string, string | number | boolean | undefined> });
}

/** GET /content/posts/:id */
export function getStaffPost(id: string) {
  return request<StaffPost>('GET', `/content/posts/${id}`);
}

/** POST /content/posts — a new draft. */
export function createPost(body: PostDraft) {
  return request<StaffPost>('POST', '/content/posts', { body });
}

/** PUT /content/posts/:id — edit a draft, rejected or withdrawn post. */
export function updatePost(id: string, body: PostDraft) {
  return request<StaffPost>('PUT', `/content/posts/${id}`, { body });
}

/** POST /content/posts/:id/submit — WeChat content security, then the review queue. */
export function submitPost(id: string) {
  return request<StaffPost>('POST', `/content/posts/${id}/submit`);
}

/** POST /content/posts/:id/approve (county admin) */
export function approvePost(id: string) {
  return request<StaffPost>('POST', `/content/posts/${id}/approve`);
}

/** POST /content/posts/:id/reject (county admin) */
export function rejectPost(id: string, reason: string) {
  return request<StaffPost>('POST', `/content/posts/${id}/reject`, { body: { reason } });
}

/** POST /content/posts/:id/withdraw */
export function withdrawPost(id: string) {
  return request<StaffPost>('POST', `/content/posts/${id}/withdraw`);
}

/** PUT /content/posts/:id/pin (county admin) */
export function pinPost(id: string, pinned: boolean) {
  return request<StaffPost>('PUT', `/content/posts/${id}/pin`, { body: { pinned } });
}

/** GET /content/audit (county admin) */
export function getAuditLog(query: Query<AuditQuery> = {}) {
  return request<PageOf<AuditEntry>>('GET', '/content/audit', { query: query as Record<string, string | number | undefined> });
}

/** GET /content/reports/views (county admin) */
export function getViewReport(query: Query<ViewReportQuery> = {}) {
  return request<ViewReport>('GET', '/content/reports/views', { query: query as Record<string, string | undefined> });
}

/** An upload's path on the server as a URL the page can load (weapp needs the absolute address). */
export function mediaUrl(path: string) {
  return `${API_ORIGIN ?? ''}${path}`;
}

/**
 * POST /uploads?kind=… (multipart). Taro.request cannot send files, so this uses Taro.uploadFile
 * with the session token the app keeps in storage.
 */
export function uploadMedia(kind: UploadKind, filePath: string): Promise<Upload> {
  return uploadFile<Upload>('/uploads', filePath, { query: { kind } });
}
