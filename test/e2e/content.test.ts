import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Role } from '@qf/shared';
import { DESKTOP, launchChromium, openPage, PHONE, saveScreenshot, takeRefusal } from '../support/e2e-browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

/**
 * Outreach content end to end on the H5 build: propaganda staff write an article with an image and
 * a <script> → WeChat's checks (the stand-in; the verdict is pushed to our signed callback) → the
 * county admin approves → a resident of the targeted township sees it first in the 首页 feed without
 * the script, opens it, and the view count rises once; a post for another township does not show.
 */
const PUSH_TOKEN = 'e2ePushToken42';
const CHENGGUAN = '410922100';
const MAZHUANGQIAO = '410922101';

/** A real 640×360 PNG (a warm gradient with a band), so the picture shows in screenshots. */
function makePng(width = 640, height = 360): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.4 && y < height * 0.6;
      rows[row + 1 + x * 3] = band ? 255 : 183 + Math.round((x / width) * 60);
      rows[row + 2 + x * 3] = band ? 233 : 28 + Math.round((y / height) * 90);
      rows[row + 3 + x * 3] = band ? 196 : 28;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const PNG = makePng();

let server: E2eServer;
let browser: Browser;
let db: mongoose.Connection;
const traces: string[] = [];

async function api<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A development identity with roles and a township, signed in through the API. */
async function identity(name: string, roles: Role[], townshipCode: string | null = null) {
  const login = await api('POST', '/auth/dev', undefined, { name, displayName: name });
  await db.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(login.body.user.id as string) }, { $set: { roles: ['resident', ...roles], townshipCode } });
  return { name, token: login.body.token as string, id: login.body.user.id as string };
}

/** A browser context that signs in as `name` with the development login. */
async function openAs(name: string, options: BrowserContextOptions = PHONE) {
  const opened = await openPage(browser, server.baseUrl, options);
  await opened.context.addInitScript((n) => localStorage.setItem('qf.devName', JSON.stringify({ data: n })), name);
  return opened;
}

