import { featureModule, type PlatformDeps } from '../module';
import type { UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import { createLedgerRecords } from './ledger.records';
import { ledgerRoutes } from './ledger.routes';
import { createLedgerRules } from './ledger.rules';
import { createLedgerPersonalData } from './ledger.personal-data';
import { createLedgerSummary, type LedgerActivity } from './ledger.summary';

/** Each 法律明白人's ledger (一人一档): 记一笔, the office's review, points by the county's rule, exports. */
export function createLedgerModule({ clock }: PlatformDeps, deps: { uploads: UploadsService; users: UsersService; activity: LedgerActivity }) {
  const records = createLedgerRecords({ uploads: deps.uploads, clock });
  const rules = createLedgerRules({ clock });
  const summary = createLedgerSummary({ records, rules, users: deps.users, activity: deps.activity, clock });
  return featureModule('ledger', { records, rules, summary }, ledgerRoutes({ records, rules, summary }), { personalData: createLedgerPersonalData() });
}
