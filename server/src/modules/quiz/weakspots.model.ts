import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One person's answers on one county day, `_id` = `${townshipCode}:${date}:${userId}`, with a
 * wrong-answer counter per cited article (key `a${number}`). Only that person's own answers touch
 * it, one after another, so counts are exact even where concurrent `$inc` on one shared document
 * is not (FerretDB 1.24 on SQLite). The weak-spot view adds up a township's last 90 days.
 */
const weakSpotDaySchema = new Schema(
  {
    _id: { type: String },
    townshipCode: { type: String, required: true },
    date: { type: String, required: true },
    answers: { type: Number, default: 0 },
    wrong: { type: Number, default: 0 },
    articles: { type: Map, of: Number, default: () => new Map() },
  },
  { versionKey: false },
);
export type WeakSpotDayDoc = Omit<InferSchemaType<typeof weakSpotDaySchema>, 'articles'> & { _id: string; articles?: Record<string, number> };
export const WeakSpotDayModel = mongoose.model('QuizWeakSpotDay', weakSpotDaySchema, 'quiz_weak_spot_days');
