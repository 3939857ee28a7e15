import { randomUUID } from 'node:crypto';
import { acceptsSubmissionAt, drawIds, type Attempt, type CampaignDetail, type CampaignMine, type CivilCodeBook, type Me } from '@qf/shared';
import { ConflictError, NotFoundError } from '../../http/errors';
import { claimOnce, isDuplicateKey } from '../../db/unique';
import { AttemptModel, AttemptResultModel, EntryModel, attemptId, entryId, type AttemptDoc, type AttemptResultDoc, type CampaignDoc, type EntryDoc } from './campaigns.model';
import { forAnswering, lettersToString, type ArticleLookup, type QuestionSource } from './quiz-source';
import { storedResult } from './daily.service';
import { readById } from '../../db/by-id';
import { phaseOf, toCampaign, type CampaignsService } from './campaigns.service';
import type { CampaignResultsService } from './campaign-results.service';

type AttemptState = 'open' | 'submitted' | 'expired';

const stateOf = (att: AttemptDoc, result: AttemptResultDoc | null | undefined, now: Date): AttemptState =>
  result ? 'submitted' : acceptsSubmissionAt(att.deadline, now) ? 'open' : 'expired';

/**
 * 竞赛: taking part in a county campaign. FerretDB has no transactions, and on its SQLite backend
 * even a guarded findOneAndUpdate or an $inc is not atomic under concurrency; an insert with a
 * given `_id` is. So attempts and results are insert-only documents with deterministic ids:
 * attempt n exists at most once, its result exists at most once (the scoring, in
 * campaign-results.service.ts), and an attempt's state follows from which documents exist and the
 * clock.
 */
