import mongoose from 'mongoose';
import { findTownship, FORGOTTEN_NAME, maskName, TOWNSHIPS, type PeopleLeaderboard, type TownshipLeaderboard } from '@qf/shared';
import { EntryModel, type EntryDoc } from './campaigns.model';
import { createTtlCache } from '../../lib/ttl-cache';

const PEOPLE_TOP = 100;
/** A board built faster than this is rebuilt after every change made here (see `invalidate`). */
const QUICK_BUILD_MS = 250;
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Boards {
  people: PeopleLeaderboard;
  townships: TownshipLeaderboard;
}

/**
 * Campaign leaderboards, both built from the participants' entries (best score, passed) in one
 * read, and cached for a few seconds with one load shared by concurrent readers; this instance
 * drops its entry as soon as one of its own submissions changes a board. Built from the entries
 * rather than kept in `$inc` counters because concurrent `$inc` on one document loses updates
 * on FerretDB 1.24's SQLite backend (see quiz-modes.ts); this way the boards never drift.
 */
export function createLeaderboardService(deps: { clock: () => Date; cacheMs?: number }) {
  // Stale boards are served while one rebuild runs: the rebuild reads every entry, and grows with them.
  const boards = createTtlCache<Boards>(deps.cacheMs ?? 5000, Date.now, { serveStale: true });

  async function build(campaignId: string): Promise<Boards> {
    const docs = await EntryModel.find({ campaignId, bestScore: mongoose.trusted({ $gte: 0 }) })
      .select({ displayName: 1, townshipCode: 1, bestScore: 1, bestAt: 1, passed: 1 })
      .lean<EntryDoc[]>();
    const updatedAt = deps.clock().toISOString();

    const ranked = [...docs].sort((a, b) => b.bestScore - a.bestScore || (a.bestAt?.getTime() ?? 0) - (b.bestAt?.getTime() ?? 0)).slice(0, PEOPLE_TOP);
    let rank = 0;
    const people = ranked.map((d, i) => {
      if (i === 0 || ranked[i - 1]!.bestScore !== d.bestScore) rank = i + 1;
      return { rank, name: d.displayName === FORGOTTEN_NAME ? FORGOTTEN_NAME : maskName(d.displayName), townshipName: d.townshipCode ? (findTownship(d.townshipCode)?.name ?? null) : null, score: d.bestScore };
    });

    const sums = new Map<string, { participants: number; passed: number; scoreSum: number }>();
    for (const d of docs) {
      if (!d.townshipCode) continue;
      const s = sums.get(d.townshipCode) ?? { participants: 0, passed: 0, scoreSum: 0 };
      s.participants += 1;
      s.passed += d.passed ? 1 : 0;
      s.scoreSum += d.bestScore;
      sums.set(d.townshipCode, s);
    }
    const rows = TOWNSHIPS.map((t) => {
      const s = sums.get(t.code) ?? { participants: 0, passed: 0, scoreSum: 0 };
      return {
        townshipCode: t.code,
        townshipName: t.name,
        participants: s.participants,
        passed: s.passed,
        passRate: s.participants ? round1((s.passed * 100) / s.participants) : 0,
        averageScore: s.participants ? round1(s.scoreSum / s.participants) : 0,
      };
    }).sort((a, b) => b.averageScore - a.averageScore || b.passRate - a.passRate || b.participants - a.participants);
    const same = (a: (typeof rows)[number], b: (typeof rows)[number]) => a.averageScore === b.averageScore && a.passRate === b.passRate && a.participants === b.participants;
    let townRank = 0;
    const townships = rows.map((r, i) => {
      if (i === 0 || !same(rows[i - 1]!, r)) townRank = i + 1;
      return { rank: townRank, ...r };
    });
    return { people: { items: people, updatedAt }, townships: { items: townships, updatedAt } };
  }

  return {
    async people(campaignId: string): Promise<PeopleLeaderboard> {
      return (await boards.get(campaignId, () => build(campaignId))).people;
    },
    async townships(campaignId: string): Promise<TownshipLeaderboard> {
      return (await boards.get(campaignId, () => build(campaignId))).townships;
    },
    /**
     * One of this instance's submissions changed the boards. Boards that build quickly are rebuilt
     * for the next reader, so people see their own result at once; big ones (thousands of
     * participants, a build of a quarter second or more) keep being served until they age out, a
     * few seconds, rather than rebuilding for every reader while submissions stream in.
     */
    invalidate(campaignId: string) {
      boards.changed(campaignId, QUICK_BUILD_MS);
    },
    /** A name left the board (注销): the next reader waits for a board without it, however large. */
    drop(campaignId: string) {
      boards.delete(campaignId);
    },
  };
}

export type LeaderboardService = ReturnType<typeof createLeaderboardService>;
