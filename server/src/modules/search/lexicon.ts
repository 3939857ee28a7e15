import { SHIPPED_LEXICON } from './data/lexicon';

/** One lay word and the statute terms it stands for (none: a stop-word). */
export interface LexiconRule {
  word: string;
  terms: string[];
  stop: boolean;
}

/** Statute words that name a person by relation or age: a lay word standing only for these says who, not what happened. */
const PERSON_TERMS: ReadonlySet<string> = new Set([
  '子女', '父母', '兄弟姐妹', '配偶', '夫妻', '祖父母', '外祖父母', '孙子女', '外孙子女', '近亲属',
  '未成年人', '老年人', '岳父母', '公婆', '继父母', '继子女',
]);

/** Parses the shipped file: `俗话: 用语 用语`, `俗话: -` for a stop-word, `#` comments. Throws on a malformed line. */
export function parseLexicon(source: string = SHIPPED_LEXICON): LexiconRule[] {
  const rules: LexiconRule[] = [];
  const seen = new Set<string>();
  source.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const m = /^([^:\s]+)\s*:\s*(.+)$/.exec(line);
    if (!m) throw new Error(`lexicon line ${i + 1}: 「${raw}」 is not 「俗话: 用语」`);
    const word = m[1]!;
    if (seen.has(word)) throw new Error(`lexicon line ${i + 1}: 「${word}」 appears twice`);
    seen.add(word);
    const rest = m[2]!.trim();
    rules.push(rest === '-' ? { word, terms: [], stop: true } : { word, terms: rest.split(/\s+/), stop: false });
  });
  return rules;
}

/**
 * The lexicon as the search uses it: lay phrases found in a query by longest match (so 让狗咬了
 * is read as 狗咬 rather than 狗), and the set of stop-words.
 */
export function compileLexicon(rules: readonly LexiconRule[]) {
  const lay = new Map<string, string[]>();
  const stop = new Set<string>();
  for (const r of rules) {
    if (r.stop) stop.add(r.word);
    else lay.set(r.word, r.terms);
  }
  // Lay words that only say who (闺女 → 子女): the search weighs their statute terms less.
  const whoOnly = new Set([...lay].filter(([, terms]) => terms.every((t) => PERSON_TERMS.has(t))).map(([word]) => word));
  // For each first character, the lengths of the words (lay and stop) starting with it, longest
  // first: a position is tried only against words that could start there (most characters start none).
  const lengthsByFirst = new Map<string, number[]>();
  for (const w of [...lay.keys(), ...stop]) {
    const lengths = lengthsByFirst.get(w[0]!) ?? [];
    if (!lengths.includes(w.length)) lengths.push(w.length);
    lengthsByFirst.set(w[0]!, lengths.sort((a, b) => b - a));
  }

  /** Every lexicon word (lay or stop) found in the text, where it lies. */
  function spansIn(text: string): { word: string; from: number; to: number; stop: boolean }[] {
    const spans: { word: string; from: number; to: number; stop: boolean }[] = [];
    for (let i = 0; i < text.length; i += 1) {
      for (const len of lengthsByFirst.get(text[i]!) ?? []) {
        if (i + len > text.length) continue;
        const piece = text.slice(i, i + len);
        if (lay.has(piece)) spans.push({ word: piece, from: i, to: i + len, stop: false });
        else if (stop.has(piece)) spans.push({ word: piece, from: i, to: i + len, stop: true });
      }
    }
    return spans;
  }

  return {
    rules,
    whoOnly,
    stop,
    lay,
    /**
     * Lay phrases in the text. Every occurrence counts, but a phrase lying inside a longer one found
     * at the same place is dropped (大树倒了: 大树 and 树倒了, not 树), so 让狗咬了 reads as 狗咬.
     */
    phrasesIn(text: string): string[] {
      const spans = spansIn(text).filter((s) => !s.stop);
      const kept = spans.filter((s) => !spans.some((o) => o !== s && o.from <= s.from && o.to >= s.to && o.to - o.from > s.to - s.from));
      return [...new Set(kept.map((s) => s.word))];
    },

    /**
     * The text with its stop-words of two or more characters blanked (学校管不管 → 学校), so no
     * word inside them is read: 不管 (not looking after one's parents) in the question 管不管. A
     * stop-word stays when a lay phrase reaches beyond it (儿子管不管老人: 不管老人 is 赡养).
     */
    withoutStopPhrases(text: string): string {
      const spans = spansIn(text);
      let out = text;
      for (const s of spans) {
        if (!s.stop || s.to - s.from < 2) continue;
        if (spans.some((o) => !o.stop && o.from < s.to && o.to > s.from && (o.from < s.from || o.to > s.to))) continue;
        out = out.slice(0, s.from) + ' '.repeat(s.to - s.from) + out.slice(s.to);
      }
      return out;
    },
  };
}
export type Lexicon = ReturnType<typeof compileLexicon>;
