import { maskPersonalInfo, toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import { QuestionReportModel, type QuestionReportDoc } from './reports.model';

/** A person's 报错 of bank questions: kept for the bank's review, with his words masked on 注销. */
export function createReportsPersonalData(): PersonalData {
  return {
    label: '题目报错',
    async exportFor(userId) {
      const docs = await QuestionReportModel.find({ userId }).lean<QuestionReportDoc[]>();
      return docs.map((d) => ({ 报错内容: d.text, 时间: toCountyIso(d.createdAt), 回复: d.answer }));
    },
    async forget({ id, name }) {
      const docs = await QuestionReportModel.find({ userId: id }).lean<QuestionReportDoc[]>();
      for (const d of docs) await QuestionReportModel.updateOne({ _id: d._id }, { $set: { text: maskPersonalInfo(d.text, [name]) } });
    },
  };
}