function signedPushUrl() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = createHash('sha1').update([PUSH_TOKEN, timestamp, nonce].sort().join('')).digest('hex');
  return `${server.baseUrl}/api/v1/wechat/push?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

async function pushPass(traceId: string) {
  const res = await fetch(signedPushUrl(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, version: 2, errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 }, detail: [] }),
  });
  expect(res.status).toBe(200);
}

const feedTitles = (page: Page) => page.locator('.feed-card__title').allInnerTexts();

beforeAll(async () => {
  server = await startE2eServer({ env: { WECHAT_PUSH_TOKEN: PUSH_TOKEN, SEED_SAMPLE_DATA: '0' } });
  server.wechat.handle('POST', '/wxa/msg_sec_check', ({ url, body }) => {
    if (!server.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (body?.version !== 2 || !body.openid) return { errcode: 47001, errmsg: 'data format error' };
    return { errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 }, detail: [], trace_id: randomBytes(8).toString('hex') };
  });
  server.wechat.handle('POST', '/wxa/media_check_async', ({ url, body }) => {
    if (!server.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (body?.version !== 2 || body.media_type !== 2 || !body.media_url) return { errcode: 47001, errmsg: 'data format error' };
    const traceId = randomBytes(12).toString('hex');
    traces.push(traceId);
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  });
  db = mongoose.createConnection(server.mongoUri);
  await db.asPromise();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await db?.close();
  await server?.stop();
});

describe('outreach content on the H5 build', () => {
  it('takes an article with an image and a script from the writer, through review, to the targeted township’s feed', async () => {
    const writer = await identity('e2e-writer', ['propaganda']);
    const admin = await identity('e2e-admin', ['county_admin']);
    const resident = await identity('e2e-resident', [], CHENGGUAN);

    // A post for another township, published through the API: it must not reach this resident.
    const other = await api('POST', '/content/posts', writer.token, { type: 'article', title: '马庄桥镇的通知', body: '<p>只给马庄桥镇</p>', channel: '乡村', scope: 'townships', townshipCodes: [MAZHUANGQIAO] });
    expect((await api('POST', `/content/posts/${other.body.id}/submit`, writer.token)).body.status).toBe('in_review');
    expect((await api('POST', `/content/posts/${other.body.id}/approve`, admin.token)).body.status).toBe('published');

    // 1. The writer writes the article in the editor.
    const w = await openAs(writer.name);
    await w.page.goto('/packages/content/pages/editor/index');
    // Sent without a title: the refusal is shown under 标题, what was typed stays.
    await w.page.locator('.editor__summary textarea').fill('一户一宅，面积有标准');
    await w.page.getByText('保存草稿', { exact: true }).click();
    await w.page.locator('.qf-field__error', { hasText: '不能为空' }).waitFor();
    await w.page.locator('.editor__problem', { hasText: '标题' }).waitFor();
    expect(await w.page.locator('.editor__summary textarea').inputValue()).toBe('一户一宅，面积有标准');
    takeRefusal(w.errors);
    await saveScreenshot(w.page, 'content-editor-refused-phone');
    await w.page.locator('.editor__title input').fill('城关镇宅基地怎么批');
    await w.page.locator('.editor__summary textarea').fill('一户一宅，面积有标准');
    await w.page.locator('.editor__body textarea').fill('<p>农村村民一户只能拥有一处宅基地。</p><script>window.__pwned = 1</script><p onclick="window.__pwned = 2">面积不得超过省里规定的标准。</p>');
    const chooser = w.page.waitForEvent('filechooser');
    await w.page.getByText('插入图片', { exact: true }).click();
    await (await chooser).setFiles({ name: 'zhaijidi.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => w.page.locator('.editor__body textarea').inputValue()).toContain('/api/v1/uploads/');
    await w.page.locator('.editor__chip', { hasText: '宅基地' }).click();
    await w.page.getByText('指定乡镇', { exact: true }).click();
    await w.page.locator('.editor__chip', { hasText: '城关镇' }).click();
    await saveScreenshot(w.page, 'content-editor-phone');
    await w.page.getByText('提交审核', { exact: true }).click();
    await w.page.waitForURL('**/packages/content/pages/preview/index?id=*');
    const postId = new URL(w.page.url()).searchParams.get('id')!;
    await w.page.locator('.preview__status', { hasText: '安全检测中' }).waitFor();
    await w.page.waitForTimeout(500);
    await saveScreenshot(w.page, 'content-checking-phone');

    // 2. WeChat's verdict for the image arrives at the signed callback.
    expect(traces).toHaveLength(1);
    await pushPass(traces[0]!);
    expect((await api('GET', `/content/posts/${postId}`, writer.token)).body.status).toBe('in_review');
    expect(w.errors).toEqual([]);
    await w.context.close();

    // 3. The county admin approves it from the review queue.
    const a = await openAs(admin.name, DESKTOP);
    await a.page.goto('/packages/content/pages/manage/index');
    await a.page.locator('.manage__item-title', { hasText: '城关镇宅基地怎么批' }).click();
    await a.page.waitForURL(`**/packages/content/pages/preview/index?id=${postId}`);
    await a.page.getByText('通过并发布', { exact: true }).waitFor();
    await a.page.waitForTimeout(500); // the H5 router's slide-in
    await saveScreenshot(a.page, 'content-review-desktop');
    await a.page.getByText('通过并发布', { exact: true }).click();
    await a.page.locator('.preview__status', { hasText: '已发布' }).waitFor();
    expect(a.errors).toEqual([]);
    await a.context.close();

    // 4. A resident of 城关镇 sees it first on 首页, without the script; the other township's post is absent.
    const r = await openAs(resident.name);
    await r.page.goto('/');
    await r.page.locator('.feed-card').first().waitFor();
    const titles = await feedTitles(r.page);
    expect(titles[0]).toBe('城关镇宅基地怎么批');
    expect(titles).not.toContain('马庄桥镇的通知');
    await r.page.locator('.feed').scrollIntoViewIfNeeded();
    await saveScreenshot(r.page, 'content-feed-phone');

    await r.page.locator('.feed-card').first().click();
    await r.page.waitForURL(`**/packages/content/pages/post/index?id=${postId}`);
    await r.page.locator('.post__views', { hasText: '浏览 1' }).waitFor();
    const article = r.page.locator('.post-content__article');
    await article.getByText('农村村民一户只能拥有一处宅基地。').waitFor();
    expect(await article.locator('script').count()).toBe(0);
    expect(await article.locator('[onclick]').count()).toBe(0);
    expect(await article.locator('img').count()).toBe(1);
    await expect.poll(() => article.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await r.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await r.page.waitForTimeout(500); // the H5 router's slide-in
    await saveScreenshot(r.page, 'content-post-phone');

    // Opening it again the same day does not count again.
    await r.page.reload();
    await r.page.locator('.post__views').waitFor();
    await expect.poll(async () => (await api('GET', `/posts/${postId}`)).body.viewCount).toBe(1);
    await r.page.locator('.post__views', { hasText: '浏览 1' }).waitFor();

    // 5. The admin sees who did what, and the views by township.
    const a2 = await openAs(admin.name, DESKTOP);
    await a2.page.goto('/packages/content/pages/audit/index');
    await a2.page.locator('.audit__row', { hasText: '审核通过《城关镇宅基地怎么批》' }).filter({ hasText: 'e2e-admin' }).waitFor();
    await a2.page.locator('.audit__row', { hasText: '创建《城关镇宅基地怎么批》' }).filter({ hasText: 'e2e-writer' }).waitFor();
    await saveScreenshot(a2.page, 'content-audit-desktop');
    await a2.page.goto('/packages/content/pages/report/index');
    await a2.page.locator('.cp-row', { hasText: '城关镇' }).filter({ hasText: '1' }).first().waitFor();
    await saveScreenshot(a2.page, 'content-report-desktop');
    expect(a2.errors).toEqual([]);
    await a2.context.close();

    // 6. Withdrawn: the page says so and the feed no longer lists it.
    expect((await api('POST', `/content/posts/${postId}/withdraw`, writer.token)).body.status).toBe('withdrawn');
    await r.page.reload();
    await r.page.getByText('这篇内容已经被发布单位收回，现在看不了了。').waitFor();
    await r.page.waitForTimeout(500);
    await saveScreenshot(r.page, 'content-withdrawn-phone');
    // Another server instance would see the withdrawal within the feed cache's lifetime; this one at once.
    await r.page.goto('/');
    await r.page.locator('.feed__note, .feed-card').first().waitFor();
    expect(await feedTitles(r.page)).not.toContain('城关镇宅基地怎么批');
    expect(r.errors).toEqual([]);
    await r.context.close();
  }, 180_000);
});
