#!/usr/bin/env node
// Builds FerretDB (the embedded MongoDB-wire database) into .tools/bin from its Go module.
//
// Why not plain `go install …@v1.24.2`: the module zip ships an empty build/version/version.txt,
// and a binary built that way panics at start ("Invalid build/version/version.txt"). So we copy
// the module source out of Go's module cache, write the version file, and `go build` it there.
//
// Two fixes are applied to the source before building (and the build is stamped `-qf.N`):
//
// 1. `_id` look-ups use the `_id` index (qf.1). FerretDB's SQLite backend creates its unique `_id`
//    index on the expression `_ferretdb_sjson->"_id"` but looks documents up with
//    `_ferretdb_sjson->'$._id'`. SQLite matches index expressions by their text, so every find,
//    update and delete by `_id` was a full table scan (EXPLAIN QUERY PLAN: `SCAN`), inside the
//    single write lock for updates. Writing the look-up as `->'_id'` (the same JSON path) lets
//    SQLite use the index: `SEARCH … USING INDEX`. test/api/ferretdb-id-index.test.ts checks the
//    plan, so a build without the fix fails the tests.
// 2. Writers queue in Go, not in SQLite's busy handler (qf.2). SQLite lets one connection write at
//    a time; FerretDB opens up to 100 and begins each insert or update as a deferred transaction,
//    so under concurrent writes all but one get SQLITE_BUSY and wait in SQLite's busy handler,
//    which sleeps 1, 2, 5, 10 … 100 ms between tries. The database then sat idle while writers
//    slept: in a burst of quiz submissions neither FerretDB nor our server used more than two
//    thirds of a core. A mutex around FerretDB's write transactions hands the lock straight to
//    the next writer. Reads (WAL mode) never wait for it. It is taken once the transaction has its
//    connection (qf.3), so its holder never waits for a connection a queued writer holds.
//
// Idempotent: a binary that already reports the wanted version is kept.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, chmodSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const UPSTREAM_VERSION = 'v1.24.2';
/** The upstream version plus our patch level, as `ferretdb --version` reports it. */
export const FERRETDB_VERSION = `${UPSTREAM_VERSION}-qf.3`;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
export const ferretdbBinary = join(toolsDir, 'bin', 'ferretdb');

function installedVersion() {
  if (!existsSync(ferretdbBinary)) return null;
  try {
    const out = execFileSync(ferretdbBinary, ['--version'], { encoding: 'utf8' });
    return /version:\s*(\S+)/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

function makeWritable(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    chmodSync(path, stats.mode | 0o200);
    if (stats.isDirectory()) makeWritable(path);
  }
}

/** The fixes described at the top of this file, as exact text replacements in FerretDB's source. */
const PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    before: `IDColumn = DefaultColumn + "->'$._id'"`,
    after: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  {
    file: 'internal/util/fsql/db.go',
    before: '\t"log/slog"\n\t"time"\n',
    after: '\t"log/slog"\n\t"sync"\n\t"time"\n',
  },
  {
    file: 'internal/util/fsql/db.go',
    before: '\tsqlDB     *sql.DB\n',
    after: '\tsqlDB     *sql.DB\n\twriteMu   sync.Mutex // qingfeng-pufa: one write transaction at a time, queued here\n',
  },
  {
    file: 'internal/util/fsql/db.go',
    // After BeginTx: a deferred BEGIN takes no SQLite lock, and the holder of the mutex must already
    // own its pooled connection. Taken before, it could wait for a connection held by a queued writer.
    before: '\ttx := wrapTx(sqlTx, db.l)\n',
    after: '\tdb.writeMu.Lock()\n\tdefer db.writeMu.Unlock()\n\n\ttx := wrapTx(sqlTx, db.l)\n',
  },
];

function applyPatches(src) {
  for (const { file, before, after } of PATCHES) {
    const path = join(src, file);
    const text = readFileSync(path, 'utf8');
    if (text.split(before).length !== 2) throw new Error(`FerretDB source changed: expected exactly one ${JSON.stringify(before)} in ${path}`);
    writeFileSync(path, text.replace(before, after));
  }
}

export function ensureFerretdb({ quiet = false } = {}) {
  if (installedVersion() === FERRETDB_VERSION) return ferretdbBinary;
  const log = (msg) => quiet || console.log(`[ferretdb] ${msg}`);
  log(`building FerretDB ${FERRETDB_VERSION} (${UPSTREAM_VERSION} with our two fixes) from its Go module (once; about a minute)…`);
  const started = Date.now();
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${UPSTREAM_VERSION}`], {
      encoding: 'utf8',
      cwd: root,
    }),
  );
  const src = join(toolsDir, 'src', `ferretdb-${UPSTREAM_VERSION}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(dirname(src), { recursive: true });
  cpSync(info.Dir, src, { recursive: true });
  makeWritable(src);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  applyPatches(src);
  mkdirSync(dirname(ferretdbBinary), { recursive: true });
  execFileSync('go', ['build', '-o', ferretdbBinary, './cmd/ferretdb'], {
    cwd: src,
    stdio: quiet ? 'ignore' : 'inherit',
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  rmSync(src, { recursive: true, force: true });
  const version = installedVersion();
  if (version !== FERRETDB_VERSION) throw new Error(`FerretDB build produced version ${version}`);
  log(`built ${ferretdbBinary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ferretdbBinary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureFerretdb();
}
