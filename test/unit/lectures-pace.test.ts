import { describe, expect, it } from 'vitest';
import {
  countsTowardQuota,
  countyWeek,
  expectedByDate,
  isCheckInOpen,
  paceOf,
  parseCheckInCode,
  checkInLink,
} from '@qf/shared';

const at = (iso: string) => new Date(iso);

describe('expectedByDate: the share of the quota for the whole months already passed', () => {
  it.each([
    // quota, year, today (county time), expected
    [20, 2026, '2026-01-01T00:00:00+08:00', 0],
    [20, 2026, '2026-01-31T23:59:59+08:00', 0],
    [20, 2026, '2026-02-01T00:00:00+08:00', 1], // 20/12 = 1.67 → 1
    [20, 2026, '2026-03-15T12:00:00+08:00', 3], // 2 months → 3.33 → 3
    [20, 2026, '2026-06-30T23:59:59+08:00', 8], // June not over yet: 5 months
    [20, 2026, '2026-07-01T00:00:00+08:00', 10], // "by the end of June, 10"
    [20, 2026, '2026-12-31T12:00:00+08:00', 18], // 11 months → 18.33
    [20, 2026, '2027-01-01T00:00:00+08:00', 20], // the year is over
    [20, 2026, '2025-12-31T23:59:59+08:00', 0], // before the year
    [24, 2026, '2026-04-01T00:00:00+08:00', 6], // another quota set by the county
    [12, 2026, '2026-10-01T00:00:00+08:00', 9],
  ])('quota %i in %i on %s expects %i', (quota, year, today, expected) => {
    expect(expectedByDate(quota, year, at(today))).toBe(expected);
  });

  it('uses the county day, not UTC: 1 July 00:30 Beijing time is still 30 June in UTC', () => {
    expect(expectedByDate(20, 2026, at('2026-06-30T16:30:00Z'))).toBe(10);
  });
});

describe('paceOf', () => {
  it.each([
    // held, expected, quota, pace
    [20, 18, 20, 'done'],
    [21, 10, 20, 'done'],
    [10, 10, 20, 'on_pace'],
    [12, 10, 20, 'on_pace'],
    [0, 0, 20, 'on_pace'],
    [9, 10, 20, 'slightly_behind'],
    [8, 10, 20, 'slightly_behind'], // one month's share of 20 is 2 (rounded up)
    [7, 10, 20, 'behind'],
    [0, 3, 20, 'behind'],
    [0, 1, 12, 'slightly_behind'],
    [0, 2, 12, 'behind'],
  ])('%i held with %i expected of %i is %s', (held, expected, quota, pace) => {
    expect(paceOf(held, expected, quota)).toBe(pace);
  });
});

describe('countsTowardQuota', () => {
  it.each([
    [{ status: 'held', photoCount: 1, checkInCount: 0, headcount: 1 }, true],
    [{ status: 'held', photoCount: 2, checkInCount: 5, headcount: 0 }, true],
    [{ status: 'held', photoCount: 0, checkInCount: 5, headcount: 5 }, false],
    [{ status: 'held', photoCount: 1, checkInCount: 0, headcount: 0 }, false],
    [{ status: 'published', photoCount: 1, checkInCount: 3, headcount: 3 }, false],
    [{ status: 'cancelled', photoCount: 1, checkInCount: 3, headcount: 3 }, false],
  ])('%o counts: %s', (lecture, counts) => {
    expect(countsTowardQuota(lecture)).toBe(counts);
  });
});

describe('isCheckInOpen: from 30 minutes before the start to 60 minutes after the end', () => {
  const start = at('2026-03-10T09:00:00+08:00');
  const end = at('2026-03-10T10:30:00+08:00');
  it.each([
    ['2026-03-10T08:29:59+08:00', false],
    ['2026-03-10T08:30:00+08:00', true],
    ['2026-03-10T10:00:00+08:00', true],
    ['2026-03-10T11:30:00+08:00', true],
    ['2026-03-10T11:30:01+08:00', false],
  ])('at %s: %s', (now, open) => {
    expect(isCheckInOpen(start, end, at(now))).toBe(open);
  });
});

describe('countyWeek', () => {
  it('runs from Monday 00:00 to the next Monday in Beijing time', () => {
    const week = countyWeek(at('2026-03-15T23:00:00+08:00')); // a Sunday
    expect(week.start.toISOString()).toBe(at('2026-03-09T00:00:00+08:00').toISOString());
    expect(week.end.toISOString()).toBe(at('2026-03-16T00:00:00+08:00').toISOString());
  });
});

describe('check-in codes', () => {
  const id = '65f0a1b2c3d4e5f60718293a';
  it('reads the lecture and token back out of the link a QR code carries', () => {
    const link = checkInLink('https://pufa.example.cn/', id, `${id}.abc123.sig_-X`);
    expect(parseCheckInCode(link)).toEqual({ lectureId: id, token: `${id}.abc123.sig_-X` });
  });
  it('accepts a bare token typed by hand and refuses anything else', () => {
    expect(parseCheckInCode(` ${id}.k2x9.AbC-_d `)).toEqual({ lectureId: id, token: `${id}.k2x9.AbC-_d` });
    expect(parseCheckInCode('https://example.com/?foo=1')).toBeNull();
    expect(parseCheckInCode('hello')).toBeNull();
  });
});
