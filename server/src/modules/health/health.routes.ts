import { Health } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';

export function healthRoutes(pingDatabase: () => Promise<boolean>): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: '服务与数据库状态',
      tag: 'health',
      access: 'public',
      response: Health,
      handler: async ({ ctx }) => {
        const dbOk = await pingDatabase();
        ctx.set('Cache-Control', 'no-store');
        if (!dbOk) ctx.status = 503;
        return { status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'down' } satisfies Health;
      },
    }),
  ];
}
