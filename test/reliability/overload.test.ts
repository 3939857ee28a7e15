import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

/** Keeps this process's event loop busy turn after turn for `totalMs`, in slices of `sliceMs`, as a flood of work would. */
function saturateEventLoop(totalMs: number, sliceMs: number): Promise<void> {
  const end = Date.now() + totalMs;
  return new Promise((done) => {
    const slice = () => {
      const until = Math.min(end, Date.now() + sliceMs);
      while (Date.now() < until) {
        // busy on purpose
      }
      if (Date.now() < end) setImmediate(slice);
      else done();
    };
    setImmediate(slice);
  });
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
    // The server runs in this process: while the loop is saturated, every turn of it is late.
    const saturating = saturateEventLoop(1800, 150);
    await new Promise((r) => setTimeout(r, 800)); // a whole measuring window has been saturated
    const shed = await api.request('GET', '/api/v1/me', { token });
    await saturating;
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('2');
    expect(shed.body.error.code).toBe('unavailable');
    expect((await api.request('GET', '/api/v1/health')).status).toBe(200);
  });

  it('recovers by itself once the lag has passed', async () => {
    let status = 0;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && status !== 200) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await api.request('GET', '/api/v1/townships')).status;
    }
    expect(status).toBe(200);
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
