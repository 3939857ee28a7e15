import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import {
  CIVIL_CODE_BOOKS,
  QuestionContent,
  checkQuotations,
  drawFrom,
  parseArticleNumber,
  type CivilCodeBook,
  type ImportConfirmResult,
  type ImportReport,
  type ManagedQuestion,
  type Question,
  type QuestionForAnswering,
  type QuestionListQuery,
  type QuestionStatus,
} from '@qf/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { QuestionModel, type QuestionDoc } from './questions.model';
import { createImportStaging } from '../../lib/excel-import';
import { SEED_QUESTIONS } from './data/questions';
import { buildTemplate, readImportFile, type ParsedRow } from './questions.excel';

/** How long the in-process copy of the bank is trusted; edits on this instance refresh it at once. */
const CACHE_MS = 30_000;
/** How long an import report can still be confirmed. */

type ContentInput = QuestionContent;

/** Identity of a question's substance: type, stem, options and answer (not the explanation). */
export function contentId(content: Pick<QuestionContent, 'type' | 'stem' | 'options' | 'answer'>): string {
  const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const key = JSON.stringify([content.type, squeeze(content.stem), content.options.map((o) => squeeze(o.text)), [...content.answer].sort()]);
  return `q-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

const seedHashOf = (content: QuestionContent) => createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);

function toQuestion(doc: QuestionDoc): Question {
  const c = doc.content;
  return {
    id: doc._id,
    status: doc.status as QuestionStatus,
    content: {
      type: c.type,
      stem: c.stem,
      options: c.options.map((o) => ({ key: o.key, text: o.text })),
      answer: [...c.answer],
      explanation: c.explanation,
      articles: [...c.articles],
      book: c.book,
      difficulty: c.difficulty,
      tags: [...(c.tags ?? [])],
    } as QuestionContent,
  };
}

function toManaged(doc: QuestionDoc): ManagedQuestion {
  return { ...toQuestion(doc), origin: doc.origin as ManagedQuestion['origin'], version: doc.version, updatedAt: new Date(doc.updatedAt).toISOString() };
}

/** What a client may see before answering: no answer, no explanation, no cited articles. */
export function toForAnswering(q: Question): QuestionForAnswering {
  return {
    id: q.id,
    type: q.content.type,
    stem: q.content.stem,
    options: q.content.options.map((o) => ({ key: o.key, text: o.text })),
    book: q.content.book,
    difficulty: q.content.difficulty,
  };
}

export interface DrawOptions {
  /** Only these books; all seven when absent or empty. */
  books?: readonly CivilCodeBook[];
  count: number;
  /** Questions not to draw (already answered, already in the attempt). */
  excludeIds?: Iterable<string>;
  /** The same seed and bank give the same questions (daily quiz: `${date}:${userId}`). */
  seed: string;
}

export function createQuestionsService(deps: {
  civilCode: CivilCodeService;
  clock?: () => Date;
  /** The search's three best articles for a text: suggested for imported rows that cite none. */
  suggestArticles?: (text: string) => Promise<number[]>;
}) {
  const { civilCode } = deps;
  const clock = deps.clock ?? (() => new Date());
  const staging = createImportStaging<ImportReport['rows'][number]>('questions', clock);

  // ---- content checks shared by the seed test, staff edits and the import ----

  /** Problems beyond the schema: articles that exist, verbatim quotations, the book. As {field, message}. */
  function contentProblems(content: QuestionContent): { field: string; message: string }[] {
    const problems: { field: string; message: string }[] = [];
    const texts: string[] = [];
    for (const n of content.articles) {
      const article = civilCode.article(n);
      if (!article) problems.push({ field: 'articles', message: `民法典没有第 ${n} 条` });
      else texts.push(article.text);
    }
    for (const p of checkQuotations(content.explanation, texts)) problems.push({ field: 'explanation', message: p.message });
    if (texts.length === content.articles.length && !content.articles.some((n) => civilCode.bookOf(n) === content.book)) {
      problems.push({ field: 'book', message: `所引法条都不在${content.book}编，请核对“编”或法条` });
    }
    return problems;
  }

  function requireValidContent(content: QuestionContent, prefix = 'body.content') {
    const problems = contentProblems(content);
    if (problems.length > 0) {
      const details = problems.map((p) => ({ field: `${prefix}.${p.field}`, message: p.message }));
      throw new BadRequestError(`输入有误：${details[0]!.message}`, details);
    }
  }

  // ---- seeding and the in-process copy of the bank ----

  let seeded: Promise<void> | null = null;
  /** Writes the seed bank: inserts missing questions, updates seed questions no one has edited. Idempotent. */
  async function seed() {
    const existing = await QuestionModel.find({}, { _id: 1, origin: 1, seedHash: 1, version: 1 }).lean<Pick<QuestionDoc, '_id' | 'origin' | 'seedHash' | 'version'>[]>();
    const byId = new Map(existing.map((d) => [d._id, d]));
    const inserts: Record<string, unknown>[] = [];
    const updates: Promise<unknown>[] = [];
    for (const q of SEED_QUESTIONS) {
      const content = QuestionContent.parse(q.content);
      const hash = seedHashOf(content);
      const doc = byId.get(q.id);
      if (!doc) inserts.push({ _id: q.id, status: 'active', content, origin: 'seed', seedHash: hash, version: 1 });
      else if (doc.origin === 'seed' && doc.version === 1 && doc.seedHash !== hash) {
        // Only seed questions staff never edited (still version 1) follow corrections made in the code.
        updates.push(QuestionModel.updateOne({ _id: q.id, version: 1 }, { $set: { content, seedHash: hash } }));
      }
    }
    if (inserts.length > 0) {
      try {
        await QuestionModel.insertMany(inserts, { ordered: false });
      } catch (err) {
        // Another instance seeding at the same moment: duplicates are fine, anything else is not.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    await Promise.all(updates);
  }

  function ready(): Promise<void> {
    seeded ??= seed().catch((err) => {
      seeded = null;
      throw err;
    });
    return seeded;
  }

  let cache: { at: number; all: Map<string, Question>; loading: Promise<Map<string, Question>> | null } = { at: 0, all: new Map(), loading: null };

  async function bank(): Promise<Map<string, Question>> {
    if (Date.now() - cache.at < CACHE_MS) return cache.all;
    cache.loading ??= (async () => {
      try {
        await ready();
        const docs = await QuestionModel.find().lean<QuestionDoc[]>();
        const all = new Map(docs.map((d) => [d._id, toQuestion(d)]));
        cache = { at: Date.now(), all, loading: null };
        return all;
      } catch (err) {
        cache.loading = null;
        throw err;
      }
    })();
    return cache.loading;
  }

  function invalidate() {
    cache = { at: 0, all: cache.all, loading: null };
  }

  async function findDoc(id: string) {
    await ready();
    const doc = await QuestionModel.findById(id).lean<QuestionDoc>();
    if (!doc) throw new NotFoundError('找不到这道题');
    return doc;
  }

  // ---- import ----

  /** Content id → the id of the question in the bank with that content (seed questions have ids of their own). */
  function byContent(all: Map<string, Question>): Map<string, string> {
    const map = new Map<string, string>();
    for (const q of all.values()) if (!map.has(contentId(q.content))) map.set(contentId(q.content), q.id);
    return map;
  }

  function rowProblemsToReport(parsed: ParsedRow[], all: Map<string, Question>): ImportReport['rows'] {
    const known = byContent(all);
    const seenInFile = new Map<string, number>();
    return parsed.map((row) => {
      const problems = [...row.problems];
      let content: QuestionContent | null = null;
      if (row.content && problems.length === 0) {
        content = row.content;
        for (const p of contentProblems(content)) problems.push({ row: row.row, field: FIELD_COLUMNS[p.field] ?? p.field, problem: p.message });
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

  /** Full questions (retired ones too: old attempts still point at them), in the order asked; unknown ids are left out. */
  async function getByIds(ids: readonly string[]): Promise<Question[]> {
    const all = await bank();
    const missing = ids.filter((id) => !all.has(id));
    if (missing.length > 0) {
      // Possibly written on another instance since the cache was filled.
      const docs = await QuestionModel.find({ _id: mongoose.trusted({ $in: [...new Set(missing)] }) }).lean<QuestionDoc[]>();
      for (const d of docs) all.set(d._id, toQuestion(d));
    }
    return ids.map((id) => all.get(id)).filter((q): q is Question => q !== undefined);
  }

  /** Number of active questions per book. */
  async function activeCountByBook(): Promise<Record<CivilCodeBook, number>> {
    const all = await bank();
    const counts = Object.fromEntries(CIVIL_CODE_BOOKS.map((b) => [b, 0])) as Record<CivilCodeBook, number>;
    for (const q of all.values()) if (q.status === 'active') counts[q.content.book] += 1;
    return counts;
  }

  return {
    ready,
    contentProblems,
    toForAnswering,

    // ---- for the quiz modes (server side only: these carry answers) ----

    /** Active questions drawn deterministically for the seed; fewer than `count` only if the pool is smaller. */
    async draw(options: DrawOptions): Promise<Question[]> {
      const all = await bank();
      const books = options.books && options.books.length > 0 ? new Set<string>(options.books) : null;
      const exclude = new Set(options.excludeIds ?? []);
      const pool = [...all.values()].filter((q) => q.status === 'active' && (!books || books.has(q.content.book)) && !exclude.has(q.id));
      return drawFrom(pool, options.count, options.seed);
    },

    getByIds,

    /** Active questions, for the search index (stems and explanations carry answers: server side only). */
    async activeQuestions(): Promise<Question[]> {
      return [...(await bank()).values()].filter((q) => q.status === 'active');
    },

    /** Like getByIds, but any unknown id is a 400 naming it. */
    async requireByIds(ids: readonly string[], field = 'questionIds'): Promise<Question[]> {
      const found = await getByIds(ids);
      if (found.length !== ids.length) {
        const have = new Set(found.map((q) => q.id));
        const unknown = ids.filter((id) => !have.has(id));
        throw new BadRequestError(`没有这道题：${unknown[0]}`, unknown.map((id) => ({ field, message: `没有这道题：${id}` })));
      }
      return found;
    },

    activeCountByBook,

    // ---- staff management ----

    async list(query: QuestionListQuery) {
      const all = await bank();
      const asNumber = query.q ? parseArticleNumber(query.q) : null;
      const words = query.q && asNumber === null ? query.q.split(/\s+/).filter(Boolean) : [];
      const matches = [...all.values()]
        .filter(
          (q) =>
            (!query.book || q.content.book === query.book) &&
            (!query.type || q.content.type === query.type) &&
            (!query.status || q.status === query.status) &&
            (asNumber === null || q.content.articles.includes(asNumber)) &&
            words.every((w) => q.content.stem.includes(w) || q.content.explanation.includes(w) || q.id === w),
        )
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const page = matches.slice(query.offset, query.offset + query.limit);
      const docs = page.length > 0 ? await QuestionModel.find({ _id: mongoose.trusted({ $in: page.map((q) => q.id) }) }).lean<QuestionDoc[]>() : [];
      const byId = new Map(docs.map((d) => [d._id, toManaged(d)]));
      return {
        items: page.map((q) => byId.get(q.id)).filter((q): q is ManagedQuestion => q !== undefined),
        total: matches.length,
        limit: query.limit,
        offset: query.offset,
        activeByBook: await activeCountByBook(),
      };
    },

    async get(id: string): Promise<ManagedQuestion> {
      return toManaged(await findDoc(id));
    },

    /** A new question; its id comes from its content, so writing the same question twice is a 409. */
    async create(content: ContentInput, userId: string): Promise<ManagedQuestion> {
      await ready();
      requireValidContent(content);
      const id = contentId(content);
      const existing = byContent(await bank()).get(id);
      if (existing) throw new ConflictError(`题库里已有这道题（${existing}）`, { id: existing });
      try {
        const doc = await QuestionModel.create({ _id: id, status: 'active', content, origin: 'staff', version: 1, createdBy: userId, updatedBy: userId });
        invalidate();
        return toManaged(doc.toObject() as QuestionDoc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConflictError('题库里已有这道题', { id });
        throw err;
      }
    },

    /** Replaces the content if nobody changed the question since `version` was read. */
    async update(id: string, input: { content: ContentInput; version: number }, userId: string): Promise<ManagedQuestion> {
      await findDoc(id);
      requireValidContent(input.content);
      const doc = await QuestionModel.findOneAndUpdate(
        { _id: id, version: input.version },
        { $set: { content: input.content, updatedBy: userId }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<QuestionDoc>();
      if (!doc) throw new ConflictError('这道题刚被别人改过，请刷新后再改');
      invalidate();
      return toManaged(doc);
    },

    /** Retire (no longer drawn) or bring back a question. */
    async setStatus(id: string, status: QuestionStatus, userId: string): Promise<ManagedQuestion> {
      await findDoc(id);
      const doc = await QuestionModel.findOneAndUpdate({ _id: id }, { $set: { status, updatedBy: userId } }, { returnDocument: 'after' }).lean<QuestionDoc>();
      if (!doc) throw new NotFoundError('找不到这道题');
      invalidate();
      return toManaged(doc);
    },

    template(): Promise<Buffer> {
      return buildTemplate();
    },

    /** Reads an uploaded workbook and reports on every row; stores nothing in the bank. */
    async previewImport(input: { data: Buffer; fileName: string | null; userId: string }): Promise<ImportReport> {
      const parsed = await readImportFile(input.data, { bookOf: (n) => civilCode.bookOf(n) });
      const rows = rowProblemsToReport(parsed, await bank());
      for (const r of rows) if (r.status === 'needs_article' && r.draft) r.suggestions = await suggestionsFor(`${r.draft.stem}\n${r.draft.explanation}`);
      const { importId, expiresAt } = await staging.stage(input.userId, input.fileName, rows);
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
    async confirmImport(input: { importId: string; rows: readonly number[]; choices?: readonly { row: number; article: number }[]; userId: string }): Promise<ImportConfirmResult> {
      const { rows: report } = await staging.load(input.importId, input.userId);
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
          const problems = contentProblems(parsedContent.data);
          for (const p of problems) details.push({ row: n, field: FIELD_COLUMNS[p.field] ?? p.field, message: `第 ${n} 行 ${FIELD_COLUMNS[p.field] ?? p.field}：${p.message}` });
          if (problems.length === 0) byRow.set(n, { ...row, status: 'ok', content: parsedContent.data, id: contentId(parsedContent.data) });
        } else if (row.content) {
          // The statute check again, at the moment of writing: an import never stores what a staff edit could not.
          for (const p of contentProblems(QuestionContent.parse(row.content))) {
            const field = FIELD_COLUMNS[p.field] ?? p.field;
            details.push({ row: n, field, message: `第 ${n} 行 ${field}：${p.message}` });
          }
        }
      }
      if (details.length > 0) throw new BadRequestError(`不能导入：${details[0]!.message}`, details);

      const created: string[] = [];
      const unchanged: string[] = [];
      const known = byContent(await bank());
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
            { $setOnInsert: { status: 'active', content, origin: 'import', version: 1, createdBy: input.userId, updatedBy: input.userId } },
            { upsert: true },
          );
          if (res.upsertedCount > 0) created.push(id);
          else if (!unchanged.includes(id) && !created.includes(id)) unchanged.push(id);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          if (!unchanged.includes(id)) unchanged.push(id); // a simultaneous confirm wrote it first
        }
      }
      if (created.length > 0) invalidate();
      return { created, unchanged };
    },

    /**
     * The statute check over every question in the database, whatever its origin (seed, staff,
     * import): articles that exist, 「」 quotations verbatim, the book. Empty when all is well.
     */
    async checkAll(): Promise<{ id: string; origin: string; field: string; message: string }[]> {
      await ready();
      const docs = await QuestionModel.find({}, { _id: 1, origin: 1, content: 1 }).lean<Pick<QuestionDoc, '_id' | 'origin' | 'content'>[]>();
      return docs.flatMap((d) => contentProblems(toQuestion(d as QuestionDoc).content).map((p) => ({ id: d._id, origin: d.origin, ...p })));
    },

    /** Keeps the in-process copy honest after writes made outside this service (tests, scripts). */
    invalidate,

    /** A fresh random seed, for callers that want an unrepeatable draw. */
    randomSeed: () => randomBytes(8).toString('hex'),
  };
}

/** Content field → the Excel column staff see in the report. */
const FIELD_COLUMNS: Record<string, string> = { articles: '法条', explanation: '解析', book: '编', stem: '题干', answer: '答案', options: '选项', type: '题型' };

export type QuestionsService = ReturnType<typeof createQuestionsService>;
