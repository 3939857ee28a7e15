/**
 * `npm run bench`: speed and size, measured against the real server and database, each figure beside
 * a floor measured in the same run (a bare Koa endpoint; a blank Taro page). Machines here are
 * shared and noisy: read the ratios, not the absolute numbers.
 *
 * Output: bench-results/bench-<time>.json and a Markdown table on stdout.
 * BENCH_QUICK=1 runs shorter and without the 100× data step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { countyDate, SUGGESTED_TOPICS, TOWNSHIPS } from '@qf/shared';
import { freePort, startFerretdb } from '../../server/src/db/ferretdb';
import { Post } from '../../server/src/modules/content/content.model';
import { insertSampleLectures } from '../support/lecture-fixtures';
import { load, markdownTable, startPortPrinter, watchRss, type Measurement } from './harness';
import { measureClient } from './client';
import { measureSearchIndex, measureSearchQuality, searchPaths } from './search';
import { SEARCH_BLIND_SET } from '../support/search-eval-set';
import { takeBackup } from '../../server/src/ops/backup';
import { restoreBackup } from '../../server/src/ops/restore';
import { serverNodeFlags } from '../../scripts/server-flags.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.env.BENCH_QUICK === '1';
const DURATION = quick ? 3 : 8;
const SCALES = quick ? [1, 10] : [1, 10, 100];
// BENCH_ONLY=quiz,feed… runs just those parts (lectures, checkin, feed, consult, board, quiz, search, backup, client), for profiling one path.
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
const runs = (part: string) => !only || only.includes(part);
const LECTURES_PER_SCALE = TOWNSHIPS.length * 20 * 3; // 17 townships × 20 lectures × 3 years

interface Server {
  child: ChildProcess;
  base: string;
}

async function startServer(mongoUri: string): Promise<Server> {
  const port = await freePort();
  // BENCH_SERVER_ARGS: extra node flags for the server, e.g. "--cpu-prof" to profile a run.
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  // The same node flags as `npm start`.
  const child = spawn(process.execPath, [...serverNodeFlags(), ...extraArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      MONGODB_URI: mongoUri,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DEV_LOGIN: '1',
      BOOTSTRAP_ADMIN_OPENIDS: 'dev:bench-admin',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000000',
      SEED_SAMPLE_DATA: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return { child, base };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not become healthy');
}

async function call<T = any>(base: string, method: string, path: string, token?: string, body?: unknown, tries = 5): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status === 503 && tries > 1) {
    // Busy (the database still working through a heavy scenario): wait as told and try again, as a client would.
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 2)));
    return call(base, method, path, token, body, tries - 1);
  }
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function devLogins(base: string, prefix: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) => call<{ token: string }>(base, 'POST', '/auth/dev', undefined, { name: `${prefix}-${i + j}` })),
    );
    tokens.push(...batch.map((s) => s.token));
  }
  return tokens;
}

const ATTEMPTS_PER_SCALE = 1000;
const ATTEMPTS_PER_PAST_CAMPAIGN = 10_000;

/**
 * Earlier campaigns' attempts, written straight to the database as a scored campaign leaves them:
 * the attempt, its result and the person's entry. Returns the id of the last campaign written to.
 */
