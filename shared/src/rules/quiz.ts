/**
 * Pure quiz rules shared by the server (which scores) and the mini-program (which only displays):
 * exact scoring, the deterministic daily draw, seeded shuffles, streaks, the wrong-answer book's
 * exit rule and name masking for public boards.
 */

/** Questions in one day's 每日答题. */
export const DAILY_QUESTION_COUNT = 5;
/** Questions per round of 专项练习. */
export const PRACTICE_QUESTION_COUNT = 10;
/** A question leaves the 错题本 after this many correct answers in a row. */
export const WRONG_BOOK_EXIT_STREAK = 2;
/** Seconds a campaign submission may arrive after its deadline (network, slow phones). */
export const SUBMIT_GRACE_SECONDS = 5;
/** Days the township weak spots look back. */
export const WEAK_SPOT_WINDOW_DAYS = 90;

/**
 * Is an answer right? Exact: all of the right options and only them, in any order. An empty or
 * missing answer is wrong. Duplicated letters count once (the API refuses them earlier anyway).
 */
export function isAnswerCorrect(correct: readonly string[], given: readonly string[] | undefined | null): boolean {
  if (!given || given.length === 0 || correct.length === 0) return false;
  const want = new Set(correct);
  const got = new Set(given);
  if (want.size !== got.size) return false;
  for (const letter of got) if (!want.has(letter)) return false;
  return true;
}

export interface ScoredItem {
  questionId: string;
  given: string[];
  correct: string[];
  isCorrect: boolean;
}

/**
 * Scores an answer sheet against the answer key. Every question counts equally; unanswered
 * questions are wrong. The score is a whole number out of 100 (rounded), so pass marks read
 * naturally ("80 分及格") whatever the number of questions.
 */
export function scoreSheet(
  key: readonly { questionId: string; answer: readonly string[] }[],
  answers: readonly { questionId: string; answer: readonly string[] }[],
): { items: ScoredItem[]; correctCount: number; total: number; score: number } {
  const given = new Map(answers.map((a) => [a.questionId, [...a.answer]]));
  const items = key.map((k) => {
    const g = given.get(k.questionId) ?? [];
    return { questionId: k.questionId, given: g, correct: [...k.answer], isCorrect: isAnswerCorrect(k.answer, g) };
  });
  const correctCount = items.filter((i) => i.isCorrect).length;
  const total = items.length;
  return { items, correctCount, total, score: total === 0 ? 0 : Math.round((correctCount * 100) / total) };
}

/** FNV-1a 32-bit hash of a string: a stable seed from text such as `${date}:${userId}`. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, well-spread PRNG; the same seed always gives the same sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle driven by a text seed; the input is not changed. */
export function shuffleWithSeed<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const rand = mulberry32(hashSeed(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Picks `count` ids from a pool, deterministically for a seed. The pool is sorted first, so the
 * result does not depend on the order the database returned it in.
 */
export function drawIds(pool: readonly string[], count: number, seed: string): string[] {
  const sorted = [...new Set(pool)].sort();
  return shuffleWithSeed(sorted, seed).slice(0, Math.max(0, count));
}

/**
 * The day's five questions for a person: the same five all day (seeded by date and user), a
 * different set for each person and each day. Spread across the seven books when the pool
 * allows: one question from each of five books chosen by the seed, then any shortfall from the
 * rest of the pool.
 */
export function drawDailyQuestions(
  pool: readonly { id: string; book: string }[],
  date: string,
  userId: string,
  count = DAILY_QUESTION_COUNT,
): string[] {
  const seed = `daily:${date}:${userId}`;
  const byBook = new Map<string, string[]>();
  for (const q of pool) {
    const list = byBook.get(q.book) ?? [];
    list.push(q.id);
    byBook.set(q.book, list);
  }
  const books = shuffleWithSeed([...byBook.keys()].sort(), `${seed}:books`);
  const picked: string[] = [];
  for (const book of books) {
    if (picked.length >= count) break;
    const [first] = drawIds(byBook.get(book) ?? [], 1, `${seed}:${book}`);
    if (first) picked.push(first);
  }
  if (picked.length < count) {
    const taken = new Set(picked);
    const rest = drawIds(
      pool.map((q) => q.id).filter((id) => !taken.has(id)),
      count - picked.length,
      `${seed}:rest`,
    );
    picked.push(...rest);
  }
  return picked;
}

/** The county calendar day before a YYYY-MM-DD date. */
export function previousDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The YYYY-MM-DD date a number of days before another. */
export function countyDateDaysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/**
 * The daily streak after finishing the quiz on `today`: one more if the last one was yesterday,
 * unchanged if it was already today, otherwise a fresh start at 1.
 */
export function nextStreak(lastDate: string | null | undefined, previousStreak: number, today: string): number {
  if (lastDate === today) return Math.max(1, previousStreak);
  if (lastDate && lastDate === previousDate(today)) return previousStreak + 1;
  return 1;
}

/** The streak to show on `today`: it lapses when neither today nor yesterday was done. */
export function currentStreak(lastDate: string | null | undefined, streak: number, today: string): number {
  if (!lastDate) return 0;
  return lastDate === today || lastDate === previousDate(today) ? streak : 0;
}

/** After a correct answer to a question in the 错题本: does it leave the book? */
export function leavesWrongBook(correctInARow: number): boolean {
  return correctInARow >= WRONG_BOOK_EXIT_STREAK;
}

/**
 * A name as shown on public boards: 张三 → 张*, 王小明 → 王*明, 欧阳娜娜 → 欧**娜. Latin
 * names keep their first and last character.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 4))}${chars[chars.length - 1]}`;
}

/** Does a score pass the campaign's mark? */
export function isPassing(score: number, passMark: number): boolean {
  return score >= passMark;
}

/**
 * The instant after which a campaign attempt is no longer accepted: the attempt's own time limit
 * or the campaign's close, whichever is first, plus the grace.
 */
export function acceptsSubmissionAt(deadline: Date, now: Date, graceSeconds = SUBMIT_GRACE_SECONDS): boolean {
  return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}
