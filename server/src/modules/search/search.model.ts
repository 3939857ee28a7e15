import mongoose, { Schema } from 'mongoose';

/**
 * A county admin's change to the lay-language lexicon: a word added, or a shipped word retired.
 * One document per word (`_id` = `lex:<word>`), written by `_id` alone; who and when are kept.
 */
const lexiconSchema = new Schema(
  {
    _id: { type: String, required: true },
    word: { type: String, required: true },
    terms: { type: [String], default: [] },
    stop: { type: Boolean, default: false },
    note: { type: String, default: '' },
    origin: { type: String, enum: ['shipped', 'county'], required: true },
    active: { type: Boolean, required: true },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, default: null },
    retiredBy: { type: String, default: null },
    retiredAt: { type: Date, default: null },
    changedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export interface LexiconDoc {
  _id: string;
  word: string;
  terms: string[];
  stop: boolean;
  note: string;
  origin: 'shipped' | 'county';
  active: boolean;
  createdBy: string | null;
  createdAt: Date | null;
  retiredBy: string | null;
  retiredAt: Date | null;
  changedAt: Date;
}
export const LexiconModel = mongoose.model('SearchLexicon', lexiconSchema, 'search_lexicon');

/**
 * Searches that found nothing good, for the hot-topic board: township (when the asker has one),
 * month (Asia/Shanghai) and the words looked for; never who asked. Counted in memory and written
 * in one insertMany every few seconds, off the search's path.
 */
const missSchema = new Schema(
  {
    _id: { type: String, required: true },
    townshipCode: { type: String, default: null },
    month: { type: String, required: true },
    terms: { type: [String], required: true },
    count: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const SearchMissModel = mongoose.model('SearchMiss', missSchema, 'search_misses');
