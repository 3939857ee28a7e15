import type { HotTopic } from '../schemas/hot-topics';
import type { HotTopicSource } from '../data/hot-topics';

/** One source's counts per topic for the month shown and the month before. */
export interface TopicCounts {
  source: HotTopicSource;
  current: ReadonlyMap<string, number>;
  previous: ReadonlyMap<string, number>;
}

/**
 * Ranks the topics people needed: by this month's total over every source, then by the rise
 * since last month, then by name (a stable order the clerk can compare week to week). A topic
 * seen only last month is left out: the board is about what to teach next.
 */
export function rankHotTopics(counts: readonly TopicCounts[], limit = 10): HotTopic[] {
  const topics = new Map<string, HotTopic>();
  const entry = (topic: string) => {
    let t = topics.get(topic);
    if (!t) topics.set(topic, (t = { topic, count: 0, previous: 0, sources: { consultations: 0, quiz: 0, ledger: 0, fairs: 0 } }));
    return t;
  };
  for (const c of counts) {
    for (const [topic, n] of c.current) {
      const t = entry(topic);
      t.count += n;
      t.sources[c.source] += n;
    }
  }
  for (const c of counts) for (const [topic, n] of c.previous) if (topics.has(topic)) topics.get(topic)!.previous += n;
  return [...topics.values()]
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || b.count - b.previous - (a.count - a.previous) || a.topic.localeCompare(b.topic, 'zh'))
    .slice(0, limit);
}
