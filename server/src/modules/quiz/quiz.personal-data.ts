import mongoose from 'mongoose';
import { FORGOTTEN_NAME, toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import { CampaignModel, EntryModel } from './campaigns.model';
import { CertificateIndexModel, CertificateModel } from './certificates.model';
import { DailyResultModel, QuizPersonModel } from './daily.model';
import { WrongBookModel } from './wrongbook.model';

/**
 * A person's quizzes: campaign standings, certificates, daily results, the wrong-answer book.
 * 注销 keeps each campaign row (the leaderboard and pass counts stay right) under no name, withdraws
 * his certificates (the public check then says so, and shows no name), and deletes what served only
 * him: the wrong-answer book and the daily streak.
 */
export function createQuizPersonalData(deps: { clock: () => Date; leaderboard: { drop(campaignId: string): void } }): PersonalData {
  return {
    label: '答题与竞赛',
    async exportFor(userId) {
      const [entries, certificates, daily] = await Promise.all([
        EntryModel.find({ userId }).lean<{ campaignId: string; displayName: string; bestScore: number; passed: boolean }[]>(),
        CertificateModel.find({ userId }).lean<{ _id: string; campaignTitle: string; holderName: string; score: number; issuedAt: Date }[]>(),
        DailyResultModel.find({ userId }).lean<{ date: string; score: number; correctCount: number }[]>(),
      ]);
      const campaigns = await CampaignModel.find({ _id: mongoose.trusted({ $in: entries.filter((e) => mongoose.isValidObjectId(e.campaignId)).map((e) => new mongoose.Types.ObjectId(e.campaignId)) }) }, { title: 1 }).lean<{ _id: mongoose.Types.ObjectId; title: string }[]>();
      const title = new Map(campaigns.map((c) => [c._id.toString(), c.title]));
      return {
        竞赛: entries.map((e) => ({ 竞赛: title.get(e.campaignId) ?? '（已删除的竞赛）', 榜上名字: e.displayName, 最好成绩: e.bestScore < 0 ? null : e.bestScore, 及格: e.passed })),
        证书: certificates.map((c) => ({ 编号: c._id, 竞赛: c.campaignTitle, 持证人: c.holderName, 成绩: c.score, 发证时间: toCountyIso(c.issuedAt) })),
        每日答题: daily.map((d) => ({ 日期: d.date, 得分: d.score, 答对: d.correctCount })),
      };
    },
    async forget(person) {
      const userId = person.id;
      const entries = await EntryModel.find({ userId }, { campaignId: 1 }).lean<{ campaignId: string }[]>();
      await EntryModel.updateMany({ userId }, { $set: { displayName: FORGOTTEN_NAME } });
      for (const e of entries) deps.leaderboard.drop(e.campaignId);
      await CertificateModel.updateMany({ userId }, { $set: { holderName: FORGOTTEN_NAME, withdrawnAt: deps.clock() } });
      await Promise.all([CertificateIndexModel.deleteOne({ _id: userId }), WrongBookModel.deleteOne({ _id: userId }), QuizPersonModel.deleteOne({ _id: userId })]);
    },
  };
}
