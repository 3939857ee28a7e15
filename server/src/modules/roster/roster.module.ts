import { featureModule, type PlatformDeps } from '../module';
import { createRosterPersonalData } from './roster.personal-data';
import { rosterRoutes } from './roster.routes';
import { createRosterService, type RosterVillages } from './roster.service';

/** 名册: each township's 法律明白人 by village, 普法员, 法律顾问; Excel in and out; residents see their village's 明白人. */
export function createRosterModule({ clock }: PlatformDeps, deps: { villages: RosterVillages }) {
  const service = createRosterService({ villages: deps.villages, clock });
  return featureModule('roster', service, rosterRoutes(service), { personalData: createRosterPersonalData() });
}
