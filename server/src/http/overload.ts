import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Context, Next } from 'koa';
import { UnavailableError } from './errors';

export interface LoadMonitor {
  /** Event-loop delay over the last sampling window, in milliseconds. */
  delayMs(): number;
  /** Forgets what was measured so far (start-up work is not overload). */
  reset(): void;
  stop(): void;
}

const RESOLUTION_MS = 10;

/**
 * Measures event-loop delay with Node's own histogram, reset every window. The mean delay (as
 * @fastify/under-pressure reads it) rises when the loop is busy turn after turn, which is what
 * overload looks like, while one slow task — a big export, a GC pause — barely moves it.
 */
export function createLoadMonitor(windowMs = 500): LoadMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const meanDelay = () => (histogram.count > 0 ? Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS) : 0);
  let last = 0;
  const timer = setInterval(() => {
    last = meanDelay();
    histogram.reset();
  }, windowMs);
  timer.unref();
  // Every API request asks; reading the histogram's mean is a native call (2.5 % of a quiz
  // submission's CPU), and it cannot change faster than its resolution, so it is read at most once per tick.
  let readAt = 0;
  let current = 0;
  return {
    delayMs() {
      const now = Date.now();
      if (now - readAt >= RESOLUTION_MS) {
        readAt = now;
        current = meanDelay();
      }
      return Math.max(last, current);
    },
    reset() {
      last = 0;
      current = 0;
      histogram.reset();
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

/**
 * Sheds load: past the delay threshold, new API requests get 503 with Retry-After at once instead
 * of queueing without bound. Health checks always pass through so a load balancer can see us.
 */
export function shedLoad(monitor: LoadMonitor, maxDelayMs: number) {
  return async function shed(ctx: Context, next: Next) {
    if (ctx.path.startsWith('/api/') && ctx.path !== '/api/v1/health' && monitor.delayMs() > maxDelayMs) {
      throw new UnavailableError('当前访问人数较多，请稍后再试', 2);
    }
    await next();
  };
}
