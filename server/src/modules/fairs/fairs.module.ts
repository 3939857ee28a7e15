import { featureModule, type PlatformDeps } from '../module';
import { fairsRoutes } from './fairs.routes';
import { seedSampleMarkets } from './fairs.seed';
import { createFairsService } from './fairs.service';

export function createFairsModule({ clock }: PlatformDeps) {
  const service = createFairsService({ clock });
  return featureModule('fairs', service, fairsRoutes(service), {
    seeders: [{ name: 'fairs:samples', kind: 'sample', run: () => seedSampleMarkets() }],
  });
}
