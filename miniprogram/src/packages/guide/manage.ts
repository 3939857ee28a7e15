import { canManageTownship, isCountyAdmin, type Actor } from '@qf/shared';

/** Mirrors the server's rule: the county complex is the county admin's, a village site its township's. */
export function canManageSite(actor: Actor | null, site: { kind: string; townshipCode: string | null }): boolean {
  if (!actor) return false;
  if (site.kind === 'county' || !site.townshipCode) return isCountyAdmin(actor);
  return canManageTownship(actor, site.townshipCode);
}
