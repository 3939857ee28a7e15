import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIVIL_CODE_BOOKS, IMPORT_COLUMNS, type QuestionContent } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let editor: string; // propaganda
let admin: string; // county_admin
let resident: string;
let townshipStaff: string;

beforeAll(async () => {
  api = await startTestApi();
  editor = (await api.loginAs('editor-li', { roles: ['propaganda'] })).token;
  admin = (await api.loginAs('admin-county', { roles: ['county_admin'] })).token;
  resident = (await api.loginAs('resident-wang')).token;
  townshipStaff = (await api.loginAs('staff-zhang', { roles: ['township_staff'], staffTownshipCode: '410922100' })).token;
});
afterAll(() => api.close());

const validContent = (overrides: Partial<QuestionContent> = {}): QuestionContent => ({
  type: 'single',
  stem: '村民老周想让侄子在自己糊涂后照顾自己，应当怎么确定监护人？',
  options: [
    { key: 'A', text: '口头说一声' },
    { key: 'B', text: '事先协商，以书面形式确定' },
    { key: 'C', text: '由村委会指定' },
  ],
  answer: ['B'],
  explanation: '法律规定成年人可以与近亲属等事先协商，「以书面形式确定自己的监护人」。',
  articles: [33],
  book: '总则',
  difficulty: 1,
  tags: ['赡养老人'],
  ...overrides,
});

async function total(query = '') {
  const res = await api.request('GET', `/api/v1/quiz/questions?limit=1${query}`, { token: editor });
  expect(res.status).toBe(200);
  return res.body.total as number;
}

describe('the seeded bank', () => {
  it('holds the seed questions, at least 25 active per book', async () => {
    const res = await api.request('GET', '/api/v1/quiz/questions?limit=5', { token: editor });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(210);
    for (const book of CIVIL_CODE_BOOKS) expect(res.body.activeByBook[book]).toBeGreaterThanOrEqual(25);
    expect(res.body.items[0]).toMatchObject({ status: 'active', origin: 'seed', version: 1 });
    expect(res.body.items[0].content.answer.length).toBeGreaterThan(0);
  });

  it('seeds idempotently: running the seeder again adds nothing', async () => {
    const before = await total();
    await api.services.questions.ready();
    const { createQuestionsService } = await import('../../server/src/modules/quiz/questions.service');
    await createQuestionsService({ civilCode: api.services.civilCode }).ready();
    expect(await total()).toBe(before);
  });

  it('brings seed questions nobody edited up to date with corrections in the code, and leaves edited ones alone', async () => {
    const { QuestionModel } = await import('../../server/src/modules/quiz/questions.model');
    const { createQuestionsService } = await import('../../server/src/modules/quiz/questions.service');
    await QuestionModel.updateOne({ _id: 'zz-002' }, { $set: { 'content.stem': '旧的题干', seedHash: 'stale' } });
    const edited = await api.request('GET', '/api/v1/quiz/questions/zz-003', { token: editor });
    const mine = { ...edited.body.content, stem: `${edited.body.content.stem}（县里改过）` };
    expect((await api.request('PUT', '/api/v1/quiz/questions/zz-003', { token: editor, body: { content: mine, version: 1 } })).status).toBe(200);
    await QuestionModel.updateOne({ _id: 'zz-003' }, { $set: { seedHash: 'stale' } });

    await createQuestionsService({ civilCode: api.services.civilCode }).ready();
    const fixed = await api.request('GET', '/api/v1/quiz/questions/zz-002', { token: editor });
    expect(fixed.body.content.stem).not.toBe('旧的题干');
    const kept = await api.request('GET', '/api/v1/quiz/questions/zz-003', { token: editor });
    expect(kept.body.content.stem).toBe(mine.stem);
  });

  it('brings the ten questions corrected after the legal review up to date in a database seeded before the corrections', async () => {
    const { QuestionModel } = await import('../../server/src/modules/quiz/questions.model');
    const { createQuestionsService } = await import('../../server/src/modules/quiz/questions.service');
    const { SEED_QUESTIONS } = await import('../../server/src/modules/quiz/data/questions');
    const corrected = ['hy-010', 'hy-003', 'jc-024', 'rg-020', 'hy-015', 'zz-026', 'wq-026', 'wq-010', 'jc-022', 'wq-004'];
    // What an older database holds: the text before the corrections, with that text's seed hash.
    for (const id of corrected) {
      await QuestionModel.updateOne({ _id: id }, { $set: { 'content.stem': `更正前的题干 ${id}`, 'content.articles': [1039], seedHash: 'before-issue-20' } });
    }
    await createQuestionsService({ civilCode: api.services.civilCode }).ready();
    for (const id of corrected) {
      const res = await api.request('GET', `/api/v1/quiz/questions/${id}`, { token: editor });
      expect(res.body.content).toEqual(SEED_QUESTIONS.find((q) => q.id === id)!.content);
    }
  });

  it('filters by book, type, status, words and cited article', async () => {
    const inheritance = await api.request('GET', `/api/v1/quiz/questions?book=${encodeURIComponent('继承')}&type=truefalse&limit=100`, { token: editor });
    expect(inheritance.body.total).toBeGreaterThan(5);
    for (const q of inheritance.body.items) expect(q.content).toMatchObject({ book: '继承', type: 'truefalse' });
    const byArticle = await api.request('GET', `/api/v1/quiz/questions?q=${encodeURIComponent('第1254条')}&limit=100`, { token: editor });
    expect(byArticle.body.total).toBeGreaterThanOrEqual(3);
    for (const q of byArticle.body.items) expect(q.content.articles).toContain(1254);
    const byWord = await api.request('GET', `/api/v1/quiz/questions?q=${encodeURIComponent('宅基地')}&limit=100`, { token: editor });
    for (const q of byWord.body.items) expect(q.content.stem + q.content.explanation).toContain('宅基地');
  });
});

