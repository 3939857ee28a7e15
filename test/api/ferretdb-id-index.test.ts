import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Every hot path reads and writes by `_id` (see README, "The database"). Upstream FerretDB 1.24's
 * SQLite backend looked `_id` up with an expression its `_id` index does not match, so each such
 * read, update and delete scanned the whole table; scripts/install-ferretdb.mjs patches that. This
 * asks the database for its query plan, so a build without the fix fails here.
 */
describe('look-ups by _id use the _id index', () => {
  let client: mongoose.mongo.MongoClient;
  const dbName = `idindex_${Date.now().toString(36)}`;

  beforeAll(async () => {
    client = await mongoose.mongo.MongoClient.connect(inject('mongoUri'));
    await client.db(dbName).collection('things').insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `thing:${i}` as never, n: i })));
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('a find by string _id is an index search, not a scan', async () => {
    const things = client.db(dbName).collection('things');
    const plan = (await things.find({ _id: 'thing:7' as never }).limit(1).explain()) as Record<string, unknown>;
    expect(await things.findOne({ _id: 'thing:7' as never })).toMatchObject({ n: 7 });
    if (plan.ferretdbVersion) {
      // FerretDB on SQLite reports SQLite's own EXPLAIN QUERY PLAN lines.
      const lines = (plan.queryPlanner as { Plan: string[] }).Plan.join('\n');
      expect(lines).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
      expect(lines).not.toMatch(/\bSCAN\b/);
    } else {
      expect(JSON.stringify(plan)).not.toContain('COLLSCAN');
    }
  });
});
