import mongoose from 'mongoose';
import { toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import { BadgeModel, CheckinModel, LastCheckinModel, PointModel, SiteModel } from './guide.model';

/**
 * A person's culture-park check-ins and badges. They hold no name and no coordinates (only the
 * measured distance), so 注销 keeps them for the park's visitor counts and deletes only the "last
 * check-in" kept to refuse implausible jumps.
 */
export function createGuidePersonalData(): PersonalData {
  return {
    label: '法治文化公园打卡',
    async exportFor(userId) {
      const id = new mongoose.Types.ObjectId(userId);
      const [checkins, badges] = await Promise.all([
        CheckinModel.find({ userId: id }).lean<{ pointId: mongoose.Types.ObjectId; at: Date }[]>(),
        BadgeModel.find({ userId: id }).lean<{ siteId: mongoose.Types.ObjectId; earnedAt: Date }[]>(),
      ]);
      const [points, sites] = await Promise.all([
        PointModel.find({ _id: mongoose.trusted({ $in: checkins.map((c) => c.pointId) }) }, { name: 1 }).lean<{ _id: mongoose.Types.ObjectId; name: string }[]>(),
        SiteModel.find({ _id: mongoose.trusted({ $in: badges.map((b) => b.siteId) }) }, { name: 1 }).lean<{ _id: mongoose.Types.ObjectId; name: string }[]>(),
      ]);
      const name = (list: { _id: mongoose.Types.ObjectId; name: string }[], id: mongoose.Types.ObjectId) => list.find((x) => x._id.equals(id))?.name ?? '（已删除）';
      return {
        打卡: checkins.map((c) => ({ 地点: name(points, c.pointId), 时间: toCountyIso(c.at) })),
        徽章: badges.map((b) => ({ 路线: name(sites, b.siteId), 获得时间: toCountyIso(b.earnedAt) })),
      };
    },
    async forget({ id }) {
      await LastCheckinModel.deleteOne({ _id: id });
    },
  };
}
