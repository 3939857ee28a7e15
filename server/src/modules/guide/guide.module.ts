import { featureModule, type PlatformDeps } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import { guideRoutes } from './guide.routes';
import { seedSampleGuide } from './guide.seed';
import { createGuideService } from './guide.service';
import { createGuidePersonalData } from './guide.personal-data';

export function createGuideModule({ clock }: PlatformDeps, deps: { uploads: UploadsService }) {
  const service = createGuideService({ uploads: deps.uploads, clock });
  return featureModule('guide', service, guideRoutes(service), {
    seeders: [{ name: 'guide:samples', kind: 'sample', run: async () => void (await seedSampleGuide()) }],
    personalData: createGuidePersonalData(),
  });
}
