import mongoose from 'mongoose';
import { DEFAULT_TIER_LIMIT_HOURS, nextTier, type ConsultTier } from '@qf/shared';
import { readById } from '../../db/by-id';
import { createTtlCache } from '../../lib/ttl-cache';
import {
  ConsultClaimModel,
  ConsultFeedbackModel,
  ConsultOutcomeModel,
  ConsultSettingsModel,
  ConsultSlotModel,
  ConsultationModel,
  type ClaimDoc,
  type ConsultationDoc,
  type FeedbackDoc,
  type OutcomeDoc,
} from './consultations.model';
import type { Limits } from './consult-view';

export const stageKey = (id: string, stage: number) => `${id}:${stage}`;
export const feedbackKey = (id: string, stage: number) => `${id}:${stage}:fb`;

/**
 * Reading and moving a consultation. Every move is decided by an insert elsewhere (outcome,
 * feedback); the functions here only write down what such an insert decided, and they may be run
 * again for the same decision (a winner that stopped half-way is finished by the next reader or
 * by the timer task) without changing the result.
 */
export function createConsultState(deps: { clock: () => Date; onChange: (townshipCode: string) => void }) {
  const limitsCache = createTtlCache<Limits>(5_000);

  async function limits(): Promise<Limits> {
    return limitsCache.get('limits', async () => {
      const doc = await readById<{ literate: number; popularizer: number; adviser: number }>(ConsultSettingsModel, 'limits');
      return doc ? { literate: doc.literate, popularizer: doc.popularizer, adviser: doc.adviser } : { ...DEFAULT_TIER_LIMIT_HOURS };
    });
  }

  async function setLimits(next: Limits): Promise<Limits> {
    await ConsultSettingsModel.updateOne({ _id: 'limits' }, { $set: next }, { upsert: true });
    limitsCache.delete('limits');
    return limits();
  }

  async function read(id: string): Promise<ConsultationDoc | null> {
    if (!mongoose.isValidObjectId(id)) return null;
    return readById<ConsultationDoc>(ConsultationModel, new mongoose.Types.ObjectId(id));
  }

  const claimOf = (doc: ConsultationDoc) => readById<ClaimDoc>(ConsultClaimModel, stageKey(doc._id.toString(), doc.stage));
  const outcomeOf = (id: string, stage: number) => readById<OutcomeDoc>(ConsultOutcomeModel, stageKey(id, stage));
  const feedbackOf = (id: string, stage: number) => readById<FeedbackDoc>(ConsultFeedbackModel, feedbackKey(id, stage));

  async function releaseOpenSlot(doc: ConsultationDoc) {
    if (doc.openSlot) await ConsultSlotModel.deleteOne({ _id: doc.openSlot });
  }

  /** Writes down a stage's outcome on the consultation (only if it is still at that stage). */
  async function applyOutcome(doc: ConsultationDoc, outcome: OutcomeDoc): Promise<ConsultationDoc> {
    if (doc.stage !== outcome.stage || doc.state !== 'waiting') return doc;
    const stages = [...(doc.stages ?? [])].map((s) => ({ ...s }));
    const current = stages[outcome.stage] ?? { tier: doc.tier, since: doc.tierSince, outcome: null, at: null };
    stages[outcome.stage] = { ...current, outcome: outcome.kind, at: outcome.at };
    let set: Partial<ConsultationDoc>;
    if (outcome.kind === 'answered') {
      set = { state: 'answered', topic: outcome.topic, articles: [...new Set([...(doc.articles ?? []), ...outcome.articles])] };
    } else if (outcome.kind === 'referred') {
      set = { state: 'referred', referral: { kind: outcome.referralKind!, note: outcome.text } as ConsultationDoc['referral'] };
    } else {
      const tier = nextTier(doc.tier as ConsultTier) ?? (doc.tier as ConsultTier);
      stages[outcome.stage + 1] = { tier, since: outcome.at, outcome: null, at: null };
      set = { stage: outcome.stage + 1, tier, tierSince: outcome.at };
    }
    set.stages = stages;
    // By _id alone (an index look-up on FerretDB); only the winner of the outcome insert gets here first.
    await ConsultationModel.updateOne({ _id: doc._id }, { $set: set });
    if (set.state && set.state !== 'waiting') await releaseOpenSlot(doc);
    deps.onChange(doc.townshipCode);
    return { ...doc, ...set } as ConsultationDoc;
  }

  /** Writes down the asker's 解决了 / 还有疑问 for the stage just answered. */
  async function applyFeedback(doc: ConsultationDoc, fb: FeedbackDoc): Promise<ConsultationDoc> {
    if (doc.stage !== fb.stage || doc.state !== 'answered') return doc;
    let set: Partial<ConsultationDoc>;
    if (fb.resolved) set = { state: 'resolved' };
    else {
      // Up one tier with the follow-up; at the top tier it goes back to the advisers.
      const tier = nextTier(doc.tier as ConsultTier) ?? (doc.tier as ConsultTier);
      const stages = [...(doc.stages ?? [])].map((s) => ({ ...s }));
      stages[fb.stage + 1] = { tier, since: fb.at, outcome: null, at: null };
      set = { state: 'waiting', stage: fb.stage + 1, tier, tierSince: fb.at, stages: stages as ConsultationDoc['stages'] };
    }
    await ConsultationModel.updateOne({ _id: doc._id }, { $set: set });
    deps.onChange(doc.townshipCode);
    return { ...doc, ...set } as ConsultationDoc;
  }

  /**
   * The consultation as its decisions say it is: an outcome or feedback whose winner did not get to
   * write it down is applied now (rare: a crash between the insert and the update).
   */
  async function current(doc: ConsultationDoc): Promise<ConsultationDoc> {
    const id = doc._id.toString();
    for (let guard = 0; guard < 20; guard++) {
      if (doc.state === 'waiting') {
        const o = await outcomeOf(id, doc.stage);
        if (!o) return doc;
        doc = await applyOutcome(doc, o);
      } else if (doc.state === 'answered') {
        const fb = await feedbackOf(id, doc.stage);
        if (!fb) return doc;
        doc = await applyFeedback(doc, fb);
      } else return doc;
    }
    return doc;
  }

  async function thread(doc: ConsultationDoc) {
    const id = doc._id.toString();
    const stages = Array.from({ length: doc.stage + 1 }, (_, s) => s);
    const [outcomes, feedbacks] = await Promise.all([Promise.all(stages.map((s) => outcomeOf(id, s))), Promise.all(stages.map((s) => feedbackOf(id, s)))]);
    return { outcomes, feedbacks };
  }

  return { limits, setLimits, read, current, claimOf, outcomeOf, feedbackOf, applyOutcome, applyFeedback, thread, clock: deps.clock };
}

export type ConsultState = ReturnType<typeof createConsultState>;
