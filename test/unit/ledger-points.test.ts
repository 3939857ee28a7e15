import { describe, expect, it } from 'vitest';
import { DEFAULT_POINTS_RULE, isInactive, scoreRecords, type PointsTable } from '@qf/shared';

const rule = (over: Partial<PointsTable> = {}): PointsTable => ({ ...DEFAULT_POINTS_RULE, ...over });
const at = (iso: string) => new Date(iso);

describe('ledger points', () => {
  it.each([
    ['one mediation', [{ kind: 'mediation', occurredAt: at('2026-05-01T10:00:00+08:00') }], 5],
    ['three 宣传 on one day stop at the cap of 6', [1, 2, 3, 4].map((h) => ({ kind: 'publicity', occurredAt: at(`2026-05-01T0${h}:00:00+08:00`) })), 6],
    ['the cap is per county day, not per UTC day', [{ kind: 'publicity', occurredAt: at('2026-05-01T23:30:00+08:00') }, { kind: 'publicity', occurredAt: at('2026-05-01T23:40:00+08:00') }, { kind: 'publicity', occurredAt: at('2026-05-01T23:50:00+08:00') }, { kind: 'publicity', occurredAt: at('2026-05-02T00:10:00+08:00') }], 8],
    ['the cap is per kind', [{ kind: 'report', occurredAt: at('2026-05-01T09:00:00+08:00') }, { kind: 'report', occurredAt: at('2026-05-01T10:00:00+08:00') }, { kind: 'report', occurredAt: at('2026-05-01T11:00:00+08:00') }, { kind: 'errand', occurredAt: at('2026-05-01T11:00:00+08:00') }], 4 + 3],
    ['a cap below the points gives only the cap', [{ kind: 'other', occurredAt: at('2026-05-01T09:00:00+08:00') }], 1],
  ] as const)('%s', (_, records, total) => {
    const cappedOther = rule({ other: { points: 5, dailyCap: 1 } });
    expect(scoreRecords(records as never, () => cappedOther).total).toBe(total);
  });

  it('scores each record by the rule of its own county year', () => {
    const tables: Record<number, PointsTable> = { 2026: rule({ mediation: { points: 5, dailyCap: 10 } }), 2027: rule({ mediation: { points: 8, dailyCap: 10 } }) };
    // 2026-12-31 23:30 in Qingfeng is still 2026, although it is 2026-12-31 15:30 UTC; 00:30 on Jan 1 is 2027.
    const result = scoreRecords(
      [
        { kind: 'mediation', occurredAt: at('2026-12-31T23:30:00+08:00') },
        { kind: 'mediation', occurredAt: at('2027-01-01T00:30:00+08:00') },
      ],
      (year) => tables[year]!,
    );
    expect(result.total).toBe(13);
    expect(result.byKind.mediation).toBe(13);
    expect(result.byKind.publicity).toBe(0);
  });

  it('flags a person with no approved record in 90 days', () => {
    const now = at('2026-12-01T10:00:00+08:00');
    expect(isInactive(null, now, 90)).toBe(true);
    expect(isInactive(at('2026-09-01T10:00:00+08:00'), now, 90)).toBe(true);
    expect(isInactive(at('2026-09-10T10:00:00+08:00'), now, 90)).toBe(false);
  });
});
