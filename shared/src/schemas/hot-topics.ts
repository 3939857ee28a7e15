import { z } from 'zod';
import { TownshipCodeSchema } from './townships';

/** Where a topic's count comes from: 问一问 answers, quiz answers got wrong, 明白人 records. */
export const HOT_TOPIC_SOURCES = ['consultations', 'quiz', 'ledger'] as const;
export type HotTopicSource = (typeof HOT_TOPIC_SOURCES)[number];
export const HOT_TOPIC_SOURCE_LABELS: Record<HotTopicSource, string> = { consultations: '咨询', quiz: '答错', ledger: '明白人记录' };

export const HotTopicsQuery = z.strictObject({
  townshipCode: TownshipCodeSchema,
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写成 2026-03 这样')
    .optional(),
});
export type HotTopicsQuery = z.infer<typeof HotTopicsQuery>;

export const HotTopic = z.object({
  topic: z.string(),
  count: z.number().int(),
  /** The same topic's count in the month before. */
  previous: z.number().int(),
  sources: z.object({ consultations: z.number().int(), quiz: z.number().int(), ledger: z.number().int() }),
});
export type HotTopic = z.infer<typeof HotTopic>;

/** 精准普法: what a township's people needed most in a month, ranked, with last month beside it. */
export const HotTopicBoard = z.object({
  townshipCode: TownshipCodeSchema,
  month: z.string(),
  previousMonth: z.string(),
  topics: z.array(HotTopic),
});
export type HotTopicBoard = z.infer<typeof HotTopicBoard>;
