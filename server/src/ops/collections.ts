import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import type { ClientSession, Db, Document, IndexDescription } from 'mongodb';

// The driver mongoose carries (no second copy of it or of bson to keep in step).
const { EJSON } = mongoose.mongo.BSON;

/**
 * How the ops commands (backup, restore, migrate) see a database: its collections, each as
 * canonical Extended JSON (so an ObjectId, a Date or a Long stays one after a round trip), its
 * index definitions, and a checksum that does not depend on the order documents come back in
 * (FerretDB and MongoDB return a scan in different orders).
 */

/** One document as one line of canonical EJSON. */
export function toLine(doc: Document): string {
  return EJSON.stringify(doc, { relaxed: false });
}

export function fromLine(line: string): Document {
  return EJSON.parse(line, { relaxed: false }) as Document;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Order-free checksum of a collection's documents: the sorted per-document digests, digested.
 * Equal on two databases exactly when they hold the same documents (byte-equal canonical EJSON).
 */
export class ContentChecksum {
  private digests: string[] = [];
  add(line: string) {
    this.digests.push(sha256(line));
  }
  get count() {
    return this.digests.length;
  }
  digest(): string {
    return sha256(this.digests.sort().join('\n'));
  }
}

/** Index definitions as listIndexes gives them, minus the built-in `_id` index. */
export interface IndexDefinition {
  name: string;
  key: Record<string, 1 | -1 | string>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

export async function userCollections(db: Db): Promise<string[]> {
  const list = await db.listCollections({}, { nameOnly: true }).toArray();
  return list
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
}

export async function indexDefinitions(db: Db, collection: string): Promise<IndexDefinition[]> {
  const indexes = await db.collection(collection).listIndexes().toArray();
  return indexes
    .filter((ix) => ix.name !== '_id_')
    .map((ix) => {
      const def: IndexDefinition = { name: ix.name as string, key: ix.key as IndexDefinition['key'] };
      if (ix.unique) def.unique = true;
      if (ix.sparse) def.sparse = true;
      if (typeof ix.expireAfterSeconds === 'number') def.expireAfterSeconds = ix.expireAfterSeconds;
      if (ix.partialFilterExpression) def.partialFilterExpression = ix.partialFilterExpression as Document;
      return def;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function createIndexes(db: Db, collection: string, indexes: readonly IndexDefinition[]) {
  await db.createCollection(collection).catch((err: { codeName?: string; code?: number }) => {
    if (err.codeName !== 'NamespaceExists' && err.code !== 48) throw err;
  });
  // Only those not there yet: FerretDB 1.24 drops the connection when asked to create an index that
  // exists already (a re-run of migrate would die on it), where MongoDB would answer ok.
  const existing = new Set((await indexDefinitions(db, collection)).map((ix) => ix.name));
  const missing = indexes.filter((ix) => !existing.has(ix.name));
  if (missing.length === 0) return;
  const specs: IndexDescription[] = missing.map(({ key, ...options }) => ({ key, ...options }) as IndexDescription);
  await db.collection(collection).createIndexes(specs);
}

/**
 * Reads every document of a collection, handing each on as its canonical line. Batches keep
 * memory flat; nothing is sorted (a sort would be a second scan on FerretDB).
 */
export async function eachLine(db: Db, collection: string, visit: (line: string, doc: Document) => void | Promise<void>, session?: ClientSession) {
  const cursor = db.collection(collection).find({}, { batchSize: 1000, ...(session ? { session } : {}) });
  for await (const doc of cursor) await visit(toLine(doc), doc);
}

/** Counts and checksum of every collection, computed by reading it. */
export async function describeDatabase(db: Db): Promise<Record<string, { count: number; checksum: string }>> {
  const out: Record<string, { count: number; checksum: string }> = {};
  for (const name of await userCollections(db)) {
    const sum = new ContentChecksum();
    await eachLine(db, name, (line) => sum.add(line));
    out[name] = { count: sum.count, checksum: sum.digest() };
  }
  return out;
}

/** The database server's name and version, for the manifest (FerretDB says so in buildInfo). */
export async function serverVersion(db: Db): Promise<string> {
  const info = await db.admin().command({ buildInfo: 1 }).catch(() => ({}) as Document);
  const ferret = (info as Document).ferretdb as Document | undefined;
  if (ferret?.version) return `FerretDB ${String(ferret.version)}`;
  return `MongoDB ${String((info as Document).version ?? 'unknown')}`;
}
