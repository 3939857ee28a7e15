import { randomUUID } from 'node:crypto';
import { CONSULT_TIER_LABELS, servedTiers, type ConsultTier, type Me } from '@qf/shared';
import type { Logger } from '../../logger';
import { sendSubscribeMessage, thing, wechatTime, type MiniprogramState } from '../wechat/subscribe-message';
import type { WechatClient } from '../wechat/wechat.client';
import { BadRequestError, ConflictError } from '../../http/errors';
import { ConsultHandlerAcceptModel, ConsultNoticeModel, insertOnce, type ConsultationDoc, type HandlerAcceptDoc, type OutcomeDoc } from './consultations.model';

/**
 * The keys of the subscription-message template for "your question was answered" (公共模板库
 * "咨询回复通知": 咨询内容 thing1, 回复人 thing2, 回复时间 time3, 温馨提示 thing4). Change them here
 * if the county picks another template.
 */
export const ANSWERED_TEMPLATE_KEYS = { question: 'thing1', by: 'thing2', time: 'time3', note: 'thing4' } as const;
/** Keys of the "a question is waiting for you" template (咨询内容, 处理层级, 转来时间, 温馨提示). */
export const WAITING_TEMPLATE_KEYS = { question: 'thing1', tier: 'thing2', time: 'time3', note: 'thing4' } as const;

/**
 * Tells the asker his question was answered. One acceptance in wx.requestSubscribeMessage allows one
 * message, so only the first answer is sent; the notice document `${id}:answered` is inserted before
 * sending, so two instances never send it twice. A failure is recorded, not retried (the answer
 * is in 我的提问 either way).
 */
export function createConsultNotices(deps: {
  wechat: WechatClient;
  logger: Logger;
  clock: () => Date;
  templateId: string | undefined;
  waitingTemplateId?: string | undefined;
  /** The handler as he is now (roles change): checked again before a message goes. */
  findUser: (id: string) => Promise<Me | null>;
  openidOf: (userId: string) => Promise<string | null>;
  miniprogramState?: MiniprogramState;
}) {
  const waitingTemplateId = deps.waitingTemplateId ?? null;
  return {
    templateId: deps.templateId ?? null,
    waitingTemplateId,

    /** A handler accepted the "waiting for you" message once (wx.requestSubscribeMessage): keep it for the next question moved up to him. */
    async acceptWaiting(actor: Me, templateId: string): Promise<{ pending: number }> {
      if (!waitingTemplateId || templateId !== waitingTemplateId) {
        throw new BadRequestError('输入有误：不是本小程序的待办提醒模板', [{ field: 'body.templateId', message: '不是本小程序的待办提醒模板' }]);
      }
      const serves = [actor.townshipCode, ...(actor.adviserTownshipCodes ?? [])]
        .filter((c): c is NonNullable<typeof c> => !!c)
        .flatMap((code) => servedTiers(actor, code).map((tier) => `${code}:${tier}`));
      if (serves.length === 0) throw new ConflictError('您现在不负责任何乡镇的咨询，不需要提醒');
      const openid = await deps.openidOf(actor.id);
      if (!openid) throw new ConflictError('请在微信里打开小程序后再开启提醒');
      await ConsultHandlerAcceptModel.create({ _id: randomUUID(), userId: actor.id, openid, templateId, serves: [...new Set(serves)], at: deps.clock() });
      return { pending: await ConsultHandlerAcceptModel.countDocuments({ userId: actor.id }) };
    },

    /**
     * The timer moved a question up: tell each handler of the new tier who accepted a message.
     * Each gets one message, using up one acceptance (deleted before sending: never twice).
     */
    async waiting(doc: ConsultationDoc) {
      if (!waitingTemplateId) return;
      const tier = doc.tier as ConsultTier;
      const accepts = await ConsultHandlerAcceptModel.find({ serves: `${doc.townshipCode}:${tier}` }).lean<HandlerAcceptDoc[]>();
      const told = new Set<string>();
      for (const a of accepts) {
        if (told.has(a.userId)) continue;
        const actor = await deps.findUser(a.userId);
        if (!actor || !servedTiers(actor, doc.townshipCode).includes(tier)) continue;
        if ((await ConsultHandlerAcceptModel.deleteOne({ _id: a._id })).deletedCount !== 1) continue;
        told.add(a.userId);
        const k = WAITING_TEMPLATE_KEYS;
        try {
          await sendSubscribeMessage(deps.wechat, {
            touser: a.openid,
            templateId: a.templateId,
            page: `packages/consult/pages/thread/index?id=${doc._id.toString()}`,
            state: deps.miniprogramState,
            data: {
              [k.question]: thing(doc.text),
              [k.tier]: thing(`转给${CONSULT_TIER_LABELS[tier]}`),
              [k.time]: wechatTime(deps.clock()),
              [k.note]: thing('上一级超时未回复，请尽快处理'),
            },
          });
        } catch (err) {
          deps.logger.warn({ err, consultation: doc._id, handler: a.userId }, 'consultation waiting message failed');
        }
      }
    },
    async answered(doc: ConsultationDoc, outcome: OutcomeDoc) {
      if (!doc.notify?.openid || !doc.notify.templateId || !deps.templateId) return;
      const _id = `${doc._id.toString()}:answered`;
      if (!(await insertOnce(ConsultNoticeModel, { _id, status: 'sending', at: deps.clock(), error: null }))) return;
      const k = ANSWERED_TEMPLATE_KEYS;
      try {
        await sendSubscribeMessage(deps.wechat, {
          touser: doc.notify.openid,
          templateId: doc.notify.templateId,
          page: `packages/consult/pages/thread/index?id=${doc._id.toString()}`,
          state: deps.miniprogramState,
          data: {
            [k.question]: thing(doc.text),
            [k.by]: thing(CONSULT_TIER_LABELS[outcome.tier]),
            [k.time]: wechatTime(outcome.at),
            [k.note]: thing('您的问题有了回复，点开查看'),
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
