import { featureModule, type PlatformDeps } from '../module';
import { usersRoutes } from './users.routes';
import { createUsersService } from './users.service';

export function createUsersModule({ config }: Pick<PlatformDeps, 'config'>) {
  const service = createUsersService({ signedInCacheMs: config.session.userCacheMs });
  return featureModule('users', service, usersRoutes(service));
}
