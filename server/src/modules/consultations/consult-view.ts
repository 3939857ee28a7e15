import { CONSULT_TIER_LABELS, servedTiers, tierIndex, toCountyIso, type ConsultStatus, type ConsultTier, type Consultation, type ConsultationSummary, type Me, type ThreadEntry } from '@qf/shared';
import { uploadUrl } from '../uploads/uploads.service';
import type { ClaimDoc, ConsultationDoc, FeedbackDoc, OutcomeDoc } from './consultations.model';

export type Limits = Record<ConsultTier, number>;

/**
 * Who may read a consultation: its asker (or the 明白人 who recorded it for a villager), the people
 * serving its township at the tier it has reached or passed, that township's 司法所 staff, and the
 * county. Everybody else is told it does not exist.
 */
export function canSee(actor: Me, doc: ConsultationDoc): boolean {
  if (doc.askerId?.toString() === actor.id || doc.proxyById?.toString() === actor.id) return true;
  if (actor.roles.includes('county_admin')) return true;
  if (actor.roles.includes('township_staff') && actor.staffTownshipCode === doc.townshipCode) return true;
  const reached = tierIndex(doc.tier as ConsultTier);
  return servedTiers(actor, doc.townshipCode).some((t) => tierIndex(t) <= reached);
}

/** The tier this user can act at for the question right now (claim, answer, send up), if any. */
export function servesCurrentTier(actor: Me, doc: ConsultationDoc): boolean {
  return servedTiers(actor, doc.townshipCode).includes(doc.tier as ConsultTier);
}

export function residentStatus(doc: Pick<ConsultationDoc, 'state' | 'stage'>): ConsultStatus {
  if (doc.state === 'waiting') return doc.stage > 0 ? 'escalated' : 'waiting';
  return doc.state as ConsultStatus;
}

export function dueAt(doc: Pick<ConsultationDoc, 'state' | 'tier' | 'tierSince'>, limits: Limits): Date | null {
  if (doc.state !== 'waiting') return null;
  return new Date(doc.tierSince.getTime() + limits[doc.tier as ConsultTier] * 3_600_000);
}

/** The part of a summary that is the same for every reader: the queue keeps it with its cached rows. */
export type SharedSummary = Omit<ConsultationSummary, 'phone' | 'claimedByMe' | 'mine' | 'overdue'>;

export function sharedSummary(doc: ConsultationDoc, limits: Limits, claim: ClaimDoc | null, faqId: string | null = null): SharedSummary {
  const due = dueAt(doc, limits);
  const current = !!claim && claim.stage === doc.stage;
  return {
    id: doc._id.toString(),
    townshipCode: doc.townshipCode as ConsultationSummary['townshipCode'],
    villageName: doc.villageName,
    askerName: doc.askerName,
    hasPhone: !!doc.phone,
    text: doc.text,
    tier: doc.tier as ConsultTier,
    status: residentStatus(doc),
    claimed: current,
    handlerName: current ? claim.name : null,
    proxy: !!doc.proxyById,
    topic: doc.topic ?? null,
    articles: [...(doc.articles ?? [])],
    referral: doc.referral?.kind ? { kind: doc.referral.kind, note: doc.referral.note ?? '' } : null,
    askedAt: toCountyIso(doc.askedAt),
    dueAt: due ? toCountyIso(due) : null,
    faqId,
  };
}

/** What a reader's own view of a summary depends on, as plain strings (the queue keeps them per row). */
export interface PersonalFacts { askerId: string | null; proxyById: string | null; phone: string | null; waiting: boolean; stage: number }
export const personalFacts = (doc: ConsultationDoc): PersonalFacts => ({
  askerId: doc.askerId?.toString() ?? null,
  proxyById: doc.proxyById?.toString() ?? null,
  phone: doc.phone ?? null,
  waiting: doc.state === 'waiting',
  stage: doc.stage,
});

