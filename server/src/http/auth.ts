import type { Context, Next } from 'koa';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Me, Role } from '@qf/shared';
import { UnauthorizedError } from './errors';

export interface TokenService {
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<string>;
}

/** How many verified tokens are remembered (first in, first out); enough for the busiest minutes of a county campaign. */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Our own short-lived session token (HS256 JWT). It carries only the user id; roles are read per
 * request (see the users service). A token that verified once is remembered until it expires:
 * its signature cannot change, and verifying one costs ~125 µs of CPU (jose, WebCrypto), which
 * every signed-in request paid.
 */
export function createTokenService(secret: string, ttlSeconds: number, clock: () => Date): TokenService {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, { userId: string; expiresAtMs: number }>();
  return {
    async issue(userId) {
      const now = Math.floor(clock().getTime() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt(now).setExpirationTime(exp).setIssuer('qingfeng-pufa').sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known && clock().getTime() < known.expiresAtMs) return known.userId;
      if (known) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: 'qingfeng-pufa',
          currentDate: clock(),
        });
        if (!payload.sub || payload.exp === undefined) throw new UnauthorizedError('登录信息无效，请重新登录');
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string);
        verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp * 1000 });
        return payload.sub;
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('登录已过期，请重新登录');
        if (err instanceof UnauthorizedError) throw err;
        throw new UnauthorizedError('登录信息无效，请重新登录');
      }
    },
  };
}

export interface AuthState {
  user?: Me;
}

/**
 * Reads the bearer token if there is one and puts the user on ctx.state. Whether a route needs a
 * user is decided by the route itself (see route.ts); a bad token is refused even on public routes,
 * so a client learns at once that its session is gone.
 */
export function authenticate(tokens: TokenService, loadUser: (id: string) => Promise<Me | null>) {
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

export function hasAnyRole(user: Me, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
