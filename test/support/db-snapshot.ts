import mongoose from 'mongoose';

/** Document counts of every collection in the current database, to prove a request stored nothing. */
export async function countAllDocuments(): Promise<Record<string, number>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections) counts[name] = await db.collection(name).countDocuments();
  return counts;
}
