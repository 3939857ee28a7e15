import { CloseAccountBody } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { PrivacyService } from './privacy.service';

export function privacyRoutes(privacy: PrivacyService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me/data.json',
      summary: '导出我的数据：本平台保存的与本人有关的全部信息（JSON 文件）',
      tag: 'users',
      access: 'user',
      produces: 'application/json',
      handler: async ({ actor, ctx }) => {
        const data = await privacy.exportFor(actor);
        ctx.type = 'application/json';
        ctx.set('Content-Disposition', `attachment; filename="my-data.json"; filename*=UTF-8''${encodeURIComponent(privacy.fileName())}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = JSON.stringify(data, null, 2);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/deletion',
      summary: '注销账号：删除本人的账号和微信关联，各项记录去掉姓名、电话等个人信息（统计数字不变）',
      tag: 'users',
      access: 'user',
      body: CloseAccountBody,
      status: 204,
      handler: async ({ actor }) => {
        await privacy.close(actor);
      },
    }),
  ];
}
