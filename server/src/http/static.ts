import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Next } from 'koa';
import send from 'koa-send';

/**
 * Serves the H5 build of the mini-program. Paths that are not files fall back to index.html so the
 * browser router can take them (the SPA fallback); /api is never touched.
 */
export function serveH5(root: string | undefined) {
  const index = root ? join(root, 'index.html') : '';
  return async function h5(ctx: Context, next: Next) {
    if (!root || ctx.path.startsWith('/api/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (!existsSync(index)) return next();
    try {
      const isAsset = /\.[a-z0-9]+$/i.test(ctx.path);
      await send(ctx, ctx.path === '/' ? 'index.html' : ctx.path, {
        root,
        index: 'index.html',
        // Hashed asset names never change content; index.html must always be revalidated.
        maxage: isAsset ? 30 * 24 * 3600 * 1000 : 0,
        immutable: isAsset && /[.-][0-9a-f]{8,}\./.test(ctx.path),
      });
      if (!isAsset) ctx.set('Cache-Control', 'no-cache');
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 404) throw err;
      if (/\.[a-z0-9]+$/i.test(ctx.path)) return next();
      await send(ctx, 'index.html', { root });
      ctx.set('Cache-Control', 'no-cache');
    }
  };
}
