// Ledger (一人一档) kinds and their Chinese names, without zod, for pages that only show them.

/** What a 法律明白人 records of the work done offline. */
export const LEDGER_KINDS = ['publicity', 'mediation', 'report', 'errand', 'other'] as const;
type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  publicity: '宣传',
  mediation: '调解',
  report: '信息报送',
  errand: '代办',
  other: '其他',
};

export const LEDGER_STATUS_LABELS = { pending: '待审核', approved: '已通过', returned: '已退回' } as const;


/** No approved record in this many days: flagged for the quarterly review. */
export const LEDGER_INACTIVE_DAYS = 90;

/** Points per kind and the most points a kind can earn on one day, until the county sets a year's own. */
export const DEFAULT_POINTS_RULE: Record<LedgerKind, { points: number; dailyCap: number }> = {
  publicity: { points: 2, dailyCap: 6 },
  mediation: { points: 5, dailyCap: 10 },
  report: { points: 2, dailyCap: 4 },
  errand: { points: 3, dailyCap: 6 },
  other: { points: 1, dailyCap: 2 },
};