/** What depends on who reads it and when: his own question, his claim, the phone, overdue. */
export function personalSummary(actor: Me, shared: SharedSummary, facts: PersonalFacts, claim: ClaimDoc | null, nowMs: number, dueMs: number | null): ConsultationSummary {
  const mine = facts.askerId === actor.id || facts.proxyById === actor.id;
  const claimedByMe = !!claim && claim.userId === actor.id && claim.stage === facts.stage;
  // The phone is for a call back: the asker sees what he gave, the current handler sees it, nobody else.
  const showPhone = mine || (claimedByMe && facts.waiting);
  // Written out field by field: a literal is several times quicker than spreading \`shared\` (the
  // queue builds one per row on every read).
  return {
    id: shared.id,
    townshipCode: shared.townshipCode,
    villageName: shared.villageName,
    askerName: shared.askerName,
    phone: showPhone ? facts.phone : null,
    hasPhone: shared.hasPhone,
    text: shared.text,
    tier: shared.tier,
    status: shared.status,
    claimedByMe,
    claimed: shared.claimed,
    handlerName: shared.handlerName,
    proxy: shared.proxy,
    mine,
    topic: shared.topic,
    articles: shared.articles,
    referral: shared.referral,
    askedAt: shared.askedAt,
    dueAt: shared.dueAt,
    overdue: dueMs !== null && dueMs <= nowMs,
    faqId: shared.faqId,
  };
}

export function summarize(actor: Me, doc: ConsultationDoc, limits: Limits, now: Date, claim: ClaimDoc | null, faqId: string | null = null): ConsultationSummary {
  return personalSummary(actor, sharedSummary(doc, limits, claim, faqId), personalFacts(doc), claim, now.getTime(), dueAt(doc, limits)?.getTime() ?? null);
}

const byLine = (tier: ConsultTier, name: string) => `${CONSULT_TIER_LABELS[tier]} ${name}`;

/** The conversation, built from the question and each stage's outcome and feedback documents. */
export function buildThread(doc: ConsultationDoc, outcomes: (OutcomeDoc | null)[], feedbacks: (FeedbackDoc | null)[]): ThreadEntry[] {
  const entries: ThreadEntry[] = [{ kind: 'question', tier: 'literate', by: doc.askerName, text: doc.text, articles: [], at: toCountyIso(doc.askedAt) }];
  outcomes.forEach((o, stage) => {
    if (!o) return;
    const at = toCountyIso(o.at);
    if (o.kind === 'answered') entries.push({ kind: 'answer', tier: o.tier, by: byLine(o.tier, o.byName), text: o.text, articles: [...o.articles], at });
    if (o.kind === 'escalated') entries.push({ kind: 'escalated', tier: o.tier, by: byLine(o.tier, o.byName), text: `已转上级：${o.text}`, articles: [], at });
    if (o.kind === 'timeout') entries.push({ kind: 'timeout', tier: o.tier, by: '系统', text: `${CONSULT_TIER_LABELS[o.tier]}超过时限未回复，已自动转上级`, articles: [], at });
    if (o.kind === 'referred') entries.push({ kind: 'referred', tier: o.tier, by: byLine(o.tier, o.byName), text: o.text, articles: [], at });
    const fb = feedbacks[stage];
    if (fb) {
      const fbAt = toCountyIso(fb.at);
      if (fb.resolved) entries.push({ kind: 'resolved', tier: o.tier, by: doc.askerName, text: '问题已解决', articles: [], at: fbAt });
      else entries.push({ kind: 'followup', tier: o.tier, by: doc.askerName, text: fb.followUp ?? '', articles: [], at: fbAt });
    }
  });
  return entries;
}

export function fullView(summary: ConsultationSummary, doc: ConsultationDoc, thread: ThreadEntry[]): Consultation {
  return {
    ...summary,
    photos: (doc.photoIds ?? []).map((id) => ({ id, url: uploadUrl(id) })),
    voice: doc.voiceId ? { id: doc.voiceId, url: uploadUrl(doc.voiceId) } : null,
    thread,
  };
}
