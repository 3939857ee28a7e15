import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** One scored answer, letters kept as strings ("AC") so no array sits inside an array. */
export const scoredAnswerSchema = new Schema(
  {
    questionId: { type: String, required: true },
    given: { type: String, default: '' },
    correct: { type: String, required: true },
    isCorrect: { type: Boolean, required: true },
  },
  { _id: false },
);

/**
 * A person's 每日答题 questions for one county day, `_id` = `${date}:${userId}`. The draw is
 * deterministic, so simultaneous first opens write the same five ids whichever wins.
 */
const dailyQuizSchema = new Schema(
  {
    _id: { type: String },
    userId: { type: String, required: true },
    date: { type: String, required: true },
    questionIds: { type: [String], required: true },
  },
  { timestamps: true, versionKey: false },
);
export type DailyQuizDoc = InferSchemaType<typeof dailyQuizSchema> & { _id: string };
export const DailyQuizModel = mongoose.model('QuizDaily', dailyQuizSchema, 'quiz_daily');

/**
 * The day's scored submission, same `_id` as the questions. It is only ever INSERTED: the unique
 * `_id` makes the first submission the only one scored. (FerretDB 1.24 on SQLite does not apply a
 * guarded findOneAndUpdate or $inc atomically under concurrency, see quiz-modes.ts; an insert
 * with a given `_id` is atomic on every backend.)
 */
const dailyResultSchema = new Schema(
  {
    _id: { type: String },
    userId: { type: String, required: true },
    date: { type: String, required: true },
    answers: { type: [scoredAnswerSchema], default: [] },
    correctCount: { type: Number, required: true },
    score: { type: Number, required: true },
    streak: { type: Number, required: true },
    submittedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export type DailyResultDoc = InferSchemaType<typeof dailyResultSchema> & { _id: string };
export const DailyResultModel = mongoose.model('QuizDailyResult', dailyResultSchema, 'quiz_daily_results');

/** Per-person quiz standing, `_id` = userId: the daily streak. */
const quizPersonSchema = new Schema(
  {
    _id: { type: String },
    streak: { type: Number, default: 0 },
    bestStreak: { type: Number, default: 0 },
    lastDailyDate: { type: String, default: null },
  },
  { timestamps: true, versionKey: false },
);
export type QuizPersonDoc = InferSchemaType<typeof quizPersonSchema> & { _id: string };
export const QuizPersonModel = mongoose.model('QuizPerson', quizPersonSchema, 'quiz_people');