describe('who may manage the bank', () => {
  it.each([
    ['a resident', () => resident],
    ['township staff', () => townshipStaff],
  ])('refuses %s with 403, before and after answers could leak', async (_who, token) => {
    const list = await api.request('GET', '/api/v1/quiz/questions', { token: token() });
    expect(list.status).toBe(403);
    expect(JSON.stringify(list.body)).not.toContain('answer');
    expect((await api.request('GET', '/api/v1/quiz/questions/zz-001', { token: token() })).status).toBe(403);
    expect((await api.request('POST', '/api/v1/quiz/questions', { token: token(), body: { content: validContent() } })).status).toBe(403);
    expect((await api.request('GET', '/api/v1/quiz/question-imports/template', { token: token() })).status).toBe(403);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await api.request('GET', '/api/v1/quiz/questions')).status).toBe(401);
  });

  it('lets a county admin manage the bank too', async () => {
    expect((await api.request('GET', '/api/v1/quiz/questions/zz-001', { token: admin })).status).toBe(200);
  });
});

describe('adding, editing and retiring questions', () => {
  let id: string;

  it('adds a question with an id derived from its content', async () => {
    const before = await total();
    const res = await api.request('POST', '/api/v1/quiz/questions', { token: editor, body: { content: validContent() } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', origin: 'staff', version: 1, content: { answer: ['B'], articles: [33] } });
    expect(res.body.id).toMatch(/^q-[0-9a-f]{16}$/);
    id = res.body.id;
    expect(await total()).toBe(before + 1);
    const read = await api.request('GET', `/api/v1/quiz/questions/${id}`, { token: editor });
    expect(read.body.content.stem).toBe(validContent().stem);
  });

  it('refuses the same question twice with 409', async () => {
    const res = await api.request('POST', '/api/v1/quiz/questions', { token: admin, body: { content: validContent({ explanation: '另一种说法：「以书面形式确定自己的监护人」。' }) } });
    expect(res.status).toBe(409);
  });

  it.each([
    ['a quotation that is not in the cited article', { explanation: '法律说「成年人可以随便指定监护人」。' }, 'body.content.explanation'],
    ['an article that does not exist', { articles: [1261] }, 'body.content.articles.0'],
    ['an answer that is not among the options', { answer: ['D'] as QuestionContent['answer'] }, 'body.content.answer.0'],
    ['two answers on a single-choice question', { answer: ['A', 'B'] as QuestionContent['answer'] }, 'body.content.answer'],
    ['no answer', { answer: [] }, 'body.content.answer'],
    ['an option letter that does not exist', { options: [{ key: 'A', text: '一' }, { key: 'G', text: '二' }] } as unknown as Partial<QuestionContent>, 'body.content.options.1.key'],
    ['a book none of the cited articles is in', { book: '继承' }, 'body.content.book'],
    ['an empty stem', { stem: '  ' }, 'body.content.stem'],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_what, overrides, field) => {
    const before = await total();
    const res = await api.request('POST', '/api/v1/quiz/questions', { token: editor, body: { content: { ...validContent({ stem: `新题：${_what}` }), ...overrides } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await total()).toBe(before);
  });

  it('refuses unknown fields', async () => {
    const res = await api.request('POST', '/api/v1/quiz/questions', { token: editor, body: { content: validContent(), status: 'active' } });
    expect(res.status).toBe(400);
  });

  it('edits a question when the version matches and refuses a stale edit with 409', async () => {
    const edited = validContent({ explanation: '改过的解析：「以书面形式确定自己的监护人」，别只口头说。' });
    const ok = await api.request('PUT', `/api/v1/quiz/questions/${id}`, { token: editor, body: { content: edited, version: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, version: 2, content: { explanation: edited.explanation } });
    const stale = await api.request('PUT', `/api/v1/quiz/questions/${id}`, { token: admin, body: { content: validContent(), version: 1 } });
    expect(stale.status).toBe(409);
    expect((await api.request('GET', `/api/v1/quiz/questions/${id}`, { token: editor })).body.content.explanation).toBe(edited.explanation);
  });

  it('answers 404 for a question that does not exist', async () => {
    expect((await api.request('GET', '/api/v1/quiz/questions/q-0000000000000000', { token: editor })).status).toBe(404);
    expect((await api.request('PUT', '/api/v1/quiz/questions/q-0000000000000000/status', { token: editor, body: { status: 'retired' } })).status).toBe(404);
  });

  it('retires a question so it is no longer drawn, yet old attempts can still read it, and brings it back', async () => {
    const questions = api.services.questions;
    const retire = await api.request('PUT', '/api/v1/quiz/questions/jc-001/status', { token: editor, body: { status: 'retired' } });
    expect(retire.status).toBe(200);
    expect(retire.body.status).toBe('retired');
    const drawn = await questions.draw({ books: ['继承'], count: 1000, seed: 'any' });
    expect(drawn.map((q) => q.id)).not.toContain('jc-001');
    expect((await questions.getByIds(['jc-001']))[0]?.status).toBe('retired');
    const retiredOnly = await api.request('GET', '/api/v1/quiz/questions?status=retired', { token: editor });
    expect(retiredOnly.body.items.map((q: { id: string }) => q.id)).toContain('jc-001');
    await api.request('PUT', '/api/v1/quiz/questions/jc-001/status', { token: editor, body: { status: 'active' } });
    expect((await questions.draw({ books: ['继承'], count: 1000, seed: 'any' })).map((q) => q.id)).toContain('jc-001');
  });
});

describe('the service the quiz modes use', () => {
  it('draws the same questions for the same seed, from the books asked, never the excluded ones', async () => {
    const q = api.services.questions;
    const a = await q.draw({ books: ['婚姻家庭', '继承'], count: 10, seed: '2026-11-25:user1' });
    const b = await q.draw({ books: ['婚姻家庭', '继承'], count: 10, seed: '2026-11-25:user1' });
    const c = await q.draw({ books: ['婚姻家庭', '继承'], count: 10, seed: '2026-11-25:user2' });
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(a.map((x) => x.id)).not.toEqual(c.map((x) => x.id));
    expect(new Set(a.map((x) => x.id)).size).toBe(10);
    for (const x of a) expect(['婚姻家庭', '继承']).toContain(x.content.book);
    const excluded = a.slice(0, 5).map((x) => x.id);
    const d = await q.draw({ books: ['婚姻家庭', '继承'], count: 10, seed: '2026-11-25:user1', excludeIds: excluded });
    for (const id of excluded) expect(d.map((x) => x.id)).not.toContain(id);
  });

  it('turns a question into what a client may see: no answer, no explanation', async () => {
    const [question] = await api.services.questions.getByIds(['hy-001']);
    const shown = api.services.questions.toForAnswering(question!);
    expect(Object.keys(shown).sort()).toEqual(['book', 'difficulty', 'id', 'options', 'stem', 'type']);
    expect(JSON.stringify(shown)).not.toContain('二十二周岁，女不得早于');
  });

  it('returns questions by id in the order asked and refuses unknown ids with 400', async () => {
    const found = await api.services.questions.getByIds(['qq-001', 'zz-001', 'nope']);
    expect(found.map((q) => q.id)).toEqual(['qq-001', 'zz-001']);
    await expect(api.services.questions.requireByIds(['zz-001', 'nope'])).rejects.toMatchObject({ status: 400 });
  });
});

// ---------------------------------------------------------------- Excel import

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string | number>>;

async function workbook(rows: Row[], header: readonly string[] = IMPORT_COLUMNS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('题目');
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(header.map((h) => row[h as keyof Row] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(data: Buffer | Uint8Array, token = editor, name = '题库.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${api.baseUrl}/api/v1/quiz/question-imports`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const importRows: Row[] = [
  // row 2: fine
  { 题型: '单选题', 题干: '导入题：孩子8岁，自己收下爷爷送的书，有效吗？', 选项A: '有效', 选项B: '无效', 答案: 'A', 解析: '纯获利益的行为，「可以独立实施纯获利益的民事法律行为」。', 法条: '第19条' },
  // row 3: fine, true/false, book derived from the article
  { 题型: '判断题', 题干: '导入题：借条没写利息，出借人可以按银行利率要利息。', 答案: '错误', 解析: '「借款合同对支付利息没有约定的，视为没有利息。」', 法条: '680' },
  // row 4: fine, multiple choice with separators in the answer
  { 题型: '多选题', 题干: '导入题：下列哪些是第一顺序继承人？', 选项A: '配偶', 选项B: '子女', 选项C: '父母', 选项D: '邻居', 答案: 'A、B、C', 解析: '「（一）第一顺序：配偶、子女、父母；」', 法条: '第一千一百二十七条', 编: '继承', 难度: 2, 标签: '遗嘱继承、继承' },
  // row 5: no answer
  { 题型: '单选题', 题干: '导入题：没有答案的题', 选项A: '甲', 选项B: '乙', 解析: '「继承从被继承人死亡时开始。」', 法条: '1121' },
  // row 6: several problems
  { 题型: '填空题', 题干: '', 答案: 'Z', 解析: '解析', 法条: '第9999条' },
  // row 7: a quotation that does not match the statute
  { 题型: '判断题', 题干: '导入题：引文不对的题', 答案: '正确', 解析: '「继承从出生时开始。」', 法条: '1121' },
  // row 8: the same question as row 2
  { 题型: '单选题', 题干: '导入题：孩子8岁，自己收下爷爷送的书，有效吗？', 选项A: '有效', 选项B: '无效', 答案: 'A', 解析: '重复的一行，「可以独立实施纯获利益的民事法律行为」。', 法条: '19' },
  // row 9: entirely empty rows are skipped, so this becomes nothing
  {},
  // row 10: a gap in the options
  { 题型: '单选题', 题干: '导入题：选项中间空了一格', 选项A: '甲', 选项C: '丙', 答案: 'A', 解析: '「继承从被继承人死亡时开始。」', 法条: '1121' },
];

describe('Excel template and import', () => {
  it('offers the template for download with the expected columns', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/quiz/question-imports/template`, { headers: { Authorization: `Bearer ${editor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('题目')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...IMPORT_COLUMNS]);
    expect(wb.getWorksheet('填写说明')).toBeDefined();
  });

  let report: any;

  it('reports on every row (row number, field, problem) and stores nothing yet', async () => {
    const before = await total();
    const res = await upload(await workbook(importRows));
    expect(res.status).toBe(201);
    report = res.body;
    expect(report.counts).toEqual({ ok: 3, error: 4, duplicate: 1, needsArticle: 0 });
    const byRow = new Map(report.rows.map((r: any) => [r.row, r]));
    expect([...byRow.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    expect(byRow.get(3)).toMatchObject({ status: 'ok', content: { type: 'truefalse', answer: ['B'], book: '合同', articles: [680] } });
    expect(byRow.get(4)).toMatchObject({ status: 'ok', content: { answer: ['A', 'B', 'C'], difficulty: 2, tags: ['遗嘱继承', '继承'] } });
    expect(byRow.get(5)).toMatchObject({ status: 'error', problems: [{ row: 5, field: '答案', problem: '没有填答案' }] });
    const row6Fields = (byRow.get(6) as any).problems.map((p: any) => p.field);
    expect(row6Fields).toEqual(expect.arrayContaining(['题型', '题干', '法条']));
    expect((byRow.get(7) as any).problems[0]).toMatchObject({ row: 7, field: '解析' });
    expect(byRow.get(8)).toMatchObject({ status: 'duplicate', duplicateOf: '第 2 行' });
    expect((byRow.get(10) as any).problems[0]).toMatchObject({ field: '选项B' });
    const problemRows = report.problems.map((p: any) => p.row);
    expect(problemRows).toEqual([...problemRows].sort((x: number, y: number) => x - y));
    expect([...new Set(problemRows)]).toEqual([5, 6, 7, 10]);
    for (const p of report.problems) expect(Object.keys(p).sort()).toEqual(['field', 'problem', 'row']);
    expect(await total()).toBe(before);
  });

  it('refuses to confirm a row with problems (a row with no answer) with 400 and stores nothing, not even the good rows', async () => {
    const before = await total();
    const res = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: report.importId, rows: [2, 3, 5] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('第 5 行');
    expect(res.body.error.details[0]).toMatchObject({ row: 5, field: '答案' });
    expect(await total()).toBe(before);
  });

  it('refuses rows that are not in the report', async () => {
    const res = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: report.importId, rows: [99] } });
    expect(res.status).toBe(400);
  });

  it('does not let another user confirm someone else’s import', async () => {
    const res = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: admin, body: { importId: report.importId, rows: [2] } });
    expect(res.status).toBe(404);
  });

  it('stores only the rows the user confirms', async () => {
    const before = await total();
    const res = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: report.importId, rows: [2, 3] } });
    expect(res.status).toBe(200);
    expect(res.body.created).toHaveLength(2);
    expect(res.body.unchanged).toEqual([]);
    expect(await total()).toBe(before + 2);
    const stored = await api.request('GET', `/api/v1/quiz/questions/${res.body.created[0]}`, { token: editor });
    expect(stored.body).toMatchObject({ origin: 'import', status: 'active' });
    const rowFour = report.rows.find((r: any) => r.row === 4);
    expect((await api.request('GET', `/api/v1/quiz/questions/${rowFour.id}`, { token: editor })).status).toBe(404);
  });

  it('duplicates nothing when the same file is imported and confirmed again, even twice at once', async () => {
    const file = await workbook(importRows);
    const first = await upload(file);
    const again = first.body;
    expect(again.rows.find((r: any) => r.row === 2).status).toBe('duplicate');
    expect(again.rows.find((r: any) => r.row === 4).status).toBe('ok');
    const before = await total();
    const [a, b] = await Promise.all([
      api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: again.importId, rows: [2, 3, 4] } }),
      api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: again.importId, rows: [2, 3, 4] } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await total()).toBe(before + 1);
    const third = await upload(file);
    const third2 = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: third.body.importId, rows: [2, 3, 4] } });
    expect(third2.body.created).toEqual([]);
    expect(await total()).toBe(before + 1);
  });

  it('marks a row that repeats a seed question as a duplicate', async () => {
    const [seed] = await api.services.questions.getByIds(['hy-001']);
    const c = seed!.content;
    const res = await upload(
      await workbook([
        { 题型: '单选题', 题干: c.stem, 选项A: c.options[0]!.text, 选项B: c.options[1]!.text, 选项C: c.options[2]!.text, 选项D: c.options[3]!.text, 答案: c.answer.join(''), 解析: '「结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。」', 法条: '1047' },
      ]),
    );
    expect(res.body.rows[0]).toMatchObject({ status: 'duplicate', duplicateOf: 'hy-001' });
    const before = await total();
    const confirm = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: res.body.importId, rows: [2] } });
    expect(confirm.body).toEqual({ created: [], unchanged: ['hy-001'] });
    expect(await total()).toBe(before);
    const typedAgain = await api.request('POST', '/api/v1/quiz/questions', { token: editor, body: { content: { ...c, explanation: '「结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。」' } } });
    expect(typedAgain.status).toBe(409);
  });

  it.each([
    ['a text file named .xlsx', Buffer.from('题型,题干\n单选题,你好\n')],
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['a zip archive that is not a workbook', Buffer.from('504b0304140000000000', 'hex')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s with a clear 400 on the file field and stores nothing', async (_what, data) => {
    const before = await total();
    const res = await upload(data);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('file');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await total()).toBe(before);
  });

  it('refuses a workbook without the template’s header', async () => {
    const res = await upload(await workbook([{ 题干: 'x' }], ['题干', '备注']));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('缺少');
  });

  it('also accepts the workbook as the raw request body', async () => {
    const data = await workbook([importRows[0]!]);
    const res = await api.request('POST', '/api/v1/quiz/question-imports', {
      token: editor,
      rawBody: data,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.status).toBe(201);
    expect(res.body.rows).toHaveLength(1);
  });

  it('checks every question in the database against the statute, imported ones included, and finds nothing wrong', async () => {
    const { QuestionModel } = await import('../../server/src/modules/quiz/questions.model');
    expect(await QuestionModel.countDocuments({ origin: 'import' })).toBeGreaterThanOrEqual(3);
    expect(await api.services.questions.checkAll()).toEqual([]);
  });

  it('runs the statute check again when rows are confirmed, so a report altered after its check stores nothing', async () => {
    const { StagedImportModel: QuestionImportModel } = await import('../../server/src/lib/excel-import');
    const res = await upload(await workbook([{ 题型: '判断题', 题干: '导入题：确认时再查一遍引文', 答案: '正确', 解析: '「继承从被继承人死亡时开始。」', 法条: '1121' }]));
    expect(res.body.rows[0].status).toBe('ok');
    const stored = await QuestionImportModel.findById(res.body.importId).lean<{ rows: string }>();
    await QuestionImportModel.updateOne({ _id: res.body.importId }, { $set: { rows: stored!.rows.replace('继承从被继承人死亡时开始', '继承从被继承人出生时开始') } });
    const before = await total();
    const confirm = await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body: { importId: res.body.importId, rows: [2] } });
    expect(confirm.status).toBe(400);
    expect(confirm.body.error.details[0]).toMatchObject({ row: 2, field: '解析' });
    expect(await total()).toBe(before);
  });

  it('finds a misquotation that reached the database some other way, whatever the question’s origin', async () => {
    const { QuestionModel } = await import('../../server/src/modules/quiz/questions.model');
    const imported = await QuestionModel.findOne({ origin: 'import' }).lean<{ _id: string; content: { explanation: string } }>();
    await QuestionModel.updateOne({ _id: imported!._id }, { $set: { 'content.explanation': '「继承从出生时开始。」' } });
    try {
      expect(await api.services.questions.checkAll()).toEqual([expect.objectContaining({ id: imported!._id, origin: 'import', field: 'explanation' })]);
    } finally {
      await QuestionModel.updateOne({ _id: imported!._id }, { $set: { 'content.explanation': imported!.content.explanation } });
    }
  });

  it('refuses residents', async () => {
    expect((await upload(await workbook(importRows), resident)).status).toBe(403);
    expect((await api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: resident, body: { importId: report.importId, rows: [2] } })).status).toBe(403);
  });
});
