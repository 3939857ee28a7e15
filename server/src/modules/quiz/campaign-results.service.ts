import { acceptsSubmissionAt, isPassing, scoreSheet, type AnswerSheetBody, type AttemptResult, type Me } from '@qf/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import { AttemptModel, AttemptResultModel, EntryModel, attemptId, entryId, type AttemptDoc, type AttemptResultDoc, type CampaignDoc, type EntryDoc } from './campaigns.model';
import { lettersToString, type ArticleLookup, type FullQuestion, type QuestionSource } from './quiz-source';
import { storedResult } from './daily.service';
import { createKeyedGate } from '../../lib/keyed-gate';
import { createInsertBatcher } from '../../db/insert-batcher';
import { readById } from '../../db/by-id';
import type { CampaignsService } from './campaigns.service';
import type { CertificatesService } from './certificates.service';
import type { LeaderboardService } from './leaderboard.service';
import type { WrongBookService } from './wrongbook.service';

/** What settling a scored attempt needs of the person's entry; `townshipCode` is read when missing. */
type Standing = Pick<EntryDoc, '_id' | 'bestScore' | 'certificateCode'> & { townshipCode?: string | null };

/**
 * 竞赛 results: scoring a submitted attempt exactly once (its result is inserted by the attempt's
 * `_id`, see campaign-attempts.service.ts), and what follows from it: the person's entry (best
 * score, passed), the certificate, the leaderboards, the wrong book.
 */
