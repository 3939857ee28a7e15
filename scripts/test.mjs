#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest.
//   1. FerretDB is built (the tests' real database);
//   2. all workspaces type-check (strict);
//   3. the mini-program builds for weapp and h5 (the weapp scan and the Chromium tests use them);
//   4. vitest runs unit, API, reliability, end-to-end and weapp suites.
// SKIP_BUILD=1 reuses existing builds (local iteration only; CI always builds).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb } from './install-ferretdb.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function step(name, command, args, env = {}) {
  console.log(`\n[test] ${name} (${elapsed()})`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`[test] ${name} failed after ${elapsed()}`);
    process.exit(result.status ?? 1);
  }
}

ensureFerretdb();
step('type-check all workspaces', 'npm', ['run', 'typecheck']);
if (process.env.SKIP_BUILD !== '1') {
  step('build the mini-program for weapp', 'npm', ['run', 'build:weapp']);
  step('build the mini-program for h5', 'npm', ['run', 'build:h5']);
}
step('run the test suites', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
console.log(`\n[test] all passed in ${elapsed()}`);
