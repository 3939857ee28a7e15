import ExcelJS from 'exceljs';
import {
  CIVIL_CODE_BOOKS,
  IMPORT_COLUMNS,
  OPTION_LETTERS,
  QuestionContent,
  TRUE_FALSE_OPTIONS,
  parseArticleList,
  type CivilCodeDivision,
  type ImportProblem,
  type QuestionType,
} from '@qf/shared';
import { readSheetRows } from '../../lib/excel-import';

/** The sheet staff fill in; the template also carries a sheet of instructions and examples. */
export const QUESTION_SHEET = '题目';
export const MAX_IMPORT_ROWS = 1000;
const REQUIRED_COLUMNS = ['题型', '题干', '答案', '解析', '法条'] as const;

const TYPE_WORDS: Record<string, QuestionType> = {
  单选: 'single',
  单选题: 'single',
  单项选择题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  多项选择题: 'multiple',
  判断: 'truefalse',
  判断题: 'truefalse',
};
const TRUE_WORDS = ['正确', '对', '是', '√', '✓', 'A', 'T', 'TRUE'];
const FALSE_WORDS = ['错误', '错', '否', '×', '✗', 'B', 'F', 'FALSE'];

/** A row that is a good question except that it cites no article: staff choose one in the report. */
export type QuestionDraft = Omit<QuestionContent, 'articles' | 'book'> & { book: QuestionContent['book'] | null };

export interface ParsedRow {
  row: number;
  content: QuestionContent | null;
  problems: ImportProblem[];
  /** Set instead of content when 法条 was left empty and nothing else is wrong. */
  draft?: QuestionDraft;
}

/** The downloadable template: the question sheet with drop-downs, plus instructions with examples. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '清丰普法';
  const sheet = wb.addWorksheet(QUESTION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((header) => ({
    header,
    key: header,
    width: header === '题干' || header === '解析' ? 50 : header.startsWith('选项') ? 22 : 10,
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9D9' } };
  const col = (name: string) => IMPORT_COLUMNS.indexOf(name as (typeof IMPORT_COLUMNS)[number]) + 1;
  for (let r = 2; r <= 501; r++) {
    sheet.getCell(r, col('题型')).dataValidation = { type: 'list', allowBlank: true, formulae: ['"单选题,多选题,判断题"'] };
    sheet.getCell(r, col('编')).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${CIVIL_CODE_BOOKS.join(',')}"`] };
    sheet.getCell(r, col('难度')).dataValidation = { type: 'list', allowBlank: true, formulae: ['"1,2,3"'] };
  }

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'col', width: 10 },
    { header: '怎么填', key: 'how', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  const rows: [string, string][] = [
    ['题型', '单选题、多选题 或 判断题（必填）'],
    ['题干', '题目本身，300 字以内（必填）'],
    ['选项A–F', '单选、多选至少填 A、B 两个选项，从 A 起依次填，不要跳格；判断题不用填选项（固定为 A 正确、B 错误）'],
    ['答案', '单选填一个字母，如 B；多选填两个以上字母，如 ACD；判断题填“正确”或“错误”（必填）'],
    ['解析', '用大白话讲清道理，1000 字以内。引用法条原文时放在「」里，必须和法条一字不差，系统会核对（必填）'],
    ['法条', '引用的民法典条文编号，如 1043，或 第1043条、第1044条（最多 5 条；不填时导入报告会推荐最相关的三条，由您选定）'],
    ['编', '总则、物权、合同、人格权、婚姻家庭、继承、侵权责任；不填则按第一条法条所在的编'],
    ['难度', '1 易、2 中、3 难；不填为 1'],
    ['标签', '可不填；多个用顿号分开，如 宅基地、相邻关系'],
    ['', '上传后先看逐行检查报告，再勾选要导入的行确认。同一道题重复导入不会重复入库。'],
    ['示例', '判断题｜子女对父母有赡养义务，父母再婚后这一义务就终止了。｜答案：错误｜法条：1069'],
  ];
  rows.forEach(([c, how]) => help.addRow({ col: c, how }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Reads an uploaded workbook into rows with their problems. A file that is not the template (not
 * .xlsx, no header, too many rows) is refused whole (lib/excel-import.ts); a row's own problems go
 * into the report instead.
 */
export async function readImportFile(data: Buffer, deps: { bookOf: (n: number) => CivilCodeDivision | null }): Promise<ParsedRow[]> {
  const rows = await readSheetRows(data, {
    sheet: QUESTION_SHEET,
    columns: IMPORT_COLUMNS,
    required: REQUIRED_COLUMNS,
    maxRows: MAX_IMPORT_ROWS,
    normalizeHeader: (name) => name.replace(/^选项([a-f])$/, (_, l: string) => `选项${l.toUpperCase()}`),
  });
  return rows.map((r) => parseRow(r.row, r.get, deps));
}

