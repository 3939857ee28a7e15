import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { freePort } from '../../server/src/db/ferretdb';
import { startWechatStandin, WECHAT_TEST_APPID, WECHAT_TEST_SECRET, type WechatStandin } from './wechat-standin';

/**
 * The REAL server as a child process, the way it runs in production (`node --import tsx
 * server/src/main.ts`), for end-to-end tests that drive the H5 build in a browser.
 *
 *   const server = await startE2eServer();
 *   // … open `${server.baseUrl}/` in Chromium (see e2e-browser.ts) …
 *   await server.stop();
 *
 * Each server gets a database of its own in the run's FerretDB (vitest's global setup provides its
 * URI) and drops it on stop, a random SESSION_SECRET, DEV_LOGIN=1 (the H5 build signs in through
 * POST /auth/dev) and a local WeChat stand-in, so POST /auth/wechat works too.
 * It serves miniprogram/dist/h5: build it first (`npm run build:h5`).
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const H5_DIST = join(REPO_ROOT, 'miniprogram', 'dist', 'h5');

export interface E2eServerOptions {
  /** Extra or overriding environment for the server (e.g. { SEED_SAMPLE_DATA: '0' }). */
  env?: Record<string, string>;
  /** Database server to use; defaults to vitest's injected `mongoUri`. */
  mongoUri?: string;
  /** Require the H5 build to exist (default true). API-only suites may pass false. */
  requireH5?: boolean;
  /** How long to wait for /api/v1/health (default 60 s: first start compiles TypeScript). */
  startTimeoutMs?: number;
  /** Use this database (e.g. to restart a server on the data a killed one left) and keep it on stop. */
  database?: string;
  /** Run on the embedded FerretDB in this data folder (no MONGODB_URI), as `npm start` does; kept on stop. */
  embeddedDataDir?: string;
}

export interface E2eServer {
  /** e.g. http://127.0.0.1:41234 — the H5 app is at `${baseUrl}/`, the API at `${baseUrl}/api/v1`. */
  baseUrl: string;
  /** The MongoDB URI (with this server's own database name) the server uses. */
  mongoUri: string;
  wechat: WechatStandin;
  /** The server's recent stdout/stderr, for failure messages. */
  logs(): string;
  /** The server process, for reliability tests that signal or kill it. */
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** SIGTERM, wait for the graceful shutdown (SIGKILL after 12 s), drop the database, stop the stand-in. */
  stop(): Promise<void>;
}

/** A URI for database `dbName` on the same server as `uri` (replaces any database path, keeps options). */
export function withDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  if ((options.requireH5 ?? true) && !existsSync(join(H5_DIST, 'index.html'))) {
    throw new Error(`The H5 build is missing (${H5_DIST}/index.html). Run \`npm run build:h5\` first.`);
  }
  const mongoUri = withDatabase(options.mongoUri ?? inject('mongoUri'), options.database ?? `e2e_${randomBytes(5).toString('hex')}`);
  const wechat = await startWechatStandin();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // WeChat's content checks answer as they do under `npm start` (suites may replace them with `handle`).
  const pushToken = options.env?.WECHAT_PUSH_TOKEN ?? `e2e${randomBytes(8).toString('hex')}`;
  wechat.enableContentSecurity({ pushUrl: `${baseUrl}/api/v1/wechat/push`, pushToken });

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(options.embeddedDataDir ? { DATA_DIR: options.embeddedDataDir } : { MONGODB_URI: mongoUri }),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DEV_LOGIN: '1',
      WECHAT_API_BASE: wechat.url,
      WECHAT_APPID: WECHAT_TEST_APPID,
      WECHAT_SECRET: WECHAT_TEST_SECRET,
      WECHAT_PUSH_TOKEN: pushToken,
      RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
    if (process.env.E2E_SERVER_LOGS === '1') process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logs = () => output.join('');

  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    await terminate(child, exited);
    if (!options.database && !options.embeddedDataDir) await dropDatabase(mongoUri);
    await wechat.close();
  }

  try {
    await waitForHealth(baseUrl, exited, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${logs()}`);
  }
  return { baseUrl, mongoUri, wechat, logs, child, exited, stop };
}

async function waitForHealth(baseUrl: string, exited: Promise<number | null>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`The server exited with code ${exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastProblem = `health answered ${res.status}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server was not healthy within ${timeoutMs} ms (${lastProblem})`);
}

async function terminate(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 12_000);
  await exited;
  clearTimeout(killer);
}

async function dropDatabase(uri: string) {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 2000 });
  try {
    await connection.asPromise();
    await connection.dropDatabase();
  } catch {
    // Best effort: the run's FerretDB is deleted at teardown anyway.
  } finally {
    await connection.close().catch(() => undefined);
  }
}
