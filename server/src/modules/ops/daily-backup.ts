import { hostname } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from '../../logger';
import type { PeriodicTask } from '../../jobs/scheduler';
import { pruneBackups, takeBackup } from '../../ops/backup';
import { BackupClaimModel } from './ops.model';
import { isDuplicateKey } from '../../db/unique';

/** The county's date and hour (Asia/Shanghai has no daylight saving: UTC+8 all year). */
function countyClock(now: Date) {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return { date: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/**
 * Once a day, from the hour BACKUP_AT on, one instance takes a backup into BACKUP_DIR and deletes
 * archives older than BACKUP_KEEP days. It reads through the server's own connection, while the
 * server serves. A failed backup gives its claim back, so the next tick (here or on another
 * instance) tries again.
 */
export function dailyBackupTask(deps: { at: number; keepDays: number; backupDir: string; dataDir: string; logger: Logger }): PeriodicTask {
  return {
    name: 'ops.daily-backup',
    everyMs: 5 * 60_000,
    async run(now) {
      const { date, hour } = countyClock(now);
      if (hour < deps.at) return;
      const claimId = `backup:${date}`;
      try {
        await BackupClaimModel.create({ _id: claimId, at: now, host: hostname() });
      } catch (err) {
        if (isDuplicateKey(err)) return; // taken today, here or elsewhere
        throw err;
      }
      try {
        const client = mongoose.connection.getClient();
        const db = mongoose.connection.db;
        if (!db) throw new Error('database not connected');
        const result = await takeBackup({ client, db, uploadsDir: join(deps.dataDir, 'uploads'), backupDir: deps.backupDir, clock: () => now });
        const removed = pruneBackups(deps.backupDir, deps.keepDays, now);
        deps.logger.info({ file: result.file, bytes: result.bytes, ms: result.ms, removed: removed.length }, 'daily backup taken');
      } catch (err) {
        await BackupClaimModel.deleteOne({ _id: claimId });
        throw err;
      }
    },
  };
}
