import { describe, expect, it } from 'vitest';
import { createTtlCache } from '../../server/src/lib/ttl-cache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ttl cache', () => {
  it('shares one load between concurrent readers and keeps the value for ttl', async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<number>(1000, () => clock);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual([1, 1, 1]);
    clock = 999;
    expect(await cache.get('k', load)).toBe(1);
    clock = 1000;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('without serveStale an expired value makes the reader wait for the new one', async () => {
    let clock = 0;
    const cache = createTtlCache<string>(1000, () => clock);
    await cache.get('k', async () => 'old');
    clock = 5000;
    const next = deferred<string>();
    const read = cache.get('k', () => next.promise);
    next.resolve('new');
    expect(await read).toBe('new');
  });

  it('with serveStale readers get the old value at once while one load refreshes it', async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<string>(1000, () => clock, { serveStale: true });
    await cache.get('k', async () => 'old');
    clock = 5000;
    const next = deferred<string>();
    const load = () => {
      loads += 1;
      return next.promise;
    };
    expect(await cache.get('k', load)).toBe('old');
    expect(await cache.get('k', load)).toBe('old');
    expect(loads).toBe(1);
    next.resolve('new');
    await next.promise;
    await Promise.resolve();
    expect(await cache.get('k', load)).toBe('new');
    expect(loads).toBe(1);
  });

  it('after delete (a change made here) even serveStale readers wait for fresh data', async () => {
    const cache = createTtlCache<string>(1000, () => 0, { serveStale: true });
    await cache.get('k', async () => 'old');
    cache.delete('k');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('a failed refresh keeps serving the stale value and tries again on the next read', async () => {
    let clock = 0;
    const cache = createTtlCache<string>(1000, () => clock, { serveStale: true });
    await cache.get('k', async () => 'old');
    clock = 5000;
    expect(await cache.get('k', async () => Promise.reject(new Error('database down')))).toBe('old');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('k', async () => 'recovered')).toBe('old');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('k', async () => 'unused')).toBe('recovered');
  });
});

describe('ttl cache: slow loads', () => {
  it('keeps a value that took long to build for four times its build time', async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<number>(1000, () => clock);
    const slowLoad = async () => {
      clock += 3000; // the build took 3 s
      return ++loads;
    };
    expect(await cache.get('k', slowLoad)).toBe(1);
    clock += 11_999;
    expect(await cache.get('k', slowLoad)).toBe(1);
    clock += 1;
    expect(await cache.get('k', slowLoad)).toBe(2);
  });

  it('with stretch: false keeps a slow value no longer than ttl (who may do what must not go stale for longer)', async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<number>(1000, () => clock, { stretch: false });
    const slowLoad = async () => {
      clock += 3000;
      return ++loads;
    };
    expect(await cache.get('k', slowLoad)).toBe(1);
    clock += 999;
    expect(await cache.get('k', slowLoad)).toBe(1);
    clock += 1;
    expect(await cache.get('k', slowLoad)).toBe(2);
  });

  it('changed(): drops a value that was quick to build, and leaves a slow one to age out', async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<number>(1000, () => clock, { serveStale: true });
    const load = (ms: number) => async () => {
      clock += ms;
      return ++loads;
    };
    expect(await cache.get('quick', load(10))).toBe(1);
    cache.changed('quick', 250);
    expect(await cache.get('quick', load(10))).toBe(2);

    expect(await cache.get('slow', load(2000))).toBe(3);
    cache.changed('slow', 250);
    expect(await cache.get('slow', load(2000))).toBe(3);
    clock += 8000; // four times its build time
    expect(await cache.get('slow', load(2000))).toBe(3); // served stale while the refresh runs
    expect(await cache.get('slow', load(2000))).toBe(4);
  });

  it('changed() while a first load runs keeps that load: a stream of changes cannot restart it forever', async () => {
    let loads = 0;
    const gate = deferred<number>();
    const cache = createTtlCache<number>(1000, () => 0, { serveStale: true });
    const first = cache.get('board', () => {
      loads += 1;
      return gate.promise;
    });
    cache.changed('board', 250);
    cache.changed('board', 250);
    gate.resolve(7);
    expect(await first).toBe(7);
    expect(await cache.get('board', async () => ++loads)).toBe(7);
    expect(loads).toBe(1);
  });

  it('delete() of one key does not throw away another key’s load in flight', async () => {
    const gate = deferred<string>();
    let loads = 0;
    const cache = createTtlCache<string>(1000, () => 0);
    const pending = cache.get('a', () => {
      loads += 1;
      return gate.promise;
    });
    cache.delete('b');
    gate.resolve('A');
    expect(await pending).toBe('A');
    expect(await cache.get('a', async () => `again ${++loads}`)).toBe('A');
  });
});
