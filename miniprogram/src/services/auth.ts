import type { DevLoginBody, Session } from '@qf/shared';
import { request } from './http';

/** POST /auth/wechat: trades a `Taro.login` code for our session. */
export function loginWithWechat(code: string) {
  return request<Session>('POST', '/auth/wechat', { body: { code }, auth: false });
}

/** POST /auth/dev: the development login (H5, only when the server enables DEV_LOGIN). */
export function loginForDevelopment(body: DevLoginBody) {
  return request<Session>('POST', '/auth/dev', { body, auth: false });
}
