import type { Context, Next } from 'koa';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Me, Role } from '@qf/shared';
import { UnauthorizedError } from './errors';

export interface TokenService {
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<string>;
}

/** Our own short-lived session token (HS256 JWT). It carries only the user id; roles are read fresh per request. */
export function createTokenService(secret: string, ttlSeconds: number, clock: () => Date): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(userId) {
      const now = Math.floor(clock().getTime() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt(now).setExpirationTime(exp).setIssuer('qingfeng-pufa').sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: 'qingfeng-pufa',
          currentDate: clock(),
        });
        if (!payload.sub) throw new UnauthorizedError('登录信息无效，请重新登录');
        return payload.sub;
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('登录已过期，请重新登录');
        if (err instanceof UnauthorizedError) throw err;
        throw new UnauthorizedError('登录信息无效，请重新登录');
      }
    },
  };
}

export type AuthUser = Me;

export interface AuthState {
  user?: AuthUser;
}

/**
 * Reads the bearer token if there is one and puts the user on ctx.state. Whether a route needs a
 * user is decided by the route itself (see route.ts); a bad token is refused even on public routes,
 * so a client learns at once that its session is gone.
 */
export function authenticate(tokens: TokenService, loadUser: (id: string) => Promise<AuthUser | null>) {
  return async function readSession(ctx: Context, next: Next) {
    const header = ctx.get('Authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new UnauthorizedError('登录信息格式不对');
      const userId = await tokens.verify(match[1]);
      const user = await loadUser(userId);
      if (!user) throw new UnauthorizedError('账号不存在，请重新登录');
      (ctx.state as AuthState).user = user;
    }
    await next();
  };
}

export function hasAnyRole(user: AuthUser, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
