import type { Context, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthState } from './auth';
import { RateLimitedError } from './errors';

/**
 * Per-user rate limit: signed-in users are counted by user id (offices and schools share an
 * address), anonymous callers by address. In-memory state is enough for one instance; with more
 * instances, swap in RateLimiterRedis (same interface).
 */
export function rateLimit(pointsPerMinute: number) {
  const limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  return async function limitRate(ctx: Context, next: Next) {
    const user = (ctx.state as AuthState).user;
    const key = user ? `u:${user.id}` : `ip:${ctx.ip}`;
    try {
      await limiter.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
    await next();
  };
}
