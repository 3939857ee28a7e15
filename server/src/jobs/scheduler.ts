import type { Logger } from '../logger';

/**
 * Work that runs on a timer (lecture reminders, scheduled publishing). Every instance runs every
 * task: a task must claim each unit of work by inserting a claim document with a deterministic
 * _id (a guarded findOneAndUpdate is not atomic on FerretDB, see README), so that with several
 * server instances each reminder or publication still happens exactly once. Tests call
 * `run(now)` directly with the time they want.
 */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run(now: Date): Promise<void>;
}

/** Told of every run: the task, how long it took, whether it succeeded (metrics). */
export type TaskObserver = (task: string, seconds: number, ok: boolean) => void;

export function startScheduler(tasks: readonly PeriodicTask[], deps: { logger: Logger; clock: () => Date; observe?: TaskObserver }) {
  const timers = tasks.map((task) => {
    let running = false;
    const timer = setInterval(async () => {
      if (running) return; // a slow run is never overlapped by the next tick
      running = true;
      const started = performance.now();
      let ok = true;
      try {
        await task.run(deps.clock());
      } catch (err) {
        ok = false;
        deps.logger.error({ err, task: task.name }, 'periodic task failed');
      } finally {
        running = false;
        deps.observe?.(task.name, (performance.now() - started) / 1000, ok);
      }
    }, task.everyMs);
    timer.unref();
    return timer;
  });
  return {
    stop() {
      timers.forEach(clearInterval);
    },
  };
}
