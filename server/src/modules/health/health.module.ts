import { featureModule } from '../module';
import { healthRoutes } from './health.routes';

export function createHealthModule(pingDatabase: () => Promise<boolean>) {
  return featureModule('health', { pingDatabase }, healthRoutes(pingDatabase));
}