async function insertPastAttempts(count: number, offset: number): Promise<string> {
  const db = mongoose.connection.db!;
  const campaigns = new Map<number, string>();
  const campaignFor = async (n: number) => {
    const index = Math.floor(n / ATTEMPTS_PER_PAST_CAMPAIGN);
    if (!campaigns.has(index)) {
      const opensAt = new Date(Date.now() - (index + 2) * 30 * 24 * 3600_000);
      const { insertedId } = await db.collection('quiz_campaigns').insertOne({
        title: `往期竞赛 第${index + 1}期`,
        description: '',
        opensAt,
        closesAt: new Date(opensAt.getTime() + 7 * 24 * 3600_000),
        questionCount: 10,
        books: [],
        timeLimitSeconds: 1800,
        attemptsAllowed: 1,
        passMark: 60,
        createdBy: 'bench',
      });
      campaigns.set(index, insertedId.toString());
    }
    return campaigns.get(index)!;
  };
  for (let start = offset; start < offset + count; start += 1000) {
    const attempts = [];
    const scored = [];
    const entries = [];
    for (let n = start; n < Math.min(start + 1000, offset + count); n++) {
      const campaignId = await campaignFor(n);
      const userId = new mongoose.Types.ObjectId().toString();
      const _id = `${campaignId}:${userId}:1`;
      const at = new Date(Date.now() - (n % 5000) * 60_000);
      const correct = n % 11;
      const score = Math.min(100, correct * 10);
      const questions = Array.from({ length: 10 }, (_, q) => ({ id: `q-${(n + q) % 211}`, answer: 'A', keys: 'ABCD' }));
      attempts.push({ _id, campaignId, userId, n: 1, startedAt: at, deadline: new Date(at.getTime() + 1800_000), questions });
      scored.push({ _id, campaignId, userId, n: 1, answers: questions.map((q, i) => ({ questionId: q.id, given: i < correct ? 'A' : 'B', correct: 'A', isCorrect: i < correct })), correctCount: correct, score, passed: score >= 60, submittedAt: at });
      entries.push({ _id: `${campaignId}:${userId}`, campaignId, userId, displayName: `村民${n}`, townshipCode: TOWNSHIPS[n % TOWNSHIPS.length]!.code, bestScore: score, bestAt: at, passed: score >= 60, certificateCode: null, createdAt: at, updatedAt: at });
    }
    await Promise.all([
      db.collection('quiz_attempts').insertMany(attempts as never[]),
      db.collection('quiz_attempt_results').insertMany(scored as never[]),
      db.collection('quiz_campaign_entries').insertMany(entries as never[]),
    ]);
  }
  return campaigns.get(Math.floor((offset + count - 1) / ATTEMPTS_PER_PAST_CAMPAIGN))!;
}

/** Runs `task` for every item, 50 at a time; results in item order. */
async function inBatches<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 50) out.push(...(await Promise.all(items.slice(i, i + 50).map((item, j) => task(item, i + j)))));
  return out;
}

/** Background lectures: 17 townships × 20 a year × 3 years per scale step, spread over the years. */
async function insertLectures(count: number, offset: number) {
  const now = Date.now();
  await insertSampleLectures(count, (n) => new Date(now + ((n % 1000) - 700) * 24 * 3600_000 + (n % 7) * 3600_000), offset);
}

async function insertPosts(count: number, authorId: mongoose.Types.ObjectId) {
  const docs = Array.from({ length: count }, (_, i) => ({
    authorId,
    authorName: '宣传员',
    type: 'article',
    status: 'published',
    title: `民法典小课堂 第${i + 1}期`,
    summary: '用身边的事讲明白民法典。',
    bodyHtml: '<p>邻里之间，应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。</p>',
    bodyText: '邻里之间，应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。',
    channel: '乡村',
    scope: i % 3 === 0 ? 'townships' : 'county',
    townshipCodes: i % 3 === 0 ? [TOWNSHIPS[i % TOWNSHIPS.length]!.code] : [],
    publishedAt: new Date(Date.now() - i * 3600_000),
  }));
  for (let i = 0; i < docs.length; i += 500) await Post.insertMany(docs.slice(i, i + 500), { lean: true });
}

