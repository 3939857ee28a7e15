import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { ContentChecksum, createIndexes, eachLine, indexDefinitions, sha256, toLine, userCollections } from './collections';

/**
 * Copies every collection, with its indexes, from one MongoDB-wire database to another, then
 * reads both back and compares counts and checksums. Re-runnable: it first reads what the target
 * already holds (by `_id`, with a digest of each document), so a second run inserts only what is
 * missing and rewrites only what changed since; an interrupted run resumes where it stopped.
 * Writes should be stopped while it runs (README "Moving to a MongoDB replica set"); documents
 * changed meanwhile show up as a checksum difference and are picked up by running it again.
 */
const BATCH = 500;

export interface CollectionReport {
  name: string;
  source: { count: number; checksum: string };
  target: { count: number; checksum: string };
  inserted: number;
  replaced: number;
  unchanged: number;
  indexes: string[];
  equal: boolean;
}

export interface MigrateReport {
  collections: CollectionReport[];
  copied: number;
  equal: boolean;
  ms: number;
}

/** `_id` (as canonical EJSON, so an ObjectId and its hex string differ) → digest of the document. */
async function targetDigests(db: Db, name: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await eachLine(db, name, (line, doc) => void out.set(toLine({ _id: doc._id }), sha256(line)));
  return out;
}

async function checksumOf(db: Db, name: string) {
  const sum = new ContentChecksum();
  await eachLine(db, name, (line) => sum.add(line));
  return { count: sum.count, checksum: sum.digest() };
}

async function copyCollection(source: Db, target: Db, name: string) {
  const indexes = await indexDefinitions(source, name);
  await createIndexes(target, name, indexes);
  const present = await targetDigests(target, name);
  const counts = { inserted: 0, replaced: 0, unchanged: 0 };
  let ops: AnyBulkWriteOperation<Document>[] = [];
  const flush = async () => {
    if (ops.length === 0) return;
    await target.collection(name).bulkWrite(ops, { ordered: true });
    ops = [];
  };
  const sourceSum = new ContentChecksum();
  await eachLine(source, name, async (line, doc) => {
    sourceSum.add(line);
    const digest = present.get(toLine({ _id: doc._id }));
    if (digest === undefined) {
      ops.push({ insertOne: { document: doc } });
      counts.inserted++;
    } else if (digest !== sha256(line)) {
      ops.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc } });
      counts.replaced++;
    } else counts.unchanged++;
    if (ops.length >= BATCH) await flush();
  });
  await flush();
  return { ...counts, indexes: indexes.map((i) => i.name), source: { count: sourceSum.count, checksum: sourceSum.digest() } };
}

export async function migrateDatabase(source: Db, target: Db, onProgress?: (line: string) => void): Promise<MigrateReport> {
  const started = Date.now();
  const collections: CollectionReport[] = [];
  for (const name of await userCollections(source)) {
    const copied = await copyCollection(source, target, name);
    // Read back what the source holds now and what the target holds, after the copy.
    const [sourceNow, targetNow] = [await checksumOf(source, name), await checksumOf(target, name)];
    const report: CollectionReport = {
      name,
      source: sourceNow,
      target: targetNow,
      inserted: copied.inserted,
      replaced: copied.replaced,
      unchanged: copied.unchanged,
      indexes: copied.indexes,
      equal: sourceNow.count === targetNow.count && sourceNow.checksum === targetNow.checksum,
    };
    collections.push(report);
    onProgress?.(`${name}: 新复制 ${report.inserted} 条，更新 ${report.replaced} 条，已有 ${report.unchanged} 条；${report.equal ? '核对一致' : '核对不一致'}`);
  }
  const copied = collections.reduce((n, c) => n + c.inserted + c.replaced, 0);
  return { collections, copied, equal: collections.every((c) => c.equal), ms: Date.now() - started };
}
