/**
 * Exactly-once on FerretDB rests on unique inserts: its read-modify-write is not atomic (see README
 * "The database"), but its primary key refuses a second document with the same `_id`. These helpers
 * are the one place that knows how that refusal looks.
 */

/** The server's duplicate-key error code (E11000), the same on MongoDB and FerretDB. */
const DUPLICATE_KEY = 11000;

/**
 * True when `err` is the database refusing a duplicate key. Bulk inserts (`insertMany`) report it in
 * the message of a MongoBulkWriteError as well as (for the first failure) in its code.
 */
export function isDuplicateKey(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  if ((err as { code?: unknown }).code === DUPLICATE_KEY) return true;
  return String((err as { message?: unknown }).message ?? '').includes('E11000');
}

/** True for the code of one write error inside a bulk write. */
export function isDuplicateKeyCode(code: unknown): boolean {
  return code === DUPLICATE_KEY;
}

/**
 * The claim: inserts `doc` (whose `_id` is deterministic: the thing being claimed) and answers true
 * when this call won, false when a document with that `_id` was already there. However many
 * requests or instances race, exactly one gets true. Any other failure is thrown.
 */
export async function claimOnce(model: { create(doc: Record<string, unknown>): PromiseLike<unknown> }, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Runs `insert`; a duplicate key is swallowed (somebody else inserted it first) and answers false. */
export async function insertUnlessDuplicate<T>(insert: () => Promise<T>): Promise<T | false> {
  try {
    return await insert();
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

interface ByIdModel {
  updateOne(filter: { _id: string }, update: Record<string, unknown>): PromiseLike<{ matchedCount: number }>;
  create(doc: Record<string, unknown>): PromiseLike<unknown>;
}

/**
 * Applies an update to the document with this `_id`, creating it first (from `base`) when it does
 * not exist yet. Used instead of `upsert`: on FerretDB's SQLite backend an upsert costs a table
 * scan (~15 ms on a few thousand documents) while an update or insert by `_id` costs ~1–3 ms.
 */
export async function updateOrCreate(model: ByIdModel, _id: string, update: Record<string, unknown>, base: Record<string, unknown>) {
  const res = await model.updateOne({ _id }, update);
  if (res.matchedCount > 0) return;
  try {
    await model.create({ _id, ...base });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  await model.updateOne({ _id }, update);
}
