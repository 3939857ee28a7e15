import { canManageTownship, countyMonth, countyMonthRange, HotTopicBoard, HotTopicsQuery, previousMonth, rankHotTopics, type HotTopicSource, type Me, type TopicCounts } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
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
  async function monthCounts(townshipCode: string, month: string) {
    const { from, to } = countyMonthRange(month);
    return Promise.all(deps.signals.map(async (s) => [s.source, await s.counts(townshipCode, from, to)] as const));
  }

  const service = {
    async board(actor: Me, townshipCode: string, month?: string): Promise<HotTopicBoard> {
      if (!canManageTownship(actor, townshipCode)) throw new NotFoundError('找不到这个乡镇的热点');
      const m = month ?? countyMonth(clock());
      const before = previousMonth(m);
      // Read fresh each time: a month of one township's signals is a few hundred small documents.
      const [current, previous, unanswered] = await Promise.all([monthCounts(townshipCode, m), monthCounts(townshipCode, before), deps.unanswered(townshipCode, m)]);
      const counts: TopicCounts[] = current.map(([source, map], i) => ({ source, current: map, previous: previous[i]![1] }));
      return { townshipCode: townshipCode as HotTopicBoard['townshipCode'], month: m, previousMonth: before, topics: rankHotTopics(counts), unanswered };
    },
  };

  return featureModule('hot-topics', service, [
    defineRoute({
      method: 'get',
      path: '/hot-topics',
      summary: '精准普法热点：某乡镇某月群众最需要的法律话题（咨询、答错的题、明白人记录），和上月对比',
      tag: 'hot-topics',
      access: ['township_staff', 'county_admin'],
      query: HotTopicsQuery,
      response: HotTopicBoard,
      handler: ({ user, query }) => service.board(user, query.townshipCode, query.month),
    }),
  ]);
}
