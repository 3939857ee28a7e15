#!/usr/bin/env node
// `npm start`: builds what is missing (FerretDB, the H5 app), then runs the server, which starts the
// embedded database on ./data, seeds sample data and serves the API and the H5 app on one port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb } from './install-ferretdb.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV === 'production';

if (!process.env.MONGODB_URI) ensureFerretdb();

if (!existsSync(join(root, 'miniprogram', 'dist', 'h5', 'index.html'))) {
  console.log('[start] building the H5 app (once)…');
  const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Outside production the start command is a local demo: the development login is on, and the
// development identity "admin" is a county admin, so every screen can be tried in a browser.
const env = { ...process.env };
if (!production) {
  env.DEV_LOGIN ??= '1';
  env.BOOTSTRAP_ADMIN_OPENIDS ??= 'dev:admin';
}

// The V8 heap is capped (SERVER_HEAP_MB, default 192): left alone on a large machine V8 lets the
// heap grow lazily to gigabytes; capped, the server stayed under 300 MB RSS in `npm run bench` at
// about 10 % less read throughput.
// The young generation gets 32 MB semi-spaces (V8's default is 16 MB on 64-bit): a quiz burst makes
// short-lived objects fast, and fewer scavenges gave 8–13 % more submissions a second in
// `npm run bench` for about 30 MB more RSS.
const heapFlag = `--max-old-space-size=${process.env.SERVER_HEAP_MB ?? 192}`;
const youngFlag = '--max-semi-space-size=32';
const server = spawn(process.execPath, [heapFlag, youngFlag, '--import', 'tsx', join(root, 'server', 'src', 'main.ts')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
