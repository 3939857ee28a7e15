import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { Post, PostTransition } from '../../server/src/modules/content/content.model';
import { wechatPushRoutes } from '../../server/src/modules/wechat/content-security';
import { UnavailableError } from '../../server/src/http/errors';

/**
 * Outreach content against the real database. WeChat's content-security APIs are played by the
 * local stand-in, which speaks the documented v2 protocol: msg_sec_check answers at once;
 * media_check_async answers with a trace_id and the verdict is pushed later to our message-push URL
 * as a signed `wxa_media_check` JSON event.
 */
const PUSH_TOKEN = 'pushToken2024';
const TOWN_A = '410922100'; // 城关镇
const TOWN_B = '410922101'; // 马庄桥镇

let now = new Date();
let api: TestApi;
let writer: Session, writer2: Session, admin: Session, residentA: Session, residentB: Session;

/** media_url → trace_id of every media_check_async the stand-in accepted. */
const mediaRequests: { traceId: string; mediaUrl: string; mediaType: number; openid: string; fetchedStatus: number }[] = [];

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
function mp4(bytes = 4096) {
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isomiso2')]);
  const mdat = Buffer.alloc(bytes - ftyp.length);
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4);
  for (let i = 8; i < mdat.length; i++) mdat[i] = i % 251;
  return Buffer.concat([ftyp, mdat]);
}
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(400)]);

