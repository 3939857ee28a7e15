import { shuffleWithSeed } from './quiz';

/** How many questions a lecture's check asks, before and after. */
export const LECTURE_CHECK_SIZE = 3;
/** The after-check is open this long from the lecture's end. */
export const LECTURE_CHECK_AFTER_MS = 24 * 3600_000;

/** A question of the bank as the picker sees it. */
export interface CheckCandidate {
  id: string;
  book: string;
  tags: readonly string[];
}

/**
 * The questions a lecture asks before and after: drawn from the bank for the lecture's topics (a
 * question's topic tag, or its book of the Civil Code), one topic after another so that a lecture on
 * two topics asks about both, deterministic for the seed (the lecture). Each question keeps the
 * topic it was drawn for: the township report counts it there. Fewer than `count` only when the
 * bank has fewer for these topics.
 */
export function pickCheckQuestions(pool: readonly CheckCandidate[], topics: readonly string[], seed: string, count = LECTURE_CHECK_SIZE): { id: string; topic: string }[] {
  const sorted = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perTopic = [...new Set(topics)].map((topic) => ({
    topic,
    queue: shuffleWithSeed(
      sorted.filter((q) => q.book === topic || q.tags.includes(topic)),
      `${seed}:${topic}`,
    ),
  }));
  const picked: { id: string; topic: string }[] = [];
  const taken = new Set<string>();
  for (let round = 0; picked.length < count; round++) {
    let any = false;
    for (const t of perTopic) {
      if (picked.length >= count) break;
      while (t.queue.length > 0) {
        const q = t.queue.shift()!;
        if (taken.has(q.id)) continue;
        taken.add(q.id);
        picked.push({ id: q.id, topic: t.topic });
        any = true;
        break;
      }
    }
    if (!any) break;
  }
  return picked;
}

/** One person's answers in one phase: which of the lecture's questions he got right. */
export interface CheckSheet {
  userId: string;
  results: readonly { questionId: string; topic: string; correct: boolean }[];
}

/** Answers of the people who answered both times: what 知晓率 is computed from, and what adds up across lectures. */
export interface AwarenessTally {
  /** People who answered before and after (a person's pair counts once per lecture). */
  pairs: number;
  beforeCorrect: number;
  beforeAnswers: number;
  afterCorrect: number;
  afterAnswers: number;
}

export const emptyTally = (): AwarenessTally => ({ pairs: 0, beforeCorrect: 0, beforeAnswers: 0, afterCorrect: 0, afterAnswers: 0 });

export function addTally(into: AwarenessTally, t: AwarenessTally): AwarenessTally {
  into.pairs += t.pairs;
  into.beforeCorrect += t.beforeCorrect;
  into.beforeAnswers += t.beforeAnswers;
  into.afterCorrect += t.afterCorrect;
  into.afterAnswers += t.afterAnswers;
  return into;
}

/** 知晓率 in percent (no decimals), null with nothing answered. */
export const awarenessRate = (correct: number, answers: number): number | null => (answers === 0 ? null : Math.round((100 * correct) / answers));

/**
 * A lecture's tally, in all and per topic. Only the people who answered both times count, so a
 * crowd that answered only before cannot make a lecture look better or worse; each answer counts
 * under the topic its question was drawn for.
 */
export function tallyAwareness(before: readonly CheckSheet[], after: readonly CheckSheet[]): { total: AwarenessTally; byTopic: Map<string, AwarenessTally> } {
  const beforeBy = new Map(before.map((s) => [s.userId, s]));
  const total = emptyTally();
  const byTopic = new Map<string, AwarenessTally>();
  const topic = (t: string) => {
    let x = byTopic.get(t);
    if (!x) byTopic.set(t, (x = emptyTally()));
    return x;
  };
  const seen = new Set<string>();
  for (const sheet of after) {
    const first = beforeBy.get(sheet.userId);
    if (!first || seen.has(sheet.userId)) continue;
    seen.add(sheet.userId);
    total.pairs++;
    const topicsOfPair = new Set<string>();
    for (const r of first.results) {
      total.beforeAnswers++;
      topic(r.topic).beforeAnswers++;
      if (r.correct) (total.beforeCorrect++, topic(r.topic).beforeCorrect++);
      topicsOfPair.add(r.topic);
    }
    for (const r of sheet.results) {
      total.afterAnswers++;
      topic(r.topic).afterAnswers++;
      if (r.correct) (total.afterCorrect++, topic(r.topic).afterCorrect++);
      topicsOfPair.add(r.topic);
    }
    for (const t of topicsOfPair) topic(t).pairs++;
  }
  return { total, byTopic };
}

/** The consultation trend around a lecture: this many days before and after it, in weeks. */
export const TREND_DAYS = 91;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface ConsultationTrend {
  /** Questions on the topic in the 91 days before the lecture, and in the days after it so far (at most 91). */
  before: number;
  after: number;
  /** How many days after the lecture have passed (the after count covers only these). */
  afterDays: number;
  /** Questions per week: 13 weeks before the lecture, then 13 after (weeks still to come are null). */
  weeks: (number | null)[];
}

/**
 * Did people ask less about a topic once it was taught? Counts its questions in the 13 weeks before
 * the first lecture on it and the 13 weeks after, week by week for a trend line. Weeks not yet over
 * are null (and the after count says how many days it covers), so a recent lecture is not read
 * as a fall.
 */
export function consultationTrend(lectureAt: Date, askedAt: readonly Date[], now: Date): ConsultationTrend {
  const start = lectureAt.getTime();
  const weeksEach = TREND_DAYS / 7;
  const weeks: (number | null)[] = Array.from({ length: 2 * weeksEach }, (_, i) => (start + (i - weeksEach) * WEEK < now.getTime() ? 0 : null));
  let before = 0;
  let after = 0;
  for (const at of askedAt) {
    const t = at.getTime();
    if (t >= now.getTime()) continue;
    const i = Math.floor((t - start) / WEEK) + weeksEach;
    if (i < 0 || i >= weeks.length) continue;
    if (t < start) before++;
    else after++;
    weeks[i] = (weeks[i] ?? 0) + 1;
  }
  const afterDays = Math.max(0, Math.min(TREND_DAYS, Math.floor((now.getTime() - start) / DAY)));
  return { before, after, afterDays, weeks };
}
