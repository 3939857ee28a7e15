import type { TokenService } from '../../http/auth';
import { featureModule, type PlatformDeps } from '../module';
import type { UsersService } from '../users/users.service';
import { authRoutes } from './auth.routes';
import { createAuthService } from './auth.service';

export function createAuthModule({ config, wechat }: PlatformDeps, deps: { users: UsersService; tokens: TokenService }) {
  const service = createAuthService({ users: deps.users, tokens: deps.tokens, wechat, bootstrapAdminOpenids: config.bootstrapAdminOpenids });
  return featureModule('auth', service, authRoutes(service, { devLogin: config.devLogin && !config.isProduction }));
}
