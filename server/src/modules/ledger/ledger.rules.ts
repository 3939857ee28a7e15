import { DEFAULT_POINTS_RULE, countyDateParts, toCountyIso, type Me, type PointsRule, type PointsRuleBody, type PointsTable } from '@qf/shared';
import { BadRequestError } from '../../http/errors';
import { LedgerPointsRuleModel, type PointsRuleDoc } from './ledger.model';

/** The county's points table per year: set by the county admin, never rewritten once the year is over. */
export function createLedgerRules({ clock }: { clock: () => Date }) {
  function toDto(year: number, doc: PointsRuleDoc | null): PointsRule {
    const kinds = (doc?.kinds as PointsTable | undefined) ?? DEFAULT_POINTS_RULE;
    return {
      year,
      kinds: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, { points: v.points, dailyCap: v.dailyCap }])) as PointsRuleBody,
      isSet: !!doc,
      updatedByName: doc?.updatedByName ?? null,
      updatedAt: doc ? toCountyIso(doc.updatedAt) : null,
    };
  }

  async function get(year: number): Promise<PointsRule> {
    return toDto(year, await LedgerPointsRuleModel.findById(String(year)).lean<PointsRuleDoc>());
  }

  return {
    get,

    /** A look-up for scoring: every year's table that exists, the defaults for the rest. */
    async tablesFor(years: readonly number[]): Promise<(year: number) => PointsTable> {
      const rules = await Promise.all([...new Set(years)].map(get));
      const byYear = new Map(rules.map((r) => [r.year, r.kinds as PointsTable]));
      return (year) => byYear.get(year) ?? DEFAULT_POINTS_RULE;
    },

    async set(actor: Me, year: number, kinds: PointsRuleBody): Promise<PointsRule> {
      // Points already given for a past year stay as they were.
      if (year < countyDateParts(clock()).year) {
        throw new BadRequestError('往年的积分规则不能再改，只能设置今年或以后的', [{ field: 'params.year', message: '往年的积分规则不能再改' }]);
      }
      const doc = await LedgerPointsRuleModel.findByIdAndUpdate(
        String(year),
        { $set: { kinds, updatedBy: actor.id, updatedByName: actor.displayName } },
        { upsert: true, returnDocument: 'after', runValidators: true },
      ).lean<PointsRuleDoc>();
      return toDto(year, doc);
    },
  };
}

export type LedgerRules = ReturnType<typeof createLedgerRules>;
