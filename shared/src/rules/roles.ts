import type { Role } from '../schemas/users';
import { ROLES } from '../data/roles';

export interface Actor {
  roles: readonly Role[];
  staffTownshipCode: string | null;
  /** The townships a 法律顾问 (role `adviser`) serves; empty for everybody else. */
  adviserTownshipCodes?: readonly string[];
}

export const isCountyAdmin = (actor: Actor) => actor.roles.includes('county_admin');

/**
 * May this actor manage (plan, check in, export) the given township's work?
 * County admins may act anywhere; township staff only in the township they are assigned to.
 */
export function canManageTownship(actor: Actor, townshipCode: string): boolean {
  if (isCountyAdmin(actor)) return true;
  return actor.roles.includes('township_staff') && actor.staffTownshipCode === townshipCode;
}

/** Staff of any kind see the 工作台 tab. */
export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'township_staff' || r === 'propaganda' || r === 'county_admin');
}

/** Every user is at least a resident; roles are kept sorted and unique. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(['resident', ...roles]);
  // In the order of ROLES, so a role added there is kept without touching this rule.
  return ROLES.filter((r) => set.has(r));
}

/**
 * May this actor give or take the 法律顾问 role for the given township? County admins anywhere,
 * township staff for their own township (the county's advisers are placed by township).
 */
export function canAssignAdviser(actor: Actor, townshipCode: string): boolean {
  return canManageTownship(actor, townshipCode);
}