function parseRow(row: number, get: (name: string) => string, deps: { bookOf: (n: number) => CivilCodeDivision | null }): ParsedRow {
  const problems: ImportProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ row, field, problem: text });

  const typeText = get('题型').replace(/\s+/g, '');
  const type = TYPE_WORDS[typeText];
  if (!typeText) problem('题型', '没有填题型');
  else if (!type) problem('题型', `“${typeText}”不是题型，请填 单选题、多选题 或 判断题`);

  const stem = get('题干');
  if (!stem) problem('题干', '没有填题干');

  let options: { key: (typeof OPTION_LETTERS)[number]; text: string }[] = [];
  if (type === 'truefalse') options = TRUE_FALSE_OPTIONS.map((o) => ({ ...o }));
  else if (type) {
    const texts = OPTION_LETTERS.map((l) => get(`选项${l}`));
    const lastFilled = texts.reduce((last, t, i) => (t ? i : last), -1);
    texts.slice(0, lastFilled + 1).forEach((t, i) => {
      if (!t) problem(`选项${OPTION_LETTERS[i]}`, `选项${OPTION_LETTERS[i]}是空的，但后面还有选项：请从 A 起依次填写`);
    });
    options = texts.slice(0, lastFilled + 1).map((text, i) => ({ key: OPTION_LETTERS[i]!, text }));
    if (lastFilled < 1) problem('选项A', '选择题至少要有 A、B 两个选项');
  }

  const answerText = get('答案').normalize('NFKC').replace(/[\s,，、;；]+/g, '').toUpperCase();
  let answer: string[] = [];
  if (!answerText) problem('答案', '没有填答案');
  else if (type === 'truefalse') {
    if (TRUE_WORDS.includes(answerText)) answer = ['A'];
    else if (FALSE_WORDS.includes(answerText)) answer = ['B'];
    else problem('答案', `判断题的答案填“正确”或“错误”，不是“${answerText}”`);
  } else if (type) {
    if (!/^[A-F]+$/.test(answerText)) problem('答案', `答案只能是选项字母 A–F，不是“${answerText}”`);
    else {
      answer = [...answerText];
      const bad = answer.filter((l) => !options.some((o) => o.key === l));
      if (bad.length > 0) problem('答案', `答案 ${bad.join('、')} 没有对应的选项`);
      if (new Set(answer).size !== answer.length) problem('答案', '答案里有重复的字母');
      if (type === 'single' && answer.length !== 1) problem('答案', '单选题只能有一个答案');
      if (type === 'multiple' && answer.length < 2) problem('答案', '多选题至少要有两个答案');
    }
  }

  const explanation = get('解析');
  if (!explanation) problem('解析', '没有填解析');

  const articleText = get('法条');
  let articles: number[] = [];
  // No article is not a dead end: the report suggests the best three (see questions.service).
  const needsArticle = !articleText;
  if (articleText) {
    const parsed = parseArticleList(articleText);
    if (!parsed) problem('法条', `“${articleText}”不是条文编号，请填如 1043 或 第1043条、第1044条`);
    else {
      articles = parsed;
      for (const n of parsed) if (deps.bookOf(n) === null) problem('法条', `民法典没有第 ${n} 条`);
      if (parsed.length > 5) problem('法条', '最多引用 5 条');
    }
  }

  const bookText = get('编').replace(/\s+/g, '').replace(/编$/, '');
  let book: string | null = null;
  if (bookText) {
    if ((CIVIL_CODE_BOOKS as readonly string[]).includes(bookText)) book = bookText;
    else problem('编', `“${bookText}”不是民法典的编，请填 ${CIVIL_CODE_BOOKS.join('、')}`);
  } else if (articles.length > 0) {
    const first = deps.bookOf(articles[0]!);
    if (first && (CIVIL_CODE_BOOKS as readonly string[]).includes(first)) book = first;
    else if (first) problem('编', '请填写这道题属于哪一编');
  }

  const difficultyText = get('难度');
  const difficulty = difficultyText ? Number(difficultyText) : 1;
  if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 3) problem('难度', '难度填 1、2 或 3');

  const tags = get('标签')
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);

  if (problems.length > 0) return { row, content: null, problems };

  // A row without an article is checked with a stand-in one; only problems outside 法条 and 编 count.
  const checked = needsArticle ? { articles: [1], book: book ?? '总则' } : { articles, book };
  const parsed = QuestionContent.safeParse({ type, stem, options, answer, explanation, difficulty, tags, ...checked });
  const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !needsArticle || (i.path[0] !== 'articles' && i.path[0] !== 'book'));
  if (issues.length > 0) {
    for (const issue of issues) {
      const [head, index] = issue.path;
      const field =
        head === 'options' && typeof index === 'number'
          ? `选项${OPTION_LETTERS[index] ?? ''}`
          : ({ type: '题型', stem: '题干', options: '选项', answer: '答案', explanation: '解析', articles: '法条', book: '编', difficulty: '难度', tags: '标签' } as Record<string, string>)[String(head)] ?? String(head);
      problem(field, issue.message);
    }
    return { row, content: null, problems };
  }
  if (needsArticle || !parsed.success) {
    const { articles: _a, book: _b, ...rest } = parsed.success ? parsed.data : ({} as QuestionContent);
    return { row, content: null, problems: [], draft: { ...rest, book: book as QuestionContent['book'] | null } };
  }
  return { row, content: parsed.data, problems: [] };
}
