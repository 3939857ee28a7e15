import mongoose from 'mongoose';
import { FORGOTTEN_NAME, toCountyIso } from '@qf/shared';
import type { PersonalData } from '../module';
import { AttendanceModel, LectureModel, RegistrationModel, ReminderModel } from './lectures.model';

/**
 * A person's lectures: what he signed up for and attended. 注销 keeps each attendance (a lecture's
 * count must not drop) under no name and no phone, and drops his pending reminders (they hold his
 * openid). Sign-ups stay as they are: a seat he held still counts; his account no longer names him.
 */
export function createLecturesPersonalData(): PersonalData {
  const titles = async (ids: mongoose.Types.ObjectId[]) => {
    const docs = await LectureModel.find({ _id: mongoose.trusted({ $in: ids }) }, { title: 1, startAt: 1, venueName: 1 }).lean<{ _id: mongoose.Types.ObjectId; title: string; startAt: Date; venueName: string }[]>();
    return new Map(docs.map((d) => [d._id.toString(), d]));
  };
  return {
    label: '法治讲座',
    async exportFor(userId) {
      const id = new mongoose.Types.ObjectId(userId);
      const [signups, attended] = await Promise.all([
        RegistrationModel.find({ userId: id }).lean<{ lectureId: mongoose.Types.ObjectId; arrivedAt: Date; waiting: boolean }[]>(),
        AttendanceModel.find({ userId: id }).lean<{ lectureId: mongoose.Types.ObjectId; at: Date; method: string }[]>(),
      ]);
      const lectures = await titles([...signups, ...attended].map((r) => r.lectureId));
      const about = (lectureId: mongoose.Types.ObjectId) => {
        const l = lectures.get(lectureId.toString());
        return l ? { 讲座: l.title, 时间: toCountyIso(l.startAt), 地点: l.venueName } : { 讲座: '（已删除的讲座）' };
      };
      return {
        报名: signups.map((r) => ({ ...about(r.lectureId), 报名时间: toCountyIso(r.arrivedAt), 候补: r.waiting })),
        签到: attended.map((r) => ({ ...about(r.lectureId), 签到时间: toCountyIso(r.at), 方式: r.method === 'scan' ? '扫码签到' : '工作人员代签' })),
      };
    },
    async forget(person) {
      const id = new mongoose.Types.ObjectId(person.id);
      await AttendanceModel.updateMany({ userId: id }, { $set: { name: FORGOTTEN_NAME, phone: null } });
      await ReminderModel.deleteMany({ userId: id });
    },
  };
}