async function upload(token: string, kind: 'image' | 'audio' | 'video', bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=${kind}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { id: string; url: string };
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function signed(path: string, token = PUSH_TOKEN) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return `${path}${path.includes('?') ? '&' : '?'}signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

/** WeChat pushing a media-check verdict to our message-push URL (documented JSON form). */
function pushVerdict(traceId: string, suggest: 'pass' | 'review' | 'risky', label = suggest === 'pass' ? 100 : 20002, options: { token?: string } = {}) {
  return api.request('POST', signed('/api/v1/wechat/push', options.token), {
    body: {
      ToUserName: 'gh_0000000000',
      FromUserName: 'dev:writer',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wx0000000000000000',
      trace_id: traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
    },
  });
}

const article = (overrides: Record<string, unknown> = {}) => ({
  type: 'article',
  title: '农村土地承包那些事',
  summary: '承包期内，发包方不得收回承包地',
  body: '<p>土地承包经营权受法律保护。</p>',
  tags: ['土地承包'],
  channel: '乡村',
  scope: 'county',
  ...overrides,
});

async function createPost(token: string, body: Record<string, unknown>) {
  const res = await api.request('POST', '/api/v1/content/posts', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Writes a post, submits it, answers WeChat's media checks with pass, and approves it. */
async function publish(body: Record<string, unknown>, token = writer.token) {
  const post = await createPost(token, body);
  const submitted = await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  for (const m of mediaRequests) {
    if (m.traceId.startsWith('used:')) continue;
    await pushVerdict(m.traceId, 'pass');
    m.traceId = `used:${m.traceId}`;
  }
  const approved = await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body;
}

async function postCount() {
  const res = await api.request('GET', '/api/v1/content/posts?mine=true&limit=100', { token: writer.token });
  return res.body.total as number;
}

beforeAll(async () => {
  api = await startTestApi({ WECHAT_PUSH_TOKEN: PUSH_TOKEN }, { clock: () => now });
  api.wechat.handle('POST', '/wxa/msg_sec_check', ({ url, body }) => {
    if (!api.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (body?.version !== 2 || typeof body.openid !== 'string' || ![1, 2, 3, 4].includes(body.scene)) return { errcode: 47001, errmsg: 'data format error' };
    if (typeof body.content !== 'string' || Array.from(body.content as string).length > 2500) return { errcode: 47001, errmsg: 'data format error' };
    const content = `${body.title ?? ''}${body.content}`;
    const [suggest, label] = content.includes('赌博') ? ['risky', 20006] : content.includes('请复核') ? ['review', 21000] : ['pass', 100];
    return { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }], trace_id: randomBytes(8).toString('hex') };
  });
  api.wechat.handle('POST', '/wxa/media_check_async', async ({ url, body }) => {
    if (!api.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
    if (body?.version !== 2 || ![1, 2].includes(body.media_type) || typeof body.media_url !== 'string' || typeof body.openid !== 'string') {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    // WeChat downloads the file from the URL it was given.
    const fetched = await fetch(body.media_url);
    await fetched.arrayBuffer();
    const traceId = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
    mediaRequests.push({ traceId, mediaUrl: body.media_url, mediaType: body.media_type, openid: body.openid, fetchedStatus: fetched.status });
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  });
  [writer, writer2, admin, residentA, residentB] = await Promise.all([
    api.loginAs('writer', { roles: ['propaganda'] }),
    api.loginAs('writer2', { roles: ['propaganda'] }),
    api.loginAs('admin', { roles: ['county_admin'] }),
    api.loginAs('resA', { townshipCode: TOWN_A }),
    api.loginAs('resB', { townshipCode: TOWN_B }),
  ]);
});
afterAll(() => api?.close());
beforeEach(() => {
  now = new Date();
  mediaRequests.length = 0;
});

describe('who may write and approve', () => {
  it('lets propaganda staff and the county admin write posts, and nobody else', async () => {
    const resident = await api.request('POST', '/api/v1/content/posts', { token: residentA.token, body: article() });
    expect(resident.status).toBe(403);
    const staff = await api.loginAs('township-staff', { roles: ['township_staff'], staffTownshipCode: TOWN_A });
    expect((await api.request('POST', '/api/v1/content/posts', { token: staff.token, body: article() })).status).toBe(403);
    expect((await api.request('POST', '/api/v1/content/posts', { body: article() })).status).toBe(401);
    const draft = await createPost(writer.token, article());
    expect(draft).toMatchObject({ status: 'draft', authorName: 'writer', title: '农村土地承包那些事' });
    expect((await createPost(admin.token, article({ title: '管理员也能写' }))).status).toBe('draft');
  });

  it('lets only the county admin approve, reject and pin', async () => {
    const post = await createPost(writer.token, article());
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('in_review');
    for (const path of ['approve', 'reject']) {
      const res = await api.request('POST', `/api/v1/content/posts/${post.id}/${path}`, { token: writer.token, body: path === 'reject' ? { reason: '不行' } : undefined });
      expect(res.status).toBe(403);
    }
    expect((await api.request('PUT', `/api/v1/content/posts/${post.id}/pin`, { token: writer.token, body: { pinned: true } })).status).toBe(403);
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token })).body.status).toBe('published');
  });

  it('keeps drafts private to their author, even from the county admin', async () => {
    const draft = await createPost(writer.token, article({ title: '只有我能看的草稿' }));
    expect((await api.request('GET', `/api/v1/content/posts/${draft.id}`, { token: writer2.token })).status).toBe(404);
    expect((await api.request('GET', `/api/v1/content/posts/${draft.id}`, { token: admin.token })).status).toBe(404);
    expect((await api.request('GET', `/api/v1/posts/${draft.id}`, { token: residentA.token })).status).toBe(404);
    expect((await api.request('PUT', `/api/v1/content/posts/${draft.id}`, { token: writer2.token, body: article() })).status).toBe(404);
    expect((await api.request('POST', `/api/v1/content/posts/${draft.id}/submit`, { token: writer2.token })).status).toBe(404);
    const adminList = await api.request('GET', '/api/v1/content/posts?limit=100', { token: admin.token });
    expect(adminList.body.items.map((p: { id: string }) => p.id)).not.toContain(draft.id);
    const otherList = await api.request('GET', '/api/v1/content/posts?limit=100', { token: writer2.token });
    expect(otherList.body.items.map((p: { id: string }) => p.id)).not.toContain(draft.id);
    const mine = await api.request('GET', '/api/v1/content/posts?limit=100', { token: writer.token });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(draft.id);
  });
});

describe('bad input is refused with 400 naming the field, and nothing is stored', () => {
  it.each([
    ['an empty title', { title: '   ' }, 'body.title'],
    ['a township that does not exist', { scope: 'townships', townshipCodes: ['410922999'] }, 'body.townshipCodes.0'],
    ['townships scope without townships', { scope: 'townships', townshipCodes: [] }, 'body.townshipCodes'],
    ['a publish time in the past', { publishAt: '2020-01-01T08:00:00+08:00' }, 'body.publishAt'],
    ['an article longer than 100,000 characters', { body: `<p>${'a'.repeat(100_001)}</p>` }, 'body.body'],
    ['an unknown field', { views: 100 }, 'body.views'],
    ['an unknown channel', { channel: '网吧' }, 'body.channel'],
    ['a cover that is not an upload', { coverId: 'AAAAAAAAAAAAAAAAAAAA' }, 'body.coverId'],
  ])('refuses %s', async (_, overrides, field) => {
    const before = await postCount();
    const res = await api.request('POST', '/api/v1/content/posts', { token: writer.token, body: article(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    // The line a person reads is plain Chinese; the path is for the form to place it.
    expect(res.body.error.message).toMatch(/^输入有误：[^A-Za-z]+$/);
    expect(await postCount()).toBe(before);
  });

  it('refuses a 10 MB article with 413 before reading it, and stores nothing', async () => {
    const before = await postCount();
    const res = await api.request('POST', '/api/v1/content/posts', { token: writer.token, body: article({ body: `<p>${'a'.repeat(10 * 1024 * 1024)}</p>` }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await postCount()).toBe(before);
  });

  it('refuses a publish time in the past on edit too, and leaves the post as it was', async () => {
    const post = await createPost(writer.token, article({ title: '原来的标题' }));
    const res = await api.request('PUT', `/api/v1/content/posts/${post.id}`, { token: writer.token, body: article({ title: '新标题', publishAt: new Date(now.getTime() - 60_000).toISOString() }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.publishAt');
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.title).toBe('原来的标题');
  });

  it('names what a type still needs when it is submitted', async () => {
    const video = await createPost(writer.token, { type: 'video', title: '防诈骗短片', channel: '社区' });
    const res = await api.request('POST', `/api/v1/content/posts/${video.id}/submit`, { token: writer.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('mediaId');
    const audio = await upload(writer.token, 'audio', MP3, 'song.mp3');
    const opera = await createPost(writer.token, { type: 'opera', title: '豫剧《婚姻法》', channel: '乡村', mediaId: audio.id });
    const res2 = await api.request('POST', `/api/v1/content/posts/${opera.id}/submit`, { token: writer.token });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details[0].field).toBe('lyrics');
    expect((await api.request('GET', `/api/v1/content/posts/${opera.id}`, { token: writer.token })).body.status).toBe('draft');
  });

  it('refuses media of the wrong kind for the post type', async () => {
    const image = await upload(writer.token, 'image', PNG, 'x.png');
    const res = await api.request('POST', '/api/v1/content/posts', { token: writer.token, body: { type: 'video', title: '视频', channel: '学校', mediaId: image.id } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.mediaId');
  });
});

describe('rich text', () => {
  it('stores an article without scripts, event handlers, javascript: links or outside images', async () => {
    const image = await upload(writer.token, 'image', PNG, 'photo.png');
    const dirty = [
      '<p onclick="steal()">第一段<script>alert(document.cookie)</script></p>',
      `<p><img src="/api/v1/uploads/${image.id}" alt="图" onerror="alert(1)"></p>`,
      '<p><img src="https://evil.example/x.png"></p>',
      '<p><a href="javascript:alert(1)">点我</a> <a href="https://www.npc.gov.cn/">全国人大</a></p>',
      '<iframe src="https://evil.example"></iframe><style>p{display:none}</style><h2 style="color:red">小标题</h2>',
    ].join('');
    const post = await createPost(writer.token, article({ body: dirty }));
    expect(post.body).not.toMatch(/script|onclick|onerror|javascript:|evil\.example|iframe|style|alert/i);
    expect(post.body).toContain(`<img src="/api/v1/uploads/${image.id}" alt="图" />`);
    expect(post.body).toContain('<a href="https://www.npc.gov.cn/">全国人大</a>');
    expect(post.body).toContain('<h2>小标题</h2>');
    expect(post.body).toContain('<p>第一段</p>');
  });

  it('refuses an inline image that points at an upload that does not exist', async () => {
    const res = await api.request('POST', '/api/v1/content/posts', { token: writer.token, body: article({ body: '<p><img src="/api/v1/uploads/BBBBBBBBBBBBBBBBBBBB"></p>' }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.body.images.0');
  });
});

describe('WeChat content security', () => {
  it('checks the text with msgSecCheck v2 and each image with mediaCheckAsync v2, and keeps the post out of review until every verdict arrives', async () => {
    const [img1, img2] = [await upload(writer.token, 'image', PNG, 'a.png'), await upload(writer.token, 'image', PNG, 'b.png')];
    const post = await createPost(writer.token, article({ body: `<p>正文</p><img src="/api/v1/uploads/${img1.id}"><img src="/api/v1/uploads/${img2.id}">`, coverId: img1.id }));
    const res = await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('checking');

    const textCheck = api.wechat.requests.filter((r) => r.url.pathname === '/wxa/msg_sec_check').at(-1)!;
    expect(textCheck.body).toMatchObject({ version: 2, openid: 'dev:writer', title: '农村土地承包那些事' });
    expect(textCheck.body.content).toContain('正文');
    expect(mediaRequests).toHaveLength(2); // the cover is the same image as the first inline one
    expect(mediaRequests.map((m) => m.mediaType)).toEqual([2, 2]);
    expect(mediaRequests.map((m) => m.mediaUrl.replace(/^.*\/uploads\//, '')).sort()).toEqual([img1.id, img2.id].sort());
    expect(mediaRequests.map((m) => m.fetchedStatus)).toEqual([200, 200]);

    const queue = async () => (await api.request('GET', '/api/v1/content/posts?status=in_review&limit=100', { token: admin.token })).body.items.map((p: { id: string }) => p.id);
    expect(await queue()).not.toContain(post.id);
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token })).status).toBe(409);

    // The same verdict pushed twice counts once.
    expect((await pushVerdict(mediaRequests[0]!.traceId, 'pass')).status).toBe(200);
    expect((await pushVerdict(mediaRequests[0]!.traceId, 'pass')).body).toBe('success');
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('checking');
    await pushVerdict(mediaRequests[1]!.traceId, 'pass');
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('in_review');
    expect(await queue()).toContain(post.id);
  });

  it('blocks a post whose text WeChat finds risky, and shows the reason to its author', async () => {
    const post = await createPost(writer.token, article({ body: '<p>网上赌博稳赚不赔</p>' }));
    const res = await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(res.body.rejection).toMatchObject({ by: 'security' });
    expect(res.body.rejection.reason).toContain('违法犯罪');
    const seen = await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token });
    expect(seen.body.rejection.reason).toContain('未通过微信内容安全检测');
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token })).status).toBe(409);
  });

  it('blocks a post when the pushed media verdict is risky, and ignores a later pass for the same post', async () => {
    const poster = await upload(writer.token, 'image', PNG, 'poster.png');
    const post = await createPost(writer.token, { type: 'poster', title: '宪法宣传海报', channel: '学校', mediaId: poster.id });
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect(mediaRequests).toHaveLength(1);
    await pushVerdict(mediaRequests[0]!.traceId, 'risky', 20002);
    const seen = await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token });
    expect(seen.body.status).toBe('rejected');
    expect(seen.body.rejection.reason).toContain('色情');
    await pushVerdict(mediaRequests[0]!.traceId, 'pass');
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('rejected');
    const log = await api.request('GET', `/api/v1/content/audit?postId=${post.id}`, { token: admin.token });
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('security_rejected');
  });

  it('sends an opera clip’s audio to mediaCheckAsync as audio, and notes that a video must be watched by the reviewer', async () => {
    const audio = await upload(writer.token, 'audio', MP3, 'opera.mp3');
    const opera = await createPost(writer.token, { type: 'opera', title: '豫剧唱民法典', channel: '乡村', mediaId: audio.id, lyrics: '民法典，护万家' });
    await api.request('POST', `/api/v1/content/posts/${opera.id}/submit`, { token: writer.token });
    expect(mediaRequests.map((m) => m.mediaType)).toEqual([1]);
    const textCheck = api.wechat.requests.filter((r) => r.url.pathname === '/wxa/msg_sec_check').at(-1)!;
    expect(textCheck.body.content).toContain('民法典，护万家');

    mediaRequests.length = 0;
    const [video, cover] = [await upload(writer.token, 'video', mp4(), 'v.mp4'), await upload(writer.token, 'image', PNG, 'c.png')];
    const clip = await createPost(writer.token, { type: 'video', title: '反诈短片', channel: '社区', mediaId: video.id, coverId: cover.id });
    const res = await api.request('POST', `/api/v1/content/posts/${clip.id}/submit`, { token: writer.token });
    expect(mediaRequests.map((m) => m.mediaUrl.replace(/^.*\/uploads\//, ''))).toEqual([cover.id]);
    expect(res.body.securityNote).toContain('视频');
  });

  it('splits long text into pieces of at most 2500 characters for msgSecCheck', async () => {
    const post = await createPost(writer.token, article({ body: `<p>${'法治'.repeat(3000)}</p>` }));
    const before = api.wechat.requests.length;
    const res = await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect(res.body.status).toBe('in_review');
    const calls = api.wechat.requests.slice(before).filter((r) => r.url.pathname === '/wxa/msg_sec_check');
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses pushes without a valid signature and changes nothing', async () => {
    const image = await upload(writer.token, 'image', PNG, 'p.png');
    const post = await createPost(writer.token, { type: 'poster', title: '海报', channel: '企业', mediaId: image.id });
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    const traceId = mediaRequests[0]!.traceId;
    expect((await pushVerdict(traceId, 'pass', 100, { token: 'wrongToken' })).status).toBe(401);
    const unsigned = await api.request('POST', '/api/v1/wechat/push', { body: { MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'pass', label: 100 } } });
    expect(unsigned.status).toBe(401);
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('checking');
    expect((await pushVerdict(traceId, 'pass')).status).toBe(200);
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('in_review');
  });

  it('answers WeChat’s signed URL check with echostr', async () => {
    const ok = await api.request('GET', signed('/api/v1/wechat/push?echostr=hello123'));
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('hello123');
    expect((await api.request('GET', '/api/v1/wechat/push?echostr=hello123&signature=abc&timestamp=1&nonce=2')).status).toBe(401);
  });

  it('accepts a push sent without a JSON content type', async () => {
    const res = await fetch(api.baseUrl + signed('/api/v1/wechat/push'), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ MsgType: 'event', Event: 'user_enter_tempsession' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
  });
});

describe('review, feed and the post page', () => {
  it('takes an article with an image and a script through review to the targeted township’s feed, first, without the script', async () => {
    const image = await upload(writer.token, 'image', PNG, 'photo.png');
    const other = await publish(article({ title: '给马庄桥镇的通知', scope: 'townships', townshipCodes: [TOWN_B] }));
    const post = await publish(article({ title: '城关镇宅基地政策', body: `<p>宅基地<script>alert(1)</script></p><img src="/api/v1/uploads/${image.id}">`, scope: 'townships', townshipCodes: [TOWN_A] }));
    expect(post.status).toBe('published');

    const feedA = await api.request('GET', '/api/v1/feed', { token: residentA.token });
    expect(feedA.status).toBe(200);
    expect(feedA.body.items[0]).toMatchObject({ id: post.id, title: '城关镇宅基地政策', type: 'article' });
    expect(feedA.body.items[0].cover.url).toBe(`/api/v1/uploads/${image.id}`); // an article's first picture
    expect(feedA.body.items.map((i: { id: string }) => i.id)).not.toContain(other.id);
    const feedB = await api.request('GET', '/api/v1/feed', { token: residentB.token });
    expect(feedB.body.items.map((i: { id: string }) => i.id)).not.toContain(post.id);
    expect(feedB.body.items.map((i: { id: string }) => i.id)).toContain(other.id);

    const page = await api.request('GET', `/api/v1/posts/${post.id}`, { token: residentA.token });
    expect(page.body).toMatchObject({ status: 'published', title: '城关镇宅基地政策' });
    expect(page.body.body).not.toContain('script');
    expect(page.body.body).toContain(`/api/v1/uploads/${image.id}`);
  });

  it('lists pinned posts first, then the newest, with pagination and filters by type, topic and keyword', async () => {
    const older = await publish(article({ title: '较早的文章：继承', tags: ['遗嘱继承'] }));
    now = new Date(now.getTime() + 60_000);
    const poster = await upload(writer.token, 'image', PNG, 'p.png');
    const newer = await publish({ type: 'poster', title: '较新的海报：电信诈骗', channel: '社区', mediaId: poster.id, tags: ['电信诈骗'] });
    const feed = await api.request('GET', '/api/v1/feed?limit=50', { token: residentA.token });
    const ids = feed.body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));

    expect((await api.request('PUT', `/api/v1/content/posts/${older.id}/pin`, { token: admin.token, body: { pinned: true } })).status).toBe(200);
    const pinned = await api.request('GET', '/api/v1/feed?limit=2', { token: residentA.token });
    expect(pinned.body.items[0]).toMatchObject({ id: older.id, pinned: true });
    expect(pinned.body.items).toHaveLength(2);
    expect(pinned.body.total).toBeGreaterThan(2);
    const second = await api.request('GET', '/api/v1/feed?limit=2&offset=2', { token: residentA.token });
    expect(second.body.items.map((i: { id: string }) => i.id)).not.toContain(older.id);
    await api.request('PUT', `/api/v1/content/posts/${older.id}/pin`, { token: admin.token, body: { pinned: false } });

    const posters = await api.request('GET', '/api/v1/feed?type=poster&limit=50', { token: residentA.token });
    expect(posters.body.items.every((i: { type: string }) => i.type === 'poster')).toBe(true);
    expect(posters.body.items.map((i: { id: string }) => i.id)).toContain(newer.id);
    expect(posters.body.items.find((i: { id: string }) => i.id === newer.id).cover.url).toContain(poster.id);
    const topic = await api.request('GET', `/api/v1/feed?tag=${encodeURIComponent('遗嘱继承')}`, { token: residentA.token });
    expect(topic.body.items.map((i: { id: string }) => i.id)).toEqual([older.id]);
    const search = await api.request('GET', `/api/v1/feed?q=${encodeURIComponent('诈骗')}`);
    expect(search.body.items.map((i: { id: string }) => i.id)).toContain(newer.id);
    expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(older.id);
  });

  it('takes a rejected post back to its author with the reason, and lets them edit and resubmit', async () => {
    const post = await createPost(writer.token, article({ title: '有错别字的文章' }));
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    const rejected = await api.request('POST', `/api/v1/content/posts/${post.id}/reject`, { token: admin.token, body: { reason: '标题有错别字' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { by: 'review', reason: '标题有错别字' } });
    const edited = await api.request('PUT', `/api/v1/content/posts/${post.id}`, { token: writer.token, body: article({ title: '改好的文章' }) });
    expect(edited.body).toMatchObject({ status: 'draft', title: '改好的文章' });
    const again = await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    expect(again.body).toMatchObject({ status: 'in_review', rejection: null });
    const emptyReason = await api.request('POST', `/api/v1/content/posts/${post.id}/reject`, { token: admin.token, body: { reason: '' } });
    expect(emptyReason.status).toBe(400);
    expect(emptyReason.body.error.details[0].field).toBe('body.reason');
  });

  it('removes a withdrawn post from the feed and says 已撤回 on its page', async () => {
    const post = await publish(article({ title: '将被撤回的文章' }));
    expect((await api.request('GET', '/api/v1/feed?limit=50', { token: residentA.token })).body.items.map((i: { id: string }) => i.id)).toContain(post.id);
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/withdraw`, { token: writer2.token })).status).toBe(403);
    const withdrawn = await api.request('POST', `/api/v1/content/posts/${post.id}/withdraw`, { token: writer.token });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await api.request('GET', '/api/v1/feed?limit=50', { token: residentA.token })).body.items.map((i: { id: string }) => i.id)).not.toContain(post.id);
    const page = await api.request('GET', `/api/v1/posts/${post.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: 'withdrawn', body: '', media: null });
    expect((await api.request('POST', `/api/v1/posts/${post.id}/views`, { token: residentA.token })).status).toBe(404);
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/withdraw`, { token: writer.token })).status).toBe(409);
  });

  it('shows the county admin an audit log of who did what, and when', async () => {
    const post = await publish(article({ title: '审计用文章' }));
    await api.request('POST', `/api/v1/content/posts/${post.id}/withdraw`, { token: admin.token });
    const log = await api.request('GET', `/api/v1/content/audit?postId=${post.id}`, { token: admin.token });
    expect(log.status).toBe(200);
    const entries = [...log.body.items].reverse().map((e: { action: string; actorName: string }) => `${e.action}:${e.actorName}`);
    expect(entries).toEqual(['created:writer', 'submitted:writer', 'security_passed:微信内容安全检测', 'approved:admin', 'published:admin', 'withdrawn:admin']);
    expect(log.body.items[0].at).toMatch(/\+08:00$/);
    expect((await api.request('GET', '/api/v1/content/audit', { token: writer.token })).status).toBe(403);
  });
});

