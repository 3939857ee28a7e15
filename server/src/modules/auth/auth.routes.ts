import { DevLoginBody, Session, WechatLoginBody } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { AuthService } from './auth.service';

export function authRoutes(auth: AuthService, options: { devLogin: boolean }): AnyRoute[] {
  const routes: AnyRoute[] = [
    defineRoute({
      method: 'post',
      path: '/auth/wechat',
      errors: [403],
      summary: '用 wx.login 的 code 登录',
      tag: 'auth',
      access: 'public',
      body: WechatLoginBody,
      response: Session,
      handler: ({ body }) => auth.loginWithWechat(body.code),
    }),
  ];
  if (options.devLogin) {
    routes.push(
      defineRoute({
        method: 'post',
        path: '/auth/dev',
        summary: '开发登录（仅在 DEV_LOGIN 开启且非生产环境时存在）',
        tag: 'auth',
        access: 'public',
        body: DevLoginBody,
        response: Session,
        handler: ({ body }) => auth.loginForDevelopment(body.name, body.displayName),
      }),
    );
  }
  return routes;
}
