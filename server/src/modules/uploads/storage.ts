import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, copyFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Where uploaded files live. The local folder is the default; object storage (COS, OSS, S3) can
 * replace it by implementing the same three methods.
 */
export interface FileStorage {
  /** Moves a finished temporary file into storage under `key`. */
  put(key: string, tempPath: string): Promise<void>;
  size(key: string): Promise<number | null>;
  read(key: string, range?: { start: number; end: number }): ReadStream;
  remove(key: string): Promise<void>;
}

export function createLocalStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    if (!path.startsWith(base + '/')) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  };
  return {
    async put(key, tempPath) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      try {
        await rename(tempPath, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        await copyFile(tempPath, target);
        await rm(tempPath, { force: true });
      }
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch {
        return null;
      }
    },
    read(key, range) {
      return createReadStream(pathOf(key), range);
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

export const storageKeyFor = (id: string, ext: string, createdAt: Date) =>
  join(String(createdAt.getUTCFullYear()), String(createdAt.getUTCMonth() + 1).padStart(2, '0'), `${id}.${ext}`);
