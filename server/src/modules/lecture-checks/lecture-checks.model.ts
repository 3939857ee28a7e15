import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The questions one lecture asks, before and after: `_id` = the lecture's id, inserted by the
 * first resident who opens them, so everyone (and the after-check) gets the same three even if the
 * bank or the lecture's topics change later. Each question keeps the topic it was drawn for.
 */
const checkSetSchema = new Schema(
  {
    _id: { type: String },
    townshipCode: { type: String, required: true },
    year: { type: Number, required: true },
    title: { type: String, required: true },
    startAt: { type: Date, required: true },
    questions: { type: [{ _id: false, id: { type: String, required: true }, topic: { type: String, required: true } }], required: true },
  },
  { timestamps: true },
);
checkSetSchema.index({ townshipCode: 1, year: 1 });

export type CheckSetDoc = InferSchemaType<typeof checkSetSchema> & { _id: string };
export const LectureCheckSetModel = mongoose.model('LectureCheckSet', checkSetSchema);

/**
 * One resident's answers in one phase: `_id = ${lectureId}:${userId}:${phase}`, so a second
 * submission (a double tap, two phones) is refused by the primary key and a person's pair counts
 * once. The answers are kept with whether each was right, for 知晓率 by topic.
 */
const checkAnswerSchema = new Schema(
  {
    _id: { type: String },
    lectureId: { type: String, required: true },
    townshipCode: { type: String, required: true },
    year: { type: Number, required: true },
    userId: { type: String, required: true },
    phase: { type: String, enum: ['before', 'after'], required: true },
    results: {
      type: [{ _id: false, questionId: { type: String, required: true }, topic: { type: String, required: true }, choice: { type: [String], required: true }, correct: { type: Boolean, required: true } }],
      required: true,
    },
    at: { type: Date, required: true },
  },
  { timestamps: false },
);
checkAnswerSchema.index({ lectureId: 1 });
checkAnswerSchema.index({ townshipCode: 1, year: 1 });
checkAnswerSchema.index({ userId: 1 });

export type CheckAnswerDoc = InferSchemaType<typeof checkAnswerSchema> & { _id: string };
export const LectureCheckAnswerModel = mongoose.model('LectureCheckAnswer', checkAnswerSchema);

export const checkAnswerId = (lectureId: string, userId: string, phase: string) => `${lectureId}:${userId}:${phase}`;
