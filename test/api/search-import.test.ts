import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';

/** Question import: a row that cites no article gets three suggested articles; staff choose one. */
let api: TestApi;
let editor: string;
beforeAll(async () => {
  api = await startTestApi();
  editor = (await api.loginAs('import-editor', { roles: ['propaganda'] })).token;
});
afterAll(() => api.close());

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string | number>>;
async function upload(rows: Row[]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('题目');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const row of rows) sheet.addRow(IMPORT_COLUMNS.map((h) => row[h] ?? null));
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), '无法条.xlsx');
  const res = await fetch(`${api.baseUrl}/api/v1/quiz/question-imports`, { method: 'POST', headers: { Authorization: `Bearer ${editor}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}
const confirm = (body: unknown) => api.request('POST', '/api/v1/quiz/question-imports/confirm', { token: editor, body });

const rows: Row[] = [
  // row 2: no article; about a pig farm's smell
  { 题型: '判断题', 题干: '无法条题：邻居养猪场臭气熏天，排放污染物，相邻的村民可以要求停止。', 答案: '正确', 解析: '不动产权利人不得违反国家规定排放大气污染物等有害物质。' },
  // row 3: no article; 彩礼, and the row states its 编
  { 题型: '判断题', 题干: '无法条题：借结婚向对方家里索要财物，法律是禁止的。', 答案: '正确', 解析: '法律禁止借婚姻索取财物。', 编: '婚姻家庭' },
  // row 4: no article and no answer: still an error
  { 题型: '判断题', 题干: '无法条题：没有答案', 解析: '缺答案。' },
];

describe('import rows that cite no article', () => {
  let report: any;

  it('are no longer refused: the report suggests the three best articles for each', async () => {
    const res = await upload(rows);
    expect(res.status).toBe(201);
    report = res.body;
    expect(report.counts).toEqual({ ok: 0, error: 1, duplicate: 0, needsArticle: 2 });
    const [pig, gift, broken] = report.rows;
    expect(pig).toMatchObject({ row: 2, status: 'needs_article', content: null, problems: [] });
    expect(pig.suggestions).toHaveLength(3);
    expect(pig.suggestions.map((s: any) => s.number)).toContain(294);
    expect(pig.suggestions[0]).toEqual({ number: expect.any(Number), where: expect.stringContaining('编'), text: expect.any(String) });
    expect(gift.suggestions.map((s: any) => s.number)).toContain(1042);
    expect(gift.draft).toMatchObject({ book: '婚姻家庭' });
    expect(broken).toMatchObject({ status: 'error' });
    expect(broken.problems.map((p: any) => p.field)).toEqual(['答案']);
  });

  it('needs a choice for such a row: confirming without one is a 400 naming the row, and stores nothing', async () => {
    const res = await confirm({ importId: report.importId, rows: [2] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ row: 2, field: '法条' });
  });

  it('keeps the 编 check: a chosen article outside the row’s stated 编 is refused', async () => {
    const res = await confirm({ importId: report.importId, rows: [3], choices: [{ row: 3, article: 294 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ row: 3, field: '编' });
  });

  it('refuses an article number that does not exist, naming the field', async () => {
    const res = await confirm({ importId: report.importId, rows: [2], choices: [{ row: 2, article: 1261 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toContain('choices');
  });

  it('imports with a suggested article or one typed in, the 编 taken from the article when the row left it empty', async () => {
    const res = await confirm({ importId: report.importId, rows: [2, 3], choices: [{ row: 2, article: 294 }, { row: 3, article: 1042 }] });
    expect(res.status).toBe(200);
    expect(res.body.created).toHaveLength(2);
    const [pig] = await api.services.questions.getByIds([res.body.created[0]]);
    expect(pig!.content).toMatchObject({ articles: [294], book: '物权' });
    const again = await confirm({ importId: report.importId, rows: [2, 3], choices: [{ row: 2, article: 294 }, { row: 3, article: 1042 }] });
    expect(again.body).toMatchObject({ created: [], unchanged: expect.arrayContaining(res.body.created) });
  });
});
