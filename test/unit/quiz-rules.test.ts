import { describe, expect, it } from 'vitest';
import {
  countyDateDaysBefore,
  currentStreak,
  drawDailyQuestions,
  drawIds,
  isAnswerCorrect,
  isPassing,
  leavesWrongBook,
  maskName,
  nextStreak,
  previousDate,
  scoreSheet,
  shuffleWithSeed,
  acceptsSubmissionAt,
  AnswerSheetBody,
  CIVIL_CODE_BOOKS,
} from '@qf/shared';

describe('isAnswerCorrect', () => {
  it.each([
    // single choice and true/false
    [['B'], ['B'], true],
    [['B'], ['A'], false],
    [['A'], ['A', 'B'], false],
    [['A'], [], false],
    // multiple choice: all and only the right options, in any order
    [['A', 'C'], ['A', 'C'], true],
    [['A', 'C'], ['C', 'A'], true],
    [['A', 'C'], ['A'], false],
    [['A', 'C'], ['C'], false],
    [['A', 'C'], ['A', 'B', 'C'], false],
    [['A', 'C'], ['B', 'D'], false],
    [['A', 'B', 'C', 'D'], ['A', 'B', 'C', 'D'], true],
    [['A', 'B', 'C', 'D'], ['A', 'B', 'C'], false],
    [['A', 'B', 'C', 'D'], ['A', 'B', 'C', 'D', 'E'], false],
    [['B', 'E', 'F'], ['F', 'E', 'B'], true],
    [['A', 'C'], [], false],
  ] as const)('key %j, answer %j → %s', (key, given, expected) => {
    expect(isAnswerCorrect(key, given)).toBe(expected);
  });

  it('counts a missing answer as wrong', () => {
    expect(isAnswerCorrect(['A'], undefined)).toBe(false);
    expect(isAnswerCorrect(['A'], null)).toBe(false);
  });

  it('does not let repeated letters pass for a multiple-choice answer', () => {
    expect(isAnswerCorrect(['A', 'B'], ['A', 'A'])).toBe(false);
  });
});

describe('scoreSheet', () => {
  const key = [
    { questionId: 'q1', answer: ['A'] },
    { questionId: 'q2', answer: ['A', 'C'] },
    { questionId: 'q3', answer: ['B'] },
  ];

  it.each([
    [[{ questionId: 'q1', answer: ['A'] }, { questionId: 'q2', answer: ['C', 'A'] }, { questionId: 'q3', answer: ['B'] }], 3, 100],
    [[{ questionId: 'q1', answer: ['A'] }, { questionId: 'q2', answer: ['A'] }, { questionId: 'q3', answer: ['B'] }], 2, 67],
    [[{ questionId: 'q2', answer: ['A', 'B', 'C'] }], 0, 0],
    [[], 0, 0],
    [[{ questionId: 'q3', answer: ['B'] }], 1, 33],
  ])('answers %j score %i right, %i points', (answers, correctCount, score) => {
    const result = scoreSheet(key, answers);
    expect(result.correctCount).toBe(correctCount);
    expect(result.score).toBe(score);
    expect(result.total).toBe(3);
    expect(result.items.map((i) => i.questionId)).toEqual(['q1', 'q2', 'q3']);
  });

  it('ignores answers to questions that are not in the key', () => {
    const result = scoreSheet(key, [{ questionId: 'other', answer: ['A'] }]);
    expect(result.correctCount).toBe(0);
    expect(result.items).toHaveLength(3);
  });
});

