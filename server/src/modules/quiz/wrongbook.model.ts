import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const entrySchema = new Schema(
  {
    book: { type: String, required: true },
    wrong: { type: Number, default: 0 },
    /** Correct answers in a row since the last wrong one; two take the question out. */
    streak: { type: Number, default: 0 },
    lastWrongAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * A person's 错题本 as one document, `_id` = userId, entries keyed by question id. Every read and
 * write goes by `_id`, and entries change with dotted `$inc` / `$set` / `$unset`, each atomic.
 * Question ids never contain "." or "$" (the bank's ids match /^[\w:-]+$/).
 */
const wrongBookSchema = new Schema(
  {
    _id: { type: String },
    entries: { type: Map, of: entrySchema, default: () => new Map() },
  },
  { timestamps: true, versionKey: false },
);
export interface WrongBookEntry {
  book: string;
  wrong: number;
  streak: number;
  lastWrongAt: Date;
}
export type WrongBookDoc = Omit<InferSchemaType<typeof wrongBookSchema>, 'entries'> & { _id: string; entries?: Record<string, WrongBookEntry> };
export const WrongBookModel = mongoose.model('QuizWrongBook', wrongBookSchema, 'quiz_wrong_books');
