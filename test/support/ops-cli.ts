import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './e2e-server';

/** Runs an ops command (server/src/ops/cli.ts) as `npm run backup|restore|migrate` does. */
export function runOps(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'ops', 'cli.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('exit', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The address of the embedded FerretDB a running server announced in its data folder. */
export function embeddedUri(dataDir: string): string {
  return (JSON.parse(readFileSync(join(dataDir, 'embedded-db.json'), 'utf8')) as { uri: string }).uri;
}