export function createCampaignAttemptsService(deps: {
  clock: () => Date;
  questions: QuestionSource;
  articles?: ArticleLookup;
  campaigns: CampaignsService;
  results: CampaignResultsService;
}) {
  /** A person's attempts and results in a campaign: at most `attemptsAllowed` reads by `_id` each. */
  async function history(actor: Me, campaign: CampaignDoc) {
    const cid = campaign._id.toString();
    const ids = Array.from({ length: campaign.attemptsAllowed }, (_, i) => attemptId(cid, actor.id, i + 1));
    // One read by `_id` each: `$in` is not pushed down by FerretDB's SQLite backend (a table scan).
    const [attempts, results] = await Promise.all([
      Promise.all(ids.map((id) => readById<AttemptDoc>(AttemptModel, id))),
      Promise.all(ids.map((id) => readById<AttemptResultDoc>(AttemptResultModel, id))),
    ]);
    return {
      attempts: new Map(attempts.filter((a): a is AttemptDoc => !!a).map((a) => [a.n, a])),
      results: new Map(results.filter((r): r is AttemptResultDoc => !!r).map((r) => [r.n, r])),
    };
  }

  async function attemptView(att: AttemptDoc, result: AttemptResultDoc | null): Promise<Attempt> {
    const ids = att.questions.map((q) => q.id);
    const questions = await deps.questions.getByIds(ids);
    return {
      campaignId: att.campaignId,
      n: att.n,
      status: stateOf(att, result, deps.clock()),
      startedAt: att.startedAt.toISOString(),
      deadline: att.deadline.toISOString(),
      questions: ids.filter((id) => questions.has(id)).map((id) => forAnswering(questions.get(id)!)),
      result: result ? { ...storedResult(result, questions, deps.articles), passed: result.passed, submittedAt: result.submittedAt.toISOString() } : null,
    };
  }

  /** Inserts attempt n with freshly drawn, shuffled questions; null when another start inserted it first. */
  async function createAttempt(actor: Me, campaign: CampaignDoc, n: number): Promise<AttemptDoc | null> {
    const now = deps.clock();
    const pool = await deps.questions.activePool((campaign.books ?? []) as CivilCodeBook[]);
    const byIdPool = new Map(pool.map((q) => [q.id, q]));
    const ids = drawIds([...byIdPool.keys()], campaign.questionCount, randomUUID());
    if (ids.length === 0) throw new ConflictError('题库里没有可用的题目，请联系管理员');
    const deadline = new Date(Math.min(now.getTime() + campaign.timeLimitSeconds * 1000, campaign.closesAt.getTime()));
    const questions = ids.map((id) => {
      const q = byIdPool.get(id)!;
      return { id, answer: lettersToString(q.content.answer), keys: q.content.options.map((o) => o.key).join('') };
    });
    try {
      const doc = await AttemptModel.create({ _id: attemptId(campaign._id.toString(), actor.id, n), campaignId: campaign._id.toString(), userId: actor.id, n, startedAt: now, deadline, questions });
      return doc.toObject() as AttemptDoc;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  return {
    async detail(actor: Me, id: string): Promise<CampaignDetail> {
      const campaign = await deps.campaigns.load(id);
      const now = deps.clock();
      const [{ attempts, results }, stored] = await Promise.all([history(actor, campaign), readById<EntryDoc>(EntryModel, entryId(id, actor.id))]);
      const entry = await deps.results.healEntry(actor, campaign, stored, results);
      const open = [...attempts.values()].find((a) => stateOf(a, results.get(a.n), now) === 'open');
      const mine: CampaignMine = {
        attemptsUsed: attempts.size,
        attemptsLeft: Math.max(0, campaign.attemptsAllowed - attempts.size),
        openAttempt: open?.n ?? null,
        bestScore: entry && entry.bestScore >= 0 ? entry.bestScore : null,
        passed: !!entry?.passed,
        certificateCode: entry?.certificateCode ?? null,
      };
      return { ...toCampaign(campaign, now), mine };
    },

    /**
     * Starts an attempt, or gives back the one still open (one open attempt per person). Refused
     * with 409 outside the campaign's hours and once the allowance is used up.
     */
    async start(actor: Me, id: string): Promise<Attempt> {
      const campaign = await deps.campaigns.load(id);
      const now = deps.clock();
      const phase = phaseOf(campaign, now);
      if (phase === 'upcoming') throw new ConflictError('竞赛还没有开始');
      if (phase === 'closed') throw new ConflictError('竞赛已经结束');
      const cid = campaign._id.toString();
      // The entry keeps the name and township of the first start; later starts leave it alone.
      const entry = await readById<EntryDoc>(EntryModel, entryId(cid, actor.id));
      if (!entry) {
        await claimOnce(EntryModel, { _id: entryId(cid, actor.id), campaignId: cid, userId: actor.id, displayName: actor.displayName, townshipCode: actor.townshipCode ?? null, bestScore: -1, passed: false, certificateCode: null });
      }
      for (let round = 0; round < 4; round++) {
        const { attempts, results } = await history(actor, campaign);
        let next: number | null = null;
        for (let n = 1; n <= campaign.attemptsAllowed; n++) {
          const att = attempts.get(n);
          if (!att) {
            next = n;
            break;
          }
          if (stateOf(att, results.get(n), now) === 'open') return attemptView(att, null);
        }
        if (next === null) throw new ConflictError(`每人最多答 ${campaign.attemptsAllowed} 次，您的答题机会已用完`);
        const created = await createAttempt(actor, campaign, next);
        if (created) return attemptView(created, null);
        // Another start of the same person inserted attempt `next` first: look again and return it.
      }
      throw new ConflictError('操作太频繁，请稍后再试');
    },

    async attempt(actor: Me, id: string, n: number): Promise<Attempt> {
      const _id = attemptId(id, actor.id, n);
      const [att, result] = await Promise.all([readById<AttemptDoc>(AttemptModel, _id), readById<AttemptResultDoc>(AttemptResultModel, _id)]);
      if (!att) throw new NotFoundError('没有这次答题记录');
      return attemptView(att, result);
    },

    /** Ids of questions in the person's open attempts (practice may not reveal their answers). */
    async openQuestionIds(actor: Me): Promise<Set<string>> {
      const now = deps.clock();
      const ids = new Set<string>();
      for (const c of await deps.campaigns.recent()) {
        if (phaseOf(c, now) !== 'open') continue;
        // One read for most people: no entry means they never started this campaign.
        if (!(await readById<EntryDoc>(EntryModel, entryId(c._id.toString(), actor.id)))) continue;
        const { attempts, results } = await history(actor, c);
        for (const att of attempts.values()) {
          if (stateOf(att, results.get(att.n), now) === 'open') att.questions.forEach((q) => ids.add(q.id));
        }
      }
      return ids;
    },
  };
}

export type CampaignAttemptsService = ReturnType<typeof createCampaignAttemptsService>;
