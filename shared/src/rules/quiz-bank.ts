/**
 * Pure helpers for the question bank: checking that quoted statute text is verbatim, and a
 * deterministic draw. No Node, no database.
 */

/** Everything inside 「」 in an explanation: by convention, a verbatim quotation of a cited article. */
export function findQuotations(text: string): string[] {
  return [...text.matchAll(/「([^「」]*)」/g)].map((m) => m[1]!);
}

/** Statute paragraphs are joined by "\n"; a quotation may not span paragraphs. */
export interface QuotationProblem {
  quotation: string;
  message: string;
}

/**
 * Every 「quotation」 in the explanation must appear, character for character, in the text of one
 * of the cited articles. Returns the problems (empty when all is well). Unbalanced brackets are a
 * problem too, so a typo cannot hide a quotation from the check.
 */
export function checkQuotations(explanation: string, citedTexts: readonly string[]): QuotationProblem[] {
  const problems: QuotationProblem[] = [];
  const opens = [...explanation].filter((c) => c === '「').length;
  const closes = [...explanation].filter((c) => c === '」').length;
  if (opens !== closes) problems.push({ quotation: '', message: '解析中的「」没有成对出现' });
  for (const quotation of findQuotations(explanation)) {
    if (quotation.trim().length < 4) {
      problems.push({ quotation, message: `引文「${quotation}」太短，无法核对` });
    } else if (!citedTexts.some((t) => t.includes(quotation))) {
      problems.push({ quotation, message: `解析中的「${quotation.slice(0, 30)}」与所引法条原文不一致` });
    }
  }
  return problems;
}

/** A small, fast 32-bit string hash (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a seeded generator returning numbers in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator: the same seed and items give the same order. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Picks `count` of the candidates deterministically for a seed. The candidates are first put in
 * id order so that the result does not depend on the order the database returned them in.
 */
export function drawFrom<T extends { id: string }>(candidates: readonly T[], count: number, seed: string): T[] {
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return seededShuffle(sorted, seed).slice(0, Math.max(0, count));
}
