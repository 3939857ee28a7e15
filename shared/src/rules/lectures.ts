import { countyDateParts } from './time';

/** Every township holds this many 法治讲座 a year unless the county sets another number for that year. */
export const DEFAULT_ANNUAL_LECTURE_QUOTA = 20;

/** Check-in opens this long before a lecture starts … */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
/** … and closes this long after it ends. */
export const CHECK_IN_CLOSES_AFTER_MS = 60 * 60_000;
/** The check-in screen shows a new code this often. */
export const CHECK_IN_CODE_REFRESH_SECONDS = 45;
/** A code stays valid this long after it was made, so a code scanned just before it changes still works. */
export const CHECK_IN_CODE_TTL_SECONDS = 90;

/** Reminders go out the day before and two hours before a lecture starts. */
export const REMINDER_OFFSETS = { day_before: 24 * 3600_000, two_hours: 2 * 3600_000 } as const;
export type ReminderKind = keyof typeof REMINDER_OFFSETS;

/**
 * How many lectures a township should have held by `today` in `year`: the share of the quota for
 * the whole months already passed, rounded down (by the end of June, half of it: 10 of 20).
 * Before the year starts nothing is expected; after it ends, the whole quota.
 */
export function expectedByDate(quota: number, year: number, today: Date): number {
  const { year: y, month } = countyDateParts(today);
  if (y < year) return 0;
  if (y > year) return quota;
  const monthsPassed = month - 1;
  return Math.floor((quota * monthsPassed) / 12);
}

/**
 * How a township stands: `done` when the quota is met, `on_pace` when it has held at least what is
 * expected by now, `slightly_behind` when it lacks no more than one month's share (rounded up), else
 * `behind`. The county overview colours its bars by this.
 */
export type Pace = 'done' | 'on_pace' | 'slightly_behind' | 'behind';

export function paceOf(held: number, expected: number, quota: number): Pace {
  if (held >= quota) return 'done';
  if (held >= expected) return 'on_pace';
  const oneMonth = Math.max(1, Math.ceil(quota / 12));
  return expected - held <= oneMonth ? 'slightly_behind' : 'behind';
}

export const PACE_LABELS: Record<Pace, string> = {
  done: '已完成',
  on_pace: '进度正常',
  slightly_behind: '略有落后',
  behind: '进度落后',
};

/** High-contrast colours for the progress bars (green, teal, amber, red). */
export const PACE_COLORS: Record<Pace, string> = {
  done: '#1b7f3b',
  on_pace: '#2e7d9a',
  slightly_behind: '#b26a00',
  behind: '#c62828',
};

/** A held lecture counts toward the quota only with evidence: at least one photo and somebody present. */
export function countsTowardQuota(lecture: { status: string; photoCount: number; checkInCount: number; headcount: number }): boolean {
  return lecture.status === 'held' && lecture.photoCount >= 1 && lecture.checkInCount + lecture.headcount >= 1;
}

/** Is `now` inside the check-in window of a lecture running from `startAt` to `endAt`? */
export function checkInWindow(startAt: Date, endAt: Date) {
  return { opensAt: new Date(startAt.getTime() - CHECK_IN_OPENS_BEFORE_MS), closesAt: new Date(endAt.getTime() + CHECK_IN_CLOSES_AFTER_MS) };
}

export function isCheckInOpen(startAt: Date, endAt: Date, now: Date): boolean {
  const { opensAt, closesAt } = checkInWindow(startAt, endAt);
  return now.getTime() >= opensAt.getTime() && now.getTime() <= closesAt.getTime();
}

/** The county calendar year and month (1–12) a lecture belongs to: those of its start. */
export function lecturePeriod(startAt: Date): { year: number; month: number } {
  const { year, month } = countyDateParts(startAt);
  return { year, month };
}

/** Monday 00:00 (county time) of the week holding `now`, and the next Monday: "this week" in lists. */
export function countyWeek(now: Date): { start: Date; end: Date } {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const dayFromMonday = (local.getUTCDay() + 6) % 7;
  const mondayLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dayFromMonday);
  const start = new Date(mondayLocal - 8 * 3600_000);
  return { start, end: new Date(start.getTime() + 7 * 24 * 3600_000) };
}

/** The path of the check-in page, which a check-in QR code links to (H5) and the scanner parses (weapp). */
export const CHECK_IN_PAGE_PATH = '/packages/lectures/pages/checkin/index';

/** Builds the link a check-in QR code carries. */
export function checkInLink(origin: string, lectureId: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${CHECK_IN_PAGE_PATH}?id=${encodeURIComponent(lectureId)}&t=${encodeURIComponent(token)}`;
}

/** Reads the lecture id and token out of a scanned check-in code (a link, or the bare token). */
export function parseCheckInCode(text: string): { lectureId: string; token: string } | null {
  const trimmed = text.trim();
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : '';
  if (query) {
    const params = new Map<string, string>();
    for (const pair of query.split('&')) {
      const [k, v = ''] = pair.split('=');
      if (k) params.set(k, decodeURIComponent(v));
    }
    const id = params.get('id');
    const token = params.get('t');
    if (id && token) return { lectureId: id, token };
  }
  // A bare token starts with the lecture id it belongs to.
  const match = /^([0-9a-f]{24})\.[0-9a-z]+\.[A-Za-z0-9_-]+$/.exec(trimmed);
  return match?.[1] ? { lectureId: match[1], token: trimmed } : null;
}
