import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const get = (path: string) => api.request('GET', `/api/v1${path}`);

describe('GET /api/v1/civil-code/articles/:number', () => {
  it.each(['1043', '第1043条', '第一千零四十三条', '一千零四十三', '１０４３'])('finds article 1043 written as %s', async (written) => {
    const res = await get(`/civil-code/articles/${encodeURIComponent(written)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: 1043, label: '第一千零四十三条', book: '婚姻家庭', bookLabel: '第五编', chapter: '第一章 一般规定' });
    expect(res.body.text).toContain('家庭应当树立优良家风');
    expect(res.body.text).toContain('\n夫妻应当互相忠实');
  });

  it('gives the part and section for books that have them', async () => {
    const res = await get('/civil-code/articles/366');
    expect(res.body).toMatchObject({ book: '物权', part: '第三分编 用益物权', chapter: '第十四章 居住权', section: null });
    const guardian = await get('/civil-code/articles/27');
    expect(guardian.body.section).toBe('第二节 监护');
  });

  it('keeps the first and last articles, including the closing provisions', async () => {
    expect((await get('/civil-code/articles/1')).body.text).toMatch(/^为了保护民事主体的合法权益/);
    const last = await get('/civil-code/articles/1260');
    expect(last.body).toMatchObject({ number: 1260, book: '附则' });
  });

  it('lets clients cache the statute', async () => {
    const res = await get('/civil-code/articles/5');
    expect(res.headers.get('cache-control')).toContain('max-age');
  });

  it('answers 404 in plain words for an article past the end', async () => {
    const res = await get('/civil-code/articles/1261');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('1260');
  });

  it.each(['宅基地', '0', '第条', '1043abc'])('answers 400 naming the field for %s', async (bad) => {
    const res = await get(`/civil-code/articles/${encodeURIComponent(bad)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details[0].field).toBe('params.number');
  });
});

describe('GET /api/v1/civil-code/articles?numbers=', () => {
  it('returns several articles at once, in the order asked, skipping duplicates', async () => {
    const res = await get('/civil-code/articles?numbers=1127,1043,1127');
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { number: number }) => a.number)).toEqual([1127, 1043]);
  });

  it('refuses a malformed list', async () => {
    expect((await get('/civil-code/articles?numbers=1,x')).status).toBe(400);
  });
});

