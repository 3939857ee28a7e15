import { featureModule } from '../module';
import { townshipsRoutes } from './townships.routes';

export function createTownshipsModule() {
  return featureModule('townships', {}, townshipsRoutes());
}
