import mongoose from 'mongoose';
import { CONSULT_TIER_LABELS, CONSULT_TIERS, servedTiers, tierIndex, TOWNSHIP_CODES, type AnswerBody, type ConsultTier, type Me, type ReferralKind } from '@qf/shared';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '../../http/errors';
import { createTtlCache } from '../../lib/ttl-cache';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { ConsultClaimModel, ConsultFeedbackModel, ConsultOutcomeModel, ConsultationModel, insertOnce, type ClaimDoc, type ConsultationDoc, type OutcomeDoc } from './consultations.model';
import { feedbackKey, stageKey, type ConsultState } from './consult-state';
import { buildThread, canSee, dueAt, fullView, personalFacts, personalSummary, servesCurrentTier, sharedSummary, summarize, type Limits, type PersonalFacts, type SharedSummary } from './consult-view';
import type { ConsultNotices } from './notices';

export interface HandlingDeps {
  state: ConsultState;
  civilCode: CivilCodeService;
  notices: ConsultNotices;
  clock: () => Date;
  faqIdOf: (id: string) => Promise<string | null>;
}

/**
 * The handlers' side: the queue, claiming a question at its tier, answering, sending it up, and
 * (advisers) referring it offline; and the asker's 解决了 / 还有疑问. Each move is an insert whose
 * _id names the stage: the first insert wins, later ones get 409 and change nothing.
 */