describe('scheduled publishing', () => {
  it('publishes a post at its set time without anyone acting, exactly once across concurrent task runs', async () => {
    const publishAt = new Date(now.getTime() + 3600_000);
    const post = await publish(article({ title: '定时发布的文章', publishAt: publishAt.toISOString() }));
    expect(post.status).toBe('scheduled');
    expect((await api.request('GET', '/api/v1/feed?limit=50', { token: residentA.token })).body.items.map((i: { id: string }) => i.id)).not.toContain(post.id);
    expect((await api.request('GET', `/api/v1/posts/${post.id}`)).status).toBe(404);

    const task = api.tasks.find((t) => t.name === 'content:publish-scheduled')!;
    await task.run(new Date(publishAt.getTime() - 1000));
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('scheduled');

    const later = new Date(publishAt.getTime() + 1000);
    await Promise.all([task.run(later), task.run(later), task.run(later)]);
    const counts = await Promise.all([api.services.content.publishDue(later), api.services.content.publishDue(later)]);
    expect(counts).toEqual([0, 0]);
    const seen = await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token });
    expect(seen.body.status).toBe('published');
    expect(seen.body.publishedAt).toBe(seen.body.publishAt);
    const log = await api.request('GET', `/api/v1/content/audit?postId=${post.id}&limit=100`, { token: admin.token });
    expect(log.body.items.filter((e: { action: string }) => e.action === 'published')).toHaveLength(1);
    expect((await api.request('GET', '/api/v1/feed?limit=50', { token: residentA.token })).body.items.map((i: { id: string }) => i.id)).toContain(post.id);
  });

  it('publishes each due post once when two task runs race over several posts', async () => {
    const publishAt = new Date(now.getTime() + 600_000);
    const posts = [];
    for (let i = 0; i < 4; i++) posts.push(await publish(article({ title: `批量定时 ${i}`, publishAt: publishAt.toISOString() })));
    const later = new Date(publishAt.getTime() + 1);
    const counts = await Promise.all([api.services.content.publishDue(later), api.services.content.publishDue(later)]);
    expect(counts[0]! + counts[1]!).toBe(4);
  });
});

