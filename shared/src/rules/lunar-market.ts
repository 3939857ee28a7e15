import { LunarMonth, Solar } from 'lunar-typescript';
import { lunarDaysOfRule, type MarketSchedule } from './market-rule';

/*
 * Market days on the calendar (rules themselves are in market-rule.ts). Every date conversion goes
 * through `lunar-typescript`; nothing here is a hand-written table.
 */

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
