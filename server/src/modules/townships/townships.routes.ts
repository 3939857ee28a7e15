import { TOWNSHIPS, TownshipList } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';

export function townshipsRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/townships',
      summary: '清丰县 17 个乡镇',
      tag: 'townships',
      access: 'public',
      response: TownshipList,
      handler: ({ ctx }) => {
        ctx.set('Cache-Control', 'public, max-age=3600');
        return { items: TOWNSHIPS };
      },
    }),
  ];
}
