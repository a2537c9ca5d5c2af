import { type Actor, canWriteRegistry } from '../kernel/actor';

// The registry's rules as predicates (docs/ARCHITECTURE.md): the use cases assert them and the
// page queries turn the same predicates into the `can` flags the views get, so a page offers a
// step exactly when its use case would allow it. Views never see a role.

/** Rule 12: a household's record (members, rights, certificates, accounts) is changed by its collective's officer alone. */
export function mayChangeHousehold(actor: Actor, household: { collectiveId: string }): boolean {
  return canWriteRegistry(actor, household);
}

/** Rule 12: a new household is registered by an officer (in the officer's own collective). */
export function mayRegisterHousehold(actor: Actor): boolean {
  return actor.role === 'officer';
}

/** A farmer reads their own household at /my; staff who may read it open the household's page. */
export function mayOpenHouseholdPage(actor: Actor): boolean {
  return actor.role !== 'farmer';
}
