import { TRUE_FALSE_OPTIONS, type CivilCodeBook, type OptionLetter, type QuestionType } from '@qf/shared';

/**
 * Compact builders for the seed bank. Every explanation cites articles; text inside 「」 is a
 * verbatim quotation of a cited article (test/unit/question-bank.test.ts checks it).
 */
export interface SeedQuestion {
  id: string;
  content: {
    type: QuestionType;
    stem: string;
    options: { key: OptionLetter; text: string }[];
    answer: OptionLetter[];
    explanation: string;
    articles: number[];
    book: CivilCodeBook;
    difficulty: number;
    tags: string[];
  };
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

export interface Extra {
  tags?: string[];
  difficulty?: 1 | 2 | 3;
}

/** Builders bound to one book and id prefix, e.g. forBook('婚姻家庭', 'hy'). */
export function forBook(book: CivilCodeBook, prefix: string) {
  const id = (n: number) => `${prefix}-${String(n).padStart(3, '0')}`;
  const choice = (type: 'single' | 'multiple') => (n: number, stem: string, options: string[], answer: string, explanation: string, articles: number[], extra: Extra = {}): SeedQuestion => ({
    id: id(n),
    content: {
      type,
      stem,
      options: options.map((text, i) => ({ key: LETTERS[i]!, text })),
      answer: [...answer] as OptionLetter[],
      explanation,
      articles,
      book,
      difficulty: extra.difficulty ?? 1,
      tags: extra.tags ?? [],
    },
  });
  return {
    single: choice('single'),
    multiple: choice('multiple'),
    judge: (n: number, stem: string, correct: boolean, explanation: string, articles: number[], extra: Extra = {}): SeedQuestion => ({
      id: id(n),
      content: {
        type: 'truefalse',
        stem,
        options: TRUE_FALSE_OPTIONS.map((o) => ({ ...o })),
        answer: [correct ? 'A' : 'B'],
        explanation,
        articles,
        book,
        difficulty: extra.difficulty ?? 1,
        tags: extra.tags ?? [],
      },
    }),
  };
}
