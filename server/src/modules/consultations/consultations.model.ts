import mongoose, { Schema } from 'mongoose';
import { CONSULT_TIERS, REFERRAL_KINDS, TOWNSHIP_CODES } from '@qf/shared';
import { isDuplicateKey } from '../../db/unique';

/**
 * A consultation is a question that climbs tiers in *stages* (0, 1, 2 …): each stage is one tier's
 * turn. Everything that must happen once per stage is its own document with a deterministic _id,
 * inserted once (FerretDB's read-modify-write is not atomic, see README "The database"):
 *   claim    `${id}:${stage}`          who handles this stage (one owner of 50 claimers);
 *   outcome  `${id}:${stage}`          answered | escalated | timeout | referred: whichever insert wins
 *                                      is the stage's one outcome (an answer racing the timer on two
 *                                      instances gives exactly one);
 *   feedback `${id}:${stage}:fb`       the asker's 解决了 / 还有疑问 after that stage's answer.
 * The consultation document itself keeps the question and a summary of where it is (stage, tier,
 * state), written only by the winner of one of those inserts, and rebuilt from them if a winner
 * stopped before writing it (see applyOutcome).
 */

const stageSchema = new Schema(
  {
    tier: { type: String, enum: CONSULT_TIERS, required: true },
    since: { type: Date, required: true },
    /** The outcome's kind and time, once there is one. */
    outcome: { type: String, default: null },
    at: { type: Date, default: null },
  },
  { _id: false },
);

