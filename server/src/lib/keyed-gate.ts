/**
 * Lets at most `limit` tasks per key run at once in this process; the rest wait their turn in
 * arrival order. Used for throughput, never for correctness (several instances each have their own
 * gate; the unique indexes keep the invariants): FerretDB's SQLite backend serialises writes, and
 * hundreds of concurrent writers to one lecture make it thrash on its write lock.
 */
export function createKeyedGate(limit: number) {
  const gates = new Map<string, { running: number; queue: (() => void)[] }>();
  return async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let gate = gates.get(key);
    if (!gate) {
      gate = { running: 0, queue: [] };
      gates.set(key, gate);
    }
    if (gate.running >= limit) await new Promise<void>((resolve) => gate!.queue.push(resolve));
    gate.running++;
    try {
      return await task();
    } finally {
      gate.running--;
      const next = gate.queue.shift();
      if (next) next();
      else if (gate.running === 0) gates.delete(key);
    }
  };
}
