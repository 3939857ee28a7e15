import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ASKED_QUESTIONS } from '../../server/src/modules/search/data/asked';
import type { EvalCase } from '../support/search-eval-set';

/**
 * The search scenario's own numbers: quality (through the running server's API) on the questions
 * it learned from and on the blind set it never learned from, and the in-memory index's build time and heap size (built here, in a process of
 * its own making, so the server's other data does not blur the figure).
 */
export async function measureSearchQuality(base: string, set: readonly EvalCase[] = ASKED_QUESTIONS) {
  let at1 = 0;
  let at3 = 0;
  let at10 = 0;
  let reciprocal = 0;
  for (const c of set) {
    const res = await fetch(`${base}/api/v1/search?${new URLSearchParams({ q: c.q, kinds: 'article', limit: '10' })}`);
    const body = (await res.json()) as { items: { number: number | null }[] };
    const rank = body.items.findIndex((h) => h.number !== null && c.articles.includes(h.number));
    if (rank === 0) at1 += 1;
    if (rank >= 0 && rank < 3) at3 += 1;
    if (rank >= 0) {
      at10 += 1;
      reciprocal += 1 / (rank + 1);
    }
  }
  const n = set.length;
  const round = (x: number) => Math.round((x / n) * 1000) / 1000;
  return { questions: n, recallAt1: round(at1), recallAt3: round(at3), recallAt10: round(at10), mrr: round(reciprocal) };
}

export async function measureSearchIndex() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { createCivilCodeService } = await import('../../server/src/modules/civil-code/civil-code.service');
  const { createSearchEngine } = await import('../../server/src/modules/search/search.engine');
  const { parseLexicon } = await import('../../server/src/modules/search/lexicon');
  const { articleSource } = await import('../../server/src/modules/search/sources');
  const civilCode = createCivilCodeService();
  const articles = civilCode.articles(Array.from({ length: civilCode.articleCount }, (_, i) => i + 1));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  // Everything start-up does: the lexicon, jieba with its dictionary and ours, the statute's index.
  const engine = createSearchEngine(civilCode, parseLexicon());
  engine.register(articleSource(articles));
  await engine.reload('article');
  const buildMs = Math.round(performance.now() - started);
  gc();
  const heapMb = Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10;
  // jieba's dictionary lives outside the JS heap (Rust): the process's RSS growth counts it too.
  const rssMb = Math.round(((process.memoryUsage().rss - rssBefore) / 1048576) * 10) / 10;
  const kept = engine.size('article');
  return { buildMs, heapMb, rssMb, documents: kept };
}

/** Queries for the load run: the shipped questions, in turn (long and short, dialect and keywords). */
export function searchPaths(): string[] {
  return ASKED_QUESTIONS.map((c) => `/api/v1/search?${new URLSearchParams({ q: c.q })}`);
}
