import mongoose from 'mongoose';
import { CONSULT_LIMITS, countyDate, type AskBody, type Me } from '@qf/shared';
import { ConflictError, ForbiddenError, invalidField } from '../../http/errors';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { ConsultAvoidedModel, ConsultSlotModel, ConsultationModel, insertOnce, type ConsultationDoc } from './consultations.model';
import type { ConsultState } from './consult-state';
import { summarize } from './consult-view';
import type { VillagesService } from './villages.service';

export interface AskingDeps {
  state: ConsultState;
  villages: VillagesService;
  uploads: UploadsService;
  users: UsersService;
  clock: () => Date;
  /** The "answered" template set up in the WeChat console; messages are only planned for it. */
  templateId: string | undefined;
}

/**
 * A resident asks (or a 明白人 records a question for a villager: 代问). Limits are slots with
 * deterministic ids: `${user}:open:1..5` for questions still waiting, `${user}:${day}:1..10` for
 * the day's new ones; taking a slot is an insert, so 20 requests at once still take at most 5.
 */
export function createAskingService(deps: AskingDeps) {
  const { state, villages, uploads, users, clock } = deps;

  async function takeSlot(prefix: string, max: number): Promise<string | null> {
    for (let k = 1; k <= max; k++) {
      const id = `${prefix}:${k}`;
      if (await insertOnce(ConsultSlotModel, { _id: id, consultationId: null, at: clock() })) return id;
    }
    return null;
  }

  async function checkUploads(ids: readonly string[], kind: 'image' | 'audio', field: string, ownerId: string) {
    await uploads.requireExisting(ids, kind, field);
    for (const [i, id] of ids.entries()) {
      const doc = await uploads.find(id);
      if (String(doc?.ownerId ?? "") !== ownerId) {
        const f = kind === 'audio' ? field : `${field}.${i}`;
        throw invalidField(f, '只能附上您自己上传的文件');
      }
    }
  }

  return {
    async ask(actor: Me, body: AskBody) {
      const now = clock();
      const village = await villages.require(body.villageId, 'body.villageId');
      const proxy = body.proxyName !== undefined;
      if (proxy) {
        // 代问: a 明白人 writes down a villager's question in his own township.
        if (!actor.roles.includes('literate')) throw new ForbiddenError('只有法律明白人可以代村民提问');
        if (actor.townshipCode !== village.townshipCode) throw invalidField('body.villageId', '只能为本乡镇的村民代问');
      }
      await checkUploads(body.photoIds, 'image', 'body.photoIds', actor.id);
      if (body.voiceId) await checkUploads([body.voiceId], 'audio', 'body.voiceId', actor.id);
      if (body.notifyTemplateId && deps.templateId && body.notifyTemplateId !== deps.templateId) {
        throw invalidField('body.notifyTemplateId', '不是本小程序的回复提醒模板');
      }

      const id = new mongoose.Types.ObjectId();
      let openSlot: string | null = null;
      let daySlot: string | null = null;
      if (!proxy) {
        openSlot = await takeSlot(`${actor.id}:open`, CONSULT_LIMITS.open);
        if (!openSlot) throw new ConflictError(`您已有 ${CONSULT_LIMITS.open} 个问题在等待回复，请等有了回复再问新的问题`);
        daySlot = await takeSlot(`${actor.id}:${countyDate(now)}`, CONSULT_LIMITS.perDay);
        if (!daySlot) {
          await ConsultSlotModel.deleteOne({ _id: openSlot });
          throw new ConflictError(`今天已经提了 ${CONSULT_LIMITS.perDay} 个问题，请明天再问`);
        }
      }
      const notify = !proxy && body.notifyTemplateId ? await users.openidOf(actor.id) : null;
      const doc = {
        _id: id,
        townshipCode: village.townshipCode,
        villageId: village.id,
        villageName: village.name,
        askerId: proxy ? null : new mongoose.Types.ObjectId(actor.id),
        askerName: proxy ? body.proxyName! : actor.displayName,
        proxyById: proxy ? new mongoose.Types.ObjectId(actor.id) : null,
        phone: body.phone ?? null,
        text: body.text,
        photoIds: body.photoIds,
        voiceId: body.voiceId ?? null,
        notify: notify && body.notifyTemplateId ? { openid: notify, templateId: body.notifyTemplateId } : null,
        openSlot,
        stage: 0,
        tier: 'literate',
        state: 'waiting',
        tierSince: now,
        stages: [{ tier: 'literate', since: now, outcome: null, at: null }],
        topic: null,
        articles: [],
        referral: null,
        askedAt: now,
      };
      try {
        await ConsultationModel.create(doc);
      } catch (err) {
        if (openSlot) await ConsultSlotModel.deleteMany({ _id: mongoose.trusted({ $in: [openSlot, daySlot] }) });
        throw err;
      }
      if (openSlot) await ConsultSlotModel.updateOne({ _id: openSlot }, { $set: { consultationId: id.toString() } });
      const saved = (await state.read(id.toString()))!;
      return summarize(actor, saved, await state.limits(), now, null);
    },

    /** What I asked, and what I recorded for villagers (代问); newest first. */
    async mine(actor: Me) {
      const uid = new mongoose.Types.ObjectId(actor.id);
      const [asked, proxied] = await Promise.all([
        ConsultationModel.find({ askerId: uid }).sort({ askedAt: -1 }).limit(100).lean<ConsultationDoc[]>(),
        actor.roles.includes('literate') ? ConsultationModel.find({ proxyById: uid }).sort({ askedAt: -1 }).limit(100).lean<ConsultationDoc[]>() : Promise.resolve([]),
      ]);
      const limits = await state.limits();
      const now = clock();
      const docs = await Promise.all([...asked, ...proxied].map((d) => state.current(d)));
      docs.sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
      return { items: await Promise.all(docs.map(async (d) => summarize(actor, d, limits, now, await state.claimOf(d)))) };
    },

    /** 「这个解决了我的问题」 on a suggestion; once a day per person and suggestion. */
    async avoided(actor: Me, body: { kind: 'faq' | 'article'; ref: string; townshipCode?: string | undefined }) {
      const now = clock();
      const counted = await insertOnce(ConsultAvoidedModel, {
        _id: `${actor.id}:${countyDate(now)}:${body.kind}:${body.ref}`,
        townshipCode: body.townshipCode ?? actor.townshipCode ?? null,
        kind: body.kind,
        ref: body.ref,
        at: now,
      });
      return { counted };
    },
  };
}

export type AskingService = ReturnType<typeof createAskingService>;
