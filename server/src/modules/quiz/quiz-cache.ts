const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

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

/** Inserts a document unless one with its `_id` exists; true when this call inserted it. */
export async function insertOnce(model: { create(doc: Record<string, unknown>): PromiseLike<unknown> }, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
