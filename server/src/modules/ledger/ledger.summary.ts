import {
  LEDGER_INACTIVE_DAYS,
  canManageTownship,
  countyDateParts,
  isInactive,
  scoreRecords,
  toCountyIso,
  type LedgerKind,
  type LedgerPerson,
  type Me,
  type MyLedger,
  type TownshipLedger,
  type UserSummary,
} from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import type { UsersService } from '../users/users.service';
import type { LedgerRecordDoc } from './ledger.model';
import type { LedgerRecords } from './ledger.records';
import type { LedgerRules } from './ledger.rules';

/** What other features saw a person do: read through their own exported functions, never their models. */
export interface LedgerActivity {
  lecturesAttended(userIds: readonly string[], year: number): Promise<Map<string, number>>;
  quizzesPassed(userIds: readonly string[], year: number): Promise<Map<string, number>>;
}

export interface LedgerSummaryDeps {
  records: LedgerRecords;
  rules: LedgerRules;
  users: Pick<UsersService, 'list'>;
  activity: LedgerActivity;
  clock: () => Date;
}

/** Each 法律明白人's year (一人一档) and the township's table, scored by the county's rule. */
export function createLedgerSummary({ records, rules, users, activity, clock }: LedgerSummaryDeps) {
  async function people(townshipCode: string): Promise<UserSummary[]> {
    const all: UserSummary[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await users.list({ role: 'literate', townshipCode: townshipCode as UserSummary['townshipCode'] & string, limit: 100, offset });
      all.push(...page.items);
      if (all.length >= page.total || page.items.length === 0) return all;
    }
  }

  async function summarize(persons: readonly Pick<UserSummary, 'id' | 'displayName' | 'townshipCode'>[], docs: readonly LedgerRecordDoc[], year: number): Promise<LedgerPerson[]> {
    const ids = persons.map((p) => p.id);
    const [lectures, quizzes, tableFor] = await Promise.all([activity.lecturesAttended(ids, year), activity.quizzesPassed(ids, year), rules.tablesFor([year])]);
    const now = clock();
    return persons.map((p) => {
      const mine = docs.filter((d) => d.userId.toString() === p.id);
      const approved = mine.filter((d) => d.status === 'approved');
      const scored = scoreRecords(approved.map((d) => ({ kind: d.kind as LedgerKind, occurredAt: d.occurredAt })), tableFor);
      const last = approved.reduce<Date | null>((max, d) => (!max || d.occurredAt > max ? d.occurredAt : max), null);
      return {
        userId: p.id,
        name: p.displayName,
        townshipCode: p.townshipCode,
        lecturesAttended: lectures.get(p.id) ?? 0,
        quizzesPassed: quizzes.get(p.id) ?? 0,
        approved: approved.length,
        pending: mine.filter((d) => d.status === 'pending').length,
        returned: mine.filter((d) => d.status === 'returned').length,
        points: scored.total,
        byKind: scored.byKind,
        lastApprovedAt: last ? toCountyIso(last) : null,
        inactive: isInactive(last, now, LEDGER_INACTIVE_DAYS),
      };
    });
  }

  return {
    async mine(actor: Me, year?: number): Promise<MyLedger> {
      const y = year ?? countyDateParts(clock()).year;
      const [docs, items] = await Promise.all([records.ofUser(actor.id, y), records.mine(actor, y)]);
      const [person] = await summarize([actor], docs, y);
      return { year: y, person: person!, records: items };
    },

    async township(actor: Me, townshipCode: string, year?: number): Promise<TownshipLedger> {
      if (!canManageTownship(actor, townshipCode)) throw new NotFoundError('找不到这个乡镇的台账');
      const y = year ?? countyDateParts(clock()).year;
      const [persons, docs] = await Promise.all([people(townshipCode), records.ofTownship(townshipCode, y)]);
      const rows = await summarize(persons, docs, y);
      // The quietest first: the quarterly review starts with who has done least.
      rows.sort((a, b) => Number(b.inactive) - Number(a.inactive) || a.points - b.points || a.name.localeCompare(b.name, 'zh'));
      return {
        year: y,
        townshipCode: townshipCode as TownshipLedger['townshipCode'],
        people: rows,
        inactiveCount: rows.filter((r) => r.inactive).length,
        pendingCount: docs.filter((d) => d.status === 'pending').length,
      };
    },
  };
}

export type LedgerSummary = ReturnType<typeof createLedgerSummary>;
