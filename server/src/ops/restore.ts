import { createReadStream, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as tar from 'tar';
import type { Db, Document } from 'mongodb';
import { createIndexes, fromLine, userCollections } from './collections';
import { fileSha256, MANIFEST_FORMAT, type Manifest } from './backup';

/**
 * Restores one archive into an empty database and uploads folder. Everything is checked before
 * anything is written: the archive unpacks whole, every file the manifest names is there with its
 * checksum and count, and nothing else is. A refusal restores nothing and says why in Chinese
 * (the operator of a county server reads these).
 */
export class OpsRefused extends Error {}

const BATCH = 1000;

async function unpack(file: string, into: string) {
  if (!existsSync(file)) throw new OpsRefused(`找不到备份文件：${file}`);
  try {
    await tar.x({ file, cwd: into, strict: true });
  } catch (err) {
    const reason = (err as { code?: string }).code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((err as Error).message))
      ? '备份文件不完整（可能只复制了一部分）'
      : '备份文件已损坏，无法解开';
    throw new OpsRefused(`${reason}，没有恢复任何数据。`);
  }
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line) n++;
  return n;
}

/** Checks the unpacked archive against its manifest; returns the manifest. */
export async function verifyUnpacked(stage: string): Promise<Manifest> {
  const manifestPath = join(stage, 'manifest.json');
  if (!existsSync(manifestPath)) throw new OpsRefused('备份文件里没有清单，不是本系统的备份，没有恢复任何数据。');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    throw new OpsRefused('备份清单已损坏，没有恢复任何数据。');
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.collections)) throw new OpsRefused('备份清单的格式不认识，没有恢复任何数据。');

  const named = new Set<string>();
  for (const [i, c] of manifest.collections.entries()) {
    const which = `清单上的第 ${i + 1} 个数据集`;
    const data = join(stage, 'db', `${c.name}.ejson`);
    named.add(`${c.name}.ejson`).add(`${c.name}.indexes.json`);
    if (!existsSync(data)) throw new OpsRefused(`备份里缺少${which}，没有恢复任何数据。`);
    if ((await fileSha256(data)) !== c.fileSha256) throw new OpsRefused(`${which}的内容与清单不符（文件被改动过），没有恢复任何数据。`);
    if ((await countLines(data)) !== c.count) throw new OpsRefused(`${which}的条数与清单不符，没有恢复任何数据。`);
  }
  const extra = existsSync(join(stage, 'db')) ? readdirSync(join(stage, 'db')).filter((f) => !named.has(f)) : [];
  if (extra.length > 0) throw new OpsRefused(`备份里有 ${extra.length} 个清单没有记载的文件，没有恢复任何数据。`);
  for (const u of manifest.uploads) {
    const path = join(stage, 'uploads', u.path);
    if (!existsSync(path)) throw new OpsRefused('备份里缺少清单记载的上传文件，没有恢复任何数据。');
    if ((await fileSha256(path)) !== u.sha256) throw new OpsRefused('备份里的上传文件与清单不符，没有恢复任何数据。');
  }
  return manifest;
}

async function nonEmptyCollections(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const name of await userCollections(db)) if ((await db.collection(name).estimatedDocumentCount()) > 0) out.push(name);
  return out;
}

async function loadCollection(db: Db, name: string, path: string) {
  const collection = db.collection(name);
  let batch: Document[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(fromLine(line));
    if (batch.length >= BATCH) {
      await collection.insertMany(batch, { ordered: true });
      batch = [];
    }
  }
  if (batch.length > 0) await collection.insertMany(batch, { ordered: true });
}

export interface RestoreResult {
  manifest: Manifest;
  ms: number;
}

export async function restoreBackup(options: { file: string; db: Db; uploadsDir: string; force?: boolean }): Promise<RestoreResult> {
  const started = Date.now();
  const stage = mkdtempSync(join(tmpdir(), 'qf-restore-'));
  try {
    await unpack(resolve(options.file), stage);
    const manifest = await verifyUnpacked(stage);

    const uploadsDir = resolve(options.uploadsDir);
    const busy = await nonEmptyCollections(options.db);
    const uploadsPresent = existsSync(uploadsDir) && readdirSync(uploadsDir).length > 0;
    if (!options.force && (busy.length > 0 || uploadsPresent)) {
      const what = busy.length > 0 ? `数据库里已有数据（${busy.length} 个数据集不是空的）` : `上传文件夹 ${uploadsDir} 不是空的`;
      throw new OpsRefused(`${what}。恢复只写入空的数据库；确定要覆盖时加 --force。没有恢复任何数据。`);
    }
    if (options.force) {
      for (const name of await userCollections(options.db)) await options.db.collection(name).drop();
      rmSync(uploadsDir, { recursive: true, force: true });
    }

    for (const c of manifest.collections) {
      await options.db.createCollection(c.name).catch(() => undefined);
      await loadCollection(options.db, c.name, join(stage, 'db', `${c.name}.ejson`));
      // Indexes after the documents: one build instead of an update per insert.
      await createIndexes(options.db, c.name, c.indexes);
    }
    for (const u of manifest.uploads) {
      const to = join(uploadsDir, u.path);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(stage, 'uploads', u.path), to);
    }
    for (const c of manifest.collections) {
      const count = await options.db.collection(c.name).countDocuments();
      if (count !== c.count) throw new Error(`数据集「${c.name}」恢复后有 ${count} 条，清单记载 ${c.count} 条`);
    }
    // A backup copies one collection after another while the server writes, so a lecture's
    // counters may predate seats or check-ins that are in the copy: mark them stale, and the first
    // read recounts them from the records (lectures.catalogue readDetail).
    if (manifest.collections.some((c) => c.name === 'lectures')) await options.db.collection('lectures').updateMany({}, { $set: { countersStale: true } });
    return { manifest, ms: Date.now() - started };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
