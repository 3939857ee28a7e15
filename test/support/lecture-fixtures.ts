import { TOWNSHIPS } from '@qf/shared';
import { LectureModel } from '../../server/src/modules/lectures/lectures.model';

/**
 * Inserts `count` lectures straight into the database (no API, for volume): lecture n is in
 * township n mod 17 and starts `startOf(n)`; those already over count as held.
 */
export async function insertSampleLectures(count: number, startOf: (n: number) => Date, offset = 0) {
  const now = Date.now();
  const docs = Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const township = TOWNSHIPS[n % TOWNSHIPS.length]!;
    const startAt = startOf(n);
    return {
      townshipCode: township.code,
      year: startAt.getUTCFullYear(),
      month: startAt.getUTCMonth() + 1,
      title: `法治讲座 第${n + 1}期`,
      topics: ['物权'],
      speakerName: '张律师',
      speakerUnit: '清丰县公共法律服务协会',
      venueName: `${township.name}文化站`,
      venueAddress: `清丰县${township.name}`,
      latitude: 35.9,
      longitude: 115.1,
      startAt,
      endAt: new Date(startAt.getTime() + 90 * 60_000),
      capacity: 100,
      status: startAt.getTime() < now ? 'held' : 'published',
      seatsLeft: 100,
      publishedAt: new Date(now - 30 * 24 * 3600_000),
    };
  });
  for (let i = 0; i < docs.length; i += 1000) await LectureModel.insertMany(docs.slice(i, i + 1000), { lean: true });
}
