import { z } from 'zod';
import { Me } from './users';

/** `wx.login` gives a one-time code; the server trades it for an openid at WeChat. */
export const WechatLoginBody = z.strictObject({
  code: z.string().trim().min(1).max(128),
});
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;

/** Development login for the H5 build; the server only mounts it when DEV_LOGIN is on and never in production. */
export const DevLoginBody = z.strictObject({
  /** A stable name for this test identity; becomes the openid `dev:<name>`. */
  name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, '只能包含字母、数字、下划线和连字符'),
  displayName: z.string().trim().min(1).max(20).optional(),
});
export type DevLoginBody = z.infer<typeof DevLoginBody>;

export const Session = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: Me,
});
export type Session = z.infer<typeof Session>;
