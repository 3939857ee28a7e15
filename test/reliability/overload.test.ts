import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

/** Blocks this process's event loop for `ms`, as a CPU-bound burst would. */
function blockEventLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

describe('overload', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ LOAD_SHED_DELAY_MS: '100', RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => api.close());

  it('sheds load with 503 and Retry-After once the event loop lags, and lets health checks through', async () => {
    const { token } = await api.loginAs('overload-user');
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(200);
    // The server runs in this process: a 300 ms stall is a lag it measures on its next turn.
    await new Promise((r) => setImmediate(r));
    blockEventLoop(300);
    const shed = await api.request('GET', '/api/v1/me', { token });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('2');
    expect(shed.body.error.code).toBe('unavailable');
    expect((await api.request('GET', '/api/v1/health')).status).toBe(200);
  });

  it('recovers by itself once the lag has passed', async () => {
    await new Promise((r) => setTimeout(r, 1200));
    const { token } = await api.loginAs('overload-user-2');
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(200);
  });
});

describe('per-user rate limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After past the limit, counting each user apart even from one address', async () => {
    const alice = await api.loginAs('rate-alice');
    const bob = await api.loginAs('rate-bob');
    // The logins above came from this address, anonymously; the limit per user starts now.
    const aliceAnswers = [];
    for (let i = 0; i < 6; i++) aliceAnswers.push((await api.request('GET', '/api/v1/me', { token: alice.token })).status);
    expect(aliceAnswers.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await api.request('GET', '/api/v1/me', { token: alice.token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
    // Bob shares the address but not the limit.
    expect((await api.request('GET', '/api/v1/me', { token: bob.token })).status).toBe(200);
  });
});
