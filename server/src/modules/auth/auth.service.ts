import type { Session } from '@qf/shared';
import type { TokenService } from '../../http/auth';
import type { UsersService } from '../users/users.service';
import type { WechatClient } from '../wechat/wechat.client';

export interface AuthServiceDeps {
  users: UsersService;
  tokens: TokenService;
  wechat: WechatClient;
  bootstrapAdminOpenids: readonly string[];
}

/** Signs users in: WeChat login in the product, a named development login on H5 when enabled. */
export function createAuthService({ users, tokens, wechat, bootstrapAdminOpenids }: AuthServiceDeps) {
  async function sessionFor(openid: string, displayName: string, sessionKey: string | null): Promise<Session> {
    const extraRoles = bootstrapAdminOpenids.includes(openid) ? (['county_admin'] as const) : [];
    const user = await users.findOrCreateByOpenid(openid, { displayName, sessionKey, extraRoles: [...extraRoles] });
    const { token, expiresAt } = await tokens.issue(user.id);
    return { token, expiresAt: expiresAt.toISOString(), user };
  }

  return {
    async loginWithWechat(code: string): Promise<Session> {
      const { openid, sessionKey } = await wechat.code2Session(code);
      return sessionFor(openid, '微信用户', sessionKey);
    },
    async loginForDevelopment(name: string, displayName?: string): Promise<Session> {
      return sessionFor(`dev:${name}`, (displayName ?? name).slice(0, 20), null);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
