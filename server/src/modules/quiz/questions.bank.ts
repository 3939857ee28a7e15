import { createHash } from 'node:crypto';
import { QuestionContent, checkQuotations, type ManagedQuestion, type Question, type QuestionForAnswering, type QuestionStatus } from '@qf/shared';
import { BadRequestError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { QuestionModel, toQuestion, type QuestionDoc } from './questions.model';
import { forAnswering } from './quiz-source';
import { SEED_QUESTIONS } from './data/questions';

/** How long the in-process copy of the bank is trusted; edits on this instance refresh it at once. */
const CACHE_MS = 30_000;

/** Identity of a question's substance: type, stem, options and answer (not the explanation). */
export function contentId(content: Pick<QuestionContent, 'type' | 'stem' | 'options' | 'answer'>): string {
  const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const key = JSON.stringify([content.type, squeeze(content.stem), content.options.map((o) => squeeze(o.text)), [...content.answer].sort()]);
  return `q-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

const seedHashOf = (content: QuestionContent) => createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);

export function toManaged(doc: QuestionDoc): ManagedQuestion {
  return { ...toQuestion(doc), origin: doc.origin as ManagedQuestion['origin'], version: doc.version, updatedAt: new Date(doc.updatedAt).toISOString() };
}

/** What a client may see before answering (the quiz modes' own mapping). */
export const toForAnswering = (q: Question): QuestionForAnswering => forAnswering(q);

/** Content id → the id of the question in the bank with that content (seed questions have ids of their own). */
export function byContent(all: Map<string, Question>): Map<string, string> {
  const map = new Map<string, string>();
  for (const q of all.values()) if (!map.has(contentId(q.content))) map.set(contentId(q.content), q.id);
  return map;
}

/**
 * The bank as stored, shared by the services over it (reads for the quiz modes, staff edits, the
 * import): the content checks, the seeding and the in-process copy. One per questions service, so
 * its copy and its seeding are that service's own.
 */
export function createQuestionBank(civilCode: CivilCodeService) {
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

  /** Every question (retired ones too), by id, as of at most CACHE_MS ago. */
  async function all(): Promise<Map<string, Question>> {
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

  return { contentProblems, requireValidContent, ready, all, invalidate, findDoc };
}

export type QuestionBank = ReturnType<typeof createQuestionBank>;
