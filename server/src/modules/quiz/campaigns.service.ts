import { type Campaign, type CampaignInput, type CampaignPatch, type CampaignPhase, type CivilCodeBook, type Me } from '@qf/shared';
import { BadRequestError, NotFoundError, invalidField } from '../../http/errors';
import { CampaignModel, type CampaignDoc } from './campaigns.model';
import type { QuestionSource } from './quiz-source';
import { createTtlCache } from '../../lib/ttl-cache';

export function phaseOf(c: { opensAt: Date; closesAt: Date }, now: Date): CampaignPhase {
  if (now.getTime() < c.opensAt.getTime()) return 'upcoming';
  if (now.getTime() >= c.closesAt.getTime()) return 'closed';
  return 'open';
}

/** The campaign as everyone sees it, in its phase at `now`. */
export function toCampaign(doc: CampaignDoc, now: Date): Campaign {
  return {
    id: doc._id.toString(),
    title: doc.title,
    description: doc.description ?? '',
    opensAt: doc.opensAt.toISOString(),
    closesAt: doc.closesAt.toISOString(),
    questionCount: doc.questionCount,
    books: [...(doc.books ?? [])] as CivilCodeBook[],
    timeLimitSeconds: doc.timeLimitSeconds,
    attemptsAllowed: doc.attemptsAllowed,
    passMark: doc.passMark,
    phase: phaseOf(doc, now),
  };
}

/**
 * 竞赛 as the county plans them: create, change, list. Taking part (campaign-attempts.service.ts)
 * and scoring (campaign-results.service.ts) read the campaigns through `load` and `recent`, so
 * this service's caches, which a change here clears, are the only copy.
 */
export function createCampaignsService(deps: { clock: () => Date; questions: QuestionSource; cacheMs?: number }) {
  const byId = createTtlCache<CampaignDoc | null>(deps.cacheMs ?? 5000);
  const all = createTtlCache<CampaignDoc[]>(deps.cacheMs ?? 5000);
  const allCampaigns = () => all.get('all', () => CampaignModel.find({}).sort({ opensAt: -1 }).limit(200).lean<CampaignDoc[]>());

  async function campaignOrThrow(id: string): Promise<CampaignDoc> {
    const doc = await byId.get(id, () => CampaignModel.findById(id).lean<CampaignDoc>());
    if (!doc) throw new NotFoundError('找不到该竞赛');
    return doc;
  }

  async function assertPoolLargeEnough(books: readonly CivilCodeBook[], questionCount: number) {
    const pool = await deps.questions.activePool(books);
    if (pool.length < questionCount) {
      throw new BadRequestError(`输入有误：body.questionCount 所选范围的题库只有 ${pool.length} 道题，少于 ${questionCount} 道`, [
        { field: 'body.questionCount', message: `所选范围只有 ${pool.length} 道题` },
      ]);
    }
  }

  return {
    async create(actor: Me, input: CampaignInput): Promise<Campaign> {
      await assertPoolLargeEnough(input.books, input.questionCount);
      const doc = await CampaignModel.create({ ...input, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt), createdBy: actor.id });
      all.clear();
      return toCampaign(doc.toObject() as CampaignDoc, deps.clock());
    },

    async update(id: string, patch: CampaignPatch): Promise<Campaign> {
      const current = await CampaignModel.findById(id).lean<CampaignDoc>();
      if (!current) throw new NotFoundError('找不到该竞赛');
      const opensAt = patch.opensAt ? new Date(patch.opensAt) : current.opensAt;
      const closesAt = patch.closesAt ? new Date(patch.closesAt) : current.closesAt;
      if (closesAt.getTime() <= opensAt.getTime()) throw invalidField('body.closesAt', '结束时间必须晚于开始时间');
      const books = (patch.books ?? current.books ?? []) as CivilCodeBook[];
      const questionCount = patch.questionCount ?? current.questionCount;
      if (patch.books || patch.questionCount) await assertPoolLargeEnough(books, questionCount);
      const doc = await CampaignModel.findByIdAndUpdate(id, { $set: { ...patch, opensAt, closesAt } }, { returnDocument: 'after', runValidators: true }).lean<CampaignDoc>();
      if (!doc) throw new NotFoundError('找不到该竞赛');
      byId.delete(id);
      all.clear();
      return toCampaign(doc, deps.clock());
    },

    /** 404 unless the campaign exists (cached for a few seconds). */
    async assertExists(id: string): Promise<void> {
      await campaignOrThrow(id);
    },

    async list(phase?: CampaignPhase): Promise<{ items: Campaign[] }> {
      const now = deps.clock();
      const docs = await allCampaigns();
      return { items: docs.map((d) => toCampaign(d, now)).filter((c) => !phase || c.phase === phase) };
    },

    /** The stored campaign, 404 when there is none (cached for a few seconds). */
    load: campaignOrThrow,

    /** The 200 latest campaigns, newest first (cached for a few seconds). */
    recent: allCampaigns,
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
