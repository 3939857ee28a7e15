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
  /** What this feature keeps about a person, for 导出我的数据 and 注销 (the privacy module asks each). */
  personalData?: PersonalData;
}

/**
 * A feature's part in a person's rights over his data (个人信息保护法: 查阅复制, 删除). `exportFor`
 * returns his records in plain words for the export file; `forget` removes or anonymises his name,
 * phone, openid, free text and files, and keeps what other people's figures rest on (a lecture's
 * attendance count, a leaderboard's row, a township's monthly counts) under no name.
 */
export interface PersonalData {
  /** The heading of this feature's part of the export file, in Chinese. */
  label: string;
  exportFor(userId: string): Promise<unknown>;
  /** `name`: the name he went by, so free text he wrote can be masked of it (and of phones, ids, addresses). */
  forget(person: { id: string; name: string }): Promise<void>;
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
export function featureModule<S>(name: string, service: S, routes: AnyRoute[], extra: Partial<Pick<FeatureModule, 'tasks' | 'seeders' | 'personalData'>> = {}): FeatureModule<S> {
  return { name, service, routes, tasks: extra.tasks ?? [], seeders: extra.seeders ?? [], ...(extra.personalData ? { personalData: extra.personalData } : {}) };
}