describe('views and reports', () => {
  it('counts a view once per person per day, even when sent many times at once', async () => {
    const post = await publish(article({ title: '浏览计数', channel: '学校', scope: 'townships', townshipCodes: [TOWN_A, TOWN_B] }));
    const results = await Promise.all(Array.from({ length: 10 }, () => api.request('POST', `/api/v1/posts/${post.id}/views`, { token: residentA.token })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.body.counted)).toHaveLength(1);
    expect((await api.request('POST', `/api/v1/posts/${post.id}/views`, { token: residentB.token })).body).toEqual({ counted: true, viewCount: 2 });
    expect((await api.request('GET', `/api/v1/posts/${post.id}`)).body.viewCount).toBe(2);
    expect((await api.request('POST', `/api/v1/posts/${post.id}/views`)).status).toBe(401);

    now = new Date(now.getTime() + 24 * 3600_000);
    // Sessions are short-lived: sign in again on the next day.
    const nextDay = await api.loginAs('resA', { townshipCode: TOWN_A });
    const admin = await api.loginAs('admin', { roles: ['county_admin'] });
    const writer = await api.loginAs('writer', { roles: ['propaganda'] });
    expect((await api.request('POST', `/api/v1/posts/${post.id}/views`, { token: nextDay.token })).body).toEqual({ counted: true, viewCount: 3 });

    const report = await api.request('GET', '/api/v1/content/reports/views', { token: admin.token });
    expect(report.status).toBe(200);
    expect(report.body.byPost.find((r: { postId: string }) => r.postId === post.id)).toMatchObject({ title: '浏览计数', views: 3, channel: '学校' });
    expect(report.body.byChannel.find((r: { channel: string }) => r.channel === '学校').views).toBeGreaterThanOrEqual(3);
    expect(report.body.byTownship.find((r: { townshipCode: string }) => r.townshipCode === TOWN_A)).toMatchObject({ townshipName: '城关镇' });
    expect(report.body.byTownship.find((r: { townshipCode: string }) => r.townshipCode === TOWN_A).views).toBeGreaterThanOrEqual(2);
    expect(report.body.byTownship).toHaveLength(17);
    const service = await api.services.content.viewReport({});
    expect(service.total).toBe(report.body.total);
    expect((await api.request('GET', '/api/v1/content/reports/views', { token: writer.token })).status).toBe(403);
  });
});

