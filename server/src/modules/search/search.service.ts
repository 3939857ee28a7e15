import { randomUUID } from 'node:crypto';
import { countyDateParts, type LexiconEntry, type LexiconEntryInput, type Me, type SearchKind, type SearchQuery, type SearchResult } from '@qf/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import type { Logger } from '../../logger';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { parseLexicon, type LexiconRule } from './lexicon';
import { LexiconModel, SearchMissModel, type LexiconDoc } from './search.model';
import { createSearchEngine } from './search.engine';
import { articleSource } from './sources';
import type { SearchSource } from './search.types';

/** At most this many distinct missed searches wait in memory between writes; more are dropped, never slowing a search. */
const MISS_BUFFER_MAX = 5_000;
const instance = randomUUID().slice(0, 8);

/**
 * The one search of the app (articles, bank questions, FAQ). Features add their documents with
 * `register(source)` and call `reload(kind)` when they change; the statute is registered here.
 * The lexicon is the shipped file with county admins' changes on top (from the database).
 */
export function createSearchService(deps: { civilCode: CivilCodeService; clock: () => Date; logger: Logger }) {
  const { civilCode, clock, logger } = deps;
  const shipped = parseLexicon();
  const shippedWords = new Map(shipped.map((r) => [r.word, r]));
  const engine = createSearchEngine(civilCode, shipped);
  const statute = civilCode.articles(Array.from({ length: civilCode.articleCount }, (_, i) => i + 1));
  const statuteText = statute.map((a) => a.text).join('\n');
  engine.register(articleSource(statute));

  let overrides: LexiconDoc[] = [];
  let signature = '';
  let started: Promise<void> | null = null;
  const stats = { buildMs: 0 };

  function rulesWith(docs: readonly LexiconDoc[]): LexiconRule[] {
    const byWord = new Map(shipped.map((r) => [r.word, r]));
    for (const d of docs) {
      if (d.active) byWord.set(d.word, { word: d.word, terms: d.terms, stop: d.stop });
      else byWord.delete(d.word);
    }
    return [...byWord.values()];
  }

  async function readOverrides(): Promise<LexiconDoc[]> {
    return LexiconModel.find().lean<LexiconDoc[]>();
  }

  function signatureOf(docs: readonly LexiconDoc[]) {
    return docs.map((d) => `${d._id}@${d.changedAt.getTime()}`).sort().join('|');
  }

  function applyOverrides(docs: LexiconDoc[]) {
    overrides = docs;
    signature = signatureOf(docs);
    engine.setLexicon(rulesWith(docs));
  }

  /** First use: the county's lexicon changes, then every kind indexed. Later calls share it. */
  function ready(): Promise<void> {
    started ??= (async () => {
      const t0 = performance.now();
      const docs = await readOverrides();
      overrides = docs;
      signature = signatureOf(docs);
      engine.setLexicon(rulesWith(docs));
      await engine.reloadAll();
      stats.buildMs = performance.now() - t0;
    })().catch((err) => {
      started = null;
      throw err;
    });
    return started;
  }

  // ---- searches that found nothing good ----
  const misses = new Map<string, { townshipCode: string | null; month: string; terms: string[]; count: number }>();

  /** Counted by the asker's township (never who asked); anonymous searches count under none. */
  function recordMiss(actor: Me | undefined, result: SearchResult) {
    if (result.terms.length === 0) return;
    const { year, month } = countyDateParts(clock());
    const monthKey = `${year}-${String(month).padStart(2, '0')}`;
    const terms = [...result.terms].slice(0, 10);
    const key = `${monthKey}|${actor?.townshipCode ?? ''}|${terms.join(' ')}`;
    const entry = misses.get(key);
    if (entry) entry.count += 1;
    else if (misses.size < MISS_BUFFER_MAX) misses.set(key, { townshipCode: actor?.townshipCode ?? null, month: monthKey, terms, count: 1 });
  }

  async function flushMisses(): Promise<number> {
    if (misses.size === 0) return 0;
    const batch = [...misses.values()];
    misses.clear();
    const at = clock();
    const stamp = `${instance}:${at.getTime()}`;
    await SearchMissModel.insertMany(
      batch.map((m, i) => ({ _id: `${m.month}:${stamp}:${i}`, ...m, at })),
      { ordered: false },
    );
    return batch.length;
  }

  // ---- the lexicon, as county admins see it ----

  function entryOf(word: string): LexiconEntry {
    const d = overrides.find((o) => o.word === word);
    const s = shippedWords.get(word);
    return {
      id: `lex:${word}`,
      word,
      terms: d ? d.terms : (s?.terms ?? []),
      stop: d ? d.stop : (s?.stop ?? false),
      note: d?.note ?? '',
      origin: d?.origin ?? 'shipped',
      active: d ? d.active : true,
      createdBy: d?.createdBy ?? null,
      createdAt: d?.createdAt ? d.createdAt.toISOString() : null,
      retiredBy: d?.retiredBy ?? null,
      retiredAt: d?.retiredAt ? d.retiredAt.toISOString() : null,
    };
  }

  async function refreshLexicon() {
    const docs = await readOverrides();
    if (signatureOf(docs) !== signature) applyOverrides(docs);
  }

  return {
    ready,
    engine,
    stats,

    register(source: SearchSource) {
      engine.register(source);
    },

    async reload(kind: SearchKind): Promise<void> {
      await ready();
      await engine.reload(kind);
    },

    async search(actor: Me | undefined, query: SearchQuery): Promise<SearchResult> {
      await ready();
      const result = engine.search(query.q, query.kinds ?? ['article', 'question', 'faq'], query.limit);
      if (result.weak) recordMiss(actor, result);
      return result;
    },

    /** The three best articles for a text (a question being imported without a citation). */
    async suggestArticles(text: string, count = 3): Promise<number[]> {
      await ready();
      return engine
        .search(text.slice(0, 400), ['article'], count)
        .items.map((h) => h.number)
        .filter((n): n is number => n !== null);
    },

    flushMisses,
    pendingMisses: () => misses.size,

    /** What a township's people searched for in a month without a good answer, most often first (never who). */
    async missesOf(townshipCode: string, month: string, limit = 8): Promise<{ words: string; count: number }[]> {
      const docs = await SearchMissModel.find({ month, townshipCode }).lean<{ terms: string[]; count: number }[]>();
      const byWords = new Map<string, number>();
      for (const d of docs) {
        const words = d.terms.join(' ');
        byWords.set(words, (byWords.get(words) ?? 0) + d.count);
      }
      return [...byWords]
        .map(([words, count]) => ({ words, count }))
        .sort((a, b) => b.count - a.count || a.words.localeCompare(b.words, 'zh'))
        .slice(0, limit);
    },

    /** Every instance checks the county's lexicon changes now and then; the one that made a change applies it at once. */
    refreshLexicon,

    async listLexicon(): Promise<LexiconEntry[]> {
      await ready();
      await refreshLexicon();
      const words = new Set([...shippedWords.keys(), ...overrides.map((o) => o.word)]);
      return [...words].map(entryOf).sort((a, b) => Number(b.origin === 'county') - Number(a.origin === 'county') || a.word.localeCompare(b.word, 'zh'));
    },

    async addLexicon(actor: Me, input: LexiconEntryInput): Promise<LexiconEntry> {
      await ready();
      await refreshLexicon();
      if (!input.stop && input.terms.length === 0) {
        throw new BadRequestError('输入有误：body.terms 请至少填一个法律用语（或把它设为不算数的词）', [{ field: 'body.terms', message: '请至少填一个法律用语' }]);
      }
      const missing = input.stop ? [] : input.terms.filter((t) => !statuteText.includes(t));
      if (missing.length > 0) {
        throw new BadRequestError(`输入有误：body.terms 民法典里没有「${missing.join('、')}」这个说法，请用条文里的原词`, [
          { field: 'body.terms', message: `民法典里没有「${missing.join('、')}」` },
        ]);
      }
      if (engine.lexicon.lay.has(input.word) || engine.lexicon.stop.has(input.word)) {
        throw new ConflictError(`「${input.word}」已在词表里，要改请先停用它`, [{ field: 'body.word', message: '已在词表里' }]);
      }
      const now = clock();
      const id = `lex:${input.word}`;
      const doc = {
        word: input.word,
        terms: input.stop ? [] : input.terms,
        stop: input.stop,
        note: input.note,
        origin: shippedWords.has(input.word) ? 'shipped' : 'county',
        active: true,
        createdBy: actor.id,
        createdAt: now,
        retiredBy: null,
        retiredAt: null,
        changedAt: now,
      };
      await LexiconModel.replaceOne({ _id: id }, { _id: id, ...doc }, { upsert: true });
      applyOverrides(await readOverrides());
      logger.info({ word: input.word, by: actor.id }, 'lexicon entry added');
      return entryOf(input.word);
    },

    async retireLexicon(actor: Me, id: string): Promise<LexiconEntry> {
      await ready();
      await refreshLexicon();
      const word = id.startsWith('lex:') ? id.slice(4) : '';
      const current = word ? overrides.find((o) => o.word === word) : undefined;
      if (!word || (!current && !shippedWords.has(word))) throw new NotFoundError('词表里没有这个词');
      if (current && !current.active) throw new ConflictError(`「${word}」已经停用了`);
      const now = clock();
      const s = shippedWords.get(word);
      const base = current ?? { word, terms: s?.terms ?? [], stop: s?.stop ?? false, note: '', origin: 'shipped' as const, createdBy: null, createdAt: null };
      await LexiconModel.replaceOne(
        { _id: `lex:${word}` },
        { _id: `lex:${word}`, word, terms: base.terms, stop: base.stop, note: base.note, origin: base.origin, createdBy: base.createdBy, createdAt: base.createdAt, active: false, retiredBy: actor.id, retiredAt: now, changedAt: now },
        { upsert: true },
      );
      applyOverrides(await readOverrides());
      logger.info({ word, by: actor.id }, 'lexicon entry retired');
      return entryOf(word);
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
export type { SearchSource, SearchDocument, SearchKind } from './search.types';

