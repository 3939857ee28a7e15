import type { SearchDocument } from './search.types';
import type { Tokenizer } from './tokenizer';
import type { Lexicon } from './lexicon';

/**
 * BM25F over the fields of each document: its body (the article's text), its headings (chapter
 * and section), the lay words attached to it (from the lexicon, or given by the source) and the
 * words of the questions people asked about it. Field
 * term frequencies are length-normalised per field, weighted, then saturated once (k1), so a word
 * in a short heading counts more than the same word deep in a long article.
 */
const K1 = 1.2;
const FIELDS = {
  body: { weight: 1, b: 0.75 },
  headings: { weight: 1.5, b: 0.5 },
  /** The opening words of the body: an article that defines a term names it first (居住权 → 第三百六十六条). */
  lead: { weight: 0.6, b: 0 },
  lay: { weight: 1.2, b: 0.3 },
  /**
   * The words of questions that cite it, counted each time (a word many askers use for an article
   * says more than one used once). Weighed when the search first learned from 1,119 questions,
   * leaving one reviewer's set out at a time: 1.6 found a little more than 1.2 or 0.8 (recall@1
   * 0.875, 0.872, 0.870), within noise of 2; counting repeats beat counting each word once (0.872
   * against 0.827). With 2,532 questions 1.2, 1.6 and 2.4 were again within noise of each other.
   */
  asked: { weight: 1.6, b: 0.3 },
} as const;
type Field = keyof typeof FIELDS;
const LEAD_CHARS = 24;

/**
 * Where the documents holding a term lie in the index's posting arrays: `postingDocs[from..to)`,
 * each with its saturated weight tf̃·(k1+1)/(tf̃+k1) in `postingWeights` (tf̃ is the weighted,
 * length-normalised term frequency across fields; only the IDF is left to multiply in). One pair
 * of typed arrays for all terms: a search walks thousands of postings (no object per posting),
 * and a pair per term cost more memory than the postings themselves (8,500 terms).
 */
export interface PostingList {
  from: number;
  to: number;
}

export interface BuiltIndex {
  docs: SearchDocument[];
  postings: Map<string, PostingList>;
  postingDocs: Int32Array;
  postingWeights: Float64Array;
  /** A document's standing before any query (meta.prior, default 1): multiplies its score. */
  priors: Float64Array;
  /** Score sums during one search (see score); all zero between searches. */
  scratch?: Float64Array;
  /** The documents a search touched (see score). */
  touched?: Int32Array;
  idf(term: string): number;
}

/**
 * Lay words to attach to each document: those whose statute terms occur in its body. Each
 * distinct term is looked for once in all bodies joined (one indexOf scan), not once per document.
 */
export function layWordsByDoc(bodies: readonly string[], lexicon: Lexicon): string[][] {
  const joined = bodies.join('\u0000');
  const starts: number[] = [];
  let at = 0;
  for (const b of bodies) {
    starts.push(at);
    at += b.length + 1;
  }
  const docOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const docsWith = new Map<string, number[]>();
  const find = (term: string) => {
    let docs = docsWith.get(term);
    if (docs) return docs;
    docs = [];
    for (let p = joined.indexOf(term); p >= 0; ) {
      const d = docOf(p);
      docs.push(d);
      const next = d + 1 < starts.length ? starts[d + 1]! : joined.length;
      p = joined.indexOf(term, next);
    }
    docsWith.set(term, docs);
    return docs;
  };
  const out: string[][] = bodies.map(() => []);
  for (const [word, terms] of lexicon.lay) {
    const docs = new Set(terms.flatMap(find));
    for (const d of docs) out[d]!.push(word);
  }
  return out;
}

