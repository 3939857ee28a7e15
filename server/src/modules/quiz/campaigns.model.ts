import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CIVIL_CODE_BOOKS } from '@qf/shared';
import { scoredAnswerSchema } from './daily.model';

const campaignSchema = new Schema(
  {
    title: { type: String, required: true },
    description: { type: String, default: '' },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    questionCount: { type: Number, required: true },
    books: { type: [{ type: String, enum: CIVIL_CODE_BOOKS }], default: [] },
    timeLimitSeconds: { type: Number, required: true },
    attemptsAllowed: { type: Number, required: true },
    passMark: { type: Number, required: true },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
export type CampaignDoc = InferSchemaType<typeof campaignSchema> & { _id: mongoose.Types.ObjectId };
export const CampaignModel = mongoose.model('QuizCampaign', campaignSchema, 'quiz_campaigns');

/** The answer key of an attempt's question, copied at start so later edits cannot change a score. */
const attemptQuestionSchema = new Schema(
  {
    id: { type: String, required: true },
    answer: { type: String, required: true },
    keys: { type: String, required: true },
  },
  { _id: false },
);

/**
 * One attempt, `_id` = `${campaignId}:${userId}:${n}`, only ever inserted. Attempt n is created
 * only when attempts 1…n-1 are closed, and the unique `_id` lets one start win when several race,
 * so a person never has two open attempts and never more than the allowance.
 */
const attemptSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: String, required: true },
    userId: { type: String, required: true },
    n: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    questions: { type: [attemptQuestionSchema], required: true },
  },
  { versionKey: false },
);
export type AttemptDoc = InferSchemaType<typeof attemptSchema> & { _id: string };
export const AttemptModel = mongoose.model('QuizAttempt', attemptSchema, 'quiz_attempts');

/**
 * The scored attempt, same `_id` as the attempt, only ever inserted: the unique `_id` is what
 * makes an attempt scored exactly once however many submissions race.
 */
const attemptResultSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: String, required: true },
    userId: { type: String, required: true },
    n: { type: Number, required: true },
    answers: { type: [scoredAnswerSchema], default: [] },
    correctCount: { type: Number, required: true },
    score: { type: Number, required: true },
    passed: { type: Boolean, required: true },
    submittedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export type AttemptResultDoc = InferSchemaType<typeof attemptResultSchema> & { _id: string };
export const AttemptResultModel = mongoose.model('QuizAttemptResult', attemptResultSchema, 'quiz_attempt_results');

/**
 * A person's standing in a campaign, `_id` = `${campaignId}:${userId}`: name and township as at
 * their first start, best score, passed. Written only by that person's own scored submissions,
 * which never overlap (one open attempt at a time). The leaderboards are built from these.
 */
const entrySchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: String, required: true },
    userId: { type: String, required: true },
    displayName: { type: String, required: true },
    /** Null for people who have not chosen a township: on the people board, on no township board. */
    townshipCode: { type: String, default: null },
    bestScore: { type: Number, default: -1 },
    bestAt: { type: Date, default: null },
    passed: { type: Boolean, default: false },
    certificateCode: { type: String, default: null },
  },
  { timestamps: true, versionKey: false },
);
export type EntryDoc = InferSchemaType<typeof entrySchema> & { _id: string };
export const EntryModel = mongoose.model('QuizCampaignEntry', entrySchema, 'quiz_campaign_entries');

/** The `_id` of a person's entry in a campaign. */
export const entryId = (campaignId: string, userId: string) => `${campaignId}:${userId}`;
/** The `_id` of a person's attempt n in a campaign, and of its result. */
export const attemptId = (campaignId: string, userId: string, n: number) => `${campaignId}:${userId}:${n}`;
