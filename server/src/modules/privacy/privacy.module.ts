import { featureModule, type FeatureModule, type PlatformDeps } from '../module';
import type { UsersService } from '../users/users.service';
import { privacyRoutes } from './privacy.routes';
import { createPrivacyService } from './privacy.service';

/** 导出我的数据 and 注销, over every feature's `personalData` (given late: the module list is built after this). */
export function createPrivacyModule({ clock }: PlatformDeps, deps: { users: UsersService; modules: () => readonly FeatureModule[] }) {
  const service = createPrivacyService({ users: deps.users, clock, holders: () => deps.modules().flatMap((m) => (m.personalData ? [m.personalData] : [])) });
  return featureModule('privacy', service, privacyRoutes(service));
}
