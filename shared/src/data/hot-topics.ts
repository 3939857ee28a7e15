// Hot-topic board sources and their names, without zod, for the pages that show them.

/** Where a topic's count comes from: 问一问 answers, quiz answers got wrong, 明白人 records, market-day stalls. */
export const HOT_TOPIC_SOURCES = ['consultations', 'quiz', 'ledger', 'fairs'] as const;
export type HotTopicSource = (typeof HOT_TOPIC_SOURCES)[number];
export const HOT_TOPIC_SOURCE_LABELS: Record<HotTopicSource, string> = { consultations: '咨询', quiz: '答错', ledger: '明白人记录', fairs: '赶大集' };
