import type { Logger } from './logger';

/**
 * Data the server puts in place at start. Reference data (the question bank) is always brought up
 * to date; sample data (lectures, sites, posts marked as samples for staff to replace) only when
 * SEED_SAMPLE_DATA is on. Every seeder is idempotent: it upserts by stable ids, so restarts and
 * several instances starting at once change nothing twice.
 */
export interface Seeder {
  name: string;
  kind: 'reference' | 'sample';
  run(now: Date): Promise<void>;
}

export async function runSeeders(seeders: readonly Seeder[], options: { sample: boolean; logger: Logger; now: Date }) {
  for (const seeder of seeders) {
    if (seeder.kind === 'sample' && !options.sample) continue;
    const started = Date.now();
    await seeder.run(options.now);
    options.logger.info({ seeder: seeder.name, ms: Date.now() - started }, 'seeded');
  }
}
