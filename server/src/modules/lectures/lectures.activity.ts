import mongoose from 'mongoose';
import { AttendanceModel, LectureModel, type LectureDoc } from './lectures.model';
import { userAttendanceId } from './lectures.common';

/** How many lectures each person attended in a year: for other features' records (the 明白人 ledger). */
export async function lecturesAttendedBy(userIds: readonly string[], year: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (userIds.length === 0) return counts;
  const rows = await AttendanceModel.find(
    { year, userId: mongoose.trusted({ $in: userIds.map((id) => new mongoose.Types.ObjectId(id)) }) },
    { userId: 1 },
  ).lean<{ userId: mongoose.Types.ObjectId | null }[]>();
  for (const row of rows) {
    const id = row.userId?.toString();
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** What another feature may know of a lecture (the 讲座前后 questions read its topics and times). */
export interface LectureFacts {
  id: string;
  title: string;
  townshipCode: string;
  year: number;
  topics: string[];
  startAt: Date;
  endAt: Date;
  status: LectureDoc['status'];
}

export async function lectureFacts(lectureId: string): Promise<LectureFacts | null> {
  if (!mongoose.isValidObjectId(lectureId)) return null;
  const doc = await LectureModel.findById(lectureId, { title: 1, townshipCode: 1, year: 1, topics: 1, startAt: 1, endAt: 1, status: 1 }).lean<LectureDoc>();
  if (!doc) return null;
  return { id: doc._id.toString(), title: doc.title, townshipCode: doc.townshipCode, year: doc.year, topics: [...doc.topics], startAt: doc.startAt, endAt: doc.endAt, status: doc.status };
}

/** Whether a resident was checked in at a lecture (by scanning or by staff on his account). */
export async function attended(lectureId: string, userId: string): Promise<boolean> {
  return !!(await AttendanceModel.exists({ _id: userAttendanceId(lectureId, userId) }));
}

/** A township's lectures of a year that have taken place (held, or published and started), earliest first. */
export async function lecturesTakenPlace(townshipCode: string, year: number, now: Date): Promise<{ id: string; title: string; topics: string[]; startAt: Date }[]> {
  const docs = await LectureModel.find({ townshipCode: townshipCode as LectureDoc['townshipCode'], year }, { title: 1, topics: 1, startAt: 1, status: 1 }).lean<LectureDoc[]>();
  return docs
    .filter((d) => d.status === 'held' || (d.status === 'published' && d.startAt <= now))
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
    .map((d) => ({ id: d._id.toString(), title: d.title, topics: [...d.topics], startAt: d.startAt }));
}
