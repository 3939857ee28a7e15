import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AnyRoute } from '../http/route';
import type { PeriodicTask } from '../jobs/scheduler';
import type { Seeder } from '../seed';
import type { WechatClient } from './wechat/wechat.client';
import type { FileStorage } from './uploads/storage';

/**
 * What every feature gives the app: its routes, its timed work and its start-up data. A feature is
 * a folder under modules/ with one `create<Feature>Module(deps)` returning this, plus one line in
 * app.ts's module list. `service` is what other features (and tests) may call; no feature reads
 * another's models.
 */
export interface FeatureModule<S = unknown> {
  name: string;
  routes: AnyRoute[];
  tasks: PeriodicTask[];
  seeders: Seeder[];
  service: S;
}

/** What the app builds once and hands to every module. */
export interface PlatformDeps {
  config: Config;
  logger: Logger;
  wechat: WechatClient;
  clock: () => Date;
  storage: FileStorage;
}

/** A module with no tasks or seeders of its own. */
export function featureModule<S>(name: string, service: S, routes: AnyRoute[], extra: Partial<Pick<FeatureModule, 'tasks' | 'seeders'>> = {}): FeatureModule<S> {
  return { name, service, routes, tasks: extra.tasks ?? [], seeders: extra.seeders ?? [] };
}
