import mongoose from 'mongoose';
import { toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import { LectureCheckAnswerModel, LectureCheckSetModel, type CheckAnswerDoc, type CheckSetDoc } from './lecture-checks.model';

/**
 * A person's answers to lectures' questions. They hold only option letters under an account id, so
 * 注销 keeps them: once the account is gone they name nobody, and the lecture's 知晓率 must not move.
 */
export function createLectureChecksPersonalData(): PersonalData {
  return {
    label: '讲座前后答题',
    async exportFor(userId) {
      const docs = await LectureCheckAnswerModel.find({ userId }).sort({ at: 1 }).lean<CheckAnswerDoc[]>();
      const sets = await LectureCheckSetModel.find({ _id: mongoose.trusted({ $in: [...new Set(docs.map((d) => d.lectureId))] }) }, { title: 1 }).lean<CheckSetDoc[]>();
      const titles = new Map(sets.map((s) => [s._id, s.title]));
      return docs.map((d) => ({
        讲座: titles.get(d.lectureId) ?? '（已删除的讲座）',
        时候: d.phase === 'before' ? '讲座前' : '讲座后',
        答题时间: toCountyIso(d.at),
        答对: `${d.results.filter((r) => r.correct).length}/${d.results.length}`,
      }));
    },
    async forget() {
      // Nothing to remove: see above.
    },
  };
}
