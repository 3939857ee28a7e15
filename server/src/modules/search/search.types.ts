import type { SearchKind } from '@qf/shared';

export type { SearchKind };

/** One thing to find: an article, a question, an answered consultation. */
export interface SearchDocument {
  id: string;
  title: string;
  body: string;
  headings?: string[];
  /** Everyday words that should find it, beyond those the lexicon attaches from its body. */
  layWords?: string[];
  /** Words of the questions people asked about it, once per use (the engine sets these on the articles questions cite). */
  askedWords?: string[];
  /** Carried to the hit: { number, where, articles } are read by the search itself. */
  meta?: Record<string, unknown>;
}

/** A feature's documents of one kind; registering it is all a new kind needs. */
export interface SearchSource {
  kind: SearchKind;
  load(): Promise<SearchDocument[]>;
}