describe('the deterministic daily draw', () => {
  const pool = CIVIL_CODE_BOOKS.flatMap((book, b) => Array.from({ length: 30 }, (_, i) => ({ id: `q-${b}-${String(i).padStart(2, '0')}`, book })));

  it('gives the same five questions to the same person on the same day, whatever order the pool came in', () => {
    const a = drawDailyQuestions(pool, '2026-03-15', 'user-1');
    const b = drawDailyQuestions([...pool].reverse(), '2026-03-15', 'user-1');
    expect(a).toHaveLength(5);
    expect(new Set(a).size).toBe(5);
    expect(b).toEqual(a);
  });

  it('gives different sets to different people and on different days', () => {
    const today = drawDailyQuestions(pool, '2026-03-15', 'user-1');
    const tomorrow = drawDailyQuestions(pool, '2026-03-16', 'user-1');
    const neighbour = drawDailyQuestions(pool, '2026-03-15', 'user-2');
    expect(tomorrow).not.toEqual(today);
    expect(neighbour).not.toEqual(today);
  });

  it('spreads the five questions over five different books when every book has questions', () => {
    const ids = drawDailyQuestions(pool, '2026-03-15', 'user-1');
    const books = ids.map((id) => pool.find((q) => q.id === id)!.book);
    expect(new Set(books).size).toBe(5);
  });

  it('fills up from the rest of the pool when fewer books have questions', () => {
    const small = pool.filter((q) => q.book === '继承' || q.book === '合同');
    const ids = drawDailyQuestions(small, '2026-03-15', 'user-1');
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('returns the whole pool when it has fewer questions than asked', () => {
    expect(drawDailyQuestions(pool.slice(0, 3), '2026-03-15', 'u').sort()).toEqual(pool.slice(0, 3).map((q) => q.id).sort());
    expect(drawDailyQuestions([], '2026-03-15', 'u')).toEqual([]);
  });

  it('draws every question of the pool over many people (no question is unreachable)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) drawDailyQuestions(pool, '2026-03-15', `user-${i}`).forEach((id) => seen.add(id));
    expect(seen.size).toBeGreaterThan(pool.length * 0.95);
  });

  it('shuffles and draws deterministically for a seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => `x${i}`);
    expect(shuffleWithSeed(items, 's')).toEqual(shuffleWithSeed(items, 's'));
    expect(shuffleWithSeed(items, 's')).not.toEqual(items);
    expect([...shuffleWithSeed(items, 's')].sort()).toEqual([...items].sort());
    expect(drawIds(items, 4, 'k')).toEqual(drawIds([...items].reverse(), 4, 'k'));
  });
});

describe('streaks', () => {
  it.each([
    [null, 0, '2026-03-15', 1],
    ['2026-03-14', 4, '2026-03-15', 5],
    ['2026-03-15', 5, '2026-03-15', 5],
    ['2026-03-12', 9, '2026-03-15', 1],
    ['2026-02-28', 2, '2026-03-01', 3],
    ['2024-02-28', 2, '2024-03-01', 1],
    ['2025-12-31', 7, '2026-01-01', 8],
  ])('last done %s with streak %i, done again %s → %i', (last, streak, today, expected) => {
    expect(nextStreak(last, streak, today)).toBe(expected);
  });

  it.each([
    [null, 0, '2026-03-15', 0],
    ['2026-03-15', 3, '2026-03-15', 3],
    ['2026-03-14', 3, '2026-03-15', 3],
    ['2026-03-13', 3, '2026-03-15', 0],
  ])('shows streak of someone last done %s (%i) on %s as %i', (last, streak, today, expected) => {
    expect(currentStreak(last, streak, today)).toBe(expected);
  });

  it('steps dates across months and years', () => {
    expect(previousDate('2026-03-01')).toBe('2026-02-28');
    expect(previousDate('2024-03-01')).toBe('2024-02-29');
    expect(countyDateDaysBefore('2026-03-31', 90)).toBe('2025-12-31');
  });
});

describe('wrong-answer book, names, pass marks and deadlines', () => {
  it('lets a question leave the book after two correct answers in a row', () => {
    expect(leavesWrongBook(0)).toBe(false);
    expect(leavesWrongBook(1)).toBe(false);
    expect(leavesWrongBook(2)).toBe(true);
  });

  it.each([
    ['张三', '张*'],
    ['王小明', '王*明'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '*'],
    ['  赵四 ', '赵*'],
    ['Alexander', 'A****r'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('passes at the mark and above', () => {
    expect(isPassing(80, 80)).toBe(true);
    expect(isPassing(79, 80)).toBe(false);
  });

  it('accepts a submission up to five seconds after the deadline and not later', () => {
    const deadline = new Date('2026-03-15T10:00:00Z');
    expect(acceptsSubmissionAt(deadline, new Date('2026-03-15T10:00:05Z'))).toBe(true);
    expect(acceptsSubmissionAt(deadline, new Date('2026-03-15T10:00:05.001Z'))).toBe(false);
  });
});

describe('AnswerSheetBody', () => {
  it('refuses an option letter that does not exist, repeated letters and repeated questions', () => {
    expect(AnswerSheetBody.safeParse({ answers: [{ questionId: 'q1', answer: ['G'] }] }).success).toBe(false);
    expect(AnswerSheetBody.safeParse({ answers: [{ questionId: 'q1', answer: ['A', 'A'] }] }).success).toBe(false);
    expect(AnswerSheetBody.safeParse({ answers: [{ questionId: 'q1', answer: ['A'] }, { questionId: 'q1', answer: ['B'] }] }).success).toBe(false);
    expect(AnswerSheetBody.safeParse({ answers: [{ questionId: 'q1', answer: [] }] }).success).toBe(false);
    expect(AnswerSheetBody.safeParse({ answers: [{ questionId: 'q1', answer: ['A', 'C'] }] }).success).toBe(true);
  });
});
