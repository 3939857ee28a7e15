import mongoose from 'mongoose';

// Filters built from user input can never smuggle in operators ({"$ne": null}), and a query on a
// field the schema does not know is an error rather than a silent match-all.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('strict', 'throw');

export const DEFAULT_DB_NAME = 'qingfeng';

/**
 * Connects mongoose. Commands fail fast (no endless buffering) so that a database outage turns into
 * a 503 within seconds rather than a hung request.
 */
/** The database named in the URI's path (mongodb://host/<name>), else the default. */
export function databaseNameOf(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : DEFAULT_DB_NAME;
}

export async function connectDatabase(uri: string, dbName = databaseNameOf(uri)) {
  mongoose.set('bufferCommands', false);
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 1000,
    heartbeatFrequencyMS: 2000,
    socketTimeoutMS: 10_000,
    maxPoolSize: 50,
    autoIndex: true,
    // Command timings for /metrics (modules/ops/metrics.ts).
    monitorCommands: true,
  });
  await mongoose.connection.syncIndexes();
  return mongoose.connection;
}

export async function pingDatabase(timeoutMs = 1000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}
