/**
 * How a market's meeting days are written down and said, without any calendar arithmetic: this file
 * stays free of the lunar library so pages that only show or edit a rule do not carry it. The date
 * computations are in lunar-market.ts.
 */

/**
 * When a rural market meets. Markets in the county keep lunar-calendar days: either a set of day
 * numbers (初一、十五 → [1, 15]) or a 逢X rule (逢三逢八 → every lunar day ending in 3 or 8). Some
 * also meet on fixed solar dates of the month.
 */
export type MarketDayRule =
  | { kind: 'days'; days: readonly number[] }
  | { kind: 'endsWith'; digits: readonly number[] };

export interface MarketSchedule {
  rule: MarketDayRule;
  /** Solar days of the month (1–31) the market also meets on; empty for most markets. */
  solarDays?: readonly number[];
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

const TENS = ['初', '十', '廿', '三'] as const;
const UNITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十: the names of lunar days (the unit test checks them against the library). */
export function lunarDayName(day: number): string {
  if (!Number.isInteger(day) || day < 1 || day > 30) return String(day);
  if (day === 10) return '初十';
  if (day === 20) return '二十';
  if (day === 30) return '三十';
  return `${TENS[Math.floor(day / 10)]}${UNITS[day % 10]}`;
}

