#!/usr/bin/env node
// `npm run bench`: builds what the benchmark needs (FerretDB, the weapp and h5 builds if missing),
// then runs test/bench/run.ts. BENCH_QUICK=1 for a shorter run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb } from './install-ferretdb.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureFerretdb();
for (const target of ['weapp', 'h5']) {
  if (!existsSync(join(root, 'miniprogram', 'dist', target))) {
    const build = spawnSync('npm', ['run', `build:${target}`], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/run.ts'], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
