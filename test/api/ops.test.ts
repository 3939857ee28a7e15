import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger';
import { startScheduler } from '../../server/src/jobs/scheduler';
import { startTestApi, type TestApi } from '../support/api';

/** GET /metrics (who may read it, and that its figures move) and the daily backup task. */
const TOKEN = 'metrics-token-for-tests-0123456789';
const backupDir = mkdtempSync(join(tmpdir(), 'qf-daily-backups-'));
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ METRICS_TOKEN: TOKEN, BACKUP_AT: '3', BACKUP_KEEP: '2', BACKUP_DIR: backupDir });
});
afterAll(async () => {
  await api.close();
  rmSync(backupDir, { recursive: true, force: true });
});

const REMOTE = { 'X-Forwarded-For': '203.0.113.7' };

async function scrape(headers: Record<string, string> = {}) {
  const res = await fetch(`${api.baseUrl}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The value of one series line, e.g. `http_request_duration_seconds_count{method="GET",route="/api/v1/health",status="200"}`. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  it('refuses a request from elsewhere without the token, or with a wrong one', async () => {
    const none = await scrape(REMOTE);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error.message).toContain('监控令牌');
    expect((await scrape({ ...REMOTE, Authorization: 'Bearer not-the-token-at-all-000000' })).status).toBe(401);
  });

  it('answers the Prometheus text format to a bearer of the token, and to this machine', async () => {
    const withToken = await scrape({ ...REMOTE, Authorization: `Bearer ${TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(withToken.type).toContain('text/plain');
    expect(withToken.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(withToken.text).toContain('nodejs_eventloop_lag_seconds');
    expect((await scrape()).status).toBe(200);
  });

  it('counts requests by route pattern and status, and times database commands', async () => {
    const series = 'http_request_duration_seconds_count{method="GET",route="/api/v1/lectures/:id",status="404"}';
    const before = await scrape();
    const findsBefore = value(before.text, 'db_command_duration_seconds_count{command="find",outcome="ok"}');
    for (let i = 0; i < 3; i++) expect((await api.request('GET', `/api/v1/lectures/${'0'.repeat(23)}${i}`)).status).toBe(404);
    const after = await scrape();
    expect(value(after.text, series) - value(before.text, series)).toBe(3);
    expect(value(after.text, 'db_command_duration_seconds_count{command="find",outcome="ok"}')).toBeGreaterThan(findsBefore);
  });

  it('counts periodic task runs and failures', async () => {
    const metrics = (await import('../../server/src/modules/ops/metrics')).createMetrics({ backupDir });
    let calls = 0;
    const scheduler = startScheduler(
      [
        { name: 'test.ok', everyMs: 20, run: async () => void calls++ },
        { name: 'test.broken', everyMs: 20, run: async () => Promise.reject(new Error('boom')) },
      ],
      { logger: createLogger('silent'), clock: () => new Date(), observe: metrics.observeTask },
    );
    await new Promise((r) => setTimeout(r, 150));
    scheduler.stop();
    const text = await metrics.registry.metrics();
    expect(value(text, 'periodic_task_runs_total{task="test.ok",outcome="ok"}')).toBe(calls);
    expect(calls).toBeGreaterThan(0);
    expect(value(text, 'periodic_task_runs_total{task="test.broken",outcome="failed"}')).toBeGreaterThan(0);
  });
});

describe('daily backup', () => {
  const task = () => api.tasks.find((t) => t.name === 'ops.daily-backup')!;
  // 03:10 in the county (UTC+8) is 19:10 UTC the day before.
  const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

  it('is taken once a day from BACKUP_AT on, by one of several instances reaching the hour at once', async () => {
    await api.loginAs('backup-resident');
    await task().run(at('2026-03-01', '02:50'));
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(0);

    await Promise.all([task().run(at('2026-03-01', '03:05')), task().run(at('2026-03-01', '03:05')), task().run(at('2026-03-01', '03:06'))]);
    await task().run(at('2026-03-01', '09:00'));
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);

    const age = value((await scrape()).text, 'backup_last_age_seconds');
    expect(age).toBeGreaterThan(0);
  });

  it('keeps BACKUP_KEEP days of archives', async () => {
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']) await task().run(at(day, '04:00'));
    const kept = readdirSync(backupDir).filter((f) => f.endsWith('.tar.gz')).sort();
    // Taken 2026-03-04 and -05 (county time; the names are UTC), and the one of 03-03 is just two days old.
    expect(kept).toEqual(['qingfeng-20260302-200000.tar.gz', 'qingfeng-20260303-200000.tar.gz', 'qingfeng-20260304-200000.tar.gz']);
  });
});