describe('view counts under load', () => {
  it('ends with the exact number of people when many view at the same moment', async () => {
    const post = await publish(article({ title: '很多人同时看' }));
    const people = await Promise.all(Array.from({ length: 25 }, (_, i) => api.loginAs(`crowd-${i}`, { townshipCode: i % 2 ? TOWN_A : TOWN_B })));
    const results = await Promise.all(people.map((p) => api.request('POST', `/api/v1/posts/${post.id}/views`, { token: p.token })));
    expect(results.every((r) => r.status === 200 && r.body.counted)).toBe(true);
    await api.tasks.find((t) => t.name === 'content:recount-views')!.run(now);
    expect((await api.request('GET', `/api/v1/posts/${post.id}`)).body.viewCount).toBe(25);
    const report = await api.services.content.viewReport({});
    expect(report.byPost.find((r) => r.postId === post.id)?.views).toBe(25);
  });
});

describe('withdrawing while people are reading', () => {
  it('stays withdrawn when views arrive at the same moment', async () => {
    const post = await publish(article({ title: '边看边撤回' }));
    const readers = await Promise.all(Array.from({ length: 15 }, (_, i) => api.loginAs(`reader-${i}`, { townshipCode: TOWN_A })));
    const [withdrawn] = await Promise.all([
      api.request('POST', `/api/v1/content/posts/${post.id}/withdraw`, { token: writer.token }),
      ...readers.map((r) => api.request('POST', `/api/v1/posts/${post.id}/views`, { token: r.token })),
    ]);
    expect(withdrawn.status).toBe(200);
    expect((await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status).toBe('withdrawn');
    expect((await api.request('GET', `/api/v1/posts/${post.id}`)).body.status).toBe('withdrawn');
    expect((await api.request('GET', '/api/v1/feed?limit=50', { token: readers[0]!.token })).body.items.map((i: { id: string }) => i.id)).not.toContain(post.id);
  });

  it('lets exactly one of two admins acting at once decide a post in review', async () => {
    const post = await createPost(writer.token, article({ title: '两位管理员同时审核' }));
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    const admin2 = await api.loginAs('admin-two', { roles: ['county_admin'] });
    const [approve, reject] = await Promise.all([
      api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token }),
      api.request('POST', `/api/v1/content/posts/${post.id}/reject`, { token: admin2.token, body: { reason: '重复了' } }),
    ]);
    expect([approve.status, reject.status].sort()).toEqual([200, 409]);
    const final = (await api.request('GET', `/api/v1/content/posts/${post.id}`, { token: writer.token })).body.status;
    expect(final).toBe(approve.status === 200 ? 'published' : 'rejected');
  });
});

