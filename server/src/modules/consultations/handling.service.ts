import mongoose from 'mongoose';
import { CONSULT_TIER_LABELS, servedTiers, tierIndex, TOWNSHIP_CODES, type AnswerBody, type ConsultTier, type Me, type ReferralKind } from '@qf/shared';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { createTtlCache } from '../../lib/ttl-cache';
import type { CivilCodeService } from '../civil-code/civil-code.service';
import { BadRequestError } from '../../http/errors';
import { ConsultClaimModel, ConsultFeedbackModel, ConsultOutcomeModel, ConsultationModel, insertOnce, type ClaimDoc, type ConsultationDoc, type OutcomeDoc } from './consultations.model';
import { feedbackKey, stageKey, type ConsultState } from './consult-state';
import { buildThread, canSee, dueAt, fullView, servesCurrentTier, summarize } from './consult-view';
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
  // Claims come with them (one scan of the claims collection), so a queue read makes no reads per row.
  const waiting = createTtlCache<{ docs: ConsultationDoc[]; claims: Map<string, ClaimDoc> }>(3_000, Date.now, { serveStale: true });
  const loadWaiting = (code: string) =>
    waiting.get(code, async () => {
      const docs = await ConsultationModel.find({ townshipCode: code, state: 'waiting' }).select({ stages: 0, notify: 0 }).lean<ConsultationDoc[]>();
      const keys = docs.map((d) => stageKey(d._id.toString(), d.stage));
      const claims = new Map<string, ClaimDoc>();
      for (let i = 0; i < keys.length; i += 500) {
        const found = await ConsultClaimModel.find({ _id: mongoose.trusted({ $in: keys.slice(i, i + 500) }) }).lean<ClaimDoc[]>();
        for (const c of found) claims.set(c._id, c);
      }
      return { docs, claims };
    });

  /** Reads a consultation this user may see, brought up to date; 404 for everybody else. */
  async function visible(user: Me, id: string): Promise<ConsultationDoc> {
    const doc = await state.read(id);
    if (!doc || !canSee(user, doc)) throw new NotFoundError('找不到这个问题');
    return state.current(doc);
  }

  async function view(user: Me, doc: ConsultationDoc) {
    const [claim, limits, { outcomes, feedbacks }, faqId] = await Promise.all([state.claimOf(doc), state.limits(), state.thread(doc), deps.faqIdOf(doc._id.toString())]);
    return fullView(summarize(doc, user, limits, clock(), claim, faqId), doc, buildThread(doc, outcomes, feedbacks));
  }

  /** The handler's own claim on the current stage, or the refusal that fits. */
  async function requireMyClaim(user: Me, doc: ConsultationDoc) {
    if (doc.state !== 'waiting') throw new ConflictError('这个问题已经有了结果，不能再处理');
    if (!servesCurrentTier(user, doc)) {
      // Moved up (the timer) while this handler held it: the question went on without him — a
      // conflict to refresh, not a refusal of who he is.
      const earlier = doc.stage > 0 ? await state.claimOf({ ...doc, stage: doc.stage - 1 }) : null;
      if (earlier?.userId === user.id) throw new ConflictError(`这个问题已超时转给${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}，请刷新`);
      throw new ForbiddenError(`这个问题现在由${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}处理`);
    }
    const claim = await state.claimOf(doc);
    if (!claim) throw new ConflictError('请先认领这个问题再处理');
    if (claim.userId !== user.id) throw new ForbiddenError(`这个问题已由${claim.name}认领`);
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

    async get(user: Me, id: string) {
      return view(user, await visible(user, id));
    },

    /**
     * The questions waiting at the tiers this user serves, in the townships he serves: his village
     * first, then the overdue, then the oldest. Staff and the county see every tier.
     */
    async queue(user: Me, query: { tier?: ConsultTier | undefined; townshipCode?: string | undefined; villageId?: string | undefined }) {
      const isAdmin = user.roles.includes('county_admin');
      const staffCode = user.roles.includes('township_staff') ? user.staffTownshipCode : null;
      const codes = new Set<string>();
      if (isAdmin) for (const c of query.townshipCode ? [query.townshipCode] : TOWNSHIP_CODES) codes.add(c);
      if (staffCode) codes.add(staffCode);
      if (user.townshipCode && servedTiers(user, user.townshipCode).length) codes.add(user.townshipCode);
      for (const c of user.adviserTownshipCodes ?? []) codes.add(c);
      if (query.townshipCode && !codes.has(query.townshipCode)) throw new ForbiddenError('只能查看您服务的乡镇');
      const wanted = query.townshipCode ? [query.townshipCode] : [...codes];
      const limits = await state.limits();
      const now = clock();
      const rows: { doc: ConsultationDoc; overdue: boolean; due: number }[] = [];
      const claims = new Map<string, ClaimDoc>();
      for (const code of wanted) {
        const everyTier = isAdmin || staffCode === code;
        const tiers = everyTier ? null : servedTiers(user, code);
        const loaded = await loadWaiting(code);
        for (const [k, c] of loaded.claims) claims.set(k, c);
        for (const doc of loaded.docs) {
          if (query.tier && doc.tier !== query.tier) continue;
          if (tiers && !tiers.includes(doc.tier as ConsultTier)) continue;
          const due = dueAt(doc, limits)!.getTime();
          rows.push({ doc, overdue: due <= now.getTime(), due });
        }
      }
      const mineFirst = (d: ConsultationDoc) => (query.villageId && d.villageId === query.villageId ? 0 : 1);
      rows.sort((a, b) => mineFirst(a.doc) - mineFirst(b.doc) || Number(b.overdue) - Number(a.overdue) || a.due - b.due);
      const shown = rows.slice(0, 100);
      return {
        items: shown.map((r) => summarize(r.doc, user, limits, now, claims.get(stageKey(r.doc._id.toString(), r.doc.stage)) ?? null)),
        total: rows.length,
      };
    },

    async claim(user: Me, id: string) {
      const doc = await visible(user, id);
      if (doc.state !== 'waiting') throw new ConflictError('这个问题已经有了结果，不需要认领');
      if (!servesCurrentTier(user, doc)) throw new ForbiddenError(`这个问题现在由${CONSULT_TIER_LABELS[doc.tier as ConsultTier]}处理`);
      const key = stageKey(id, doc.stage);
      if (!(await insertOnce(ConsultClaimModel, { _id: key, consultationId: id, stage: doc.stage, userId: user.id, name: user.displayName, at: clock() }))) {
        const claim = await state.claimOf(doc);
        if (claim?.userId !== user.id) throw new ConflictError(`这个问题已由${claim?.name ?? '他人'}认领`);
      }
      waiting.delete(doc.townshipCode);
      return view(user, doc);
    },

    async answer(user: Me, id: string, body: AnswerBody) {
      const doc = await visible(user, id);
      await requireMyClaim(user, doc);
      const missing = body.articles.filter((n) => !deps.civilCode.article(n));
      if (missing.length) throw new BadRequestError(`输入有误：body.articles 民法典没有第 ${missing[0]} 条`, [{ field: 'body.articles', message: `民法典没有第 ${missing[0]} 条` }]);
      const won = await decide(doc, { kind: 'answered', byId: user.id, byName: user.displayName, text: body.text, articles: [...new Set(body.articles)], topic: body.topic, referralKind: null, at: clock() });
      if (!won) throw lostRace();
      await notices.answered(won.after, won.outcome);
      return view(user, won.after);
    },

    async escalate(user: Me, id: string, note: string) {
      const doc = await visible(user, id);
      await requireMyClaim(user, doc);
      if (doc.tier === 'adviser') throw new ConflictError('法律顾问已是最高一级：请回复，或转到线下（人民调解、法律援助、司法所面谈）');
      const won = await decide(doc, { kind: 'escalated', byId: user.id, byName: user.displayName, text: note, articles: [], topic: null, referralKind: null, at: clock() });
      if (!won) throw lostRace();
      return view(user, won.after);
    },

    async refer(user: Me, id: string, body: { kind: ReferralKind; note: string }) {
      const doc = await visible(user, id);
      if (doc.tier !== 'adviser' && doc.state === 'waiting') throw new ForbiddenError('只有法律顾问可以把问题转到线下');
      await requireMyClaim(user, doc);
      const won = await decide(doc, { kind: 'referred', byId: user.id, byName: user.displayName, text: body.note, articles: [], topic: null, referralKind: body.kind, at: clock() });
      if (!won) throw lostRace();
      return view(user, won.after);
    },

    /** The asker: 解决了, or 还有疑问 with what is still unclear (up one tier). */
    async feedback(user: Me, id: string, body: { resolved: boolean; followUp?: string | undefined }) {
      const doc = await visible(user, id);
      const asker = doc.askerId?.toString() === user.id || doc.proxyById?.toString() === user.id;
      if (!asker) throw new ForbiddenError('只有提问的人可以确认是否解决');
      if (doc.state !== 'answered') throw new ConflictError(doc.state === 'waiting' ? '还没有回复，请耐心等待' : '这个问题已经结束');
      const fb = { _id: feedbackKey(id, doc.stage), consultationId: id, stage: doc.stage, resolved: body.resolved, followUp: body.resolved ? null : (body.followUp ?? null), at: clock() };
      if (!(await insertOnce(ConsultFeedbackModel, fb))) throw new ConflictError('已经确认过了');
      const after = await state.applyFeedback(doc, fb);
      waiting.delete(doc.townshipCode);
      return view(user, after);
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
    servesAtLeast(user: Me, doc: ConsultationDoc, tier: ConsultTier) {
      return servedTiers(user, doc.townshipCode).some((t) => tierIndex(t) >= tierIndex(tier));
    },
  };
}

export type HandlingService = ReturnType<typeof createHandlingService>;