export function buildIndex(docs: SearchDocument[], tokenizer: Tokenizer, lexicon: Lexicon): BuiltIndex {
  const fieldTerms: Record<Field, Map<string, number>>[] = [];
  const attached = layWordsByDoc(docs.map((d) => d.body), lexicon);
  const totals: Record<Field, number> = { body: 0, headings: 0, lay: 0, lead: 0, asked: 0 };
  docs.forEach((d, i) => {
    const count = (words: string[]) => {
      const m = new Map<string, number>();
      for (const w of words) if (!lexicon.stop.has(w)) m.set(w, (m.get(w) ?? 0) + 1);
      return m;
    };
    const body = count(tokenizer.words(d.body));
    const headings = count((d.headings ?? []).flatMap((h) => tokenizer.words(h)));
    const lay = count([...new Set([...(d.layWords ?? []), ...attached[i]!])]);
    const lead = count(tokenizer.words(d.body.slice(0, LEAD_CHARS)));
    const asked = count(d.askedWords ?? []);
    const entry = { body, headings, lay, lead, asked };
    for (const f of Object.keys(FIELDS) as Field[]) totals[f] += sumOf(entry[f]);
    fieldTerms.push(entry);
  });
  const n = Math.max(1, docs.length);
  const avg = { body: totals.body / n || 1, headings: totals.headings / n || 1, lay: totals.lay / n || 1, lead: totals.lead / n || 1, asked: totals.asked / n || 1 };

  const lists = new Map<string, { docs: number[]; tfs: number[] }>();
  fieldTerms.forEach((entry, doc) => {
    const combined = new Map<string, number>();
    for (const f of Object.keys(FIELDS) as Field[]) {
      const { weight, b } = FIELDS[f];
      const norm = 1 - b + (b * sumOf(entry[f])) / avg[f];
      for (const [term, tf] of entry[f]) combined.set(term, (combined.get(term) ?? 0) + (weight * tf) / norm);
    }
    for (const [term, tf] of combined) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { docs: [], tfs: [] }));
      list.docs.push(doc);
      list.tfs.push(tf);
    }
  });
  const postings = new Map<string, PostingList>();
  let total = 0;
  for (const list of lists.values()) total += list.docs.length;
  const postingDocs = new Int32Array(total);
  const postingWeights = new Float64Array(total);
  let at = 0;
  for (const [term, list] of lists) {
    postings.set(term, { from: at, to: at + list.docs.length });
    list.docs.forEach((doc, i) => {
      const tf = list.tfs[i]!;
      postingDocs[at] = doc;
      postingWeights[at] = (tf * (K1 + 1)) / (tf + K1);
      at += 1;
    });
  }

  return {
    docs,
    postings,
    postingDocs,
    postingWeights,
    priors: Float64Array.from(docs, (d) => (typeof d.meta?.prior === 'number' ? d.meta.prior : 1)),
    idf(term: string) {
      const list = postings.get(term);
      const df = list ? list.to - list.from : 0;
      return Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
    },
  };
}

function sumOf(m: Map<string, number>) {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Scored {
  doc: number;
  score: number;
}

/**
 * The `top` best BM25F scores among the documents containing at least one term; no term is
 * required. Scores add up in one typed array (a search runs on every keystroke of 问一问: no object
 * per posting), and only the best `top` are kept, in order, as they come (a page of hits is small,
 * while a common word touches most articles).
 */
export function score(index: BuiltIndex, terms: readonly WeightedTerm[], idfOf: (term: string) => number = index.idf, top = Infinity): Scored[] {
  // Scratch arrays per index, reused (searches run one at a time on the event loop) and cleared
  // where they were written, so a search allocates nothing proportional to the index.
  const n = index.docs.length;
  const sums = (index.scratch ??= new Float64Array(n));
  const touched = (index.touched ??= new Int32Array(n));
  let count = 0;
  for (const { term, weight } of terms) {
    const list = index.postings.get(term);
    if (!list) continue;
    const factor = weight * idfOf(term);
    const { postingDocs, postingWeights } = index;
    for (let i = list.from; i < list.to; i += 1) {
      const doc = postingDocs[i]!;
      const sum = sums[doc]!;
      // A document's first contribution is always > 0 (tf > 0, idf > 0, weight > 0): 0 means untouched.
      if (sum === 0) touched[count++] = doc;
      sums[doc] = sum + factor * postingWeights[i]!;
    }
  }
  // The best so far, best first; a document enters only if it beats the last (ties: lower doc first).
  const kept: Scored[] = [];
  const size = Math.min(top, count);
  for (let i = 0; i < count; i += 1) {
    const doc = touched[i]!;
    const s = sums[doc]! * index.priors[doc]!;
    sums[doc] = 0;
    if (kept.length === size) {
      const last = kept[size - 1];
      if (!last || s < last.score || (s === last.score && doc > last.doc)) continue;
      kept.pop();
    }
    let at = kept.length;
    while (at > 0 && (kept[at - 1]!.score < s || (kept[at - 1]!.score === s && kept[at - 1]!.doc > doc))) at -= 1;
    kept.splice(at, 0, { doc, score: s });
  }
  return kept;
}
