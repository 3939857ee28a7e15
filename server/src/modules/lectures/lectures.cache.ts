import type { Lecture, LecturePage } from '@qf/shared';
import { createTtlCache } from '../../lib/ttl-cache';

/** What readers are served from memory: the public list and one lecture as anonymous readers see it. */
export function createLectureCaches(clock: () => Date, listCacheMs = 3000) {
  // One load per key however many readers miss at once: a burst on the public list costs one scan.
  const list = createTtlCache<LecturePage>(listCacheMs, () => clock().getTime());
  // What anonymous readers see of one lecture, for a moment: counters may lag by that long.
  const publicDetails = createTtlCache<Lecture>(Math.min(listCacheMs, 2000), () => clock().getTime());
  return {
    list,
    publicDetails,
    /** 0 turns both off. */
    enabled: listCacheMs > 0,
    /** Any change to a lecture: the next reader loads afresh. */
    forget() {
      list.clear();
      publicDetails.clear();
    },
  };
}

export type LectureCaches = ReturnType<typeof createLectureCaches>;