describe('recovery', () => {
  it('moves a post on when an earlier claim on it was left behind by a process that died', async () => {
    const post = await createPost(writer.token, article({ title: '被中断的审核' }));
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    const doc = await Post.findById(post.id).lean();
    await PostTransition.create({ _id: `${post.id}:${doc!.revision}`, at: new Date(Date.now() - 5 * 60_000) });
    const approved = await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');
  });

  it('does not take over a fresh claim', async () => {
    const post = await createPost(writer.token, article({ title: '正在被别人处理' }));
    await api.request('POST', `/api/v1/content/posts/${post.id}/submit`, { token: writer.token });
    const doc = await Post.findById(post.id).lean();
    await PostTransition.create({ _id: `${post.id}:${doc!.revision}`, at: new Date() });
    expect((await api.request('POST', `/api/v1/content/posts/${post.id}/approve`, { token: admin.token })).status).toBe(409);
  });
});

describe('message push without a configured token', () => {
  it('refuses every push with 503 rather than accepting unsigned ones', async () => {
    const routes = wechatPushRoutes({ pushToken: undefined, onMediaCheck: async () => undefined });
    for (const route of routes) {
      const call = () => route.handler({ query: { signature: 'x', timestamp: '1', nonce: '2' }, ctx: {} as never, body: undefined, params: undefined, actor: undefined });
      await expect(Promise.resolve().then(call)).rejects.toBeInstanceOf(UnavailableError);
    }
  });
});

describe('uploaded video', () => {
  it('is served with HTTP range requests so the player can seek', async () => {
    const bytes = mp4(8192);
    const video = await upload(writer.token, 'video', bytes, 'clip.mp4');
    const res = await fetch(api.baseUrl + video.url, { headers: { Range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const whole = await fetch(api.baseUrl + video.url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(bytes.length);
  });

  it('refuses a file named .mp4 that is not a video', async () => {
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('not a video at all, just text')]), 'fake.mp4');
    const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=video`, { method: 'POST', headers: { Authorization: `Bearer ${writer.token}` }, body: form });
    expect(res.status).toBe(400);
  });
});