describe('GET /api/v1/civil-code/search', () => {
  it('finds every article containing a keyword, paginated, with a snippet around the match', async () => {
    const first = await get(`/civil-code/search?q=${encodeURIComponent('宅基地')}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBeGreaterThanOrEqual(5);
    expect(first.body.items).toHaveLength(3);
    for (const hit of first.body.items) {
      expect(hit.text).toContain('宅基地');
      expect(hit.snippet).toContain('宅基地');
    }
    const second = await get(`/civil-code/search?q=${encodeURIComponent('宅基地')}&limit=3&offset=3`);
    const numbers = [...first.body.items, ...second.body.items].map((a: { number: number }) => a.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('requires every word of a query with several words', async () => {
    const res = await get(`/civil-code/search?q=${encodeURIComponent('遗嘱 见证人')}&limit=50`);
    expect(res.body.total).toBeGreaterThan(0);
    for (const hit of res.body.items) {
      expect(hit.text).toContain('遗嘱');
      expect(hit.text).toContain('见证人');
    }
  });

  it('narrows to one book', async () => {
    const res = await get(`/civil-code/search?q=${encodeURIComponent('监护人')}&book=${encodeURIComponent('侵权责任')}&limit=50`);
    expect(res.body.total).toBeGreaterThan(0);
    for (const hit of res.body.items) expect(hit.book).toBe('侵权责任');
  });

  it.each(['第一千零四十三条', '1043', '民法典第1043条'])('treats %s as a look-up of article 1043', async (q) => {
    const res = await get(`/civil-code/search?q=${encodeURIComponent(q)}`);
    expect(res.body.article.number).toBe(1043);
  });

  it('answers an empty result for a word the statute does not use', async () => {
    const res = await get(`/civil-code/search?q=${encodeURIComponent('火星移民')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, items: [], article: null });
  });

  it.each([
    ['', 'query.q'],
    ['a'.repeat(51), 'query.q'],
  ])('refuses the query %j with 400', async (q, field) => {
    const res = await get(`/civil-code/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('refuses unknown query fields', async () => {
    expect((await get('/civil-code/search?q=x&foo=1')).status).toBe(400);
  });

  it('answers quickly from memory', async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => get(`/civil-code/search?q=${encodeURIComponent('合同')}`)));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('GET /api/v1/civil-code/toc and chapters', () => {
  it('lists the seven books and the closing provisions with chapters and article ranges covering 1–1260', async () => {
    const res = await get('/civil-code/toc');
    expect(res.status).toBe(200);
    expect(res.body.articleCount).toBe(1260);
    expect(res.body.books.map((b: { book: string }) => b.book)).toEqual(['总则', '物权', '合同', '人格权', '婚姻家庭', '继承', '侵权责任', '附则']);
    let next = 1;
    for (const book of res.body.books) {
      expect(book.from).toBe(next);
      for (const chapter of book.chapters) {
        expect(chapter.from).toBe(next);
        next = chapter.to + 1;
      }
      expect(book.to).toBe(next - 1);
    }
    expect(next).toBe(1261);
    const wuquan = res.body.books[1];
    expect(wuquan.title).toBe('第二编 物权');
    expect(wuquan.chapters).toHaveLength(20);
    expect(wuquan.chapters[12]).toMatchObject({ index: 13, title: '第十三章 宅基地使用权', part: '第三分编 用益物权', from: 362, to: 365 });
  });

  it('browses one chapter with its articles and its neighbours', async () => {
    const res = await get(`/civil-code/books/${encodeURIComponent('物权')}/chapters/13`);
    expect(res.status).toBe(200);
    expect(res.body.articles.map((a: { number: number }) => a.number)).toEqual([362, 363, 364, 365]);
    expect(res.body.previous).toMatchObject({ book: '物权', index: 12 });
    expect(res.body.next).toMatchObject({ book: '物权', index: 14, title: '第十四章 居住权' });
    const first = await get(`/civil-code/books/${encodeURIComponent('总则')}/chapters/1`);
    expect(first.body.previous).toBeNull();
    const crossing = await get(`/civil-code/books/${encodeURIComponent('总则')}/chapters/10`);
    expect(crossing.body.next).toMatchObject({ book: '物权', index: 1 });
  });

  it('answers 404 for a chapter a book does not have and 400 for a book that does not exist', async () => {
    expect((await get(`/civil-code/books/${encodeURIComponent('继承')}/chapters/9`)).status).toBe(404);
    const bad = await get(`/civil-code/books/${encodeURIComponent('刑法')}/chapters/1`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('params.book');
  });
});

describe('GET /api/v1/constitution', () => {
  it.each(['33', '第33条', '第三十三条'])('finds Constitution article 33 written as %s', async (written) => {
    const res = await get(`/constitution/articles/${encodeURIComponent(written)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: 33, chapter: '第二章 公民的基本权利和义务' });
    expect(res.body.text).toContain('中华人民共和国公民在法律面前一律平等');
  });

  it('answers 404 past article 143', async () => {
    expect((await get('/constitution/articles/144')).status).toBe(404);
  });

  it('gives the preamble and the chapters for the culture-park guide', async () => {
    const res = await get('/constitution/toc');
    expect(res.body.articleCount).toBe(143);
    expect(res.body.preamble[0]).toMatch(/^中国是世界上历史最悠久的国家之一/);
    expect(res.body.chapters.map((c: { title: string }) => c.title)).toEqual([
      '第一章 总纲',
      '第二章 公民的基本权利和义务',
      '第三章 国家机构',
      '第四章 国旗、国歌、国徽、首都',
    ]);
    expect(res.body.chapters[2].sections).toHaveLength(8);
  });
});
