import mongoose from 'mongoose';
import { FORGOTTEN_NAME, maskPersonalInfo, toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import { ConsultClaimModel, ConsultFeedbackModel, ConsultHandlerAcceptModel, ConsultOutcomeModel, ConsultationModel, type ConsultationDoc, type FeedbackDoc, type OutcomeDoc } from './consultations.model';
import { residentStatus } from './consult-view';

const STATUS_WORDS = { waiting: '待回复', escalated: '已转上级', answered: '已回复', referred: '已转线下', resolved: '已解决' } as const;

/**
 * A person's questions and, if he ever served as a handler, his name on claims and answers. 注销
 * keeps each question (the township's monthly figures and the thread's other people stay right)
 * without his name, phone or openid; the words he wrote are masked of his name, phone numbers,
 * ID numbers and addresses (the same masking as FAQ), and his photos and recording are deleted.
 */
export function createConsultationsPersonalData(deps: { uploads: UploadsService; changed: (townshipCode: string) => void }): PersonalData {
  const askedBy = (userId: string) => ConsultationModel.find({ askerId: new mongoose.Types.ObjectId(userId) }).lean<ConsultationDoc[]>();
  return {
    label: '问一问',
    async exportFor(userId) {
      const docs = await askedBy(userId);
      const ids = docs.map((d) => d._id.toString());
      const [outcomes, feedbacks] = await Promise.all([
        ConsultOutcomeModel.find({ consultationId: mongoose.trusted({ $in: ids }) }).lean<OutcomeDoc[]>(),
        ConsultFeedbackModel.find({ consultationId: mongoose.trusted({ $in: ids }) }).lean<FeedbackDoc[]>(),
      ]);
      return docs.map((d) => ({
        问题: d.text,
        村: d.villageName,
        留的电话: d.phone,
        提问时间: toCountyIso(d.askedAt),
        状态: STATUS_WORDS[residentStatus(d)],
        回复: outcomes.filter((o) => o.consultationId === d._id.toString() && o.kind === 'answered').map((o) => ({ 回复: o.text, 时间: toCountyIso(o.at), 依据条文: o.articles })),
        追问: feedbacks.filter((f) => f.consultationId === d._id.toString() && f.followUp).map((f) => ({ 追问: f.followUp, 时间: toCountyIso(f.at) })),
      }));
    },
    async forget({ id, name }) {
      const docs = await askedBy(id);
      const files: string[] = [];
      for (const d of docs) {
        files.push(...(d.photoIds ?? []), ...(d.voiceId ? [d.voiceId] : []));
        await ConsultationModel.updateOne(
          { _id: d._id },
          { $set: { askerName: FORGOTTEN_NAME, phone: null, notify: null, text: maskPersonalInfo(d.text, [name]), photoIds: [], voiceId: null } },
        );
        const followUps = await ConsultFeedbackModel.find({ consultationId: d._id.toString() }).lean<FeedbackDoc[]>();
        for (const f of followUps) if (f.followUp) await ConsultFeedbackModel.updateOne({ _id: f._id }, { $set: { followUp: maskPersonalInfo(f.followUp, [name]) } });
        deps.changed(d.townshipCode);
      }
      await deps.uploads.remove(files);
      // As a handler (a former 明白人, 普法员 or adviser): his name leaves the claims and answers.
      await ConsultClaimModel.updateMany({ userId: id }, { $set: { name: FORGOTTEN_NAME } });
      await ConsultOutcomeModel.updateMany({ byId: id }, { $set: { byName: FORGOTTEN_NAME } });
      await ConsultHandlerAcceptModel.deleteMany({ userId: id });
    },
  };
}
