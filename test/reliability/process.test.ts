import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startFerretdb, type EmbeddedDatabase } from '../../server/src/db/ferretdb';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

/** The real server as a process: what happens when it is told to stop, or loses its database. */

let server: E2eServer | undefined;
let db: EmbeddedDatabase | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  await db?.stop();
  server = undefined;
  db = undefined;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function devLogin(baseUrl: string, name: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Sends the headers and half of a JSON body now; `finish()` sends the rest and resolves with the answer. */
function startSlowRequest(baseUrl: string, token: string, body: string) {
  const url = new URL(`${baseUrl}/api/v1/me`);
  let resolveAnswer!: (v: { status: number; body: string }) => void;
  const answer = new Promise<{ status: number; body: string }>((r) => (resolveAnswer = r));
  const req = httpRequest(
    { host: url.hostname, port: url.port, path: url.pathname, method: 'PATCH', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` } },
    (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: text }));
    },
  );
  req.on('error', (err) => resolveAnswer({ status: -1, body: err.message }));
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return {
    finish() {
      req.end(body.slice(half));
      return answer;
    },
  };
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes requests in flight, answers new ones 503 with Retry-After, and exits within 10 s', async () => {
    server = await startE2eServer({ requireH5: false, env: { SEED_SAMPLE_DATA: '0' } });
    const token = await devLogin(server.baseUrl, 'drain-user');
    const slow = startSlowRequest(server.baseUrl, token, JSON.stringify({ displayName: '排队的人' }));
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers: the request is in flight

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    const late = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBeTruthy();
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    const inFlight = await slow.finish();
    expect(inFlight.status).toBe(200);
    expect(JSON.parse(inFlight.body).displayName).toBe('排队的人');

    const code = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
  });
});

describe('database outage', () => {
  it('answers 503 within 2 s while the database is down, reports it on /health, and recovers by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-outage-'));
    dirs.push(dir);
    const port = await freePort();
    db = await startFerretdb({ dataDir: dir, port });
    server = await startE2eServer({ requireH5: false, mongoUri: db.uri, env: { SEED_SAMPLE_DATA: '0' } });
    const token = await devLogin(server.baseUrl, 'outage-user');
    const me = () => fetch(`${server!.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    expect((await me()).status).toBe(200);

    await db.stop();

    const started = Date.now();
    const during = await me();
    const elapsed = Date.now() - started;
    expect(during.status).toBe(503);
    expect(((await during.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    expect(elapsed).toBeLessThan(2000);

    const health = await fetch(`${server.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded', db: 'down' });

    db = await startFerretdb({ dataDir: dir, port });
    const deadline = Date.now() + 20_000;
    let recovered = 0;
    while (Date.now() < deadline) {
      recovered = (await me().catch(() => ({ status: 0 }))).status;
      if (recovered === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(200);
    expect((await fetch(`${server.baseUrl}/api/v1/health`)).status).toBe(200);
  });
});
