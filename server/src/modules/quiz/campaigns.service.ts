import { randomUUID } from 'node:crypto';
import {
  acceptsSubmissionAt,
  drawIds,
  isPassing,
  scoreSheet,
  type AnswerSheetBody,
  type Attempt,
  type AttemptResult,
  type Campaign,
  type CampaignDetail,
  type CampaignInput,
  type CampaignMine,
  type CampaignPatch,
  type CampaignPhase,
  type CivilCodeBook,
  type Me,
} from '@qf/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import { claimOnce, isDuplicateKey } from '../../db/unique';
import { AttemptModel, AttemptResultModel, CampaignModel, EntryModel, type AttemptDoc, type AttemptResultDoc, type CampaignDoc, type EntryDoc } from './campaigns.model';
import { forAnswering, lettersToString, type ArticleLookup, type FullQuestion, type QuestionSource } from './quiz-source';
import { storedResult } from './daily.service';
import { createTtlCache } from '../../lib/ttl-cache';
import { createKeyedGate } from '../../lib/keyed-gate';
import { createInsertBatcher } from '../../db/insert-batcher';
import { readById } from '../../db/by-id';
import type { CertificatesService } from './certificates.service';
import type { LeaderboardService } from './leaderboard.service';
import type { WrongBookService } from './wrongbook.service';

const entryId = (campaignId: string, userId: string) => `${campaignId}:${userId}`;
const attemptId = (campaignId: string, userId: string, n: number) => `${campaignId}:${userId}:${n}`;
type AttemptState = 'open' | 'submitted' | 'expired';
/** What settling a scored attempt needs of the person's entry; `townshipCode` is read when missing. */
type Standing = Pick<EntryDoc, '_id' | 'bestScore' | 'certificateCode'> & { townshipCode?: string | null };

export function phaseOf(c: { opensAt: Date; closesAt: Date }, now: Date): CampaignPhase {
  if (now.getTime() < c.opensAt.getTime()) return 'upcoming';
  if (now.getTime() >= c.closesAt.getTime()) return 'closed';
  return 'open';
}

