import { CONSULT_TIER_LABELS, toCountyIso } from '@qf/shared';
import type { Logger } from '../../logger';
import type { WechatClient } from '../wechat/wechat.client';
import { ConsultNoticeModel, insertOnce, type ConsultationDoc, type OutcomeDoc } from './consultations.model';

/**
 * The keys of the subscription-message template for "your question was answered" (公共模板库
 * "咨询回复通知": 咨询内容 thing1, 回复人 thing2, 回复时间 time3, 温馨提示 thing4). Change them here
 * if the county picks another template.
 */
export const ANSWERED_TEMPLATE_KEYS = { question: 'thing1', by: 'thing2', time: 'time3', note: 'thing4' } as const;
const SUBSCRIBE_SEND_PATH = '/cgi-bin/message/subscribe/send';

const thing = (text: string) => (text.length > 20 ? `${text.slice(0, 19)}…` : text);
function wechatTime(d: Date) {
  const iso = toCountyIso(d);
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${iso.slice(11, 16)}`;
}

/**
 * Tells the asker his question was answered. One acceptance in wx.requestSubscribeMessage allows one
 * message, so only the first answer is sent; the notice document `${id}:answered` is inserted before
 * sending, so two instances never send it twice. A failure is recorded, not retried (the answer
 * is in 我的提问 either way).
 */
export function createConsultNotices(deps: { wechat: WechatClient; logger: Logger; clock: () => Date; templateId: string | undefined; miniprogramState?: 'formal' | 'trial' | 'developer' }) {
  return {
    templateId: deps.templateId ?? null,
    async answered(doc: ConsultationDoc, outcome: OutcomeDoc) {
      if (!doc.notify?.openid || !doc.notify.templateId || !deps.templateId) return;
      const _id = `${doc._id.toString()}:answered`;
      if (!(await insertOnce(ConsultNoticeModel, { _id, status: 'sending', at: deps.clock(), error: null }))) return;
      const k = ANSWERED_TEMPLATE_KEYS;
      try {
        await deps.wechat.postWithToken(SUBSCRIBE_SEND_PATH, {
          touser: doc.notify.openid,
          template_id: doc.notify.templateId,
          page: `packages/consult/pages/thread/index?id=${doc._id.toString()}`,
          miniprogram_state: deps.miniprogramState ?? 'formal',
          lang: 'zh_CN',
          data: {
            [k.question]: { value: thing(doc.text) },
            [k.by]: { value: thing(CONSULT_TIER_LABELS[outcome.tier]) },
            [k.time]: { value: wechatTime(outcome.at) },
            [k.note]: { value: thing('您的问题有了回复，点开查看') },
          },
        });
        await ConsultNoticeModel.updateOne({ _id }, { $set: { status: 'sent' } });
      } catch (err) {
        deps.logger.warn({ err, consultation: doc._id }, 'consultation answered message failed');
        await ConsultNoticeModel.updateOne({ _id }, { $set: { status: 'failed', error: err instanceof Error ? err.message : String(err) } });
      }
    },
  };
}

export type ConsultNotices = ReturnType<typeof createConsultNotices>;
