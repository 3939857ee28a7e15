import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { LectureModel } from '../../server/src/modules/lectures/lectures.model';
import { insertSampleLectures } from '../support/lecture-fixtures';

/**
 * A listing the database cannot finish in LIST_QUERY_MAX_MS is stopped by the database itself
 * (maxTimeMS) and answered with 503 in the one envelope, instead of running on after the server
 * has given up. 1 ms here, so 3,000 lectures are far too many to scan in time.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ LIST_QUERY_MAX_MS: '1' });
  const now = Date.now();
  await insertSampleLectures(3000, (n) => new Date(now + ((n % 300) + 1) * 24 * 3600_000));
}, 60_000);
afterAll(() => api.close());

describe('a listing past its time limit', () => {
  it('gets 503 with Retry-After and a plain message, and the lectures themselves are untouched', async () => {
    const res = await api.request<{ error: { code: string; message: string } }>('GET', '/api/v1/lectures?scope=upcoming');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    expect(res.body.error.message).toContain('请稍后再试');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await LectureModel.countDocuments()).toBe(3000);
    // A look-up by id is no listing: it answers as usual.
    const one = await LectureModel.findOne({}, { _id: 1 }).lean();
    expect((await api.request('GET', `/api/v1/lectures/${one!._id.toString()}`)).status).toBe(200);
  });
});
