#!/usr/bin/env node
// Builds FerretDB (the embedded MongoDB-wire database) into .tools/bin from its Go module.
//
// Why not plain `go install …@v1.24.2`: the module zip ships an empty build/version/version.txt,
// and a binary built that way panics at start ("Invalid build/version/version.txt"). So we copy
// the module source out of Go's module cache, write the version file, and `go build` it there.
// Idempotent: a binary that already reports the wanted version is kept.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, chmodSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FERRETDB_VERSION = 'v1.24.2';
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

export function ensureFerretdb({ quiet = false } = {}) {
  if (installedVersion() === FERRETDB_VERSION) return ferretdbBinary;
  const log = (msg) => quiet || console.log(`[ferretdb] ${msg}`);
  log(`building FerretDB ${FERRETDB_VERSION} from its Go module (once; about a minute)…`);
  const started = Date.now();
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
      encoding: 'utf8',
      cwd: root,
    }),
  );
  const src = join(toolsDir, 'src', `ferretdb-${FERRETDB_VERSION}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(dirname(src), { recursive: true });
  cpSync(info.Dir, src, { recursive: true });
  makeWritable(src);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
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
