// Consultation labels and tiers without zod, so pages that show them stay light (see data/content.ts).

/** The tiers a question climbs: 法律明白人 → 普法员 → 法律顾问. */
export const CONSULT_TIERS = ['literate', 'popularizer', 'adviser'] as const;
export type ConsultTier = (typeof CONSULT_TIERS)[number];

export const CONSULT_TIER_LABELS: Record<ConsultTier, string> = {
  literate: '法律明白人',
  popularizer: '普法员',
  adviser: '法律顾问',
};

/** Default time limits per tier, in hours; the county admin can change them. */
export const DEFAULT_TIER_LIMIT_HOURS: Record<ConsultTier, number> = { literate: 24, popularizer: 48, adviser: 72 };

/** The status a resident sees. */
export const CONSULT_STATUSES = ['waiting', 'answered', 'escalated', 'referred', 'resolved'] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];

export const CONSULT_STATUS_LABELS: Record<ConsultStatus, string> = {
  waiting: '待回复',
  answered: '已回复',
  escalated: '已转上级',
  referred: '已转线下',
  resolved: '已解决',
};

/** Where an adviser sends a case that needs more than an online answer. */
export const REFERRAL_KINDS = ['mediation', 'legal_aid', 'office_visit'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

export const REFERRAL_LABELS: Record<ReferralKind, string> = {
  mediation: '转人民调解',
  legal_aid: '转法律援助',
  office_visit: '到司法所面谈',
};

/** What a resident may have going at once, and start in a day. */
export const CONSULT_LIMITS = { open: 5, perDay: 10, textMax: 500, photosMax: 3 } as const;

export const nextTier = (tier: ConsultTier): ConsultTier | null => CONSULT_TIERS[CONSULT_TIERS.indexOf(tier) + 1] ?? null;