function toCampaign(doc: CampaignDoc, now: Date): Campaign {
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
 * 竞赛: county campaigns. FerretDB has no transactions, and on its SQLite backend even a guarded
 * findOneAndUpdate or an $inc is not atomic under concurrency; an insert with a given `_id` is.
 * So attempts and results are insert-only documents with deterministic ids: attempt n exists at
 * most once, its result exists at most once (the scoring), and an attempt's state follows from
 * which documents exist and the clock.
 */
export function createCampaignsService(deps: {
  clock: () => Date;
  questions: QuestionSource;
  articles?: ArticleLookup;
  wrongBook: WrongBookService;
  leaderboard: LeaderboardService;
  certificates: CertificatesService;
  cacheMs?: number;
}) {
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

  const stateOf = (att: AttemptDoc, result: AttemptResultDoc | null | undefined, now: Date): AttemptState =>
    result ? 'submitted' : acceptsSubmissionAt(att.deadline, now) ? 'open' : 'expired';

  /** A person's attempts and results in a campaign: at most `attemptsAllowed` reads by `_id` each. */
  async function history(campaign: CampaignDoc, userId: string) {
    const cid = campaign._id.toString();
    const ids = Array.from({ length: campaign.attemptsAllowed }, (_, i) => attemptId(cid, userId, i + 1));
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
  async function standingBefore(campaignId: string, userId: string, n: number): Promise<Standing | null> {
    const _id = entryId(campaignId, userId);
    if (n === 1) return { _id, bestScore: -1, certificateCode: null };
    return readById<EntryDoc>(EntryModel, _id);
  }

  /**
   * Brings the person's entry (best score, passed, certificate) up to date with a scored result.
   * Idempotent: the best score only rises and the certificate is inserted once by its code, so it
   * is also safe to run again when a crash cut it short (see `healEntry`).
   */
  async function settleEntry(user: Me, campaign: CampaignDoc, result: AttemptResultDoc, entry: Standing): Promise<string | null> {
    const campaignId = campaign._id.toString();
    const set: Record<string, unknown> = {};
    const improved = result.score > entry.bestScore;
    if (improved) {
      set.bestScore = result.score;
      set.bestAt = result.submittedAt;
    }
    let code = entry.certificateCode;
    if (result.passed && !code) {
      code = deps.certificates.codeFor(campaignId, user.id);
      set.passed = true;
      set.certificateCode = code;
      await deps.certificates.issue({
        code,
        campaignId,
        campaignTitle: campaign.title,
        user,
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
  async function applyScored(user: Me, campaign: CampaignDoc, result: AttemptResultDoc, entry: Standing | null, outcomes: { question: FullQuestion; isCorrect: boolean }[]) {
    if (!entry) throw new Error('campaign entry missing');
    // Different documents: the entry and certificate, and the person's wrong book.
    const [code] = await Promise.all([settleEntry(user, campaign, result, entry), deps.wrongBook.record(user, outcomes)]);
    return code;
  }

  /**
   * If the process stopped between storing a result and updating the entry, the stored results
   * still say what happened: the next look at the campaign settles the entry from them.
   */
  async function healEntry(user: Me, campaign: CampaignDoc, entry: EntryDoc | null, results: Map<number, AttemptResultDoc>): Promise<EntryDoc | null> {
    if (!entry || results.size === 0) return entry;
    const best = [...results.values()].sort((a, b) => b.score - a.score || a.submittedAt.getTime() - b.submittedAt.getTime())[0]!;
    const passedOne = [...results.values()].find((r) => r.passed);
    if (best.score <= entry.bestScore && (!passedOne || entry.certificateCode)) return entry;
    await settleEntry(user, campaign, best, entry);
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

  async function scoreSubmission(user: Me, id: string, n: number, body: AnswerSheetBody, now: Date): Promise<AttemptResult> {
    const _id = attemptId(id, user.id, n);
    // The entry is read alongside the attempt: only this person's own scored submissions change it,
    // and they never overlap (one open attempt at a time; a repeat stops at the claiming insert).
    const [att, entry] = await Promise.all([readById<AttemptDoc>(AttemptModel, _id), standingBefore(id, user.id, n)]);
    if (!att) throw new NotFoundError('没有这次答题记录');
    const campaign = await campaignOrThrow(id);
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
      if (stored) return repeatOf(user, campaign, stored);
      throw new ConflictError('已超过答题时间，这次答题不计成绩');
    }
    const key = att.questions.map((q) => ({ questionId: q.id, answer: [...q.answer] }));
    const scored = scoreSheet(key, body.answers);
    const result: AttemptResultDoc = {
      _id,
      campaignId: id,
      userId: user.id,
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
      return repeatOf(user, campaign, first);
    }
    const outcomes = scored.items.filter((i) => full.has(i.questionId)).map((i) => ({ question: full.get(i.questionId)!, isCorrect: i.isCorrect }));
    const certificateCode = await applyScored(user, campaign, result, entry, outcomes);
    return resultOf(result, certificateCode);
  }

  /** A repeated submission gets the stored result, after settling the entry should the first one have been cut short. */
  async function repeatOf(user: Me, campaign: CampaignDoc, stored: AttemptResultDoc): Promise<AttemptResult> {
    const entry = await healEntry(user, campaign, await readById<EntryDoc>(EntryModel, entryId(stored.campaignId, user.id)), new Map([[stored.n, stored]]));
    return resultOf(stored, entry?.certificateCode ?? null);
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
      if (closesAt.getTime() <= opensAt.getTime()) {
        throw new BadRequestError('输入有误：body.closesAt 结束时间必须晚于开始时间', [{ field: 'body.closesAt', message: '结束时间必须晚于开始时间' }]);
      }
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

    async detail(user: Me, id: string): Promise<CampaignDetail> {
      const campaign = await campaignOrThrow(id);
      const now = deps.clock();
      const [{ attempts, results }, stored] = await Promise.all([history(campaign, user.id), readById<EntryDoc>(EntryModel, entryId(id, user.id))]);
      const entry = await healEntry(user, campaign, stored, results);
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
    async start(user: Me, id: string): Promise<Attempt> {
      const campaign = await campaignOrThrow(id);
      const now = deps.clock();
      const phase = phaseOf(campaign, now);
      if (phase === 'upcoming') throw new ConflictError('竞赛还没有开始');
      if (phase === 'closed') throw new ConflictError('竞赛已经结束');
      const cid = campaign._id.toString();
      // The entry keeps the name and township of the first start; later starts leave it alone.
      const entry = await readById<EntryDoc>(EntryModel, entryId(cid, user.id));
      if (!entry) {
        await claimOnce(EntryModel, { _id: entryId(cid, user.id), campaignId: cid, userId: user.id, displayName: user.displayName, townshipCode: user.townshipCode ?? null, bestScore: -1, passed: false, certificateCode: null });
      }
      for (let round = 0; round < 4; round++) {
        const { attempts, results } = await history(campaign, user.id);
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
        const created = await createAttempt(user, campaign, next);
        if (created) return attemptView(created, null);
        // Another start of the same person inserted attempt `next` first: look again and return it.
      }
      throw new ConflictError('操作太频繁，请稍后再试');
    },

    async attempt(user: Me, id: string, n: number): Promise<Attempt> {
      const _id = attemptId(id, user.id, n);
      const [att, result] = await Promise.all([readById<AttemptDoc>(AttemptModel, _id), readById<AttemptResultDoc>(AttemptResultModel, _id)]);
      if (!att) throw new NotFoundError('没有这次答题记录');
      return attemptView(att, result);
    },

    /**
     * Scores an attempt once. A repeated submission gets the stored result; one arriving after the
     * deadline (plus grace) is refused with 409.
     */
    async submit(user: Me, id: string, n: number, body: AnswerSheetBody): Promise<AttemptResult> {
      // The arrival time, not the moment the gate lets the submission in, decides whether it was in time.
      const now = deps.clock();
      return submitGate(id, () => scoreSubmission(user, id, n, body, now));
    },

    /** Ids of questions in the person's open attempts (practice may not reveal their answers). */
    async openQuestionIds(userId: string): Promise<Set<string>> {
      const now = deps.clock();
      const ids = new Set<string>();
      for (const c of await allCampaigns()) {
        if (phaseOf(c, now) !== 'open') continue;
        // One read for most people: no entry means they never started this campaign.
        if (!(await readById<EntryDoc>(EntryModel, entryId(c._id.toString(), userId)))) continue;
        const { attempts, results } = await history(c, userId);
        for (const att of attempts.values()) {
          if (stateOf(att, results.get(att.n), now) === 'open') att.questions.forEach((q) => ids.add(q.id));
        }
      }
      return ids;
    },
  };

  /** Inserts attempt n with freshly drawn, shuffled questions; null when another start inserted it first. */
  async function createAttempt(user: Me, campaign: CampaignDoc, n: number): Promise<AttemptDoc | null> {
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
      const doc = await AttemptModel.create({ _id: attemptId(campaign._id.toString(), user.id, n), campaignId: campaign._id.toString(), userId: user.id, n, startedAt: now, deadline, questions });
      return doc.toObject() as AttemptDoc;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
