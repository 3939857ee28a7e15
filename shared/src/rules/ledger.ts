import { LEDGER_KINDS } from '../data/ledger';

type LedgerKind = (typeof LEDGER_KINDS)[number];
import { countyDate, countyDateParts } from './time';

export type PointsTable = Record<LedgerKind, { points: number; dailyCap: number }>;

export interface ScoredRecord {
  kind: LedgerKind;
  occurredAt: Date;
}

/**
 * Points for a person's approved records. Each record scores by the rule of ITS year (so a rule set
 * for next year never rewrites this one), and a kind earns at most its daily cap on one county day
 * (ten 宣传 records on one market day count as much as the cap allows, not ten times).
 */
export function scoreRecords(records: readonly ScoredRecord[], ruleForYear: (year: number) => PointsTable) {
  const perDay = new Map<string, number>();
  const byKind = Object.fromEntries(LEDGER_KINDS.map((k) => [k, 0])) as Record<LedgerKind, number>;
  let total = 0;
  const ordered = [...records].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const record of ordered) {
    const rule = ruleForYear(countyDateParts(record.occurredAt).year)[record.kind];
    const key = `${countyDate(record.occurredAt)}:${record.kind}`;
    const already = perDay.get(key) ?? 0;
    const earned = Math.max(0, Math.min(rule.points, rule.dailyCap - already));
    perDay.set(key, already + earned);
    byKind[record.kind] += earned;
    total += earned;
  }
  return { total, byKind };
}

/** Inactive: no approved record in the last `days` days (or none at all). */
export function isInactive(lastApprovedAt: Date | null, now: Date, days: number): boolean {
  return !lastApprovedAt || now.getTime() - lastApprovedAt.getTime() > days * 86_400_000;
}
