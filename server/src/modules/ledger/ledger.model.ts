import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { LEDGER_KINDS, TOWNSHIP_CODES } from '@qf/shared';

/** One thing a 法律明白人 did offline (「记一笔」), waiting for the judicial office's review. */
const recordSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    userName: { type: String, required: true },
    townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true },
    year: { type: Number, required: true },
    kind: { type: String, enum: LEDGER_KINDS, required: true },
    summary: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    occurredAt: { type: Date, required: true },
    topic: { type: String, default: null },
    village: { type: String, default: null },
    status: { type: String, enum: ['pending', 'approved', 'returned'], default: 'pending' },
    decision: {
      type: new Schema(
        { by: { type: Schema.Types.ObjectId, required: true }, byName: { type: String, required: true }, at: { type: Date, required: true }, reason: { type: String, default: null } },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true },
);
recordSchema.index({ userId: 1 });
recordSchema.index({ townshipCode: 1, year: 1 });

export type LedgerRecordDoc = InferSchemaType<typeof recordSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date };
export const LedgerRecordModel = mongoose.model('LedgerRecord', recordSchema, 'ledger_records');

/**
 * The claim on a record's review: `_id` = the record's id. Two staff approving at once both try
 * to insert it; the unique key lets one through, so a record is decided exactly once.
 */
const decisionSchema = new Schema(
  {
    _id: { type: String },
    decision: { type: String, enum: ['approve', 'return'], required: true },
    by: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const LedgerDecisionModel = mongoose.model('LedgerDecision', decisionSchema, 'ledger_decisions');

/** The county's points table for one year, `_id` = the year as text; absent means the defaults. */
const kindPoints = new Schema({ points: { type: Number, required: true }, dailyCap: { type: Number, required: true } }, { _id: false });
const pointsRuleSchema = new Schema(
  {
    _id: { type: String },
    kinds: {
      type: new Schema(Object.fromEntries(LEDGER_KINDS.map((k) => [k, { type: kindPoints, required: true }])), { _id: false }),
      required: true,
    },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    updatedByName: { type: String, required: true },
  },
  { timestamps: true },
);
export type PointsRuleDoc = InferSchemaType<typeof pointsRuleSchema> & { _id: string; updatedAt: Date };
export const LedgerPointsRuleModel = mongoose.model('LedgerPointsRule', pointsRuleSchema, 'ledger_points_rules');
