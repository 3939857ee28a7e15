/**
 * A short-lived in-process cache for public reads (lecture lists, leaderboards, weak spots). Concurrent misses on
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

