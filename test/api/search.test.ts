import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { SearchMissModel, LexiconModel } from '../../server/src/modules/search/search.model';

let api: TestApi;
let admin: string;
let resident: string;
let villager: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = (await api.loginAs('search-admin', { roles: ['county_admin'] })).token;
  resident = (await api.loginAs('search-resident')).token;
  villager = (await api.loginAs('search-villager', { townshipCode: '410922100' })).token;
});
afterAll(() => api.close());

const search = (params: Record<string, string>, token?: string) =>
  api.request('GET', `/api/v1/search?${new URLSearchParams(params).toString()}`, token ? { token } : {});
const plain = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marked = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);

describe('GET /api/v1/search: articles', () => {
  it('finds 第二百九十四条 for a villager’s complaint about a pig farm, with the answering sentence marked', async () => {
    const res = await search({ q: '猪场的臭味熏得俺一家睡不着，能管不', kinds: 'article' });
    expect(res.status).toBe(200);
    const numbers = res.body.items.map((h: any) => h.number);
    expect(numbers.slice(0, 3)).toContain(294);
    const hit = res.body.items.find((h: any) => h.number === 294);
    expect(hit).toMatchObject({ kind: 'article', id: '294', title: '第二百九十四条' });
    expect(hit.where).toContain('物权');
    expect(plain(hit.sentence)).toContain('大气污染物');
    expect(marked(hit.sentence)).toContain('大气污染物');
    expect(res.body.weak).toBe(false);
    // Filler is not looked for.
    expect(res.body.terms).not.toContain('俺');
    expect(res.body.terms).not.toContain('咋');
  });

  it('finds 林木折断 (第1257条) for three bare words, none of them required', async () => {
    const res = await search({ q: '邻居 树 砸', kinds: 'article', limit: '3' });
    expect(res.body.items.map((h: any) => h.number)).toContain(1257);
    expect(res.body.items).toHaveLength(3);
    const hit = res.body.items.find((h: any) => h.number === 1257);
    expect(marked(hit.sentence).join('')).toContain('林木');
  });

  it.each(['1043', '第1043条', '第一千零四十三条', '１０４３', '民法典第1043条'])('jumps to article 1043 written as %s', async (q) => {
    const res = await search({ q });
    expect(res.status).toBe(200);
    expect(res.body.jump).toBe(1043);
    expect(res.body.items[0]).toMatchObject({ kind: 'article', number: 1043 });
    expect(res.body.chapter).toMatchObject({ book: '婚姻家庭', index: 1 });
  });

  it('says plainly when nothing fits well, still suggests the closest chapter, and notes the miss without who asked', async () => {
    const res = await search({ q: '婚姻咋办理啊' }, villager);
    expect(res.status).toBe(200);
    expect(res.body.chapter).not.toBeNull();
    const nothing = await search({ q: 'qwxz' }, villager);
    expect(nothing.body).toMatchObject({ items: [], weak: true });
    expect(await api.services.search.flushMisses()).toBeGreaterThan(0);
    const misses = await SearchMissModel.find().lean<any[]>();
    const mine = misses.find((m) => m.terms.includes('qwxz'));
    expect(mine).toMatchObject({ townshipCode: '410922100', count: 1 });
    expect(mine.month).toMatch(/^\d{4}-\d{2}$/);
    expect(JSON.stringify(mine)).not.toContain('search-villager');
    expect(Object.keys(mine).sort()).toEqual(['_id', 'at', 'count', 'month', 'terms', 'townshipCode']);
  });

  it('counts a repeated miss once per flush with its count, and a good search is not a miss', async () => {
    await search({ q: 'zzqq' });
    await search({ q: 'zzqq' });
    await search({ q: '彩礼' });
    await api.services.search.flushMisses();
    const misses = await SearchMissModel.find().lean<any[]>();
    expect(misses.filter((m) => m.terms.includes('zzqq'))).toEqual([expect.objectContaining({ count: 2, townshipCode: null })]);
    expect(misses.some((m) => m.terms.includes('彩礼'))).toBe(false);
  });

  it('treats regex characters and operator-looking text as plain words', async () => {
    for (const q of ['.*', '(彩礼', '$where', '{"$gt":""}', '[a-z]+']) {
      const res = await search({ q });
      expect(res.status, q).toBe(200);
    }
    const res = await api.request('GET', '/api/v1/search?q[$gt]=1');
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/search: questions and FAQ', () => {
  it('finds bank questions, each leading to its articles, without giving away which option is right', async () => {
    const res = await search({ q: '狗咬人 要不要赔', kinds: 'question' });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const hit of res.body.items) expect(hit.kind).toBe('question');
    const top = res.body.items[0];
    expect(top.articles.some((n: number) => [1245, 1246, 1247, 1249].includes(n))).toBe(true);
    expect(top.where).toContain('练习题');
    expect(top.number).toBeNull();
  });

  it('accepts faq, which has no documents until the consultation feature registers a source; then finds them after reload', async () => {
    const empty = await search({ q: '彩礼', kinds: 'faq' });
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
    api.services.search.register({
      kind: 'faq',
      load: async () => [{ id: 'faq-1', title: '订婚后退婚，彩礼要退吗？', body: '订婚后没有结婚的，按照习俗给付的彩礼一般应当返还。', meta: { articles: [1042] } }],
    });
    await api.services.search.reload('faq');
    const found = await search({ q: '退婚 彩礼', kinds: 'faq' });
    expect(found.body.items[0]).toMatchObject({ kind: 'faq', id: 'faq-1', articles: [1042] });
    const mixed = await search({ q: '彩礼', kinds: 'article,question,faq', limit: '30' });
    expect(new Set(mixed.body.items.map((h: any) => h.kind))).toEqual(new Set(['article', 'question', 'faq']));
  });
});

describe('GET /api/v1/search: bad input is a 400 naming the field, in Chinese', () => {
  it.each([
    ['empty q', { q: '' }, 'query.q'],
    ['blank q', { q: '   ' }, 'query.q'],
    ['q over 100 characters', { q: '邻'.repeat(101) }, 'query.q'],
    ['unknown kind', { q: '彩礼', kinds: 'article,law' }, 'query.kinds'],
    ['empty kinds', { q: '彩礼', kinds: '' }, 'query.kinds'],
    ['limit 0', { q: '彩礼', limit: '0' }, 'query.limit'],
    ['limit 31', { q: '彩礼', limit: '31' }, 'query.limit'],
    ['limit not a number', { q: '彩礼', limit: 'ten' }, 'query.limit'],
    ['unknown parameter', { q: '彩礼', sort: 'x' }, 'query'],
  ])('%s', async (_name, params, field) => {
    const res = await search(params as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.error.details[0].field).toContain(field);
  });

  it('missing q', async () => {
    const res = await api.request('GET', '/api/v1/search');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('query.q');
  });

  it('takes exactly 100 characters', async () => {
    expect((await search({ q: '邻'.repeat(100) })).status).toBe(200);
  });
});

describe('the lay-language lexicon, edited by county admins', () => {
  it('is for county admins only', async () => {
    expect((await api.request('GET', '/api/v1/search/lexicon', { token: resident })).status).toBe(403);
    expect((await api.request('POST', '/api/v1/search/lexicon', { token: resident, body: { word: '碰瓷', terms: ['欺诈'] } })).status).toBe(403);
    expect((await api.request('GET', '/api/v1/search/lexicon')).status).toBe(401);
  });

  it('lists the shipped entries', async () => {
    const res = await api.request('GET', '/api/v1/search/lexicon', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(300);
    expect(res.body.items.find((e: any) => e.word === '闺女')).toMatchObject({ origin: 'shipped', active: true, terms: ['子女'] });
  });

  it('adds an entry that the search uses at once, audited; retiring it takes it out again', async () => {
    const before = await search({ q: '碰瓷', kinds: 'article' });
    expect(before.body.items.slice(0, 3).map((h: any) => h.number)).not.toContain(148);
    const added = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '碰瓷', terms: ['欺诈'], note: '故意制造事故讹钱' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'lex:碰瓷', origin: 'county', active: true, retiredAt: null });
    expect(added.body.createdBy).toBeTruthy();
    expect(added.body.createdAt).toBeTruthy();
    const after = await search({ q: '碰瓷', kinds: 'article' });
    expect(after.body.items.slice(0, 3).map((h: any) => h.number)).toContain(148);

    const retired = await api.request('POST', `/api/v1/search/lexicon/${encodeURIComponent('lex:碰瓷')}/retire`, { token: admin });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ active: false, retiredBy: added.body.createdBy });
    expect(retired.body.retiredAt).toBeTruthy();
    const gone = await search({ q: '碰瓷', kinds: 'article' });
    expect(gone.body.items.slice(0, 3).map((h: any) => h.number)).not.toContain(148);
  });

  it('retires a shipped entry, and another instance picks the change up without a restart', async () => {
    const res = await api.request('POST', `/api/v1/search/lexicon/${encodeURIComponent('lex:彩礼')}/retire`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ origin: 'shipped', active: false });
    const stored = await LexiconModel.findById('lex:彩礼').lean<any>();
    expect(stored).toMatchObject({ active: false });
    // A second instance on the same database: its periodic refresh reads the change.
    const { createSearchService } = await import('../../server/src/modules/search/search.service');
    const other = createSearchService({ civilCode: api.services.civilCode, clock: () => new Date(), logger: { info() {}, warn() {}, error() {} } as never });
    await other.ready();
    expect(other.engine.lexicon.lay.has('彩礼')).toBe(false);
    const readd = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '彩礼', terms: ['借婚姻索取财物'] } });
    expect(readd.status).toBe(201);
    await other.refreshLexicon();
    expect(other.engine.lexicon.lay.get('彩礼')).toEqual(['借婚姻索取财物']);
  });

  it('refuses a term the Civil Code does not use, a duplicate word, a missing term, naming the field', async () => {
    const bad = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '薅羊毛', terms: ['羊毛党'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.terms');
    expect(bad.body.error.message).toContain('羊毛党');
    const none = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '薅羊毛' } });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('body.terms');
    const dup = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '闺女', terms: ['子女'] } });
    expect(dup.status).toBe(409);
    const empty = await api.request('POST', '/api/v1/search/lexicon', { token: admin, body: { word: '', terms: ['子女'] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('body.word');
    const unknown = await api.request('POST', `/api/v1/search/lexicon/${encodeURIComponent('lex:没有这个词')}/retire`, { token: admin });
    expect(unknown.status).toBe(404);
  });
});
