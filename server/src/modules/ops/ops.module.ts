import { featureModule, type PlatformDeps } from '../module';
import { dailyBackupTask } from './daily-backup';
import { createMetrics, type Metrics } from './metrics';

/**
 * Operations: the daily backup (when BACKUP_AT is set) and the metrics that app.ts mounts at
 * `/metrics` (outside /api/v1: Prometheus scrapes it, people do not). Backup, restore and migrate
 * themselves are commands (server/src/ops/cli.ts).
 */
export function createOpsModule(platform: PlatformDeps, deps: { metrics?: Metrics } = {}) {
  const { config, logger } = platform;
  const metrics = deps.metrics ?? createMetrics({ token: config.metricsToken, backupDir: config.backup.dir });
  const tasks =
    config.backup.at === undefined
      ? []
      : [dailyBackupTask({ at: config.backup.at, keepDays: config.backup.keepDays, backupDir: config.backup.dir, dataDir: config.dataDir, logger })];
  return featureModule('ops', { metrics }, [], { tasks });
}
