import { z } from 'zod';
import { TownshipCodeSchema } from './townships';


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
  sources: z.object({ consultations: z.number().int(), quiz: z.number().int(), ledger: z.number().int(), fairs: z.number().int() }),
});
export type HotTopic = z.infer<typeof HotTopic>;

/** 精准普法: what a township's people needed most in a month, ranked, with last month beside it. */
export const HotTopicBoard = z.object({
  townshipCode: TownshipCodeSchema,
  month: z.string(),
  previousMonth: z.string(),
  topics: z.array(HotTopic),
  /** Words the township's people searched for that month without a good answer (never who). */
  unanswered: z.array(z.object({ words: z.string(), count: z.number().int() })),
});
export type HotTopicBoard = z.infer<typeof HotTopicBoard>;
