/**
 * A short-lived in-process cache for public reads (lecture lists, leaderboards, weak spots). Concurrent misses on
 * one key share a single load, so a burst of readers costs one database read. Correctness never
 * rests on it: every entry is rebuilt from the database after `ttlMs`. `delete` (this instance's own
 * change) makes the next reader wait for fresh data even with `serveStale`.
 */
export function createTtlCache<T>(ttlMs: number, now: () => number = Date.now, options: { serveStale?: boolean; stretch?: boolean } = {}) {
  const stretch = options.stretch ?? true;
  const entries = new Map<string, { at: number; value: T; freshMs: number; buildMs: number }>();
  const loading = new Map<string, Promise<T>>();
  // Bumped by delete/clear: a load that started before an invalidation is not kept.
  let generation = 0;
  return {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && now() - hit.at < hit.freshMs) return hit.value;
      const pending = loadOnce(key, load);
      // serveStale: readers keep getting the last value while one load refreshes it, so a load that
      // grows with the data (a leaderboard over 100,000 attempts) never sits in a reader's path.
      if (hit && options.serveStale) {
        pending.catch(() => undefined);
        return hit.value;
      }
      return pending;
    },
    /**
     * A change made here. A value that was quick to build (under `quickMs`) is dropped, so the next
     * reader sees the change at once; a slow one is left to age out by itself (ttl, or four times
     * its build time), so a stream of changes cannot put a large rebuild in every reader's path.
     */
    changed(key: string, quickMs: number) {
      const hit = entries.get(key);
      if (hit && hit.buildMs >= quickMs) return;
      this.delete(key);
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

  function loadOnce(key: string, load: () => Promise<T>): Promise<T> {
    let pending = loading.get(key);
    if (!pending) {
      const startedIn = generation;
      const startedAt = now();
      pending = load()
        .then((value) => {
          // A value that took long to build is kept longer (4× its build time), so rebuilding
          // never takes more than a fifth of the time however large the data grows. `stretch: false`
          // for values whose age is a promise (who may do what).
          const buildMs = now() - startedAt;
          const freshMs = stretch ? Math.max(ttlMs, 4 * buildMs) : ttlMs;
          if (startedIn === generation) entries.set(key, { at: now(), value, freshMs, buildMs });
          if (entries.size > 1000) entries.delete(entries.keys().next().value as string);
          return value;
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  }
}

