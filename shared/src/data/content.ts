/**
 * Outreach posts' kinds, states, limits and audit actions, with their Chinese labels. The files in
 * data/ hold no zod schemas: the mini-program imports only from them and from rules/, so it never
 * loads zod (schemas/*.ts), which took ~110 KB off the H5 home page's first load and ~130 KB off
 * the weapp main package.
 */
export const POST_TYPES = ['article', 'video', 'opera', 'poster'] as const;
export type PostTypeName = (typeof POST_TYPES)[number];
export const POST_TYPE_LABELS: Record<PostTypeName, string> = { article: '文章', video: '视频', opera: '戏曲普法', poster: '海报' };

export const POST_STATUSES = ['draft', 'checking', 'in_review', 'rejected', 'scheduled', 'published', 'withdrawn'] as const;
export type PostStatusName = (typeof POST_STATUSES)[number];
export const POST_STATUS_LABELS: Record<PostStatusName, string> = {
  draft: '草稿',
  checking: '安全检测中',
  in_review: '待审核',
  rejected: '未通过',
  scheduled: '定时发布',
  published: '已发布',
  withdrawn: '已撤回',
};

export const POST_LIMITS = {
  title: 60,
  summary: 200,
  /** Characters of article HTML; the request body limit (BODY_LIMIT) caps the request as a whole. */
  body: 100_000,
  lyrics: 20_000,
} as const;

export const AUDIT_ACTIONS = [
  'created',
  'edited',
  'submitted',
  'security_passed',
  'security_rejected',
  'approved',
  'rejected',
  'published',
  'withdrawn',
  'pinned',
  'unpinned',
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ACTION_LABELS: Record<AuditActionName, string> = {
  created: '创建',
  edited: '修改',
  submitted: '提交审核',
  security_passed: '安全检测通过',
  security_rejected: '安全检测未通过',
  approved: '审核通过',
  rejected: '退回',
  published: '发布',
  withdrawn: '撤回',
  pinned: '置顶',
  unpinned: '取消置顶',
};
