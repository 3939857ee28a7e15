import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CIVIL_CODE_BOOKS, OPTION_LETTERS, type Question, type QuestionContent, type QuestionStatus } from '@qf/shared';

/**
 * A question of the bank. `_id` is a stable string: the seed's own ids (hy-007) or, for questions
 * written by staff or imported, a hash of the content (q-…), so the same question imported twice
 * is the same document. Questions are retired, never deleted: attempts and wrong-answer books keep
 * pointing at them.
 */
const optionSchema = new Schema({ key: { type: String, enum: OPTION_LETTERS, required: true }, text: { type: String, required: true } }, { _id: false });

const contentSchema = new Schema(
  {
    type: { type: String, enum: ['single', 'multiple', 'truefalse'], required: true },
    stem: { type: String, required: true },
    options: { type: [optionSchema], required: true },
    answer: { type: [{ type: String, enum: OPTION_LETTERS }], required: true },
    explanation: { type: String, required: true },
    articles: { type: [Number], required: true },
    book: { type: String, enum: CIVIL_CODE_BOOKS, required: true },
    difficulty: { type: Number, required: true, default: 1 },
    tags: { type: [String], default: [] },
  },
  { _id: false },
);

const questionSchema = new Schema(
  {
    _id: { type: String },
    status: { type: String, enum: ['active', 'retired'], required: true, default: 'active' },
    content: { type: contentSchema, required: true },
    origin: { type: String, enum: ['seed', 'staff', 'import'], required: true },
    /** Hash of the seed content last written; lets a re-seed update seed questions staff never touched. */
    seedHash: { type: String, default: null },
    /** Bumped on every staff edit; edits carry the version they read. */
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, default: null },
    updatedBy: { type: String, default: null },
  },
  { timestamps: true },
);

export type QuestionDoc = InferSchemaType<typeof questionSchema> & { _id: string; updatedAt: Date; createdAt: Date };
export const QuestionModel = mongoose.model('Question', questionSchema);

/** A stored question as the bank and the quiz modes use it (plain objects, no mongoose arrays). */
export function toQuestion(doc: QuestionDoc): Question {
  const c = doc.content;
  return {
    id: doc._id,
    status: doc.status as QuestionStatus,
    content: {
      type: c.type,
      stem: c.stem,
      options: c.options.map((o) => ({ key: o.key, text: o.text })),
      answer: [...c.answer],
      explanation: c.explanation,
      articles: [...c.articles],
      book: c.book,
      difficulty: c.difficulty,
      tags: [...(c.tags ?? [])],
    } as QuestionContent,
  };
}
