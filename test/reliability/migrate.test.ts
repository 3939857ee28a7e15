import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { startFerretdb, type EmbeddedDatabase } from '../../server/src/db/ferretdb';
import { describeDatabase, indexDefinitions, userCollections } from '../../server/src/ops/collections';
import { startE2eServer, type E2eServer } from '../support/e2e-server';
import { runOps } from '../support/ops-cli';

/**
 * `npm run migrate -- --to …` from a county's embedded database to another MongoDB-wire server (a
 * second FerretDB: the only other one this machine has): everything arrives, indexes included, the
 * server runs on the target, and a second run copies nothing.
 */
const dirs: string[] = [];
const servers: E2eServer[] = [];
let target: EmbeddedDatabase | undefined;
afterAll(async () => {
  for (const s of servers) await s.stop();
  await target?.stop();
  if (!process.env.KEEP_DIRS) dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function api(server: E2eServer, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function openDb(uri: string) {
  const client = await new mongoose.mongo.MongoClient(uri).connect();
  return { client, db: client.db('qingfeng') };
}

describe('migrate to another database', () => {
  it('copies every collection with its indexes, verifies it, the server runs on the target, and a second run copies nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qf-migrate-src-'));
    const targetDir = mkdtempSync(join(tmpdir(), 'qf-migrate-dst-'));
    dirs.push(dataDir, targetDir);

    // A county with sample data and some residents' activity, then writes stop (the server stops).
    const env = { BOOTSTRAP_ADMIN_OPENIDS: 'dev:migrate-admin' };
    const county = await startE2eServer({ requireH5: false, embeddedDataDir: dataDir, env });
    servers.push(county);
    const admin = (await api(county, 'POST', '/auth/dev', undefined, { name: 'migrate-admin' })).body.token as string;
    const lectures = await api(county, 'GET', '/lectures?limit=5', admin);
    expect(lectures.status).toBe(200);
    const lectureId = lectures.body.items[0].id as string;
    for (let i = 0; i < 5; i++) {
      const resident = (await api(county, 'POST', '/auth/dev', undefined, { name: `migrate-resident-${i}` })).body.token as string;
      await api(county, 'POST', `/lectures/${lectureId}/registrations`, resident);
    }
    await county.stop();

    target = await startFerretdb({ dataDir: targetDir });
    const to = `${target.uri}qingfeng`;
    const first = await runOps(['migrate', '--to', to], { DATA_DIR: dataDir });
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toContain('迁移完成并核对一致');

    // Compare both sides ourselves: same collections, counts, checksums and indexes.
    const source = await startFerretdb({ dataDir: join(dataDir, 'ferretdb') });
    try {
      const [src, dst] = [await openDb(source.uri), await openDb(target.uri)];
      const [a, b] = [await describeDatabase(src.db), await describeDatabase(dst.db)];
      expect(Object.keys(a).length).toBeGreaterThan(5);
      expect(b).toEqual(a);
      for (const name of await userCollections(src.db)) {
        expect(await indexDefinitions(dst.db, name), `indexes of ${name}`).toEqual(await indexDefinitions(src.db, name));
      }
      expect((await dst.db.collection('lectureregistrations').countDocuments())).toBeGreaterThanOrEqual(5);
      await src.client.close();
      await dst.client.close();
    } finally {
      await source.stop();
    }

    const again = await runOps(['migrate', '--to', to], { DATA_DIR: dataDir });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('本次复制 0 条');

    // The server runs on the target: the same lecture, with its sign-ups.
    const moved = await startE2eServer({ requireH5: false, mongoUri: target.uri, database: 'qingfeng', env });
    servers.push(moved);
    const adminThere = (await api(moved, 'POST', '/auth/dev', undefined, { name: 'migrate-admin' })).body.token as string;
    const detail = await api(moved, 'GET', `/lectures/${lectureId}`, adminThere);
    expect(detail.status).toBe(200);
    expect(detail.body.registeredCount + detail.body.waitlistCount).toBeGreaterThanOrEqual(5);
  }, 240_000);
});
