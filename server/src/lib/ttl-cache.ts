/**
 * A short-lived in-process cache for public reads (lecture lists, leaderboards, weak spots) and the
 * signed-in user. Concurrent misses on one key share a single load, so a burst of readers costs one
 * database read. Correctness never rests on it: every entry is rebuilt from the database after
 * `ttlMs`. `delete` (this instance's own change) makes the next reader wait for fresh data even
 * with `serveStale`.
 */
export function createTtlCache<T>(ttlMs: number, now: () => number = Date.now, options: { serveStale?: boolean; stretch?: boolean } = {}) {
  const stretch = options.stretch ?? true;
  const MAX_KEYS = 1000;
  const entries = new Map<string, { at: number; value: T; freshMs: number }>();
  const loading = new Map<string, Promise<T>>();
  /** How long each key's last load took (kept apart from the value: `changed` needs it while a load runs). */
  const buildMs = new Map<string, number>();
  // Bumped by delete (per key) and clear (all keys): a load that started before it is not kept.
  const generations = new Map<string, number>();
  let epoch = 0;
  const generationOf = (key: string) => `${epoch}:${generations.get(key) ?? 0}`;

  function forget(key: string) {
    generations.set(key, (generations.get(key) ?? 0) + 1);
    entries.delete(key);
    loading.delete(key);
  }

  function loadOnce(key: string, load: () => Promise<T>): Promise<T> {
    let pending = loading.get(key);
    if (!pending) {
      const startedIn = generationOf(key);
      const startedAt = now();
      pending = load()
        .then((value) => {
          const took = now() - startedAt;
          // A value that took long to build is kept longer (4× its build time), so rebuilding
          // never takes more than a fifth of the time however large the data grows. `stretch: false`
          // for values whose age is a promise (who may do what).
          const freshMs = stretch ? Math.max(ttlMs, 4 * took) : ttlMs;
          if (startedIn === generationOf(key)) {
            entries.set(key, { at: now(), value, freshMs });
            buildMs.set(key, took);
          }
          if (entries.size > MAX_KEYS) {
            const oldest = entries.keys().next().value as string;
            entries.delete(oldest);
            buildMs.delete(oldest);
            generations.delete(oldest);
          }
          return value;
        })
        .finally(() => {
          // Only this load's own slot: a delete may have let a newer load take it meanwhile.
          if (loading.get(key) === pending) loading.delete(key);
        });
      loading.set(key, pending);
    }
    return pending;
  }

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
     * A change made here. A key whose last load was quick (under `quickMs`) is dropped, so the next
     * reader sees the change at once. Any other is left alone: a slow value ages out by itself (ttl,
     * or four times its build time), and a first load already running is kept when it ends. So a
     * stream of changes can never keep a large rebuild in every reader's path.
     */
    changed(key: string, quickMs: number) {
      const took = buildMs.get(key);
      if (took !== undefined && took < quickMs) forget(key);
    },
    delete(key: string) {
      forget(key);
    },
    clear() {
      epoch += 1;
      entries.clear();
      loading.clear();
      buildMs.clear();
      generations.clear();
    },
  };
}
