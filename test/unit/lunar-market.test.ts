import { describe, expect, it } from 'vitest';
import { LunarMonth, LunarUtil, LunarYear, Solar } from 'lunar-typescript';
import {
  describeDate,
  describeRule,
  isMarketDay,
  lunarDayName,
  lunarDaysOfRule,
  marketDaysBetween,
  MarketDayRuleSchema,
  nextMarketDays,
  shiftDate,
  type MarketSchedule,
} from '@qf/shared';

const sanBa: MarketSchedule = { rule: { kind: 'endsWith', digits: [3, 8] } };
const fengShi: MarketSchedule = { rule: { kind: 'endsWith', digits: [0] } };
const chuYiShiWu: MarketSchedule = { rule: { kind: 'days', days: [1, 15] } };
const day30: MarketSchedule = { rule: { kind: 'days', days: [30] } };

/** Every solar date of a lunar year, from its first day of 正月 to the last day of 腊月. */
function solarDatesOfLunarYear(year: number): string[] {
  const months = LunarYear.fromYear(year).getMonthsInYear().filter((m) => m.getYear() === year);
  const first = months[0]!.getFirstJulianDay();
  const lastMonth = months.at(-1)!;
  const last = lastMonth.getFirstJulianDay() + lastMonth.getDayCount() - 1;
  const dates: string[] = [];
  for (let jd = first; jd <= last; jd++) dates.push(Solar.fromJulianDay(jd).toYmd());
  return dates;
}

describe('lunar market-day rules', () => {
  it('reads 逢三逢八 as the lunar days ending in 3 or 8, and 逢十 as the 10th, 20th and 30th', () => {
    expect(lunarDaysOfRule(sanBa.rule)).toEqual([3, 8, 13, 18, 23, 28]);
    expect(lunarDaysOfRule(fengShi.rule)).toEqual([10, 20, 30]);
    expect(describeRule(sanBa)).toBe('逢三逢八');
    expect(describeRule({ rule: { kind: 'endsWith', digits: [0, 5] } })).toBe('逢五逢十');
    expect(describeRule({ ...chuYiShiWu, solarDays: [6] })).toBe('农历初一、十五；公历每月6日');
  });

  it('names lunar days 初一 to 三十 exactly as the library does', () => {
    for (let d = 1; d <= 30; d++) expect(lunarDayName(d)).toBe(LunarUtil.DAY[d]);
  });

  it.each([2025, 2023])('agrees with the library on every day of lunar year %i, leap month included', (year) => {
    const dates = solarDatesOfLunarYear(year);
    expect(dates.length).toBeGreaterThanOrEqual(383); // a leap year of 13 months
    expect(LunarYear.fromYear(year).getLeapMonth()).toBeGreaterThan(0);

    const schedules = [sanBa, fengShi, chuYiShiWu, day30, { rule: { kind: 'days', days: [2, 29] } } as MarketSchedule];
    for (const schedule of schedules) {
      const computed = new Map(marketDaysBetween(schedule, dates[0]!, dates.at(-1)!).map((d) => [d.date, d]));
      const wanted = new Set(lunarDaysOfRule(schedule.rule));
      let leapMarketDays = 0;
      for (const date of dates) {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const lunar = Solar.fromYmd(y, m, d).getLunar();
        const expected = wanted.has(lunar.getDay());
        expect(computed.has(date), `${describeRule(schedule)} on ${date} (${lunar.toString()})`).toBe(expected);
        expect(isMarketDay(schedule, date)).toBe(expected);
        const day = computed.get(date);
        if (day) {
          expect(day.lunarDay).toBe(lunar.getDay());
          expect(day.lunarMonth).toBe(Math.abs(lunar.getMonth()));
          expect(day.leapMonth).toBe(lunar.getMonth() < 0);
          if (day.leapMonth) leapMarketDays++;
        }
      }
      if (schedule !== day30) expect(leapMarketDays).toBeGreaterThan(0);
    }
  });

  it('finds no 30th in a 29-day lunar month: a rule naming day 30 skips that month', () => {
    const month = LunarMonth.fromYm(2025, 2)!; // 二月 of 2025 has 29 days
    expect(month.getDayCount()).toBe(29);
    const first = Solar.fromJulianDay(month.getFirstJulianDay()).toYmd();
    const last = Solar.fromJulianDay(month.getFirstJulianDay() + 28).toYmd();
    expect(marketDaysBetween(day30, first, last)).toEqual([]);
    expect(marketDaysBetween(fengShi, first, last).map((d) => d.lunarDay)).toEqual([10, 20]);
    // The month after (三月, 30 days) does have its 30th.
    const next = LunarMonth.fromYm(2025, 3)!;
    expect(next.getDayCount()).toBe(30);
    const thirtieth = Solar.fromJulianDay(next.getFirstJulianDay() + 29).toYmd();
    expect(marketDaysBetween(day30, first, thirtieth).map((d) => d.date)).toEqual([thirtieth]);
  });

  it('labels days with both calendars, naming leap months and 冬月/腊月 as people say them', () => {
    expect(describeDate('2026-12-22')).toMatchObject({ solarLabel: '12月22日' });
    expect(describeDate('2025-07-30')).toMatchObject({ lunarLabel: '闰六月初六', leapMonth: true, lunarMonth: 6, lunarDay: 6 });
    expect(describeDate('2025-01-28')).toMatchObject({ lunarLabel: '腊月廿九', lunarMonth: 12 });
    expect(describeDate('2024-12-13')).toMatchObject({ lunarLabel: '冬月十三', solarLabel: '12月13日' });
  });

  it('adds solar-date meetings to the lunar ones and says why each day is a market day', () => {
    const schedule: MarketSchedule = { ...sanBa, solarDays: [1] };
    const days = marketDaysBetween(schedule, '2025-06-01', '2025-06-30');
    const firsts = days.filter((d) => d.date.endsWith('-01'));
    expect(firsts).toHaveLength(1);
    expect(firsts[0]!.by).toBe([3, 8].includes(firsts[0]!.lunarDay % 10) ? 'both' : 'solar');
    expect(days.filter((d) => d.by !== 'solar').every((d) => [3, 8].includes(d.lunarDay % 10))).toBe(true);
  });

  it('lists the next market days in order from a given date, crossing a lunar new year', () => {
    const days = nextMarketDays(sanBa, '2026-02-10', 6);
    expect(days).toHaveLength(6);
    const dates = days.map((d) => d.date);
    expect([...dates].sort()).toEqual(dates);
    expect(days.every((d) => [3, 8].includes(d.lunarDay % 10))).toBe(true);
    expect(new Set(days.map((d) => d.lunarYear)).size).toBe(2);
    expect(shiftDate('2025-12-31', 1)).toBe('2026-01-01');
  });

  it('refuses a lunar day 31 or 0, and a 逢X digit above 9, naming the field', () => {
    const bad = MarketDayRuleSchema.safeParse({ kind: 'days', days: [3, 31] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['days', 1]);
    expect(bad.error!.issues[0]!.message).toContain('1–30');
    expect(MarketDayRuleSchema.safeParse({ kind: 'days', days: [0] }).success).toBe(false);
    expect(MarketDayRuleSchema.safeParse({ kind: 'endsWith', digits: [10] }).success).toBe(false);
    expect(MarketDayRuleSchema.safeParse({ kind: 'days', days: [] }).success).toBe(false);
  });
});
