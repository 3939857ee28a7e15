import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import type { ClientSession, Db, MongoClient } from 'mongodb';
import { ContentChecksum, eachLine, indexDefinitions, serverVersion, userCollections, type IndexDefinition } from './collections';

/**
 * One archive: `manifest.json`, `db/<collection>.ejson` (a document per line, canonical EJSON),
 * `db/<collection>.indexes.json` and `uploads/…`. The manifest holds for each collection its count,
 * the archive file's sha256 and the order-free content checksum (collections.ts); for each upload its
 * size and sha256. Restore refuses an archive whose files disagree with it.
 *
 * Consistency: on a MongoDB replica set every collection is read at one instant (a snapshot
 * session). FerretDB has no snapshot reads, so there each collection is read as of its own scan:
 * every write answered before the backup began is in it, and a write made during it may be in a
 * later-read collection and not an earlier one. The app already lives with such halves (it recounts
 * figures from their documents and repairs an attempt scored without its entry, as after a crash).
 */
export const MANIFEST_FORMAT = 1;

export interface CollectionManifest {
  name: string;
  count: number;
  /** sha256 of `db/<name>.ejson` as written. */
  fileSha256: string;
  /** Order-free checksum of the documents (collections.ts ContentChecksum). */
  checksum: string;
  bytes: number;
  indexes: IndexDefinition[];
}

export interface Manifest {
  format: number;
  createdAt: string;
  finishedAt: string;
  app: { name: string; version: string };
  database: { name: string; server: string; snapshot: boolean };
  collections: CollectionManifest[];
  uploads: { path: string; bytes: number; sha256: string }[];
  totalBytes: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export function appVersion(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export const ARCHIVE_PATTERN = /^qingfeng-(\d{8})-(\d{6})(?:-\d+)?\.tar\.gz$/;

/** `qingfeng-20261202-173000.tar.gz` (UTC), with a suffix should two land in one second. */
function archiveName(backupDir: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let name = `qingfeng-${stamp}.tar.gz`;
  for (let i = 2; existsSync(join(backupDir, name)); i++) name = `qingfeng-${stamp}-${i}.tar.gz`;
  return name;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** MongoDB replica sets and sharded clusters can read every collection at one instant; FerretDB cannot. */
async function snapshotSession(client: MongoClient, db: Db): Promise<ClientSession | undefined> {
  const hello = await db.admin().command({ hello: 1 }).catch(() => ({}) as Record<string, unknown>);
  const ferret = await serverVersion(db);
  if (ferret.startsWith('FerretDB') || !(hello.setName || hello.msg === 'isdbgrid')) return undefined;
  return client.startSession({ snapshot: true });
}

async function writeCollection(db: Db, name: string, file: string, session?: ClientSession) {
  const out = createWriteStream(file);
  const fileHash = createHash('sha256');
  const sum = new ContentChecksum();
  let bytes = 0;
  await eachLine(
    db,
    name,
    async (line) => {
      const chunk = line + '\n';
      sum.add(line);
      fileHash.update(chunk);
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    },
    session,
  );
  out.end();
  await once(out, 'finish');
  return { count: sum.count, checksum: sum.digest(), fileSha256: fileHash.digest('hex'), bytes };
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
  bytes: number;
  ms: number;
}

export async function takeBackup(options: { client: MongoClient; db: Db; uploadsDir: string; backupDir: string; clock?: () => Date }): Promise<BackupResult> {
  const clock = options.clock ?? (() => new Date());
  const started = clock();
  const startedMs = Date.now();
  const backupDir = resolve(options.backupDir);
  mkdirSync(backupDir, { recursive: true });
  const stage = mkdtempSync(join(backupDir, '.staging-'));
  const session = await snapshotSession(options.client, options.db);
  try {
    mkdirSync(join(stage, 'db'));
    const collections: CollectionManifest[] = [];
    for (const name of await userCollections(options.db)) {
      const indexes = await indexDefinitions(options.db, name);
      const written = await writeCollection(options.db, name, join(stage, 'db', `${name}.ejson`), session);
      writeFileSync(join(stage, 'db', `${name}.indexes.json`), JSON.stringify(indexes, null, 1));
      collections.push({ name, ...written, indexes });
    }

    // Uploads are written once under a new name and never changed, so reading them after the
    // database is safe: every upload a document points at is already there.
    const uploadsDir = resolve(options.uploadsDir);
    const uploads = [] as Manifest['uploads'];
    for (const path of listFiles(uploadsDir)) {
      const full = join(uploadsDir, path);
      uploads.push({ path, bytes: statSync(full).size, sha256: await fileSha256(full) });
    }
    if (uploads.length > 0) symlinkSync(uploadsDir, join(stage, 'uploads'), 'dir');

    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      createdAt: started.toISOString(),
      finishedAt: clock().toISOString(),
      app: appVersion(),
      database: { name: options.db.databaseName, server: await serverVersion(options.db), snapshot: Boolean(session) },
      collections,
      uploads,
      totalBytes: collections.reduce((n, c) => n + c.bytes, 0) + uploads.reduce((n, u) => n + u.bytes, 0),
    };
    writeFileSync(join(stage, 'manifest.json'), JSON.stringify(manifest, null, 1));

    const file = join(backupDir, archiveName(backupDir, started));
    const partial = `${file}.partial`;
    // Only the files the manifest names go in (an upload arriving meanwhile waits for the next backup).
    const entries = ['manifest.json', 'db', ...uploads.map((u) => join('uploads', u.path))];
    await tar.c({ gzip: true, file: partial, cwd: stage, follow: true, portable: true }, entries);
    renameSync(partial, file); // a finished archive appears whole or not at all
    return { file, manifest, bytes: statSync(file).size, ms: Date.now() - startedMs };
  } finally {
    await session?.endSession();
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Archives in `backupDir`, newest first, with the instant their name says they were taken. */
export function listBackups(backupDir: string): { file: string; takenAt: Date }[] {
  if (!existsSync(backupDir)) return [];
  return readdirSync(backupDir)
    .map((name) => {
      const m = ARCHIVE_PATTERN.exec(name);
      if (!m) return undefined;
      const [d, t] = [m[1]!, m[2]!];
      const takenAt = new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
      return { file: join(backupDir, name), takenAt };
    })
    .filter((b): b is { file: string; takenAt: Date } => Boolean(b))
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Deletes archives older than `keepDays` days; the newest one always stays. */
export function pruneBackups(backupDir: string, keepDays: number, now: Date): string[] {
  const [newest, ...older] = listBackups(backupDir);
  if (!newest) return [];
  const cutoff = now.getTime() - keepDays * 24 * 3600_000;
  const removed = older.filter((b) => b.takenAt.getTime() < cutoff).map((b) => b.file);
  removed.forEach((f) => rmSync(f, { force: true }));
  return removed;
}
