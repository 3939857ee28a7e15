import { LunarMonth, LunarUtil, Solar } from 'lunar-typescript';

/**
 * When a rural market meets. Markets in the county keep lunar-calendar days: either a set of day
 * numbers (初一、十五 → [1, 15]) or a 逢X rule (逢三逢八 → every lunar day ending in 3 or 8). Some
 * also meet on fixed solar dates of the month.
 *
 * Every date conversion goes through `lunar-typescript`; nothing here is a hand-written table.
 */
export type MarketDayRule =
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'endsWith'; digits: readonly number[] };

export interface MarketSchedule {
  rule: MarketDayRule;
  /** Solar days of the month (1–31) the market also meets on; empty for most markets. */
  solarDays?: readonly number[];
}

export interface MarketDay {
  /** Solar date on the county's calendar, YYYY-MM-DD. */
  date: string;
  lunarYear: number;
  /** 1–12; a leap month carries the number of the month it follows, with `leapMonth` set. */
  lunarMonth: number;
  leapMonth: boolean;
  lunarDay: number;
  /** e.g. 十月十三, 闰六月初六, 腊月廿八. */
  lunarLabel: string;
  /** e.g. 12月3日. */
  solarLabel: string;
  /** Whether the market meets that day because of its lunar rule, a solar date, or both. */
  by: 'lunar' | 'solar' | 'both';
}

const DIGIT_NAMES = ['十', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** The lunar day numbers (1–30) a rule names. A 逢X rule on 0 means 逢十: the 10th, 20th and 30th. */
export function lunarDaysOfRule(rule: MarketDayRule): number[] {
  const days = new Set<number>();
  for (let d = 1; d <= 30; d++) {
    if (rule.kind === 'days' ? rule.days.includes(d) : rule.digits.includes(d % 10)) days.add(d);
  }
  return [...days].sort((a, b) => a - b);
}

/** How people say the rule: 逢三逢八, or 农历初一、十五. */
export function describeRule(schedule: MarketSchedule): string {
  const { rule } = schedule;
  let text: string;
  if (rule.kind === 'endsWith') {
    text = [...new Set(rule.digits)]
      .sort((a, b) => (a === 0 ? 10 : a) - (b === 0 ? 10 : b))
      .map((d) => `逢${DIGIT_NAMES[d]}`)
      .join('');
  } else {
    text = `农历${lunarDaysOfRule(rule).map(lunarDayName).join('、')}`;
  }
  const solar = [...new Set(schedule.solarDays ?? [])].sort((a, b) => a - b);
  if (solar.length) text += `；公历每月${solar.map((d) => `${d}日`).join('、')}`;
  return text;
}

/** 初一 … 初十, 十一 … 二十, 廿一 … 三十, as the library names them. */
export function lunarDayName(day: number): string {
  return LunarUtil.DAY[day] ?? String(day);
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function solarOf(date: string): Solar {
  const { y, m, d } = parseDate(date);
  return Solar.fromYmd(y, m, d);
}

/** Julian day number of a county calendar date (noon-based, an integer for whole days). */
function julianDayOf(date: string): number {
  return Math.round(solarOf(date).getJulianDay());
}

/** Solar and lunar facts about one date. */
export function describeDate(date: string): Omit<MarketDay, 'by'> {
  const solar = solarOf(date);
  const lunar = solar.getLunar();
  const month = lunar.getMonth();
  return {
    date: solar.toYmd(),
    lunarYear: lunar.getYear(),
    lunarMonth: Math.abs(month),
    leapMonth: month < 0,
    lunarDay: lunar.getDay(),
    lunarLabel: `${lunar.getMonthInChinese()}月${lunar.getDayInChinese()}`,
    solarLabel: `${solar.getMonth()}月${solar.getDay()}日`,
  };
}

/** Whether the market meets on a date, decided by converting that one date. */
export function isMarketDay(schedule: MarketSchedule, date: string): boolean {
  const lunarDay = solarOf(date).getLunar().getDay();
  if (lunarDaysOfRule(schedule.rule).includes(lunarDay)) return true;
  return (schedule.solarDays ?? []).includes(parseDate(date).d);
}

/**
 * Every day from `from` to `to` (inclusive, YYYY-MM-DD) the market meets, in order.
 *
 * Walks the lunar months the range touches (their first day and length come from the library), so
 * a rule naming day 30 simply yields nothing in a 29-day month, and leap months are months like any
 * other. Solar dates are added day by day.
 */
export function marketDaysBetween(schedule: MarketSchedule, from: string, to: string): MarketDay[] {
  const startJd = julianDayOf(from);
  const endJd = julianDayOf(to);
  if (endJd < startJd) return [];
  const lunarDays = lunarDaysOfRule(schedule.rule);
  const byLunar = new Set<number>();

  const startLunar = solarOf(from).getLunar();
  let month = LunarMonth.fromYm(startLunar.getYear(), startLunar.getMonth());
  while (month && month.getFirstJulianDay() <= endJd) {
    const first = month.getFirstJulianDay();
    for (const day of lunarDays) {
      if (day > month.getDayCount()) continue;
      const jd = first + day - 1;
      if (jd >= startJd && jd <= endJd) byLunar.add(jd);
    }
    month = month.next(1);
  }

  const solarDays = new Set(schedule.solarDays ?? []);
  const result: MarketDay[] = [];
  for (let jd = startJd; jd <= endJd; jd++) {
    const date = Solar.fromJulianDay(jd).toYmd();
    const lunar = byLunar.has(jd);
    const solar = solarDays.size > 0 && solarDays.has(parseDate(date).d);
    if (lunar || solar) result.push({ ...describeDate(date), by: lunar && solar ? 'both' : lunar ? 'lunar' : 'solar' });
  }
  return result;
}

/** The next `count` market days on or after `from`, looking at most `horizonDays` ahead. */
export function nextMarketDays(schedule: MarketSchedule, from: string, count: number, horizonDays = 120): MarketDay[] {
  return marketDaysBetween(schedule, from, shiftDate(from, horizonDays)).slice(0, count);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function shiftDate(date: string, days: number): string {
  return Solar.fromJulianDay(julianDayOf(date) + days).toYmd();
}
