import type { Role } from '../../models/accounts';
import { canWriteRegistry, type Actor } from '../kernel/actor';
import { ageOnDay } from '../kernel/personal-data';

// The accounts' rules, decided once: the use cases assert them and the page queries turn the same
// predicates into their `can` flags.

/** Rule 2 asks every adult member to consent in person, so only adults (18+) get an account. */
export const ADULT_AGE = 18;

/** Why this member may not get an account (null: may): a minor, or one who has one (one account per member). */
export function memberAccountRefusal(m: { birthDate: string }, hasAccount: boolean, at: Date): 'minor' | 'hasAccount' | null {
  if (ageOnDay(m.birthDate, at) < ADULT_AGE) return 'minor';
  return hasAccount ? 'hasAccount' : null;
}

type Account = { role: Role; active: boolean; householdId: string | null };

/** Not yet used by its farmer: no activation and no login. Only then may the officer change the phone. */
export const neverUsed = (u: { awaitingActivation: boolean; lastLoginAt: Date | null }) => u.awaitingActivation && !u.lastLoginAt;

/**
 * Why no sealed slip can be made for this account (null: it can): a slip is for an active farmer
 * account of a household, for a member without a mobile phone (rule 2).
 */
export function slipRefusal(u: Account): 'activation.farmersOnly' | 'activation.inactive' | null {
  if (u.role !== 'farmer' || !u.householdId) return 'activation.farmersOnly';
  return u.active ? null : 'activation.inactive';
}

/** The slip is made by an admin: another role than the collective's officer who opened the account. */
export function canMakeSlip(actor: Actor, u: Account): boolean {
  return actor.role === 'admin' && slipRefusal(u) === null;
}

/**
 * Who may lift an account's login delays: an admin any account's; an officer the farmer accounts
 * of their own collective's households (`household`: where the account's household is).
 */
export function mayUnlock(actor: Actor, u: Pick<Account, 'role'>, household: { collectiveId: string } | null): boolean {
  if (actor.role === 'admin') return true;
  return u.role === 'farmer' && !!household && canWriteRegistry(actor, household);
}

/** API tokens are for systems run by staff (imports, statistics); farmers use the web pages. */
export function mayHoldToken(u: { role: Role; active: boolean }): boolean {
  return u.active && u.role !== 'farmer';
}

export type TokenState = 'valid' | 'revoked' | 'expired' | 'inactiveUser';

/** A token works while it is neither revoked nor expired and its account is active. */
export function tokenState(t: { revokedAt: Date | null; expiresAt: Date | null; userActive: boolean }, at: Date): TokenState {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= at.getTime()) return 'expired';
  return t.userActive ? 'valid' : 'inactiveUser';
}

/** The development SMS sink: an officer reads the messages to their own collective's farmers; an admin all. */
export function maySeeMessage(actor: Actor, m: { collectiveId?: string | null }): boolean {
  return actor.role === 'admin' || (actor.role === 'officer' && !!m.collectiveId && m.collectiveId === actor.collectiveId);
}
