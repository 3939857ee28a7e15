import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Context, Next } from 'koa';
import { UnavailableError } from './errors';

export interface LoadMonitor {
  /** Event-loop delay over the last sampling window, in milliseconds. */
  delayMs(): number;
  stop(): void;
}

/**
 * Measures event-loop delay with Node's own histogram, reset every window, so a burst that saturates
 * the process shows within a fraction of a second and clears as soon as it passes.
 */
export function createLoadMonitor(windowMs = 500): LoadMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let last = 0;
  const timer = setInterval(() => {
    last = histogram.max / 1e6;
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    delayMs: () => Math.max(last, histogram.max / 1e6),
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
