import mongoose from 'mongoose';
import { CONSULT_TIERS, TOWNSHIP_CODES, countyDate, countyMonthRange, type ConsultTier, type Dashboard, type Me } from '@qf/shared';
import { ForbiddenError } from '../../http/errors';
import { createTtlCache } from '../../lib/ttl-cache';
import { ConsultAvoidedModel, ConsultClaimModel, ConsultationModel, type ClaimDoc, type ConsultationDoc } from './consultations.model';
import type { ConsultState } from './consult-state';
import { dueAt, summarize } from './consult-view';

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const rate = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 1000 : 0);


/**
 * The judicial office's figures for a month: questions asked, median time to an answer per tier,
 * escalation / referral / resolved rates, questions avoided by suggestions, and the overdue list
 * (every overdue question, whenever asked). Township staff see their township; the county all 17.
 */
export function createDashboardService(deps: { state: ConsultState; clock: () => Date }) {
  const cache = createTtlCache<Dashboard>(15_000);

  async function build(actor: Me, codes: string[], month: string): Promise<Dashboard> {
    const { from, to } = countyMonthRange(month);
    const now = deps.clock();
    const limits = await deps.state.limits();
    const inCodes = mongoose.trusted({ $in: codes });
    const [asked, waiting, avoided] = await Promise.all([
      ConsultationModel.find({ townshipCode: inCodes, askedAt: mongoose.trusted({ $gte: from, $lt: to }) }).select({ notify: 0 }).lean<ConsultationDoc[]>(),
      ConsultationModel.find({ townshipCode: inCodes, state: 'waiting' }).select({ notify: 0, stages: 0 }).lean<ConsultationDoc[]>(),
      ConsultAvoidedModel.find({ townshipCode: inCodes, at: mongoose.trusted({ $gte: from, $lt: to }) }).select({ townshipCode: 1 }).lean<{ townshipCode: string }[]>(),
    ]);
    const townships = codes.map((code) => {
      const docs = asked.filter((d) => d.townshipCode === code);
      const tiers = CONSULT_TIERS.map((tier: ConsultTier) => {
        // A stage answered "before" it began (a clock set back, or a test passing a later now to the
        // escalation timer) says nothing about waiting: it is left out rather than shown as minus minutes.
        const minutes = docs.flatMap((d) => (d.stages ?? []).filter((s) => s.tier === tier && s.outcome === 'answered' && s.at && s.at >= s.since).map((s) => (s.at!.getTime() - s.since.getTime()) / 60_000));
        const m = median(minutes);
        return { tier, answered: minutes.length, medianMinutesToAnswer: m === null ? null : Math.round(m) };
      });
      const escalated = docs.filter((d) => (d.stages ?? []).some((s) => s.outcome === 'escalated' || s.outcome === 'timeout')).length;
      const overdue = waiting.filter((d) => d.townshipCode === code && dueAt(d, limits)!.getTime() <= now.getTime()).length;
      return {
        townshipCode: code as Dashboard['townships'][number]['townshipCode'],
        asked: docs.length,
        tiers,
        escalationRate: rate(escalated, docs.length),
        referralRate: rate(docs.filter((d) => d.state === 'referred').length, docs.length),
        resolvedRate: rate(docs.filter((d) => d.state === 'resolved').length, docs.length),
        avoided: avoided.filter((a) => a.townshipCode === code).length,
        overdue,
      };
    });
    const overdueDocs = waiting.filter((d) => dueAt(d, limits)!.getTime() <= now.getTime()).sort((a, b) => a.tierSince.getTime() - b.tierSince.getTime()).slice(0, 200);
    const claims = await Promise.all(overdueDocs.map((d) => ConsultClaimModel.findById(`${d._id.toString()}:${d.stage}`).lean<ClaimDoc>()));
    const topics = new Map<string, number>();
    for (const d of asked) if (d.topic) topics.set(d.topic, (topics.get(d.topic) ?? 0) + 1);
    return {
      month,
      townships,
      overdue: overdueDocs.map((d, i) => summarize(actor, d, limits, now, claims[i] ?? null)),
      topics: [...topics].map(([topic, count]) => ({ topic, count })).sort((a, b) => b.count - a.count),
    };
  }

  /** Answered questions per topic tag, asked in [from, to): a signal for the hot-topic board. */
  async function topicCounts(townshipCode: string, from: Date, to: Date): Promise<Map<string, number>> {
    const docs = await ConsultationModel.find({ townshipCode, askedAt: mongoose.trusted({ $gte: from, $lt: to }), topic: mongoose.trusted({ $ne: null }) })
      .select({ topic: 1 })
      .lean<{ topic: string }[]>();
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
    return counts;
  }

  /** When each question on these topics was asked in [from, to): for the before/after trend of a lecture's topics. */
  async function topicTimes(townshipCode: string, topics: readonly string[], from: Date, to: Date): Promise<Map<string, Date[]>> {
    const times = new Map<string, Date[]>();
    if (topics.length === 0) return times;
    const docs = await ConsultationModel.find({ townshipCode, askedAt: mongoose.trusted({ $gte: from, $lt: to }), topic: mongoose.trusted({ $in: [...topics] }) })
      .select({ topic: 1, askedAt: 1 })
      .lean<{ topic: string; askedAt: Date }[]>();
    for (const d of docs) times.set(d.topic, [...(times.get(d.topic) ?? []), d.askedAt]);
    return times;
  }

  return {
    topicCounts,
    topicTimes,

    async dashboard(actor: Me, query: { townshipCode?: string | undefined; month?: string | undefined }) {
      const month = query.month ?? countyDate(deps.clock()).slice(0, 7);
      let codes: string[];
      if (actor.roles.includes('county_admin')) codes = query.townshipCode ? [query.townshipCode] : [...TOWNSHIP_CODES];
      else {
        const own = actor.roles.includes('township_staff') ? actor.staffTownshipCode : null;
        if (!own || (query.townshipCode && query.townshipCode !== own)) throw new ForbiddenError('只能查看本乡镇的咨询情况');
        codes = [own];
      }
      // Keyed by the viewer too: the overdue list's phone numbers depend on who looks.
      return cache.get(`${actor.id}:${codes.join(',')}:${month}`, () => build(actor, codes, month));
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
