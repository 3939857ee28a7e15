import type { Context, Next } from 'koa';

/**
 * Graceful draining. Counts requests in flight until their response is fully sent; once draining
 * begins, new requests get 503 + Retry-After (so a load balancer or client retries elsewhere) while
 * the ones already in flight finish.
 */
export function createDrain() {
  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  const finished = () => {
    inFlight -= 1;
    if (draining && inFlight === 0) onIdle?.();
  };

  return {
    middleware: async function drain(ctx: Context, next: Next) {
      if (draining) {
        ctx.status = 503;
        ctx.set('Connection', 'close');
        ctx.set('Retry-After', '5');
        ctx.body = { error: { code: 'unavailable', message: '服务正在重启，请稍后再试' } };
        return;
      }
      inFlight += 1;
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        finished();
      };
      ctx.res.once('finish', done);
      ctx.res.once('close', done);
      await next();
    },
    get inFlight() {
      return inFlight;
    },
    /** Starts draining; resolves when nothing is in flight, or after `timeoutMs`. */
    begin(timeoutMs: number): Promise<void> {
      draining = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
