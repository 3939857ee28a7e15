import { toCountyIso } from '@qf/shared';
import type { WechatClient } from './wechat.client';

/** WeChat's 订阅消息 send API (subscribeMessage.send). */
export const SUBSCRIBE_SEND_PATH = '/cgi-bin/message/subscribe/send';

/** `formal` for the released mini-program, `trial`/`developer` for test versions. */
export type MiniprogramState = 'formal' | 'trial' | 'developer';

/** A template's `thing` value: WeChat takes at most 20 characters. */
export const thing = (text: string) => (text.length > 20 ? `${text.slice(0, 19)}…` : text);

/** A template's `time` value in county time: 2026年03月05日 09:00. */
export function wechatTime(d: Date) {
  const iso = toCountyIso(d);
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${iso.slice(11, 16)}`;
}

/** Sends one subscription message: who, which template, the page it opens, and the template's fields. */
export function sendSubscribeMessage(
  wechat: WechatClient,
  message: { touser: string; templateId: string; page: string; state?: MiniprogramState | undefined; data: Record<string, string> },
) {
  return wechat.postWithToken(SUBSCRIBE_SEND_PATH, {
    touser: message.touser,
    template_id: message.templateId,
    page: message.page,
    miniprogram_state: message.state ?? 'formal',
    lang: 'zh_CN',
    data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
  });
}
