import mongoose from 'mongoose';
import { CertificateModel } from './certificates.model';

/** How many campaign certificates (quizzes passed) each person earned in a county year. */
export async function certificatesEarnedBy(userIds: readonly string[], year: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (userIds.length === 0) return counts;
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await CertificateModel.find({ userId: mongoose.trusted({ $in: [...userIds] }) }, { userId: 1, issuedAt: 1 }).lean<{ userId: string; issuedAt: Date }[]>();
  for (const row of rows) {
    if (row.issuedAt >= from && row.issuedAt < to) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
  }
  return counts;
}