const consultationSchema = new Schema(
  {
    townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true },
    villageId: { type: String, required: true },
    villageName: { type: String, required: true },
    /** The resident who asked; null for 代问 (a villager without WeChat). */
    askerId: { type: Schema.Types.ObjectId, default: null },
    askerName: { type: String, required: true },
    /** The 明白人 who recorded it for the villager (代问). */
    proxyById: { type: Schema.Types.ObjectId, default: null },
    phone: { type: String, default: null },
    text: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    voiceId: { type: String, default: null },
    /** Where the answered message goes, when the asker accepted it. */
    notify: { type: new Schema({ openid: String, templateId: String }, { _id: false }), default: null },
    openSlot: { type: String, default: null },
    stage: { type: Number, required: true, default: 0 },
    tier: { type: String, enum: CONSULT_TIERS, required: true },
    state: { type: String, enum: ['waiting', 'answered', 'referred', 'resolved'], required: true },
    tierSince: { type: Date, required: true },
    stages: { type: [stageSchema], default: [] },
    topic: { type: String, default: null },
    articles: { type: [Number], default: [] },
    referral: { type: new Schema({ kind: { type: String, enum: REFERRAL_KINDS }, note: String }, { _id: false }), default: null },
    askedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
type Tier = (typeof CONSULT_TIERS)[number];
export interface StageDoc {
  tier: Tier;
  since: Date;
  outcome: string | null;
  at: Date | null;
}
export interface ConsultationDoc {
  _id: mongoose.Types.ObjectId;
  townshipCode: string;
  villageId: string;
  villageName: string;
  askerId: mongoose.Types.ObjectId | null;
  askerName: string;
  proxyById: mongoose.Types.ObjectId | null;
  phone: string | null;
  text: string;
  photoIds: string[];
  voiceId: string | null;
  notify: { openid: string; templateId: string } | null;
  openSlot: string | null;
  stage: number;
  tier: Tier;
  state: 'waiting' | 'answered' | 'referred' | 'resolved';
  tierSince: Date;
  stages: StageDoc[];
  topic: string | null;
  articles: number[];
  referral: { kind: (typeof REFERRAL_KINDS)[number]; note: string } | null;
  askedAt: Date;
}
// Untyped filters: request input never reaches them unchecked (sanitizeFilter is on), and the
// documents are typed by ConsultationDoc above.
export const ConsultationModel = mongoose.model('Consultation', consultationSchema) as unknown as mongoose.Model<any>;

const claimSchema = new Schema({ _id: String, consultationId: String, stage: Number, userId: String, name: String, at: Date }, { versionKey: false });
export type ClaimDoc = { _id: string; consultationId: string; stage: number; userId: string; name: string; at: Date };
export const ConsultClaimModel = mongoose.model('ConsultClaim', claimSchema);

const outcomeSchema = new Schema(
  {
    _id: String,
    consultationId: String,
    stage: Number,
    tier: String,
    kind: { type: String, enum: ['answered', 'escalated', 'timeout', 'referred'] },
    byId: { type: String, default: null },
    byName: String,
    text: String,
    articles: { type: [Number], default: [] },
    topic: { type: String, default: null },
    referralKind: { type: String, default: null },
    at: Date,
  },
  { versionKey: false },
);
export type OutcomeDoc = {
  _id: string;
  consultationId: string;
  stage: number;
  tier: (typeof CONSULT_TIERS)[number];
  kind: 'answered' | 'escalated' | 'timeout' | 'referred';
  byId: string | null;
  byName: string;
  text: string;
  articles: number[];
  topic: string | null;
  referralKind: (typeof REFERRAL_KINDS)[number] | null;
  at: Date;
};
export const ConsultOutcomeModel = mongoose.model('ConsultOutcome', outcomeSchema);

const feedbackSchema = new Schema({ _id: String, consultationId: String, stage: Number, resolved: Boolean, followUp: { type: String, default: null }, at: Date }, { versionKey: false });
export type FeedbackDoc = { _id: string; consultationId: string; stage: number; resolved: boolean; followUp: string | null; at: Date };
export const ConsultFeedbackModel = mongoose.model('ConsultFeedback', feedbackSchema);

/** A resident's open-question and daily slots: `${userId}:open:${k}` (k ≤ 5), `${userId}:${day}:${n}` (n ≤ 10). */
const slotSchema = new Schema({ _id: String, consultationId: { type: String, default: null }, at: Date }, { versionKey: false });
export const ConsultSlotModel = mongoose.model('ConsultSlot', slotSchema);

/** The sent "answered" message per stage: inserted before sending, so it goes once. */
const noticeSchema = new Schema({ _id: String, status: String, at: Date, error: { type: String, default: null } }, { versionKey: false });
export const ConsultNoticeModel = mongoose.model('ConsultNotice', noticeSchema);

/**
 * A handler's acceptance of the "question waiting for you" message (WeChat: one acceptance, one
 * message). `serves` lists `${townshipCode}:${tier}` at the time; it is checked again when sending.
 * Sending deletes one acceptance first, so one acceptance never sends twice.
 */
const handlerAcceptSchema = new Schema({ _id: String, userId: String, openid: String, templateId: String, serves: [String], at: Date }, { versionKey: false });
export type HandlerAcceptDoc = { _id: string; userId: string; openid: string; templateId: string; serves: string[]; at: Date };
export const ConsultHandlerAcceptModel = mongoose.model('ConsultHandlerAccept', handlerAcceptSchema);

/** 「这个解决了我的问题」: `${userId}:${day}:${kind}:${ref}`, counted once a day per suggestion. */
const avoidedSchema = new Schema({ _id: String, townshipCode: { type: String, default: null }, kind: String, ref: String, at: Date }, { versionKey: false });
export const ConsultAvoidedModel = mongoose.model('ConsultAvoided', avoidedSchema);

/** The county's time limits per tier (one document, `limits`). */
const settingsSchema = new Schema({ _id: String, literate: Number, popularizer: Number, adviser: Number }, { versionKey: false });
export const ConsultSettingsModel = mongoose.model('ConsultSettings', settingsSchema);

const villageSchema = new Schema({ _id: String, townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true }, name: { type: String, required: true }, sample: { type: Boolean, default: false } }, { versionKey: false, timestamps: true });
export type VillageDoc = { _id: string; townshipCode: string; name: string; sample: boolean };
export const VillageModel = mongoose.model('Village', villageSchema) as unknown as mongoose.Model<any>;

/** A published (or draft) FAQ; its _id is the consultation's, so one consultation gives one FAQ. */
const faqSchema = new Schema(
  {
    _id: String,
    townshipCode: String,
    status: { type: String, enum: ['draft', 'published', 'retired'] },
    title: String,
    question: String,
    answer: String,
    articles: { type: [Number], default: [] },
    topic: String,
    publishedAt: { type: Date, default: null },
    refusal: { type: String, default: null },
  },
  { versionKey: false, timestamps: true },
);
export type FaqDoc = { _id: string; townshipCode: string; status: 'draft' | 'published' | 'retired'; title: string; question: string; answer: string; articles: number[]; topic: string; publishedAt: Date | null; refusal: string | null };
export const FaqModel = mongoose.model('Faq', faqSchema);


/** Inserts a document whose _id is the claim; false when it was already there. */
export async function insertOnce(model: mongoose.Model<any>, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
