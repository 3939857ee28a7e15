import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A person's report that a question looks wrong (报错). `_id` is `${questionId}:${userId}:${n}`,
 * n counting that person's reports on that question from 1: a second report while one is open
 * would take the same `_id` as the first free number, so the unique `_id` index refuses the
 * duplicate even when two arrive at once (FerretDB has no atomic read-modify-write).
 */
const questionReportSchema = new Schema(
  {
    _id: { type: String },
    questionId: { type: String, required: true },
    userId: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: ['open', 'answered'], required: true, default: 'open' },
    answer: { type: String, default: null },
    answeredBy: { type: String, default: null },
    answeredAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export type QuestionReportDoc = InferSchemaType<typeof questionReportSchema> & { _id: string; createdAt: Date; updatedAt: Date };
export const QuestionReportModel = mongoose.model('QuestionReport', questionReportSchema);
