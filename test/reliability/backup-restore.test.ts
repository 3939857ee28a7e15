import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerretdb } from '../../server/src/db/ferretdb';
import { AttendanceModel, RegistrationModel, SeatModel } from '../../server/src/modules/lectures/lectures.model';
import { AttemptResultModel } from '../../server/src/modules/quiz/campaigns.model';
import { startE2eServer, type E2eServer } from '../support/e2e-server';
import { embeddedUri, runOps } from '../support/ops-cli';

/**
 * `npm run backup` against a server on the embedded database while a burst of sign-ups, check-ins and
 * quiz submissions runs, then `npm run restore` into a new folder and a server started there: every
 * write answered before the backup began is in the copy, and no invariant is broken. Damaged
 * archives are refused and restore nothing.
 */
const CAPACITY = 40;
const RESIDENTS = 100;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const dirs: string[] = [];
const servers: E2eServer[] = [];
const tempDir = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), `qf-${label}-`));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const s of servers) await s.stop();
  await mongoose.disconnect();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
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

let archive = '';

describe('backup and restore', () => {
  const source = { dir: '', backups: '' };
  beforeAll(() => {
    source.dir = tempDir('backup-src');
    source.backups = join(source.dir, 'backups');
  });

  it('takes a backup during a write burst that holds every write answered before it began, and a server starts on its restore', async () => {
    const env = { SEED_SAMPLE_DATA: '0', BOOTSTRAP_ADMIN_OPENIDS: 'dev:ops-admin' };
    const first = await startE2eServer({ requireH5: false, embeddedDataDir: source.dir, env });
    servers.push(first);

    const admin = (await api(first, 'POST', '/auth/dev', undefined, { name: 'ops-admin' })).body.token as string;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)]), 'photo.png');
    const uploaded = await fetch(`${first.baseUrl}/api/v1/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${admin}` }, body: form });
    expect(uploaded.status).toBe(201);
    const uploadId = ((await uploaded.json()) as { id: string }).id;

    const now = Date.now();
    const created = await api(first, 'POST', '/lectures', admin, {
      townshipCode: '410922100',
      title: '民法典与农村生活',
      topics: ['物权'],
      speaker: { name: '李律师', unit: '清丰县法律援助中心' },
      venue: { name: '城关镇文化站', address: '清丰县城关镇', location: { latitude: 35.89, longitude: 115.12 } },
      startAt: new Date(now + 10 * 60_000).toISOString(),
      endAt: new Date(now + 70 * 60_000).toISOString(),
      capacity: CAPACITY,
    });
    expect(created.status).toBe(201);
    const lectureId = created.body.id as string;
    expect((await api(first, 'POST', `/lectures/${lectureId}/publish`, admin)).status).toBe(200);
    const checkInToken = (await api(first, 'GET', `/lectures/${lectureId}/check-in-code`, admin)).body.token as string;
    const campaign = await api(first, 'POST', '/quiz/campaigns', admin, {
      title: '宪法宣传周知识竞赛',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 24 * 3600_000).toISOString(),
      questionCount: 5,
      timeLimitSeconds: 1800,
      attemptsAllowed: 1,
      passMark: 60,
    });
    expect(campaign.status).toBe(201);
    const campaignId = campaign.body.id as string;

    const residents = await Promise.all(
      Array.from({ length: RESIDENTS }, async (_, i) => (await api(first, 'POST', '/auth/dev', undefined, { name: `ops-resident-${i}` })).body as { token: string; user: { id: string } }),
    );

    const answered = { signUps: new Set<string>(), checkIns: new Set<string>(), scores: new Map<string, number>() };
    const burst = residents.map(async (r, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15)); // spread out, so the backup lands mid-burst
      const signUp = await api(first, 'POST', `/lectures/${lectureId}/registrations`, r.token);
      if (signUp.status < 300) answered.signUps.add(r.user.id);
      const checkIn = await api(first, 'POST', `/lectures/${lectureId}/check-ins`, r.token, { token: checkInToken });
      if (checkIn.status < 300) answered.checkIns.add(r.user.id);
      const attempt = await api(first, 'POST', `/quiz/campaigns/${campaignId}/attempts`, r.token, {});
      if (attempt.status >= 300) return;
      const answers = (attempt.body.questions as { id: string }[]).map((q) => ({ questionId: q.id, answer: ['A'] }));
      const submitted = await api(first, 'POST', `/quiz/campaigns/${campaignId}/attempts/${attempt.body.n}/submit`, r.token, { answers });
      if (submitted.status < 300) answered.scores.set(r.user.id, submitted.body.score as number);
    });
    const deadline = Date.now() + 30_000;
    while ((answered.signUps.size < RESIDENTS / 4 || answered.scores.size === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    // What was answered when the backup began must be in it.
    const before = { signUps: new Set(answered.signUps), checkIns: new Set(answered.checkIns), scores: new Map(answered.scores) };
    const backup = await runOps(['backup'], { DATA_DIR: source.dir, BACKUP_DIR: source.backups });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('备份完成');
    expect(backup.stdout, 'it used the running server\'s database, starting nothing').toContain('运行中的服务器');
    await Promise.all(burst);
    expect(answered.signUps.size, 'the burst went on after the backup began').toBeGreaterThan(before.signUps.size);

    const archives = readdirSync(source.backups).filter((f) => f.endsWith('.tar.gz'));
    expect(archives).toHaveLength(1);
    archive = join(source.backups, archives[0]!);
    expect(archives[0]).toMatch(/^qingfeng-\d{8}-\d{6}\.tar\.gz$/);

    const target = tempDir('restore');
    const restored = await runOps(['restore', archive], { DATA_DIR: target });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('恢复完成');

    const second = await startE2eServer({ requireH5: false, embeddedDataDir: target, env });
    servers.push(second);
    await mongoose.connect(embeddedUri(target), { dbName: 'qingfeng' });

    const registrations = await RegistrationModel.find({ lectureId }).lean();
    const seats = await SeatModel.find({ lectureId }).lean();
    const attendance = await AttendanceModel.find({ lectureId }).lean();
    const results = await AttemptResultModel.find({ campaignId }).lean();

    const registered = new Set(registrations.map((r) => String(r.userId)));
    for (const id of before.signUps) expect(registered.has(id), `sign-up of ${id}`).toBe(true);
    const present = attendance.map((a) => String(a.userId));
    for (const id of before.checkIns) expect(present.includes(id), `check-in of ${id}`).toBe(true);
    const resultByUser = new Map(results.map((r) => [r.userId, r]));
    for (const [userId, score] of before.scores) expect(resultByUser.get(userId)?.score, `score of ${userId}`).toBe(score);

    expect(seats.length).toBeLessThanOrEqual(CAPACITY);
    expect(new Set(seats.map((s) => String(s.userId))).size, 'no seat given twice').toBe(seats.length);
    expect(new Set(present).size, 'one check-in per person').toBe(present.length);
    expect(new Set(results.map((r) => r.userId)).size, 'each attempt scored once').toBe(results.length);

    // The restored server serves what was restored: the lecture, with its count, and the upload.
    const adminAgain = (await api(second, 'POST', '/auth/dev', undefined, { name: 'ops-admin' })).body.token as string;
    const detail = await api(second, 'GET', `/lectures/${lectureId}`, adminAgain);
    expect(detail.status).toBe(200);
    expect(detail.body.checkInCount).toBe(attendance.length);
    const image = await fetch(`${second.baseUrl}/api/v1/uploads/${uploadId}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    await mongoose.disconnect();
  }, 240_000);

  it('refuses to restore over a database that has data, unless told --force', async () => {
    const target = tempDir('restore-busy');
    expect((await runOps(['restore', archive], { DATA_DIR: target })).code).toBe(0);
    const again = await runOps(['restore', archive], { DATA_DIR: target });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已有数据');
    expect(again.stderr).toContain('--force');
    const forced = await runOps(['restore', archive, '--force'], { DATA_DIR: target });
    expect(forced.code, forced.stderr).toBe(0);
  }, 60_000);

  async function expectRefusedAndNothingRestored(file: string, says: RegExp) {
    const target = tempDir('restore-damaged');
    const result = await runOps(['restore', file], { DATA_DIR: target });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(result.stderr, 'the refusal is plain Chinese').not.toMatch(/[A-Za-z]{3,}/);
    expect(result.stderr).toContain('没有恢复任何数据');
    expect(existsSync(join(target, 'uploads'))).toBe(false);
    const db = await startFerretdb({ dataDir: join(target, 'ferretdb') });
    try {
      const client = await new mongoose.mongo.MongoClient(db.uri).connect();
      const collections = await client.db('qingfeng').listCollections().toArray();
      await client.close();
      expect(collections).toEqual([]);
    } finally {
      await db.stop();
    }
  }

  it('refuses a truncated archive', async () => {
    const truncated = join(tempDir('damaged'), 'truncated.tar.gz');
    const bytes = readFileSync(archive);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectRefusedAndNothingRestored(truncated, /不完整|损坏/);
  });

  it('refuses an archive with one changed byte', async () => {
    const changed = join(tempDir('damaged'), 'changed.tar.gz');
    copyFileSync(archive, changed);
    const bytes = readFileSync(changed);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x5a;
    writeFileSync(changed, bytes);
    await expectRefusedAndNothingRestored(changed, /损坏|不符|不完整/);
  });

  it('refuses an archive missing a collection', async () => {
    const work = tempDir('damaged');
    const unpacked = join(work, 'x');
    rmSync(unpacked, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(unpacked));
    await tar.x({ file: archive, cwd: unpacked });
    rmSync(join(unpacked, 'db', 'lectureattendances.ejson'));
    const missing = join(work, 'missing.tar.gz');
    await tar.c({ gzip: true, file: missing, cwd: unpacked }, readdirSync(unpacked));
    expect(statSync(missing).size).toBeGreaterThan(0);
    await expectRefusedAndNothingRestored(missing, /缺少/);
  });
});
