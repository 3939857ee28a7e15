import { featureModule } from '../module';
import { civilCodeRoutes } from './civil-code.routes';
import { createCivilCodeService } from './civil-code.service';

export function createCivilCodeModule() {
  const service = createCivilCodeService();
  return featureModule('civil-code', service, civilCodeRoutes(service));
}
