import { randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../server/src/db/connect';
import { createInsertBatcher } from '../../server/src/db/insert-batcher';

const Claim = mongoose.model(
  'BatcherTestClaim',
  new Schema(
    { _id: { type: String }, owner: { type: String, required: true }, tries: { type: Number, default: 1 }, at: { type: Date, required: true } },
    { versionKey: false, timestamps: true },
  ),
  'batcher_test_claims',
);

beforeAll(async () => {
  await connectDatabase(inject('mongoUri'), `t_${randomBytes(6).toString('hex')}`);
  await Claim.init();
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

describe('insert batcher (group commit)', () => {
  it('inserts concurrent documents in a few batches, and tells each caller whether its own _id was taken', async () => {
    const batcher = createInsertBatcher(Claim);
    await Claim.create({ _id: 'seat:0', owner: 'earlier', at: new Date() });
    // 300 callers at once: 200 distinct seats; seat:0 exists already; seats 1–99 are also claimed by a rival.
    const calls = [
      ...Array.from({ length: 200 }, (_, i) => ({ _id: `seat:${i}`, owner: `a${i}` })),
      ...Array.from({ length: 99 }, (_, i) => ({ _id: `seat:${i + 1}`, owner: `b${i + 1}` })),
      { _id: 'seat:7', owner: 'c7' },
    ];
    const outcomes = await Promise.all(calls.map((c) => batcher.insert({ ...c, at: new Date('2026-11-25T00:00:00Z') })));

    const stored = await Claim.find({}).lean();
    expect(stored).toHaveLength(200);
    const owner = new Map(stored.map((d) => [d._id, d.owner]));
    expect(owner.get('seat:0')).toBe('earlier');
    calls.forEach((c, i) => expect(outcomes[i], `${c.owner} → ${c._id}`).toBe(owner.get(c._id) === c.owner));
    expect(outcomes.filter(Boolean)).toHaveLength(199);
    // Defaults and timestamps come from the schema.
    expect(stored.find((d) => d._id === 'seat:5')).toMatchObject({ tries: 1, createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    const { documents, batches } = batcher.stats();
    expect(documents).toBe(300);
    expect(batches).toBeLessThan(10);
  });

  it('refuses a document that lacks a required field, alone, and stores nothing of it', async () => {
    const batcher = createInsertBatcher(Claim);
    const [bad, good] = await Promise.allSettled([batcher.insert({ _id: 'bad:1', at: new Date() }), batcher.insert({ _id: 'good:1', owner: 'x', at: new Date() })]);
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toContain('owner');
    expect(good).toEqual({ status: 'fulfilled', value: true });
    expect(await Claim.findById('bad:1').lean()).toBeNull();
  });

  it('a lone insert goes at once, in its own batch', async () => {
    const batcher = createInsertBatcher(Claim);
    expect(await batcher.insert({ _id: 'lone:1', owner: 'x', at: new Date() })).toBe(true);
    expect(batcher.stats()).toEqual({ documents: 1, batches: 1 });
  });
});