export function createCampaignResultsService(deps: {
  clock: () => Date;
  questions: QuestionSource;
  articles?: ArticleLookup;
  campaigns: CampaignsService;
  wrongBook: WrongBookService;
  leaderboard: LeaderboardService;
  certificates: CertificatesService;
}) {
  async function resultOf(result: AttemptResultDoc, knownCertificateCode?: string | null): Promise<AttemptResult> {
    const [questions, entry] = await Promise.all([
      deps.questions.getByIds(result.answers.map((a) => a.questionId)),
      knownCertificateCode !== undefined ? { certificateCode: knownCertificateCode } : readById<EntryDoc>(EntryModel, entryId(result.campaignId, result.userId)),
    ]);
    return {
      ...storedResult(result, questions, deps.articles),
      campaignId: result.campaignId,
      n: result.n,
      passed: result.passed,
      submittedAt: result.submittedAt.toISOString(),
      certificateCode: entry?.certificateCode ?? null,
    };
  }

  /**
   * The person's entry as it stands before attempt `n` is scored. Before attempt 1 nothing has been
   * scored, so it still holds what the first start wrote (that start inserted it before the
   * attempt): only this person's own scored attempts change it. Most people take one attempt, so
   * this spares most submissions a read. Its township is then read only if a certificate is issued.
   */
  async function standingBefore(actor: Me, campaignId: string, n: number): Promise<Standing | null> {
    const _id = entryId(campaignId, actor.id);
    if (n === 1) return { _id, bestScore: -1, certificateCode: null };
    return readById<EntryDoc>(EntryModel, _id);
  }

  /**
   * Brings the person's entry (best score, passed, certificate) up to date with a scored result.
   * Idempotent: the best score only rises and the certificate is inserted once by its code, so it
   * is also safe to run again when a crash cut it short (see `healEntry`).
   */
  async function settleEntry(actor: Me, campaign: CampaignDoc, result: AttemptResultDoc, entry: Standing): Promise<string | null> {
    const campaignId = campaign._id.toString();
    const set: Record<string, unknown> = {};
    const improved = result.score > entry.bestScore;
    if (improved) {
      set.bestScore = result.score;
      set.bestAt = result.submittedAt;
    }
    let code = entry.certificateCode;
    if (result.passed && !code) {
      code = deps.certificates.codeFor(campaignId, actor.id);
      set.passed = true;
      set.certificateCode = code;
      await deps.certificates.issue({
        code,
        campaignId,
        campaignTitle: campaign.title,
        user: actor,
        // The township as at the first start (the entry's), not as the person's profile says today.
        townshipCode: entry.townshipCode !== undefined ? entry.townshipCode : ((await readById<EntryDoc>(EntryModel, entry._id))?.townshipCode ?? null),
        score: Math.max(result.score, entry.bestScore),
        issuedAt: result.submittedAt,
      });
    } else if (improved && code) {
      await deps.certificates.raiseScore(code, result.score);
    }
    if (Object.keys(set).length > 0) {
      const { matchedCount } = await EntryModel.updateOne({ _id: entry._id }, { $set: set });
      // Every start inserts the entry before the attempt; without it the person would silently miss the boards.
      if (matchedCount === 0) throw new Error(`campaign entry ${entry._id} missing`);
      deps.leaderboard.invalidate(campaignId);
    }
    return code ?? null;
  }

  /** After an attempt was scored (exactly once): the person's entry and certificate, and the wrong book. */
  async function applyScored(actor: Me, campaign: CampaignDoc, result: AttemptResultDoc, entry: Standing | null, outcomes: { question: FullQuestion; isCorrect: boolean }[]) {
    if (!entry) throw new Error('campaign entry missing');
    // Different documents: the entry and certificate, and the person's wrong book.
    const [code] = await Promise.all([settleEntry(actor, campaign, result, entry), deps.wrongBook.record(actor, outcomes)]);
    return code;
  }

  /**
   * If the process stopped between storing a result and updating the entry, the stored results
   * still say what happened: the next look at the campaign settles the entry from them.
   */
  async function healEntry(actor: Me, campaign: CampaignDoc, entry: EntryDoc | null, results: Map<number, AttemptResultDoc>): Promise<EntryDoc | null> {
    if (!entry || results.size === 0) return entry;
    const best = [...results.values()].sort((a, b) => b.score - a.score || a.submittedAt.getTime() - b.submittedAt.getTime())[0]!;
    const passedOne = [...results.values()].find((r) => r.passed);
    if (best.score <= entry.bestScore && (!passedOne || entry.certificateCode)) return entry;
    await settleEntry(actor, campaign, best, entry);
    return readById<EntryDoc>(EntryModel, entry._id);
  }

  /**
   * FerretDB's SQLite backend has one writer. At most 64 of one campaign's submissions are scored at
   * a time in this process, so a burst of thousands queues here rather than in the database's lock;
   * 64 at once is enough for their inserts to go in large batches (see insert-batcher.ts). For speed
   * only: the insert-once result keeps them correct across instances.
   */
  const submitGate = createKeyedGate(64);
  // Scored results are inserted in batches with other submissions that arrive meanwhile (group commit).
  const results = createInsertBatcher(AttemptResultModel);

  async function scoreSubmission(actor: Me, id: string, n: number, body: AnswerSheetBody, now: Date): Promise<AttemptResult> {
    const _id = attemptId(id, actor.id, n);
    // The entry is read alongside the attempt: only this person's own scored submissions change it,
    // and they never overlap (one open attempt at a time; a repeat stops at the claiming insert).
    const [att, entry] = await Promise.all([readById<AttemptDoc>(AttemptModel, _id), standingBefore(actor, id, n)]);
    if (!att) throw new NotFoundError('没有这次答题记录');
    const campaign = await deps.campaigns.load(id);
    const snapshot = new Map(att.questions.map((q) => [q.id, q]));
    const full = await deps.questions.getByIds([...snapshot.keys()]);
    body.answers.forEach((a, i) => {
      const snap = snapshot.get(a.questionId);
      if (!snap) {
        throw new BadRequestError(`输入有误：body.answers.${i}.questionId 「${a.questionId}」不是这次答卷里的题目`, [
          { field: `body.answers.${i}.questionId`, message: '不是这次答卷里的题目' },
        ]);
      }
      const stray = a.answer.filter((l) => !snap.keys.includes(l));
      if (stray.length > 0) {
        throw new BadRequestError(`输入有误：body.answers.${i}.answer 选项 ${stray.join('、')} 在这道题里不存在`, [
          { field: `body.answers.${i}.answer`, message: `选项 ${stray.join('、')} 不存在` },
        ]);
      }
      if (full.get(a.questionId)?.content.type !== 'multiple' && a.answer.length > 1) {
        throw new BadRequestError(`输入有误：body.answers.${i}.answer 这道题只能选一个答案`, [{ field: `body.answers.${i}.answer`, message: '只能选一个答案' }]);
      }
    });
    if (!acceptsSubmissionAt(att.deadline, now)) {
      // Late: a submission that was scored in time is answered with its result; anything else is refused.
      const stored = await readById<AttemptResultDoc>(AttemptResultModel, _id);
      if (stored) return repeatOf(actor, campaign, stored);
      throw new ConflictError('已超过答题时间，这次答题不计成绩');
    }
    const key = att.questions.map((q) => ({ questionId: q.id, answer: [...q.answer] }));
    const scored = scoreSheet(key, body.answers);
    const result: AttemptResultDoc = {
      _id,
      campaignId: id,
      userId: actor.id,
      n,
      answers: scored.items.map((i) => ({ questionId: i.questionId, given: lettersToString(i.given), correct: lettersToString(i.correct), isCorrect: i.isCorrect })),
      correctCount: scored.correctCount,
      score: scored.score,
      passed: isPassing(scored.score, campaign.passMark),
      submittedAt: now,
    } as AttemptResultDoc;
    // The insert is the claim: of all racing submissions, exactly one is stored and counted. No read
    // first: a repeat is rare, and the unique `_id` tells us about it.
    if (!(await results.insert(result))) {
      const first = await readById<AttemptResultDoc>(AttemptResultModel, _id);
      if (!first) throw new Error(`attempt result ${_id} refused as a duplicate but not found`);
      return repeatOf(actor, campaign, first);
    }
    const outcomes = scored.items.filter((i) => full.has(i.questionId)).map((i) => ({ question: full.get(i.questionId)!, isCorrect: i.isCorrect }));
    const certificateCode = await applyScored(actor, campaign, result, entry, outcomes);
    return resultOf(result, certificateCode);
  }

  /** A repeated submission gets the stored result, after settling the entry should the first one have been cut short. */
  async function repeatOf(actor: Me, campaign: CampaignDoc, stored: AttemptResultDoc): Promise<AttemptResult> {
    const entry = await healEntry(actor, campaign, await readById<EntryDoc>(EntryModel, entryId(stored.campaignId, actor.id)), new Map([[stored.n, stored]]));
    return resultOf(stored, entry?.certificateCode ?? null);
  }

  return {
    /**
     * Scores an attempt once. A repeated submission gets the stored result; one arriving after the
     * deadline (plus grace) is refused with 409.
     */
    async submit(actor: Me, id: string, n: number, body: AnswerSheetBody): Promise<AttemptResult> {
      // The arrival time, not the moment the gate lets the submission in, decides whether it was in time.
      const now = deps.clock();
      return submitGate(id, () => scoreSubmission(actor, id, n, body, now));
    },

    healEntry,
  };
}

export type CampaignResultsService = ReturnType<typeof createCampaignResultsService>;
