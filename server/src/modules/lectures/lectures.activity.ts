import mongoose from 'mongoose';
import { AttendanceModel } from './lectures.model';

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
