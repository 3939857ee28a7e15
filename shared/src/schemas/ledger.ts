import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Text, Year } from './common';
import { TownshipCodeSchema } from './townships';
import { TopicTag } from './topics';
import { Upload, UploadId } from './uploads';
import { LEDGER_KINDS } from '../data/ledger';

export const LedgerKind = z.enum(LEDGER_KINDS, { error: '请选择记录类别（宣传、调解、信息报送、代办或其他）' });
export const LedgerStatus = z.enum(['pending', 'approved', 'returned']);

/** 「记一笔」: what a 法律明白人 did offline. The time is when it happened (never in the future). */
export const CreateLedgerRecordBody = z.strictObject({
  kind: LedgerKind,
  summary: Text(200),
  photos: z.array(UploadId).max(3, '最多 3 张照片').default([]),
  occurredAt: IsoDateTime,
  topic: TopicTag.optional(),
  /** The village where it happened; the place is kept as a village, never as coordinates. */
  village: Text(30).optional(),
});
export type CreateLedgerRecordBody = z.infer<typeof CreateLedgerRecordBody>;

export const LedgerRecord = z.object({
  id: ObjectIdString,
  userId: ObjectIdString,
  userName: z.string(),
  townshipCode: TownshipCodeSchema,
  kind: LedgerKind,
  summary: z.string(),
  photos: z.array(Upload),
  occurredAt: IsoDateTime,
  topic: z.string().nullable(),
  village: z.string().nullable(),
  status: LedgerStatus,
  decision: z
    .object({ byName: z.string(), at: IsoDateTime, reason: z.string().nullable() })
    .nullable(),
  createdAt: IsoDateTime,
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;

export const LedgerRecordParams = z.strictObject({ id: ObjectIdString });

export const DecideLedgerRecordBody = z
  .strictObject({
    decision: z.enum(['approve', 'return'], { error: '请选择通过或退回' }),
    reason: Text(100).optional(),
  })
  .refine((b) => b.decision === 'approve' || !!b.reason, { message: '退回时请写明原因', path: ['reason'] });
export type DecideLedgerRecordBody = z.infer<typeof DecideLedgerRecordBody>;

export const LedgerRecordListQuery = z.strictObject({
  townshipCode: TownshipCodeSchema.optional(),
  status: LedgerStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type LedgerRecordListQuery = z.infer<typeof LedgerRecordListQuery>;

export const LedgerRecordPage = z.object({ items: z.array(LedgerRecord), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

const KindPoints = z.strictObject({
  points: z.number().int('积分须为整数').min(0, '积分不能为负数').max(100, '积分不能超过 100'),
  dailyCap: z.number().int('每日上限须为整数').min(0, '每日上限不能为负数').max(500, '每日上限不能超过 500'),
});

export const PointsRuleBody = z.strictObject({
  publicity: KindPoints,
  mediation: KindPoints,
  report: KindPoints,
  errand: KindPoints,
  other: KindPoints,
});
export type PointsRuleBody = z.infer<typeof PointsRuleBody>;

export const PointsRule = z.object({
  year: z.number().int(),
  kinds: PointsRuleBody,
  /** False while the county has not set this year's rule and the defaults apply. */
  isSet: z.boolean(),
  updatedByName: z.string().nullable(),
  updatedAt: IsoDateTime.nullable(),
});
export type PointsRule = z.infer<typeof PointsRule>;

export const YearParams = z.strictObject({ year: Year });

/** One 法律明白人's year: what the system saw (lectures, certificates) and what the office approved. */
export const LedgerPerson = z.object({
  userId: ObjectIdString,
  name: z.string(),
  townshipCode: TownshipCodeSchema.nullable(),
  lecturesAttended: z.number().int(),
  quizzesPassed: z.number().int(),
  approved: z.number().int(),
  pending: z.number().int(),
  returned: z.number().int(),
  points: z.number().int(),
  byKind: z.record(LedgerKind, z.number().int()),
  lastApprovedAt: IsoDateTime.nullable(),
  /** No approved record in 90 days: for the quarterly review. */
  inactive: z.boolean(),
});
export type LedgerPerson = z.infer<typeof LedgerPerson>;

export const MyLedger = z.object({ year: z.number().int(), person: LedgerPerson, records: z.array(LedgerRecord) });
export type MyLedger = z.infer<typeof MyLedger>;

export const TownshipLedgerQuery = z.strictObject({ townshipCode: TownshipCodeSchema, year: Year.optional() });
export type TownshipLedgerQuery = z.infer<typeof TownshipLedgerQuery>;

export const TownshipLedger = z.object({
  year: z.number().int(),
  townshipCode: TownshipCodeSchema,
  people: z.array(LedgerPerson),
  inactiveCount: z.number().int(),
  pendingCount: z.number().int(),
});
export type TownshipLedger = z.infer<typeof TownshipLedger>;
export type LedgerKind = z.infer<typeof LedgerKind>;
export type LedgerStatus = z.infer<typeof LedgerStatus>;
