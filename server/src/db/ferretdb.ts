import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run tools:ferretdb` (scripts/install-ferretdb.mjs) puts the binary. */
export const FERRETDB_BINARY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../.tools/bin/ferretdb');

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Starts FerretDB with its SQLite handler on a data folder: a real MongoDB-wire server with no
 * other server behind it. Resolves once it accepts connections.
 */
export async function startFerretdb(options: { dataDir: string; port?: number; binary?: string }): Promise<EmbeddedDatabase> {
  const binary = options.binary ?? FERRETDB_BINARY;
  if (!existsSync(binary)) {
    throw new Error(`FerretDB is not installed at ${binary}: run \`npm run tools:ferretdb\` (needs Go), or set MONGODB_URI`);
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, 'state'), { recursive: true });
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${join(dataDir, 'state')}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
      '--log-format=json',
    ],
    // GOGC=300 (Go's default is 100): FerretDB allocates heavily per command (JSON documents), and
    // collecting less often gave 10–20 % more quiz submissions a second in `npm run bench`, with
    // FerretDB's own CPU down from ~85 % to ~76 % of a core; its peak RSS in the quick bench went
    // from ~100 to ~150 MB. But a scan of 100,000 documents then let it grow to 2 GB, so GOMEMLIMIT
    // makes it collect harder near 512 MiB. Either set in our environment wins.
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GOGC: process.env.GOGC ?? '300', GOMEMLIMIT: process.env.GOMEMLIMIT ?? '512MiB' } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited at start (code ${child.exitCode}): ${stderr}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not start listening on port ${port} within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
