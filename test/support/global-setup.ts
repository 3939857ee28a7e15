import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFerretdb, type EmbeddedDatabase } from '../../server/src/db/ferretdb';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let db: EmbeddedDatabase | undefined;
let dir: string | undefined;

/** One real FerretDB for the whole run, on a temporary folder; each test file uses its own database. */
export async function setup(project: TestProject) {
  if (process.env.TEST_MONGODB_URI) {
    project.provide('mongoUri', process.env.TEST_MONGODB_URI);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'qf-ferretdb-'));
  db = await startFerretdb({ dataDir: dir });
  project.provide('mongoUri', db.uri);
}

export async function teardown() {
  await db?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
