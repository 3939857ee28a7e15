import { QuestionContent, type ImportConfirmResult, type ImportReport, type Me, type Question } from '@qf/shared';
import { BadRequestError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { createImportStaging } from '../../lib/excel-import';
import { QuestionModel } from './questions.model';
import { byContent, contentId, type QuestionBank } from './questions.bank';
import { buildTemplate, readImportFile, type ParsedRow } from './questions.excel';

/** Content field → the Excel column staff see in the report. */
const FIELD_COLUMNS: Record<string, string> = { articles: '法条', explanation: '解析', book: '编', stem: '题干', answer: '答案', options: '选项', type: '题型' };

/**
 * 题库导入: the Excel template, a report on every row of an uploaded workbook, then the rows staff
 * confirm written to the bank, checked against the statute like a staff edit.
 */
export function createQuestionImportService(deps: {
  bank: QuestionBank;
  civilCode: CivilCodeService;
  clock?: () => Date;
  /** The search's three best articles for a text: suggested for imported rows that cite none. */
  suggestArticles?: (text: string) => Promise<number[]>;
}) {
  const { bank, civilCode } = deps;
  const clock = deps.clock ?? (() => new Date());
  const staging = createImportStaging<ImportReport['rows'][number]>('questions', clock);

  function rowProblemsToReport(parsed: ParsedRow[], all: Map<string, Question>): ImportReport['rows'] {
    const known = byContent(all);
    const seenInFile = new Map<string, number>();
    return parsed.map((row) => {
      const problems = [...row.problems];
      let content: QuestionContent | null = null;
      if (row.content && problems.length === 0) {
        content = row.content;
        for (const p of bank.contentProblems(content)) problems.push({ row: row.row, field: FIELD_COLUMNS[p.field] ?? p.field, problem: p.message });
      }
      if (problems.length === 0 && row.draft) {
        return { row: row.row, status: 'needs_article' as const, id: null, content: null, problems, duplicateOf: null, suggestions: [], draft: row.draft };
      }
      if (problems.length > 0 || !content) return { row: row.row, status: 'error' as const, id: null, content: null, problems, duplicateOf: null, suggestions: [], draft: null };
      const id = contentId(content);
      const earlier = seenInFile.get(id);
      if (earlier !== undefined) {
        return { row: row.row, status: 'duplicate' as const, id, content, problems: [{ row: row.row, field: '题干', problem: `与第 ${earlier} 行是同一道题` }], duplicateOf: `第 ${earlier} 行`, suggestions: [], draft: null };
      }
      seenInFile.set(id, row.row);
      const existing = known.get(id) ?? (all.has(id) ? id : undefined);
      if (existing !== undefined) {
        return { row: row.row, status: 'duplicate' as const, id, content, problems: [{ row: row.row, field: '题干', problem: `题库里已有这道题（${existing}），不会重复导入` }], duplicateOf: existing, suggestions: [], draft: null };
      }
      return { row: row.row, status: 'ok' as const, id, content, problems: [], duplicateOf: null, suggestions: [], draft: null };
    });
  }

  async function suggestionsFor(text: string) {
    if (!deps.suggestArticles) return [];
    const numbers = await deps.suggestArticles(text);
    return numbers
      .map((n) => civilCode.article(n))
      .filter((a) => a !== null)
      .map((a) => ({ number: a.number, where: [`${a.bookLabel} ${a.book}`.trim(), a.chapter].filter(Boolean).join(' · '), text: a.text.length > 60 ? `${a.text.slice(0, 60)}…` : a.text }));
  }

  return {
    template(): Promise<Buffer> {
      return buildTemplate();
    },

    /** Reads an uploaded workbook and reports on every row; stores nothing in the bank. */
    async previewImport(actor: Me, input: { data: Buffer; fileName: string | null }): Promise<ImportReport> {
      const parsed = await readImportFile(input.data, { bookOf: (n) => civilCode.bookOf(n) });
      const rows = rowProblemsToReport(parsed, await bank.all());
      for (const r of rows) if (r.status === 'needs_article' && r.draft) r.suggestions = await suggestionsFor(`${r.draft.stem}\n${r.draft.explanation}`);
      const { importId, expiresAt } = await staging.stage(actor.id, input.fileName, rows);
      return {
        importId,
        fileName: input.fileName,
        rows,
        counts: {
          ok: rows.filter((r) => r.status === 'ok').length,
          error: rows.filter((r) => r.status === 'error').length,
          duplicate: rows.filter((r) => r.status === 'duplicate').length,
          needsArticle: rows.filter((r) => r.status === 'needs_article').length,
        },
        problems: rows.filter((r) => r.status === 'error').flatMap((r) => r.problems),
        expiresAt: expiresAt.toISOString(),
      };
    },

    /**
     * Stores the rows the user confirmed. All or nothing: if any chosen row has a problem, or is
     * not in the report, it is a 400 and nothing is written. Questions already in the bank are
     * left as they are, so confirming the same file twice creates nothing the second time.
     */
    async confirmImport(actor: Me, input: { importId: string; rows: readonly number[]; choices?: readonly { row: number; article: number }[] }): Promise<ImportConfirmResult> {
      const { rows: report } = await staging.load(input.importId, actor.id);
      const byRow = new Map(report.map((r) => [r.row, r]));
      const details: { field: string; message: string; row: number }[] = [];
      const chosen = [...new Set(input.rows)].sort((a, b) => a - b);
      for (const n of chosen) {
        const row = byRow.get(n);
        if (!row) details.push({ row: n, field: 'rows', message: `第 ${n} 行不在导入报告里` });
        else if (row.status === 'error') for (const p of row.problems) details.push({ row: n, field: p.field, message: `第 ${n} 行 ${p.field}：${p.problem}` });
        else if (row.status === 'needs_article') {
          // The article staff chose completes the row; it is checked like any cited article (the 编 too).
          const choice = input.choices?.find((c) => c.row === n);
          if (!choice) {
            details.push({ row: n, field: '法条', message: `第 ${n} 行 法条：请选一条推荐的法条，或填另一条` });
            continue;
          }
          const draft = row.draft as unknown as Omit<QuestionContent, 'articles' | 'book'> & { book: QuestionContent['book'] | null };
          const book = draft.book ?? civilCode.bookOf(choice.article);
          const parsedContent = QuestionContent.safeParse({ ...draft, articles: [choice.article], book });
          if (!parsedContent.success) {
            details.push({ row: n, field: '编', message: `第 ${n} 行 编：第 ${choice.article} 条在附则里，请填写这道题属于哪一编` });
            continue;
          }
          const problems = bank.contentProblems(parsedContent.data);
          for (const p of problems) details.push({ row: n, field: FIELD_COLUMNS[p.field] ?? p.field, message: `第 ${n} 行 ${FIELD_COLUMNS[p.field] ?? p.field}：${p.message}` });
          if (problems.length === 0) byRow.set(n, { ...row, status: 'ok', content: parsedContent.data, id: contentId(parsedContent.data) });
        } else if (row.content) {
          // The statute check again, at the moment of writing: an import never stores what a staff edit could not.
          for (const p of bank.contentProblems(QuestionContent.parse(row.content))) {
            const field = FIELD_COLUMNS[p.field] ?? p.field;
            details.push({ row: n, field, message: `第 ${n} 行 ${field}：${p.message}` });
          }
        }
      }
      if (details.length > 0) throw new BadRequestError(`不能导入：${details[0]!.message}`, details);

      const created: string[] = [];
      const unchanged: string[] = [];
      const known = byContent(await bank.all());
      for (const n of chosen) {
        const row = byRow.get(n)!;
        const content = QuestionContent.parse(row.content);
        const id = row.id!;
        const existing = known.get(id);
        if (existing !== undefined && existing !== id) {
          // The same question is already in the bank under its own id (a seed question, or one edited since).
          if (!unchanged.includes(existing)) unchanged.push(existing);
          continue;
        }
        try {
          const res = await QuestionModel.updateOne(
            { _id: id },
            { $setOnInsert: { status: 'active', content, origin: 'import', version: 1, createdBy: actor.id, updatedBy: actor.id } },
            { upsert: true },
          );
          if (res.upsertedCount > 0) created.push(id);
          else if (!unchanged.includes(id) && !created.includes(id)) unchanged.push(id);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          if (!unchanged.includes(id)) unchanged.push(id); // a simultaneous confirm wrote it first
        }
      }
      if (created.length > 0) bank.invalidate();
      return { created, unchanged };
    },
  };
}

export type QuestionImportService = ReturnType<typeof createQuestionImportService>;
