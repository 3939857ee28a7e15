import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { parseConfig } from '../../server/src/config';
import { STANDIN_NOTE } from '../../server/src/modules/content/content.moderation';
import { seedSamplePosts } from '../../server/src/modules/content/content.seed';
import { seedSampleMarkets } from '../../server/src/modules/fairs/fairs.seed';
import { startTestApi, type TestApi } from '../support/api';

/**
 * `npm start` without an AppID: WeChat's content checks go to the local stand-in (the one the tests
 * use, run by scripts/start.mjs), which answers msgSecCheck at once and pushes mediaCheckAsync
 * verdicts, signed, to our push URL. Posts so checked say so to reviewers. Also: the sample posts
 * and markets `npm start` seeds, and production refusing the stand-in.
 */
const PUSH_TOKEN = 'standinpushtoken';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let api: TestApi;
let writer: Session;

beforeAll(async () => {
  api = await startTestApi({ WECHAT_STANDIN: '1', WECHAT_PUSH_TOKEN: PUSH_TOKEN });
  api.wechat.enableContentSecurity({ pushUrl: `${api.baseUrl}/api/v1/wechat/push`, pushToken: PUSH_TOKEN, delayMs: 50 });
  writer = await api.loginAs('standin-writer', { roles: ['propaganda'] });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

async function uploadPng() {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG)]), 'x.png');
  const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${writer.token}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

async function submit(body: Record<string, unknown>) {
  const created = await api.request('POST', '/api/v1/content/posts', { token: writer.token, body: { type: 'article', summary: '', channel: '乡村', scope: 'county', tags: [], ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await api.request('POST', `/api/v1/content/posts/${created.body.id}/submit`, { token: writer.token });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return submitted.body;
}

describe('content checks through the local stand-in', () => {
  it('checks text and an image by WeChat’s protocol, and tells the reviewer the stand-in checked it', async () => {
    const image = await uploadPng();
    const post = await submit({ title: '宅基地一户一宅', body: `<p>一户只能拥有一处宅基地。</p><img src="${image.url}">` });
    expect(post.status).toBe('checking');
    // The image verdict arrives by push, signed with the token.
    await expect.poll(async () => (await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status, { timeout: 10_000 }).toBe('in_review');
    const checked = (await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body;
    expect(checked.securityNote).toContain(STANDIN_NOTE);
    const calls = api.wechat.requests.map((r) => r.url.pathname);
    expect(calls).toContain('/wxa/msg_sec_check');
    expect(calls).toContain('/wxa/media_check_async');
    expect(api.wechat.requests.find((r) => r.url.pathname === '/wxa/media_check_async')!.body).toMatchObject({ version: 2, media_type: 2, openid: 'dev:standin-writer' });
  });

  it('rejects risky text with WeChat’s label', async () => {
    const post = await submit({ title: '赶集', body: '<p>集上有人聚众赌博。</p>' });
    expect(post.status).toBe('rejected');
    expect(post.rejection.reason).toContain('违法犯罪');
  });

  it('is refused in production, and production still needs the real AppID', () => {
    const base = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), WECHAT_APPID: 'wx123', WECHAT_SECRET: 's' };
    expect(() => parseConfig({ ...base, WECHAT_STANDIN: '1' })).toThrow(/WECHAT_STANDIN/);
    expect(() => parseConfig({ ...base, WECHAT_APPID: undefined })).toThrow(/WECHAT_APPID: required in production/);
    expect(parseConfig(base).wechat.standin).toBe(false);
  });
});

describe('sample data that npm start seeds', () => {
  it('puts three sample posts in the feed, marked as samples, once however often it runs', async () => {
    await seedSamplePosts(new Date());
    await seedSamplePosts(new Date());
    const feed = await api.request('GET', '/api/v1/feed?limit=20');
    expect(feed.status).toBe(200);
    const samples = feed.body.items.filter((p: { title: string }) => p.title.startsWith('【示例】'));
    expect(samples).toHaveLength(3);
    expect(samples.every((p: { tags: string[] }) => p.tags.includes('示例'))).toBe(true);
  });

  it('gives markets whose next market days the fair page shows', async () => {
    await seedSampleMarkets();
    await seedSampleMarkets();
    const markets = await api.request('GET', '/api/v1/fairs/markets');
    expect(markets.status).toBe(200);
    const samples = markets.body.items.filter((m: { name: string }) => m.name.endsWith('（示例）'));
    expect(samples).toHaveLength(5);
    for (const m of samples) expect(m.nextDays.length).toBeGreaterThan(0);
  });
});
