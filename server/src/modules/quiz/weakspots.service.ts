import mongoose from 'mongoose';
import { canManageTownship, countyDate, countyDateDaysBefore, WEAK_SPOT_WINDOW_DAYS, type Me, type WeakSpots } from '@qf/shared';
import { ForbiddenError } from '../../http/errors';
import { WeakSpotDayModel, type WeakSpotDayDoc } from './weakspots.model';
import type { ArticleLookup, FullQuestion } from './quiz-source';
import { createTtlCache } from '../../lib/ttl-cache';
import { createInsertBatcher } from '../../db/insert-batcher';

export interface AnswerOutcome {
  question: FullQuestion;
  isCorrect: boolean;
}

/** The book an article belongs to, from the statute's fixed layout (used when no look-up is at hand). */
function bookOfArticle(n: number): string | null {
  const bounds: [number, string][] = [
    [204, '总则'],
    [462, '物权'],
    [988, '合同'],
    [1039, '人格权'],
    [1118, '婚姻家庭'],
    [1163, '继承'],
    [1258, '侵权责任'],
    [1260, '附则'],
  ];
  if (!Number.isInteger(n) || n < 1) return null;
  return bounds.find(([last]) => n <= last)?.[1] ?? null;
}

/**
 * 精准普法: which articles a township's people get wrong. Counters per (township, day, person)
 * with one field per article are bumped on every answer; the view adds up the last 90 days and is
 * cached for a minute.
 */
export function createWeakSpotsService(deps: { clock: () => Date; articles?: ArticleLookup; cacheMs?: number }) {
  const cache = createTtlCache<WeakSpots>(deps.cacheMs ?? 60_000);
  // Most records are a person's first answers of the day: try the insert (batched), count on top when the day exists.
  const newDays = createInsertBatcher(WeakSpotDayModel);

  return {
    /** Counts one person's answers for their township (nothing when they have not chosen one). */
    async record(person: { id: string; townshipCode: string | null }, outcomes: readonly AnswerOutcome[], now = deps.clock()) {
      const { townshipCode } = person;
      if (!townshipCode || outcomes.length === 0) return;
      const date = countyDate(now);
      const articles: Record<string, number> = {};
      let wrong = 0;
      for (const o of outcomes) {
        if (o.isCorrect) continue;
        wrong += 1;
        for (const n of new Set(o.question.content.articles)) articles[`a${n}`] = (articles[`a${n}`] ?? 0) + 1;
      }
      const _id = `${townshipCode}:${date}:${person.id}`;
      if (await newDays.insert({ _id, townshipCode, date, answers: outcomes.length, wrong, articles })) return;
      const inc: Record<string, number> = { answers: outcomes.length };
      if (wrong > 0) inc.wrong = wrong;
      for (const [key, count] of Object.entries(articles)) inc[`articles.${key}`] = count;
      await WeakSpotDayModel.updateOne({ _id }, { $inc: inc });
    },

    async forTownship(actor: Me, townshipCode: string, limit: number): Promise<WeakSpots> {
      if (!canManageTownship(actor, townshipCode)) throw new ForbiddenError('只能查看本乡镇的薄弱法条');
      const to = countyDate(deps.clock());
      const from = countyDateDaysBefore(to, WEAK_SPOT_WINDOW_DAYS - 1);
      const full = await cache.get(`${townshipCode}:${to}`, async () => {
        const docs = await WeakSpotDayModel.find({ townshipCode, date: mongoose.trusted({ $gte: from, $lte: to }) }).lean<WeakSpotDayDoc[]>();
        const byArticle = new Map<number, number>();
        let answers = 0;
        let wrongAnswers = 0;
        for (const doc of docs) {
          answers += doc.answers ?? 0;
          wrongAnswers += doc.wrong ?? 0;
          for (const [key, count] of Object.entries(doc.articles ?? {})) {
            const n = Number(key.slice(1));
            byArticle.set(n, (byArticle.get(n) ?? 0) + count);
          }
        }
        const items = [...byArticle.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, 50)
          .map(([article, wrongCount]) => {
            const found = deps.articles?.article(article);
            return { article, wrongCount, book: found?.book ?? bookOfArticle(article), text: found?.text ?? null };
          });
        const suggestedTopics = [...new Set(items.slice(0, 10).map((i) => i.book).filter((b): b is string => !!b && b !== '附则'))];
        return { townshipCode: townshipCode as WeakSpots['townshipCode'], from, to, answers, wrongAnswers, items, suggestedTopics };
      });
      return { ...full, items: full.items.slice(0, limit) };
    },

    /** Wrong answers per Civil Code book (编) on the county days in [from, to): a signal for the hot-topic board. */
    async wrongByBook(townshipCode: string, from: Date, to: Date): Promise<Map<string, number>> {
      const days = { $gte: countyDate(from), $lte: countyDate(new Date(to.getTime() - 1)) };
      const docs = await WeakSpotDayModel.find({ townshipCode, date: mongoose.trusted(days) }).lean<WeakSpotDayDoc[]>();
      const byBook = new Map<string, number>();
      for (const doc of docs) {
        for (const [key, count] of Object.entries(doc.articles ?? {})) {
          const book = bookOfArticle(Number(key.slice(1)));
          if (book && book !== '附则') byBook.set(book, (byBook.get(book) ?? 0) + count);
        }
      }
      return byBook;
    },

    clearCache() {
      cache.clear();
    },
  };
}

export type WeakSpotsService = ReturnType<typeof createWeakSpotsService>;
