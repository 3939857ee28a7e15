import mongoose from 'mongoose';
import { lecturePeriod } from '@qf/shared';
import { LectureModel } from './lectures.model';
import { isDuplicateKey } from '../../db/unique';

/**
 * A few SAMPLE lectures so a fresh install has something to show. They are marked `sample` and say
 * so in their notes: the county has given us no real schedule, and staff replace them. Times are
 * relative to the first start (the coming weeks); stable ids make the seeder idempotent.
 */
const SAMPLES = [
  { id: '5a0000000000000000000001', townshipCode: '410922100', days: 2, hour: 9, title: '民法典进社区：婚姻家庭编讲解', topics: ['婚姻家庭', '赡养老人'], venue: ['城关镇综合文化站', '清丰县城关镇中心街'], at: [35.8856, 115.1043] },
  { id: '5a0000000000000000000002', townshipCode: '410922101', days: 3, hour: 14, title: '土地承包与宅基地政策宣讲', topics: ['物权', '土地承包', '宅基地'], venue: ['马庄桥镇政府会议室', '马庄桥镇政府院内'], at: [35.9681, 115.1812] },
  { id: '5a0000000000000000000003', townshipCode: '410922106', days: 5, hour: 9, title: '防范电信诈骗 守好养老钱', topics: ['电信诈骗', '个人信息'], venue: ['固城镇文化广场', '固城镇固城村'], at: [35.8312, 115.0225] },
  { id: '5a0000000000000000000004', townshipCode: '410922204', days: 8, hour: 15, title: '遗嘱继承那些事', topics: ['继承', '遗嘱继承'], venue: ['高堡乡司法所', '高堡乡政府东侧'], at: [35.9403, 115.0632] },
  { id: '5a0000000000000000000005', townshipCode: '410922200', days: 10, hour: 9, title: '民间借贷与合同纠纷', topics: ['合同', '民间借贷'], venue: ['六塔乡便民服务中心', '六塔乡六塔村'], at: [35.9947, 115.0998] },
  { id: '5a0000000000000000000006', townshipCode: '410922105', days: 12, hour: 14, title: '未成年人保护法进校园', topics: ['未成年人保护'], venue: ['韩村镇中心小学', '韩村镇韩村'], at: [35.8117, 115.1569] },
] as const;

export async function seedSampleLectures(now: Date): Promise<void> {
  const day = 24 * 3600_000;
  for (const s of SAMPLES) {
    // Local (Beijing) hour on the n-th day from today.
    const dayStart = Math.floor((now.getTime() + 8 * 3600_000) / day) * day - 8 * 3600_000;
    const startAt = new Date(dayStart + s.days * day + s.hour * 3600_000);
    const endAt = new Date(startAt.getTime() + 90 * 60_000);
    // Two instances starting together may race on the same id: the loser finds it there.
    await LectureModel.updateOne(
      { _id: new mongoose.Types.ObjectId(s.id) },
      {
        $setOnInsert: {
          townshipCode: s.townshipCode,
          ...lecturePeriod(startAt),
          title: s.title,
          topics: [...s.topics],
          speakerName: '示例律师',
          speakerUnit: '清丰县法律顾问团（示例）',
          venueName: s.venue[0],
          venueAddress: s.venue[1],
          latitude: s.at[0],
          longitude: s.at[1],
          startAt,
          endAt,
          capacity: 60,
          seatsLeft: 60,
          notes: '示例数据：请司法所工作人员替换为真实的讲座安排。',
          status: 'published',
          publishedAt: now,
          sample: true,
        },
      },
      { upsert: true },
    ).catch((err) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
}
