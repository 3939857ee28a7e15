#!/usr/bin/env node
// `npm run backup`, `npm run restore -- FILE [--force]`, `npm run migrate -- --to mongodb://…`:
// builds FerretDB if the embedded database is used and it is missing, then runs the command
// (server/src/ops/cli.ts) with the server's own configuration.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb } from './install-ferretdb.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.env.MONGODB_URI) ensureFerretdb();

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'src', 'ops', 'cli.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