async function main() {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-bench-'));
  const db = await startFerretdb({ dataDir });
  const mongoUri = `${db.uri}bench`;
  await mongoose.connect(mongoUri);
  const server = await startServer(mongoUri);
  const floor = await startPortPrinter('test/bench/floor-server.ts', [], root);
  const pid = server.child.pid!;
  const databasePid = db.process.pid;
  const databaseRss = databasePid ? watchRss(databasePid) : undefined;
  const results: Measurement[] = [];
  const notes: string[] = [];
  const api = (path: string) => `${server.base}/api/v1${path}`;

  try {
    // The floor, first and last, so drift across the run shows.
    const floorUrl = `http://127.0.0.1:${floor.port}/api/v1/floor`;
    results.push(await load({ scenario: 'floor: bare Koa JSON', url: floorUrl, duration: DURATION, pid: floor.child.pid }));
    const floorRps = results[0]!.rps;

    const admin = (await call<{ token: string; user: { id: string } }>(server.base, 'POST', '/auth/dev', undefined, { name: 'bench-admin' })).token;

    if (runs('lectures')) {
      // Lecture list and detail at growing data.
      let inserted = 0;
      let detailId = '';
      for (const scale of SCALES) {
        const target = LECTURES_PER_SCALE * scale;
        const t = Date.now();
        await insertLectures(target - inserted, inserted);
        inserted = target;
        notes.push(`inserted lectures up to ${target} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        const label = `${scale}× (${target} lectures)`;
        results.push(await load({ scenario: 'public lecture list', dataScale: label, url: api('/lectures?scope=upcoming'), duration: DURATION, pid, databasePid }));
        results.push(await load({ scenario: 'public lecture list, one township', dataScale: label, url: api(`/lectures?townshipCode=${TOWNSHIPS[3]!.code}`), duration: DURATION, pid, databasePid }));
        if (!detailId) detailId = (await call(server.base, 'GET', '/lectures?scope=upcoming&limit=1')).items[0].id;
        results.push(await load({ scenario: 'lecture detail', dataScale: label, url: api(`/lectures/${detailId}`), duration: DURATION, pid, databasePid }));
      }
    }

    if (runs('checkin')) {
      // Check-in burst: 200 residents check in to one lecture at once.
      const startAt = new Date(Date.now() + 10 * 60_000);
      const lecture = await call(server.base, 'POST', '/lectures', admin, {
        townshipCode: TOWNSHIPS[0]!.code,
        title: '基准测试：签到高峰',
        speaker: { name: '李律师', unit: '清丰县法律援助中心' },
        venue: { name: '城关镇文化站', address: '清丰县城关镇', location: { latitude: 35.89, longitude: 115.12 } },
        startAt: startAt.toISOString(),
        endAt: new Date(startAt.getTime() + 3600_000).toISOString(),
        capacity: 300,
      });
      await call(server.base, 'POST', `/lectures/${lecture.id}/publish`, admin);
      const code = await call(server.base, 'GET', `/lectures/${lecture.id}/check-in-code`, admin);
      const residents = await devLogins(server.base, 'bench-resident', 200);
      results.push(
        await load({
          scenario: 'check-in burst (200 residents)',
          url: api(`/lectures/${lecture.id}/check-ins`),
          method: 'POST',
          amount: 200,
          connections: 50,
          requestFor: (i) => ({ headers: { authorization: `Bearer ${residents[i % residents.length]}` }, body: JSON.stringify({ token: code.token }) }),
          pid,
          databasePid,
        }),
      );
      const detail = await call(server.base, 'GET', `/lectures/${lecture.id}`, admin);
      notes.push(`check-in burst: ${detail.checkInCount} check-ins recorded for 200 residents (duplicates: ${detail.checkInCount - 200 > 0 ? detail.checkInCount - 200 : 0})`);
    }

    if (runs('feed')) {
      // Content feed with 1,000 published posts.
      const adminUser = await call(server.base, 'GET', '/me', admin);
      await insertPosts(1000, new mongoose.Types.ObjectId(adminUser.id as string));
      results.push(await load({ scenario: 'content feed (1,000 posts)', url: api('/feed'), duration: DURATION, pid, databasePid }));
    }

    if (runs('consult')) {
      // Consultations: 200 residents ask at once; then a 明白人's queue read with 10,000 consultations in his township.
      const town = TOWNSHIPS[0]!.code;
      const village = await call<{ id: string }>(server.base, 'POST', '/villages', admin, { townshipCode: town, name: '基准测试村' });
      const askers = await devLogins(server.base, 'bench-asker', 200);
      results.push(
        await load({
          scenario: 'consultation ask burst (200 residents)',
          url: api('/consultations'),
          method: 'POST',
          amount: 200,
          connections: 50,
          requestFor: (i) => ({ headers: { authorization: `Bearer ${askers[i]}` }, body: JSON.stringify({ text: `基准测试问题${i}：邻居占了我家的宅基地怎么办？`, villageId: village.id }) }),
          pid,
          databasePid,
        }),
      );
      const asked = await mongoose.connection.db!.collection('consultations').countDocuments({ villageId: village.id });
      notes.push(`consultations: ${asked} stored for 200 asks (lost: ${Math.max(0, 200 - asked)}, extra: ${Math.max(0, asked - 200)})`);
      // 10,000 consultations in the township: 9,000 closed, 1,000 still waiting at the 明白人 tier.
      const t = Date.now();
      const now = Date.now();
      const docs = Array.from({ length: 10_000 - asked }, (_, i) => {
        const at = new Date(now - (i % 2000) * 3600_000);
        const waiting = i % 10 === 0;
        return {
          _id: new mongoose.Types.ObjectId(),
          townshipCode: town,
          villageId: village.id,
          villageName: '基准测试村',
          askerId: new mongoose.Types.ObjectId(),
          askerName: '基准测试',
          proxyById: null,
          phone: null,
          text: `历史问题${i}：承包地到期了还能续包吗？`,
          photoIds: [],
          voiceId: null,
          notify: null,
          openSlot: null,
          stage: 0,
          tier: 'literate',
          state: waiting ? 'waiting' : 'resolved',
          tierSince: at,
          stages: [{ tier: 'literate', since: at, outcome: waiting ? null : 'answered', at: waiting ? null : at }],
          topic: waiting ? null : '土地承包',
          articles: [],
          referral: null,
          askedAt: at,
        };
      });
      for (let i = 0; i < docs.length; i += 1000) await mongoose.connection.db!.collection('consultations').insertMany(docs.slice(i, i + 1000));
      notes.push(`inserted ${docs.length} consultations (one township: 10,000 in all) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const literate = (await devLogins(server.base, 'bench-literate', 1))[0]!;
      const me = await call<{ id: string }>(server.base, 'GET', '/me', literate);
      await mongoose.connection.db!.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(me.id) }, { $set: { roles: ['resident', 'literate'], townshipCode: town } });
      await new Promise((r) => setTimeout(r, 2500)); // the signed-in user cache (2 s)
      const cold = performance.now();
      const first = await call<{ total: number }>(server.base, 'GET', `/consultations/queue?villageId=${village.id}`, literate);
      notes.push(`明白人 queue cold read at 10,000 consultations: ${Math.round(performance.now() - cold)} ms (${first.total} waiting)`);
      results.push(
        await load({
          scenario: "明白人's queue, first page of 20 (10,000 consultations in the township)",
          url: api(`/consultations/queue?villageId=${village.id}`),
          headers: { authorization: `Bearer ${literate}` },
          duration: DURATION,
          pid,
          databasePid,
        }),
      );
    }

    if (runs('board')) {
      // 精准普法热点 for one township with 10× a year of signals: 6,000 questions (问一问) with topics,
      // 7,200 明白人 records and a year of quiz answers got wrong, spread over the last 365 days.
      const town = TOWNSHIPS[2]!.code;
      const now = Date.now();
      const day = 86_400_000;
      const topic = (i: number) => SUGGESTED_TOPICS[(i * 7) % SUGGESTED_TOPICS.length]!;
      const t = Date.now();
      const questions = Array.from({ length: 6000 }, (_, i) => {
        const at = new Date(now - (i % 365) * day - (i % 24) * 3_600_000);
        return {
          townshipCode: town, villageId: 'bench-board', villageName: '基准测试村', askerId: null, askerName: '基准测试', proxyById: null, phone: null,
          text: `历史问题${i}`, photoIds: [], voiceId: null, notify: null, openSlot: null, stage: 0, tier: 'literate', state: 'resolved', tierSince: at,
          stages: [], topic: topic(i), articles: [], referral: null, askedAt: at,
        };
      });
      const records = Array.from({ length: 7200 }, (_, i) => {
        const at = new Date(now - (i % 365) * day - 3_600_000);
        return {
          userId: new mongoose.Types.ObjectId(), userName: `明白人${i % 300}`, townshipCode: town, year: new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear(),
          kind: 'publicity', summary: '基准测试记录', photoIds: [], occurredAt: at, topic: topic(i + 3), village: null, status: i % 5 === 0 ? 'pending' : 'approved', createdAt: at, updatedAt: at,
        };
      });
      const weakDays = Array.from({ length: 365 }, (_, i) => {
        const date = countyDate(new Date(now - i * day));
        return { _id: `${town}:${date}`, townshipCode: town, date, answers: 400, wrong: 120, articles: { a1165: 30, a1127: 25, a1062: 20, a272: 15, a577: 30 } };
      });
      const db = mongoose.connection.db!;
      for (let i = 0; i < questions.length; i += 1000) await db.collection('consultations').insertMany(questions.slice(i, i + 1000));
      for (let i = 0; i < records.length; i += 1000) await db.collection('ledger_records').insertMany(records.slice(i, i + 1000));
      await db.collection('quiz_weak_spot_days').insertMany(weakDays as never[]);
      notes.push(`精准普法 board: inserted ${questions.length} questions, ${records.length} 明白人 records and ${weakDays.length} days of quiz answers for one township in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const clerk = (await devLogins(server.base, 'bench-clerk', 1))[0]!;
      const me = await call<{ id: string }>(server.base, 'GET', '/me', clerk);
      await db.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(me.id) }, { $set: { roles: ['resident', 'township_staff'], staffTownshipCode: town } });
      await new Promise((r) => setTimeout(r, 2500)); // the signed-in user cache (2 s)
      const cold = performance.now();
      const board = await call<{ topics: { topic: string; count: number }[] }>(server.base, 'GET', `/hot-topics?townshipCode=${town}`, clerk);
      const coldMs = Math.round(performance.now() - cold);
      const warm = performance.now();
      await call(server.base, 'GET', `/hot-topics?townshipCode=${town}`, clerk);
      notes.push(`board: ${board.topics.length} topics this month, the first ${board.topics[0]?.topic ?? '-'} (${board.topics[0]?.count ?? 0}); one read ${coldMs} ms cold, ${Math.round(performance.now() - warm)} ms again`);
      results.push(
        await load({
          scenario: '精准普法 board of one township (10× a year of signals)',
          url: api(`/hot-topics?townshipCode=${town}`),
          headers: { authorization: `Bearer ${clerk}` },
          duration: DURATION,
          pid,
          databasePid,
        }),
      );
    }

    if (runs('quiz')) {
      // Quiz campaign: 500 participants start and submit at once; then leaderboard reads.
      const campaign = await call(server.base, 'POST', '/quiz/campaigns', admin, {
        title: '基准测试：宪法宣传周竞赛',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        questionCount: 10,
        timeLimitSeconds: 1800,
        attemptsAllowed: 1,
        passMark: 60,
      });
      const participants = await devLogins(server.base, 'bench-quiz', 500);
      // Participants live in the 17 townships, as in a county campaign (the township board and weak spots count them).
      await inBatches(participants, (token, i) => call(server.base, 'PATCH', '/me', token, { townshipCode: TOWNSHIPS[i % TOWNSHIPS.length]!.code }));
      results.push(
        await load({
          scenario: 'quiz start burst (500 participants)',
          url: api(`/quiz/campaigns/${campaign.id}/attempts`),
          method: 'POST',
          amount: 500,
          connections: 50,
          requestFor: (i) => ({ headers: { authorization: `Bearer ${participants[i]}` }, body: '{}' }),
          pid,
          databasePid,
        }),
      );
      // Each answers option A throughout: some questions right, some wrong, a few people pass.
      const sheets = await inBatches(participants, async (token) => {
        const attempt = await call<{ questions: { id: string }[] }>(server.base, 'GET', `/quiz/campaigns/${campaign.id}/attempts/1`, token);
        return JSON.stringify({ answers: attempt.questions.map((q) => ({ questionId: q.id, answer: ['A'] })) });
      });
      results.push(
        await load({
          scenario: 'quiz submit burst (500 participants)',
          url: api(`/quiz/campaigns/${campaign.id}/attempts/1/submit`),
          method: 'POST',
          amount: 500,
          connections: 50,
          requestFor: (i) => ({ headers: { authorization: `Bearer ${participants[i]}` }, body: sheets[i]! }),
          pid,
          databasePid,
        }),
      );
      const board = await call(server.base, 'GET', `/quiz/campaigns/${campaign.id}/leaderboard/townships`);
      const counted = (board.items as { participants: number; passed: number }[]).reduce((sum, t) => ({ participants: sum.participants + t.participants, passed: sum.passed + t.passed }), { participants: 0, passed: 0 });
      const stored = await mongoose.connection.db!.collection('quiz_attempt_results').countDocuments({ campaignId: campaign.id });
      notes.push(`quiz: ${stored} scored attempts stored for 500 submissions (lost: ${500 - Math.min(stored, 500)}, double-scored: ${Math.max(0, stored - 500)}); the township board counts ${counted.participants} participants, ${counted.passed} passed`);
      // Leaderboard growth: earlier campaigns' attempts seeded at 1,000 × scale (100× = the county's
      // 100,000); the boards are built from entries read across all campaigns.
      let seeded = 0;
      for (const scale of SCALES) {
        const target = ATTEMPTS_PER_SCALE * scale;
        const t = Date.now();
        const pastCampaign = await insertPastAttempts(target - seeded, seeded);
        seeded = target;
        notes.push(`seeded quiz attempts (attempt, result and entry each) up to ${target} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        const label = `${scale}× (${target} attempts + 500)`;
        // A board nobody has read yet: one cold build over all the entries.
        const cold = performance.now();
        await call(server.base, 'GET', `/quiz/campaigns/${pastCampaign}/leaderboard/townships`);
        notes.push(`leaderboard cold build at ${label}: ${Math.round(performance.now() - cold)} ms`);
        results.push(await load({ scenario: 'leaderboard read (people)', dataScale: label, url: api(`/quiz/campaigns/${campaign.id}/leaderboard/people`), duration: DURATION, pid, databasePid }));
        results.push(await load({ scenario: 'leaderboard read (townships)', dataScale: label, url: api(`/quiz/campaigns/${campaign.id}/leaderboard/townships`), duration: DURATION, pid, databasePid }));
      }
    }

    if (runs('search')) {
      // Plain-language search: quality on the questions it learned from and on the blind set, then 50 in flight.
      const index = await measureSearchIndex();
      notes.push(`search index: ${index.documents} articles built in ${index.buildMs} ms (jieba and its dictionary included); JS heap +${index.heapMb} MB, process RSS +${index.rssMb} MB`);
      await call(server.base, 'GET', '/search?q=%E5%BD%A9%E7%A4%BC'); // first use builds the server's index
      const quality = await measureSearchQuality(server.base);
      notes.push(`search quality on the ${quality.questions} questions it learned from (leave-one-set-out figures: test/unit/search.test.ts): recall@1 ${quality.recallAt1}, recall@3 ${quality.recallAt3}, recall@10 ${quality.recallAt10}, MRR ${quality.mrr}`);
      // The blind set: questions never tuned or learned on (see test/support/search-eval-set.ts).
      const blind = await measureSearchQuality(server.base, SEARCH_BLIND_SET);
      notes.push(`search quality on ${blind.questions} blind questions (never tuned or learned on): recall@1 ${blind.recallAt1}, recall@3 ${blind.recallAt3}, recall@10 ${blind.recallAt10}, MRR ${blind.mrr}`);
      const paths = searchPaths();
      // With the server's node flags, so the gap to the app's row is the app, not V8's settings.
      const engineFloor = await startPortPrinter('test/bench/floor-search-server.ts', [], root, process.env, serverNodeFlags());
      try {
        results.push(
          await load({
            scenario: 'floor + search engine: bare Koa calling the engine, 50 in flight',
            url: `http://127.0.0.1:${engineFloor.port}/api/v1/search?q=x`,
            connections: 50,
            duration: DURATION,
            requestFor: (i) => ({ path: paths[i % paths.length]! }),
            pid: engineFloor.child.pid,
          }),
        );
      } finally {
        engineFloor.child.kill('SIGTERM');
      }
      results.push(
        await load({
          scenario: 'plain-language search (the shipped questions, 50 in flight)',
          url: api('/search?q=x'),
          connections: 50,
          duration: DURATION,
          requestFor: (i) => ({ path: paths[i % paths.length]! }),
          pid,
          databasePid,
        }),
      );
    }

    if (runs('backup')) {
      // Backup and restore of whatever the run has put in the database (with BENCH_QUICK=1 and the
      // lectures, quiz and consult parts: the 10× data), the server idle meanwhile.
      const backupDir = mkdtempSync(join(tmpdir(), 'qf-bench-backup-'));
      try {
        const client = mongoose.connection.getClient();
        const backup = await takeBackup({ client, db: mongoose.connection.db!, uploadsDir: join(dataDir, 'no-uploads'), backupDir });
        const docs = backup.manifest.collections.reduce((n, c) => n + c.count, 0);
        notes.push(`backup: ${backup.manifest.collections.length} collections, ${docs} documents (${(backup.manifest.totalBytes / 1048576).toFixed(1)} MB as BSON) → ${(backup.bytes / 1048576).toFixed(1)} MB archive in ${(backup.ms / 1000).toFixed(1)} s`);
        const restored = await restoreBackup({ file: backup.file, db: client.db('bench_restored'), uploadsDir: join(backupDir, 'restored-uploads') });
        notes.push(`restore of that archive into an empty database (verify, insert, indexes): ${(restored.ms / 1000).toFixed(1)} s`);
      } finally {
        rmSync(backupDir, { recursive: true, force: true });
      }
    }

    results.push({ ...(await load({ scenario: 'floor: bare Koa JSON (again)', url: floorUrl, duration: DURATION, pid: floor.child.pid })) });
    databaseRss?.stop();
    if (databaseRss) notes.push(`FerretDB peak RSS over the run: ${databaseRss.peak()} MB`);

    console.log(`\n## Server (floor ${floorRps} req/s)\n\n${markdownTable(results, floorRps)}`);
    let client: Awaited<ReturnType<typeof measureClient>> | { error: string; markdown: string } = { error: 'not run', markdown: 'not run (BENCH_ONLY)' };
    try {
      if (runs('client')) client = await measureClient(root, server.base);
    } catch (err) {
      client = { error: String(err), markdown: `client measurement failed: ${String(err).slice(0, 300)}` };
    }
    const output = {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      durationSeconds: DURATION,
      floorRps,
      results,
      client,
      notes,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    const file = join(root, 'bench-results', `bench-${output.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(output, null, 2));
    console.log('\n## Client\n');
    console.log(client.markdown);
    console.log('\n## Notes\n');
    for (const n of notes) console.log(`- ${n}`);
    console.log(`\nwritten to ${file}`);
  } finally {
    server.child.kill('SIGTERM');
    floor.child.kill('SIGTERM');
    await mongoose.disconnect();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
