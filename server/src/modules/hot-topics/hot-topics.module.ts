import { canManageTownship, countyMonth, countyMonthRange, HotTopicBoard, HotTopicsQuery, previousMonth, rankHotTopics, type HotTopicSource, type Me, type TopicCounts } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { createTtlCache } from '../../lib/ttl-cache';
import { defineRoute } from '../../http/route';
import { featureModule, type PlatformDeps } from '../module';

/** A feature that knows what people needed: counts per topic for a township in [from, to). */
export type TopicSignal = { source: HotTopicSource; counts(townshipCode: string, from: Date, to: Date): Promise<ReadonlyMap<string, number>> };

/**
 * 精准普法: the hot-topic board. Each feature that hears what people need (问一问 answers, quiz
 * answers got wrong, 明白人 records) lends a signal; the board ranks a township's month from
 * whichever signals exist, with last month beside it, and lists what people searched for without a
 * good answer (from the search), for the clerk to plan the next lecture.
 */
export function createHotTopicsModule(
  { clock }: PlatformDeps,
  deps: { signals: TopicSignal[]; unanswered: (townshipCode: string, month: string) => Promise<{ words: string; count: number }[]> },
) {
  // A signal's month is a scan on FerretDB/SQLite (only `_id` is indexed there): at ten times a
  // township's year of questions and records, about a second per board. So each source's month is
  // kept and served while a fresh copy loads behind it: new signals reach the board within a
  // minute (a month-long plan does not need faster), and no reader waits for the scan but the very
  // first. Earlier months change only by late approvals: kept ten minutes.
  const thisMonth = createTtlCache<ReadonlyMap<string, number>>(60_000, () => clock().getTime(), { serveStale: true });
  const earlierMonths = createTtlCache<ReadonlyMap<string, number>>(600_000, () => clock().getTime(), { serveStale: true });

  // What people searched for without a good answer: written down every 10 s, read again after 5.
  const misses = createTtlCache<{ words: string; count: number }[]>(5_000, () => clock().getTime());

  async function monthCounts(townshipCode: string, month: string, current: boolean) {
    const { from, to } = countyMonthRange(month);
    const cache = current ? thisMonth : earlierMonths;
    return Promise.all(deps.signals.map(async (s) => [s.source, await cache.get(`${s.source}:${townshipCode}:${month}`, () => s.counts(townshipCode, from, to))] as const));
  }

  const service = {
    async board(actor: Me, townshipCode: string, month?: string): Promise<HotTopicBoard> {
      if (!canManageTownship(actor, townshipCode)) throw new NotFoundError('找不到这个乡镇的热点');
      const m = month ?? countyMonth(clock());
      const before = previousMonth(m);
      const current = countyMonth(clock());
      const [now, previous, unanswered] = await Promise.all([monthCounts(townshipCode, m, m === current), monthCounts(townshipCode, before, before === current), misses.get(`${townshipCode}:${m}`, () => deps.unanswered(townshipCode, m))]);
      const counts: TopicCounts[] = now.map(([source, map], i) => ({ source, current: map, previous: previous[i]![1] }));
      return { townshipCode: townshipCode as HotTopicBoard['townshipCode'], month: m, previousMonth: before, topics: rankHotTopics(counts), unanswered };
    },
  };

  return featureModule('hot-topics', service, [
    defineRoute({
      method: 'get',
      path: '/hot-topics',
      errors: [404],
      summary: '精准普法热点：某乡镇某月群众最需要的法律话题（咨询、答错的题、明白人记录），和上月对比',
      tag: 'hot-topics',
      access: ['township_staff', 'county_admin'],
      query: HotTopicsQuery,
      response: HotTopicBoard,
      handler: ({ actor, query }) => service.board(actor, query.townshipCode, query.month),
    }),
  ]);
}