export function createHandlingService(deps: HandlingDeps) {
  const { state, clock, notices } = deps;
  // Waiting questions per township, for the queue: a scan, so served from a short cache that this
  // instance drops on its own changes (other instances' changes show within the cache time).
  // Claims come with them (one scan of the claims collection). Each row keeps the part of its
  // summary that is the same for every reader, and rows are kept sorted by due time; the filtered
  // lists a handler asks for (his tiers, his village first) are kept beside them until the next
  // load, so a queue read is a look-up, a slice and 20 small copies however many questions wait.
  interface QueueRow { doc: ConsultationDoc; facts: PersonalFacts; claim: ClaimDoc | null; dueMs: number; shared: SharedSummary }
  interface QueueView { mine: QueueRow[]; others: QueueRow[] }
  interface Waiting { docs: ConsultationDoc[]; claims: Map<string, ClaimDoc>; limits: Limits; rows: QueueRow[]; views: Map<string, QueueView> }
  const prepare = (docs: ConsultationDoc[], claims: Map<string, ClaimDoc>, limits: Limits): QueueRow[] =>
    docs
      .map((doc) => {
        const claim = claims.get(stageKey(doc._id.toString(), doc.stage)) ?? null;
        return { doc, facts: personalFacts(doc), claim, dueMs: dueAt(doc, limits)!.getTime(), shared: sharedSummary(doc, limits, claim) };
      })
      .sort((a, b) => a.dueMs - b.dueMs);
  const waiting = createTtlCache<Waiting>(3_000, Date.now, { serveStale: true });
  async function loadWaiting(code: string, limits: Limits): Promise<Waiting> {
    const loaded = await waiting.get(code, async () => {
      const docs = await ConsultationModel.find({ townshipCode: code, state: 'waiting' }).select({ stages: 0, notify: 0 }).lean<ConsultationDoc[]>();
      const keys = docs.map((d) => stageKey(d._id.toString(), d.stage));
      const claims = new Map<string, ClaimDoc>();
      for (let i = 0; i < keys.length; i += 500) {
        const found = await ConsultClaimModel.find({ _id: mongoose.trusted({ $in: keys.slice(i, i + 500) }) }).lean<ClaimDoc[]>();
        for (const c of found) claims.set(c._id, c);
      }
      return { docs, claims, limits, rows: prepare(docs, claims, limits), views: new Map() };
    });
    // The county changed the time limits since: due times (and so the order) are worked out again.
    if (CONSULT_TIERS.some((t) => loaded.limits[t] !== limits[t])) Object.assign(loaded, { limits, rows: prepare(loaded.docs, loaded.claims, limits), views: new Map() });
    return loaded;
  }
  /** The rows at these tiers (all when null), his village's apart from the rest, each still by due time. */
  function viewOf(loaded: Waiting, tiers: readonly string[] | null, villageId: string | undefined): QueueView {
    const key = `${tiers?.join(',') ?? '*'}|${villageId ?? ''}`;
    let view = loaded.views.get(key);
    if (!view) {
      view = { mine: [], others: [] };
      for (const row of loaded.rows) {
        if (tiers && !tiers.includes(row.doc.tier)) continue;
        (villageId && row.doc.villageId === villageId ? view.mine : view.others).push(row);
      }
      if (loaded.views.size >= 500) loaded.views.clear();
      loaded.views.set(key, view);
    }
    return view;
  }
  /** How many rows of a list sorted by due time are due by now (binary search). */
  function dueBy(rows: QueueRow[], nowMs: number) {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]!.dueMs <= nowMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Reads a consultation this user may see, brought up to date; 404 for everybody else. */
  async function visible(actor: Me, id: string): Promise<ConsultationDoc> {
    const doc = await state.read(id);
    if (!doc || !canSee(actor, doc)) throw new NotFoundError('找不到这个问题');
    return state.current(doc);
  }

  async function view(actor: Me, doc: ConsultationDoc) {
    const [claim, limits, { outcomes, feedbacks }, faqId] = await Promise.all([state.claimOf(doc), state.limits(), state.thread(doc), deps.faqIdOf(doc._id.toString())]);
    return fullView(summarize(actor, doc, limits, clock(), claim, faqId), doc, buildThread(doc, outcomes, feedbacks));
  }

  /** The handler's own claim on the current stage, or the refusal that fits. */
  async function requireMyClaim(actor: Me, doc: ConsultationDoc) {
    if (doc.state !== 'waiting') throw new ConflictError('这个问题已经有了结果，不能再处理');
    if (!servesCurrentTier(actor, doc)) {
      // Moved up (the timer) while this handler held it: the question went on without him — a
      // conflict to refresh, not a refusal of who he is.
      const earlier = doc.stage > 0 ? await state.claimOf({ ...doc, stage: doc.stage - 1 }) : null;
      if (earlier?.userId === actor.id) throw new ConflictError(`这个问题已超时转给${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}，请刷新`);
      throw new ForbiddenError(`这个问题现在由${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}处理`);
    }
    const claim = await state.claimOf(doc);
    if (!claim) throw new ConflictError('请先认领这个问题再处理');
    if (claim.userId !== actor.id) throw new ForbiddenError(`这个问题已由${claim.name}认领`);
    return claim;
  }

  /** Inserts the stage's one outcome; false when another outcome (answer, timer, referral) won. */
  async function decide(doc: ConsultationDoc, outcome: Omit<OutcomeDoc, '_id' | 'consultationId' | 'stage' | 'tier'>) {
    const full: OutcomeDoc = { _id: stageKey(doc._id.toString(), doc.stage), consultationId: doc._id.toString(), stage: doc.stage, tier: doc.tier as ConsultTier, ...outcome };
    if (!(await insertOnce(ConsultOutcomeModel, full))) return null;
    const after = await state.applyOutcome(doc, full);
    waiting.delete(doc.townshipCode);
    return { after, outcome: full };
  }

  const lostRace = () => new ConflictError('这个问题刚刚已有了结果（已回复或已转上级），请刷新');

  return {
    visible,
    view,
    invalidate: (code: string) => waiting.delete(code),

    async get(actor: Me, id: string) {
      return view(actor, await visible(actor, id));
    },

    /**
     * The questions waiting at the tiers this user serves, in the townships he serves: his village
     * first, then the overdue, then the oldest. Staff and the county see every tier.
     */
    async queue(actor: Me, query: { tier?: ConsultTier | undefined; townshipCode?: string | undefined; villageId?: string | undefined; limit: number; offset: number }) {
      const isAdmin = actor.roles.includes('county_admin');
      const staffCode = actor.roles.includes('township_staff') ? actor.staffTownshipCode : null;
      const codes = new Set<string>();
      if (isAdmin) for (const c of query.townshipCode ? [query.townshipCode] : TOWNSHIP_CODES) codes.add(c);
      if (staffCode) codes.add(staffCode);
      if (actor.townshipCode && servedTiers(actor, actor.townshipCode).length) codes.add(actor.townshipCode);
      for (const c of actor.adviserTownshipCodes ?? []) codes.add(c);
      if (query.townshipCode && !codes.has(query.townshipCode)) throw new ForbiddenError('只能查看您服务的乡镇');
      const wanted = query.townshipCode ? [query.townshipCode] : [...codes];
      const limits = await state.limits();
      const nowMs = clock().getTime();
      // His village first, then by due time (the overdue are the ones due earliest, so they lead).
      const views: QueueView[] = [];
      for (const code of wanted) {
        const everyTier = isAdmin || staffCode === code;
        const tiers = query.tier ? (everyTier || servedTiers(actor, code).includes(query.tier) ? [query.tier] : []) : everyTier ? null : servedTiers(actor, code);
        views.push(viewOf(await loadWaiting(code, limits), tiers, query.villageId));
      }
      const byDue = (a: QueueRow, b: QueueRow) => a.dueMs - b.dueMs;
      const mine = views.length === 1 ? views[0]!.mine : views.flatMap((v) => v.mine).sort(byDue);
      const others = views.length === 1 ? views[0]!.others : views.flatMap((v) => v.others).sort(byDue);
      const { limit, offset } = query;
      const shown = [...mine.slice(offset, offset + limit), ...others.slice(Math.max(0, offset - mine.length), Math.max(0, offset + limit - mine.length))];
      return {
        items: shown.map((r) => personalSummary(actor, r.shared, r.facts, r.claim, nowMs, r.dueMs)),
        total: mine.length + others.length,
        overdue: dueBy(mine, nowMs) + dueBy(others, nowMs),
        limit,
        offset,
      };
    },

    async claim(actor: Me, id: string) {
      const doc = await visible(actor, id);
      if (doc.state !== 'waiting') throw new ConflictError('这个问题已经有了结果，不需要认领');
      if (!servesCurrentTier(actor, doc)) throw new ForbiddenError(`这个问题现在由${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}处理`);
      const key = stageKey(id, doc.stage);
      if (!(await insertOnce(ConsultClaimModel, { _id: key, consultationId: id, stage: doc.stage, userId: actor.id, name: actor.displayName, at: clock() }))) {
        const claim = await state.claimOf(doc);
        if (claim?.userId !== actor.id) throw new ConflictError(`这个问题已由${claim?.name ?? '他人'}认领`);
      }
      waiting.delete(doc.townshipCode);
      return view(actor, doc);
    },

    async answer(actor: Me, id: string, body: AnswerBody) {
      const doc = await visible(actor, id);
      await requireMyClaim(actor, doc);
      const missing = body.articles.filter((n) => !deps.civilCode.article(n));
      if (missing.length) throw invalidField('body.articles', `民法典没有第 ${missing[0]} 条`);
      const won = await decide(doc, { kind: 'answered', byId: actor.id, byName: actor.displayName, text: body.text, articles: [...new Set(body.articles)], topic: body.topic, referralKind: null, at: clock() });
      if (!won) throw lostRace();
      await notices.answered(won.after, won.outcome);
      return view(actor, won.after);
    },

    async escalate(actor: Me, id: string, note: string) {
      const doc = await visible(actor, id);
      await requireMyClaim(actor, doc);
      if (doc.tier === 'adviser') throw new ConflictError('法律顾问已是最高一级：请回复，或转到线下（人民调解、法律援助、司法所面谈）');
      const won = await decide(doc, { kind: 'escalated', byId: actor.id, byName: actor.displayName, text: note, articles: [], topic: null, referralKind: null, at: clock() });
      if (!won) throw lostRace();
      return view(actor, won.after);
    },

    async refer(actor: Me, id: string, body: { kind: ReferralKind; note: string }) {
      const doc = await visible(actor, id);
      if (doc.tier !== 'adviser' && doc.state === 'waiting') throw new ForbiddenError('只有法律顾问可以把问题转到线下');
      await requireMyClaim(actor, doc);
      const won = await decide(doc, { kind: 'referred', byId: actor.id, byName: actor.displayName, text: body.note, articles: [], topic: null, referralKind: body.kind, at: clock() });
      if (!won) throw lostRace();
      return view(actor, won.after);
    },

    /** The asker: 解决了, or 还有疑问 with what is still unclear (up one tier). */
    async feedback(actor: Me, id: string, body: { resolved: boolean; followUp?: string | undefined }) {
      const doc = await visible(actor, id);
      const asker = doc.askerId?.toString() === actor.id || doc.proxyById?.toString() === actor.id;
      if (!asker) throw new ForbiddenError('只有提问的人可以确认是否解决');
      if (doc.state !== 'answered') throw new ConflictError(doc.state === 'waiting' ? '还没有回复，请耐心等待' : '这个问题已经结束');
      const fb = { _id: feedbackKey(id, doc.stage), consultationId: id, stage: doc.stage, resolved: body.resolved, followUp: body.resolved ? null : (body.followUp ?? null), at: clock() };
      if (!(await insertOnce(ConsultFeedbackModel, fb))) throw new ConflictError('已经确认过了');
      const after = await state.applyFeedback(doc, fb);
      waiting.delete(doc.townshipCode);
      return view(actor, after);
    },

    /**
     * The timer: every question past its tier's limit moves up one tier, exactly once, whatever
     * else races it (an answer arriving now, the same task on another instance).
     */
    async escalateOverdue(now: Date) {
      const limits = await state.limits();
      let moved = 0;
      for (const tier of ['literate', 'popularizer'] as const) {
        const cutoff = new Date(now.getTime() - limits[tier] * 3_600_000);
        const due = await ConsultationModel.find({ state: 'waiting', tier, tierSince: mongoose.trusted({ $lte: cutoff }) }).limit(1000).lean<ConsultationDoc[]>();
        for (const doc of due) {
          const won = await decide(doc, { kind: 'timeout', byId: null, byName: '系统', text: '超过时限未回复', articles: [], topic: null, referralKind: null, at: now });
          if (won) {
            moved++;
            await notices.waiting(won.after);
          }
          // Another outcome won (an answer, or the other instance): finish writing it down if its winner has not.
          else await state.current(doc);
        }
      }
      return { moved };
    },

    /** Whether a user serves at or above a tier of the question's township (FAQ editing). */
    servesAtLeast(actor: Me, doc: ConsultationDoc, tier: ConsultTier) {
      return servedTiers(actor, doc.townshipCode).some((t) => tierIndex(t) >= tierIndex(tier));
    },
  };
}

export type HandlingService = ReturnType<typeof createHandlingService>;
