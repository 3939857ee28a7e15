import { describe, expect, it } from 'vitest';
import { awarenessRate, consultationTrend, pickCheckQuestions, tallyAwareness, type CheckSheet } from '@qf/shared';

const q = (id: string, book: string, tags: string[] = []) => ({ id, book, tags });
const POOL = [q('a1', '合同'), q('a2', '合同'), q('a3', '合同', ['民间借贷']), q('b1', '继承', ['遗嘱继承']), q('b2', '继承'), q('c1', '婚姻家庭', ['赡养老人'])];

describe('pickCheckQuestions', () => {
  it('takes the topics in turn, so a lecture on two topics is asked about both', () => {
    const picked = pickCheckQuestions(POOL, ['合同', '继承'], 'lecture-1');
    expect(picked).toHaveLength(3);
    expect(picked.map((p) => p.topic)).toEqual(['合同', '继承', '合同']);
    expect(new Set(picked.map((p) => p.id)).size).toBe(3);
  });

  it('matches a topic by tag as well as by book, and never asks a question twice', () => {
    const picked = pickCheckQuestions(POOL, ['民间借贷', '合同'], 's');
    expect(picked[0]).toEqual({ id: 'a3', topic: '民间借贷' });
    expect(picked.filter((p) => p.id === 'a3')).toHaveLength(1);
  });

  it('is the same for the same seed whatever order the bank came in, and differs between lectures', () => {
    const one = pickCheckQuestions(POOL, ['合同', '继承'], 'L');
    expect(pickCheckQuestions([...POOL].reverse(), ['合同', '继承'], 'L')).toEqual(one);
    const seeds = Array.from({ length: 20 }, (_, i) => pickCheckQuestions(POOL, ['合同'], `L${i}`).map((p) => p.id).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('gives fewer than three only when the bank has fewer, and none for a topic it lacks', () => {
    expect(pickCheckQuestions(POOL, ['赡养老人'], 's')).toEqual([{ id: 'c1', topic: '赡养老人' }]);
    expect(pickCheckQuestions(POOL, ['村规民约'], 's')).toEqual([]);
    expect(pickCheckQuestions(POOL, [], 's')).toEqual([]);
  });
});

const sheet = (userId: string, marks: [string, boolean][]): CheckSheet => ({ userId, results: marks.map(([topic, correct], i) => ({ questionId: `q${i}`, topic, correct })) });

describe('tallyAwareness', () => {
  it('counts only the people who answered both times, each once', () => {
    const before = [sheet('u1', [['合同', false], ['继承', false], ['合同', true]]), sheet('u2', [['合同', true], ['继承', true], ['合同', true]]), sheet('u3', [['合同', true], ['继承', true], ['合同', true]])];
    const after = [sheet('u1', [['合同', true], ['继承', true], ['合同', true]]), sheet('u2', [['合同', true], ['继承', false], ['合同', true]]), sheet('u1', [['合同', false], ['继承', false], ['合同', false]]), sheet('u9', [['合同', true]])];
    const { total, byTopic } = tallyAwareness(before, after);
    expect(total).toEqual({ pairs: 2, beforeCorrect: 4, beforeAnswers: 6, afterCorrect: 5, afterAnswers: 6 });
    expect(awarenessRate(total.beforeCorrect, total.beforeAnswers)).toBe(67);
    expect(awarenessRate(total.afterCorrect, total.afterAnswers)).toBe(83);
    expect(byTopic.get('继承')).toEqual({ pairs: 2, beforeCorrect: 1, beforeAnswers: 2, afterCorrect: 1, afterAnswers: 2 });
    expect(byTopic.get('合同')).toEqual({ pairs: 2, beforeCorrect: 3, beforeAnswers: 4, afterCorrect: 4, afterAnswers: 4 });
  });

  it('has no rate with nothing answered', () => {
    expect(tallyAwareness([sheet('u1', [['合同', true]])], []).total.pairs).toBe(0);
    expect(awarenessRate(0, 0)).toBeNull();
  });
});

describe('consultationTrend', () => {
  const lecture = new Date('2026-06-01T09:00:00+08:00');
  const days = (n: number) => new Date(lecture.getTime() + n * 86_400_000);

  it('counts the 13 weeks before and after, week by week, and nothing outside them', () => {
    const asked = [days(-100), days(-90), days(-3), days(-1), days(0), days(8), days(95)];
    const t = consultationTrend(lecture, asked, days(200));
    expect(t).toMatchObject({ before: 3, after: 2, afterDays: 91 });
    expect(t.weeks).toHaveLength(26);
    expect(t.weeks[0]).toBe(1); // day -90
    expect(t.weeks[12]).toBe(2); // days -3 and -1
    expect(t.weeks[13]).toBe(1); // day 0
    expect(t.weeks[14]).toBe(1); // day 8
    expect(t.weeks.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(5);
  });

  it('leaves weeks still to come empty, so a recent lecture does not look like a fall', () => {
    const t = consultationTrend(lecture, [days(-2), days(1), days(20)], days(10));
    expect(t).toMatchObject({ before: 1, after: 1, afterDays: 10 });
    expect(t.weeks[13]).toBe(1);
    expect(t.weeks[14]).toBe(0);
    expect(t.weeks[15]).toBeNull();
    expect(t.weeks[25]).toBeNull();
  });
});
