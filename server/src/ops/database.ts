import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { Db, MongoClient } from 'mongodb';
import { DEFAULT_DB_NAME, databaseNameOf } from '../db/connect';
import { startFerretdb, type EmbeddedDatabase } from '../db/ferretdb';

/**
 * Which database an ops command works on, and how it gets there:
 *
 * - `MONGODB_URI` set: that database, as the server uses it.
 * - otherwise the embedded FerretDB on `DATA_DIR/ferretdb`. A running server leaves
 *   `DATA_DIR/embedded-db.json` (its FerretDB's address and its own pid) while it runs; the command
 *   connects to that FerretDB and starts nothing. With no server running it starts FerretDB on the
 *   folder itself for the length of the command.
 */
export interface OpenDatabase {
  db: Db;
  client: MongoClient;
  /** Where it came from, for messages: `MONGODB_URI`, `运行中的服务器` or `数据文件夹 …`. */
  source: string;
  close(): Promise<void>;
}

export function embeddedInfoPath(dataDir: string) {
  return join(resolve(dataDir), 'embedded-db.json');
}

/** main.ts: tell ops commands where the running server's embedded FerretDB listens. */
export function announceEmbedded(dataDir: string, uri: string) {
  writeFileSync(embeddedInfoPath(dataDir), JSON.stringify({ uri, pid: process.pid }) + '\n');
}

export function withdrawEmbedded(dataDir: string) {
  rmSync(embeddedInfoPath(dataDir), { force: true });
}

function runningEmbeddedUri(dataDir: string): string | undefined {
  try {
    const info = JSON.parse(readFileSync(embeddedInfoPath(dataDir), 'utf8')) as { uri?: string; pid?: number };
    if (!info.uri || !info.pid) return undefined;
    process.kill(info.pid, 0); // throws when that server is gone (a crash leaves the file behind)
    return info.uri;
  } catch {
    return undefined;
  }
}

export async function connectUri(uri: string, dbName = databaseNameOf(uri)): Promise<{ client: MongoClient; db: Db }> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 120_000 });
  await client.connect();
  return { client, db: client.db(dbName) };
}

export async function openDatabase(options: { mongodbUri?: string; dataDir: string }): Promise<OpenDatabase> {
  if (options.mongodbUri) {
    const { client, db } = await connectUri(options.mongodbUri);
    return { client, db, source: 'MONGODB_URI', close: () => client.close() };
  }
  const running = runningEmbeddedUri(options.dataDir);
  let embedded: EmbeddedDatabase | undefined;
  if (!running) embedded = await startFerretdb({ dataDir: join(resolve(options.dataDir), 'ferretdb') });
  const { client, db } = await connectUri(running ?? embedded!.uri, DEFAULT_DB_NAME);
  return {
    client,
    db,
    source: running ? '运行中的服务器的数据库' : `数据文件夹 ${resolve(options.dataDir)}`,
    async close() {
      await client.close();
      await embedded?.stop();
    },
  };
}
