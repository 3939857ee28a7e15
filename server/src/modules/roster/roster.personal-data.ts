import type { PersonalData } from '../module';

/**
 * The roster names people by name and phone as the 司法所 keeps them (many have no account): it is
 * the office's record, not an account's, so an account's export and 注销 do not reach it. The
 * office removes a person from the roster (删除) when he asks.
 */
export function createRosterPersonalData(): PersonalData {
  return {
    label: '普法名册',
    async exportFor() {
      return '名册由司法所保管，不与账号关联；如需查看或删除，请联系本乡镇司法所。';
    },
    async forget() {
      // Not linked to accounts: see above.
    },
  };
}
