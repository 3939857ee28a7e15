/**
 * A short-lived in-process cache for public reads (leaderboards, weak spots). Concurrent misses on
 * one key share a single load, so a burst of readers costs one database read. Correctness never
 * rests on it: every entry is rebuilt from the database after `ttlMs`.
 */
export function createTtlCache<T>(ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; value: T }>();
  const loading = new Map<string, Promise<T>>();
  // Bumped by delete/clear: a load that started before an invalidation is not kept.
  let generation = 0;
  return {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      let pending = loading.get(key);
      if (!pending) {
        const startedIn = generation;
        pending = load()
          .then((value) => {
            if (startedIn === generation) entries.set(key, { at: now(), value });
            if (entries.size > 1000) entries.delete(entries.keys().next().value as string);
            return value;
          })
          .finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return pending;
    },
    delete(key: string) {
      generation += 1;
      entries.delete(key);
      loading.delete(key);
    },
    clear() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
  };
}

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
