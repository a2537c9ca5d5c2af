import type { Role } from '../../models/accounts';
import { Forbidden, NotFound } from './errors';
import { regionContains } from './codes';

/** The acting user as the rules see it: a role and the scope that goes with it (rule 12). */
export type Actor = {
  id: string;
  role: Role;
  username: string;
  displayName: string;
  regionCode: string | null;
  collectiveId: string | null;
  householdId: string | null;
  memberId: string | null;
};

/** Where a record sits: enough to decide who may see it. */
export type Place = { collectiveId: string; regionCode: string; householdId?: string | null };

/** Rule 12: may this actor read a record at this place? */
export function canRead(actor: Actor, place: Place): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'bureau':
      return !!actor.regionCode && regionContains(actor.regionCode, place.regionCode);
    case 'officer':
      return actor.collectiveId === place.collectiveId;
    case 'farmer':
      return !!place.householdId && actor.householdId === place.householdId;
  }
}

/** Rule 12: registry changes are the collective's officer's alone. */
export function canWriteRegistry(actor: Actor, place: Pick<Place, 'collectiveId'>): boolean {
  return actor.role === 'officer' && actor.collectiveId === place.collectiveId;
}

/** Out-of-scope records answer 404, not 403, so that ids leak nothing. */
export function assertCanRead(actor: Actor, place: Place | null | undefined): asserts place is Place {
  if (!place || !canRead(actor, place)) throw new NotFound();
}

export function assertCanWriteRegistry(actor: Actor, place: Place | null | undefined): asserts place is Place {
  assertCanRead(actor, place);
  if (!canWriteRegistry(actor, place)) throw new Forbidden();
}

export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new Forbidden();
}
