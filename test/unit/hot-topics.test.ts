import { describe, expect, it } from 'vitest';
import { countyMonthRange, previousMonth, rankHotTopics, type TopicCounts } from '@qf/shared';

const counts = (source: TopicCounts['source'], current: Record<string, number>, previous: Record<string, number> = {}): TopicCounts => ({
  source,
  current: new Map(Object.entries(current)),
  previous: new Map(Object.entries(previous)),
});

describe('rankHotTopics', () => {
  it('adds every source per topic and keeps where each count came from', () => {
    const ranked = rankHotTopics([counts('consultations', { 赡养老人: 2 }), counts('quiz', { 赡养老人: 3, 合同: 1 }), counts('ledger', { 宅基地: 2 })]);
    expect(ranked[0]).toEqual({ topic: '赡养老人', count: 5, previous: 0, sources: { consultations: 2, quiz: 3, ledger: 0, fairs: 0 } });
    expect(ranked.map((t) => t.topic)).toEqual(['赡养老人', '宅基地', '合同']);
  });

  it('breaks ties by the rise since last month, then by name', () => {
    const ranked = rankHotTopics([counts('consultations', { 甲: 3, 乙: 3, 丙: 3 }, { 甲: 3, 乙: 0, 丙: 3 })]);
    expect(ranked[0]!.topic).toBe('乙');
    expect(ranked.map((t) => t.previous)).toEqual([0, 3, 3]);
  });

  it('leaves out what was asked only last month, and keeps to the limit', () => {
    const ranked = rankHotTopics([counts('consultations', { a: 1, b: 2, c: 3 }, { old: 9 })], 2);
    expect(ranked.map((t) => t.topic)).toEqual(['c', 'b']);
  });

  it('is empty with no signals', () => {
    expect(rankHotTopics([])).toEqual([]);
  });
});

describe('county months', () => {
  it('steps back across the year and spans Beijing midnights', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-12')).toBe('2026-11');
    expect(countyMonthRange('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
  });
});
