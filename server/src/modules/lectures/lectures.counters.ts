import type { Types } from 'mongoose';
import { AttendanceModel, LectureModel, RegistrationModel, SeatModel } from './lectures.model';

/**
 * A lecture's display counters (seats left, sign-ups, waitlist, check-ins), recounted from the
 * documents that are the truth. `changed` runs whenever they may have moved (the cached lists).
 */
export function createLectureCounters({ changed }: { changed: () => void }) {
  /**
   * Recounts a lecture's display counters from the documents that are the truth (seats,
   * registrations, attendance) and stores them on the lecture for lists.
   */
  async function refreshCounters(lectureId: Types.ObjectId, changedMeanwhile: () => boolean = () => false) {
    const [lecture, seats, regs, checkIns] = await Promise.all([
      LectureModel.findById(lectureId, { capacity: 1 }).lean(),
      SeatModel.countDocuments({ lectureId }),
      RegistrationModel.countDocuments({ lectureId }),
      AttendanceModel.countDocuments({ lectureId }),
    ]);
    const capacity = lecture?.capacity ?? 0;
    const counters = { seatsLeft: Math.max(0, capacity - seats), registeredCount: seats, waitlistCount: Math.max(0, regs - seats), checkInCount: checkIns };
    // A change that began while we counted may be missing from these numbers: leave the flag up
    // (the loop in requestRecount counts again), so a crash before that recount cannot hide it.
    await LectureModel.updateOne({ _id: lectureId }, { $set: { ...counters, countersStale: changedMeanwhile() } });
    changed();
    return counters;
  }

  /**
   * Recounting after every sign-up of a burst would scan the collections hundreds of times: sign-ups
   * ask for a recount, and one runs at a time per lecture (a request arriving meanwhile asks for one
   * more). The counters are for display only; the detail view recounts on read.
   */
  const recounts = new Map<string, { again: boolean; done: Promise<void> }>();
  function requestRecount(lectureId: Types.ObjectId): Promise<void> {
    const key = lectureId.toString();
    changed();
    const running = recounts.get(key);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await refreshCounters(lectureId, () => state.again);
        } while (state.again);
      } catch {
        // Display counters only: the next change recounts.
      } finally {
        recounts.delete(key);
      }
    })();
    recounts.set(key, state);
    return state.done;
  }

  return {
    requestRecount,

    /**
     * Flags the counters stale before a change. While this process is recounting them, the flag is
     * already up and that recount is told to count again rather than clear it.
     */
    async markStale(lectureId: Types.ObjectId) {
      const running = recounts.get(lectureId.toString());
      if (running) {
        running.again = true;
        return;
      }
      await LectureModel.updateOne({ _id: lectureId }, { $set: { countersStale: true } });
    },

    /** Waits for this process's pending recount of a lecture, so a reader sees its own changes. */
    async countersSettled(lectureId: string) {
      await recounts.get(lectureId)?.done;
    },
  };
}

export type LectureCounters = ReturnType<typeof createLectureCounters>;
