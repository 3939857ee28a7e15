import { featureModule, type PlatformDeps } from '../module';
import { uploadsRoutes } from './uploads.routes';
import { createUploadsService } from './uploads.service';

export function createUploadsModule({ storage, clock }: PlatformDeps) {
  const service = createUploadsService({ storage, clock });
  return featureModule('uploads', service, uploadsRoutes(service));
}
